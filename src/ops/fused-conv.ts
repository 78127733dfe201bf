// Fused convolution op (TF.js `FusedConv2D`): activation(conv2d(x, filter) + bias) in one kernel, so a Conv2D layer
// writes its (large) output once instead of three times: no separate bias-add and activation outputs, and the
// backward pass starts from the activation gradient of that one output.
import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { defineOp, run1 } from '../tensor/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import { Conv2DBackpropFilterOp, Conv2DBackpropInputOp, runConv2d } from './conv.js';
import type { ConvAttrs, Pair, PadType, RoundingMode } from './conv-util.js';
import { cast } from './cast.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { zeros } from './creation.js';
import { FUSED_ACTIVATIONS, type FusedActivation, preActivationGrad } from './fused.js';
import { sum } from './reduction.js';

/** Attrs of _FusedConv2D: the convolution geometry and the activation applied last. */
export type FusedConv2DAttrs = ConvAttrs & { activation: FusedActivation };

/** The geometry alone, for the plain convolution ops of the gradient. */
function geometry({ strides, dilations, pads, outHeight, outWidth }: FusedConv2DAttrs): ConvAttrs {
  return { strides, dilations, pads, outHeight, outWidth };
}

/** _FusedConv2D op declaration: activation(conv2d(x [N,H,W,C], filter [fh,fw,C,oc]) + bias [oc]). */
export const FusedConv2DOp = defineOp<'x' | 'filter' | 'bias', FusedConv2DAttrs>({
  name: '_FusedConv2D',
  inputs: ['x', 'filter', 'bias'],
  infer: ({ x, filter, bias }, a) => {
    const oc = filter.shape[3] ?? 0;
    if (bias.rank !== 1 || bias.shape[0] !== oc) {
      throw new ShapeError(`fusedConv2d: bias must be [${oc}] (the filter's output channels), received ${fmtShape(bias.shape)}.`);
    }
    if (x.dtype !== filter.dtype || x.dtype !== bias.dtype) {
      throw new ValueError(`fusedConv2d: x, filter and bias must share a dtype, received ${x.dtype}, ${filter.dtype} and ${bias.dtype}. Cast them first.`);
    }
    return { shape: [x.shape[0] ?? 0, a.outHeight, a.outWidth, oc], dtype: x.dtype };
  },
  grad: (dy, { x, filter }, a, { output: y }) => {
    let dz: Tensor | null = null;
    const pre = (): Tensor => (dz ??= preActivationGrad(dy, y, a.activation));
    // Getters: backprop reads only the gradients it needs (a first layer never computes the gradient of its input).
    return {
      get x() { return run1(Conv2DBackpropInputOp, { dy: pre(), filter }, { ...geometry(a), inputShape: [...x.shape] }); },
      get filter() { return run1(Conv2DBackpropFilterOp, { x, dy: pre() }, { ...geometry(a), filterShape: [...filter.shape] }); },
      get bias() { return sum(pre(), [0, 1, 2]); },
    };
  },
  fullyWrites: true,
});

/** Arguments of `fusedConv2d` (TF.js `tf.fused.conv2d`). */
export interface FusedConv2DArgs {
  /** Input, [batch, height, width, channels] (or rank 3 for one image). */
  x: TensorLike;
  /** Filter, [filterHeight, filterWidth, inChannels, outChannels]. */
  filter: TensorLike;
  strides: Pair;
  /** 'same', 'valid', a number, or explicit [[0, 0], [top, bottom], [left, right], [0, 0]]. */
  pad: PadType;
  dataFormat?: 'NHWC' | 'NCHW';
  dilations?: Pair;
  dimRoundingMode?: RoundingMode;
  /** Added to every output pixel, [outChannels]; omitted means none. */
  bias?: TensorLike | null;
  /** Applied last; default 'linear'. */
  activation?: FusedActivation;
}

/**
 * activation(conv2d(x, filter) + bias) as one op (what a Conv2D layer computes).
 * @example fusedConv2d({ x: ones([1, 3, 3, 1]), filter: ones([2, 2, 1, 1]), strides: 1, pad: 'valid', bias: tensor([-5]), activation: 'relu' }); // all 0
 */
export function fusedConv2d(args: FusedConv2DArgs): Tensor {
  const { bias = null, activation = 'linear' } = args;
  if (!FUSED_ACTIVATIONS.includes(activation)) {
    throw new ValueError(`fusedConv2d: activation must be one of ${FUSED_ACTIVATIONS.join(', ')}, received '${String(activation)}'.`);
  }
  const conv = { ...args, dataFormat: args.dataFormat ?? 'NHWC', dilations: args.dilations ?? [1, 1], dimRoundingMode: args.dimRoundingMode };
  return runConv2d(
    (x, filter, attrs) => {
      const b = bias === null ? zeros([filter.shape[3] ?? 0], x.dtype) : convertToTensor(bias, 'bias', 'fusedConv2d');
      return run1(FusedConv2DOp, { x, filter, bias: b.dtype === x.dtype ? b : cast(b, x.dtype) }, { ...attrs, activation });
    },
    // Argument errors name conv2d, as TF.js's fused conv2d does.
    'conv2d',
    conv,
  );
}
