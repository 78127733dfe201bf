// ONNX conversion of DepthwiseConv2D, SeparableConv2D, Conv2DTranspose and Cropping2D (all channelsLast).
import { ValueError } from '../../core/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { emitActivation } from './activations.js';
import { autoPad, channelsFirst, checkChannelsLast, nums, permuted } from './conv-util.js';
import type { LayerCall } from './layers.js';

function w(c: LayerCall, suffix: string): Tensor | null {
  return c.layer.weights.find((x) => x.name.endsWith(`/${suffix}`)) ?? null;
}

function needW(c: LayerCall, suffix: string): Tensor {
  const t = w(c, suffix);
  if (t === null) throw new ValueError(`exportOnnx: layer '${c.layer.name}' (${c.layer.getClassName()}) has no '${suffix}' weight.`);
  return t;
}

/** Depthwise kernel (kh, kw, in, mult) -> grouped Conv weight (in*mult, 1, kh, kw); Keras output channel = c*mult + m. */
function depthwise(c: LayerCall, x: string, withBias: boolean): string {
  const k = needW(c, 'depthwise_kernel');
  const [kh, kw, cin, mult] = k.shape as [number, number, number, number];
  const p = permuted(k, [2, 3, 0, 1]);
  const ins = [x, c.g.floats(`${c.layer.name}/depthwise`, p.values, [cin * mult, 1, kh, kw])];
  const bias = withBias ? w(c, 'bias') : null;
  if (bias !== null) ins.push(c.g.weight(`${c.layer.name}/bias`, bias));
  return c.g.op('Conv', ins, {
    group: { i: cin }, kernel_shape: { ints: [kh, kw] }, strides: { ints: nums(c.config.strides ?? 1, 2) },
    dilations: { ints: nums(c.config.dilationRate ?? 1, 2) }, auto_pad: { s: autoPad(c) },
  }, `${c.layer.name}/depthwise_conv`);
}

function activation(c: LayerCall, y: string): string {
  return emitActivation(c.g, String(c.config.activation ?? 'linear'), y, c.layer.name);
}

/** Converters keyed by class name, merged into the exporter's table. */
export const CONV_EXTRA_CONVERTERS: Record<string, (c: LayerCall) => string> = {
  DepthwiseConv2D: (c) => {
    checkChannelsLast(c);
    return activation(c, channelsFirst(c, 4, (x) => depthwise(c, x, true)));
  },
  SeparableConv2D: (c) => {
    checkChannelsLast(c);
    const pk = permuted(needW(c, 'pointwise_kernel'), [3, 2, 0, 1]);
    const ins = [c.g.floats(`${c.layer.name}/pointwise`, pk.values, pk.dims)];
    const bias = w(c, 'bias');
    if (bias !== null) ins.push(c.g.weight(`${c.layer.name}/bias`, bias));
    const y = channelsFirst(c, 4, (x) => c.g.op('Conv', [depthwise(c, x, false), ...ins], { kernel_shape: { ints: [1, 1] } }, `${c.layer.name}/pointwise_conv`));
    return activation(c, y);
  },
  Conv2DTranspose: (c) => {
    checkChannelsLast(c);
    const k = needW(c, 'kernel'); // (kh, kw, out, in) -> ConvTranspose (in, out, kh, kw)
    const p = permuted(k, [3, 2, 0, 1]);
    const [kh, kw] = k.shape as [number, number];
    const strides = nums(c.config.strides ?? 1, 2);
    const dil = nums(c.config.dilationRate ?? 1, 2);
    if (dil.some((d) => d !== 1)) throw new ValueError(`exportOnnx: Conv2DTranspose '${c.layer.name}' uses dilation; only dilation 1 can be exported.`);
    // Explicit pads (ONNX implementations disagree on SAME_UPPER for ConvTranspose): 'same' gives in*stride outputs,
    // with the smaller half of the padding at the start, like the conv whose gradient this is.
    const pads = [kh, kw].map((kk, i) => (c.config.padding === 'same' ? Math.max(kk - (strides[i] as number), 0) : 0));
    const head = pads.map((t) => Math.floor(t / 2));
    const tail = pads.map((t, i) => t - (head[i] as number));
    // Keras makes in*stride (+ max(k - stride, 0) for 'valid') outputs; when k < stride ONNX needs output_padding.
    const outPad = [kh, kw].map((kk, i) => Math.max((strides[i] as number) - kk, 0));
    const ins = [c.g.floats(`${c.layer.name}/kernel`, p.values, p.dims)];
    const bias = w(c, 'bias');
    if (bias !== null) ins.push(c.g.weight(`${c.layer.name}/bias`, bias));
    const y = channelsFirst(c, 4, (x) =>
      c.g.op('ConvTranspose', [x, ...ins], {
        kernel_shape: { ints: [kh, kw] }, strides: { ints: strides }, pads: { ints: [...head, ...tail] }, output_padding: { ints: outPad },
      }, `${c.layer.name}/conv_transpose`));
    return activation(c, y);
  },
  Cropping2D: (c) => {
    checkChannelsLast(c);
    const [[t, b], [l, r]] = c.config.cropping as [[number, number], [number, number]];
    const [, h, wd] = c.inShapes[0] as (number | null)[];
    if (typeof h !== 'number' || typeof wd !== 'number') throw new ValueError(`exportOnnx: Cropping2D '${c.layer.name}' needs a known input height and width.`);
    const g = c.g;
    return g.op('Slice', [c.inputs[0] as string, g.ints64(`${c.layer.name}/starts`, [t, l]), g.ints64(`${c.layer.name}/ends`, [h - b, wd - r]), g.ints64(`${c.layer.name}/axes`, [1, 2])], {}, `${c.layer.name}/crop`);
  },
};
