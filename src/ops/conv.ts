import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { type OpDef, defineOp, run1 } from '../tensor/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import { type ConvAttrs, type PadType, type Pair, type RoundingMode, checkDataFormat, checkNHWC, convGeometry, floatPair, pair } from './conv-util.js';
import { type TensorLike, convertToTensor, expectDType } from './convert.js';
import { reshape } from './reshape.js';
import { transpose } from './shape-ops.js';

/** Attrs of Conv2DBackpropInput: the geometry plus the shape of the input being differentiated. */
export type ConvBackpropInputAttrs = ConvAttrs & { inputShape: number[] };
/** Attrs of Conv2DBackpropFilter: the geometry plus the filter shape. */
export type ConvBackpropFilterAttrs = ConvAttrs & { filterShape: number[] };

/** The three op declarations of a convolution: the forward op and its gradients with respect to x and the filter. */
export interface ConvFamily {
  forward: OpDef<'x' | 'filter', ConvAttrs>;
  backpropInput: OpDef<'dy' | 'filter', ConvBackpropInputAttrs>;
  backpropFilter: OpDef<'x' | 'dy', ConvBackpropFilterAttrs>;
}

/**
 * Declares a convolution with its two backprop ops (TF.js kernel names). The backprop ops are linear in each input,
 * so every op's gradient is written with the other two, which also gives second-order gradients.
 */
export function defineConvFamily(
  names: { forward: string; backpropInput: string; backpropFilter: string },
  outChannels: (filterShape: readonly number[]) => number,
  /** Every kernel of the three ops writes all of its output (see OpDef.fullyWrites). */
  fullyWrites = false,
): ConvFamily {
  const family: Partial<ConvFamily> = {};
  const get = (): ConvFamily => family as ConvFamily;
  family.forward = defineOp<'x' | 'filter', ConvAttrs>({
    name: names.forward,
    inputs: ['x', 'filter'],
    fullyWrites,
    infer: ({ x, filter }, a) => ({ shape: [x.shape[0] ?? 0, a.outHeight, a.outWidth, outChannels(filter.shape)], dtype: x.dtype }),
    // Getters: backprop reads only the gradients it needs (a first layer never computes the gradient of its input).
    grad: (dy, { x, filter }, a) => ({
      get x() { return run1(get().backpropInput, { dy, filter }, { ...a, inputShape: [...x.shape] }); },
      get filter() { return run1(get().backpropFilter, { x, dy }, { ...a, filterShape: [...filter.shape] }); },
    }),
  });
  family.backpropInput = defineOp<'dy' | 'filter', ConvBackpropInputAttrs>({
    name: names.backpropInput,
    inputs: ['dy', 'filter'],
    fullyWrites,
    infer: ({ dy }, { inputShape }) => ({ shape: [...inputShape], dtype: dy.dtype }),
    grad: (ddx, { dy, filter }, a) => ({
      dy: run1(get().forward, { x: ddx, filter }, a),
      filter: run1(get().backpropFilter, { x: ddx, dy }, { ...a, filterShape: [...filter.shape] }),
    }),
  });
  family.backpropFilter = defineOp<'x' | 'dy', ConvBackpropFilterAttrs>({
    name: names.backpropFilter,
    inputs: ['x', 'dy'],
    fullyWrites,
    infer: ({ x }, { filterShape }) => ({ shape: [...filterShape], dtype: x.dtype }),
    grad: (ddw, { x, dy }, a) => ({
      x: run1(get().backpropInput, { dy, filter: ddw }, { ...a, inputShape: [...x.shape] }),
      dy: run1(get().forward, { x, filter: ddw }, a),
    }),
  });
  return get();
}

const conv2dOps = defineConvFamily(
  { forward: 'Conv2D', backpropInput: 'Conv2DBackpropInput', backpropFilter: 'Conv2DBackpropFilter' },
  (filterShape) => filterShape[3] ?? 0,
  true,
);
/** Conv2D op declaration: x [N, H, W, C], filter [fh, fw, C, outC] → [N, outH, outW, outC]. */
export const Conv2DOp = conv2dOps.forward;
/** Conv2DBackpropInput op declaration: the gradient of Conv2D with respect to x (also the transposed convolution). */
export const Conv2DBackpropInputOp = conv2dOps.backpropInput;
/** Conv2DBackpropFilter op declaration: the gradient of Conv2D with respect to the filter. */
export const Conv2DBackpropFilterOp = conv2dOps.backpropFilter;

/**
 * Shared body of conv2d and depthwiseConv2d: checks the data format, promotes to a float dtype, accepts rank-3
 * (unbatched) input, lets `checkFilter` validate the filter against the batched input, computes the geometry and
 * runs `forward`.
 */
export function runConv(
  forward: ConvFamily['forward'] | ((x: Tensor, filter: Tensor, attrs: ConvAttrs) => Tensor),
  op: string,
  args: { x: TensorLike; filter: TensorLike; strides: Pair; pad: PadType; dataFormat: 'NHWC' | 'NCHW'; dilations: Pair; dimRoundingMode: RoundingMode | undefined },
  checkFilter: (t: Tensor, f: Tensor) => void,
): Tensor {
  if (args.dataFormat === 'NCHW') return runChannelsFirst(forward, op, args, checkFilter);
  checkDataFormat(args.dataFormat, 'NHWC', op);
  // TF.js rejects int32 tensors here (arrays are parsed as float32); float64 is this library's extension.
  const xt = noInt(convertToTensor(args.x, 'x', op, 'float32'), 'x', op);
  const [t0, f] = floatPair(xt, noInt(convertToTensor(args.filter, 'filter', op, 'float32'), 'filter', op));
  const unbatched = checkNHWC(t0, op);
  const t = unbatched ? reshape(t0, [1, ...t0.shape]) : t0;
  checkFilter(t, f);
  const attrs = convGeometry(
    t.shape, [f.shape[0] ?? 0, f.shape[1] ?? 0], pair(args.strides, 'strides', op), pair(args.dilations, 'dilations', op),
    args.pad, op, args.dimRoundingMode,
  );
  const y = typeof forward === 'function' ? forward(t, f, attrs) : run1(forward, { x: t, filter: f }, attrs);
  return unbatched ? reshape(y, y.shape.slice(1)) : y;
}

function noInt(t: Tensor, arg: string, op: string): Tensor {
  return t.dtype === 'int32' ? expectDType(t, 'float32', arg, op) : t;
}

/**
 * NCHW (channels-first) input: the kernels are channels-last, so the input is transposed to NHWC and the result back
 * (explicit pads given in NCHW order are reordered the same way).
 */
function runChannelsFirst(...[forward, op, args, checkFilter]: Parameters<typeof runConv>): Tensor {
  const t = convertToTensor(args.x, 'x', op);
  if (t.rank !== 4 && t.rank !== 3) {
    throw new ShapeError(`${op}: x must be rank 4 [batch, channels, height, width] or rank 3 for dataFormat 'NCHW', received shape ${fmtShape(t.shape)}.`);
  }
  const [toLast, toFirst] = t.rank === 4 ? [[0, 2, 3, 1], [0, 3, 1, 2]] : [[1, 2, 0], [2, 0, 1]];
  const p = args.pad;
  const pad = Array.isArray(p) && p.length === 4 ? ([0, 2, 3, 1].map((i) => p[i]) as PadType) : p;
  const y = runConv(forward, op, { ...args, x: transpose(t, toLast), pad, dataFormat: 'NHWC' }, checkFilter);
  return transpose(y, toFirst);
}

/**
 * 2-D convolution over NHWC input (rank 3 input is treated as a batch of one).
 * `pad` is 'same', 'valid', a number, or explicit [[0, 0], [top, bottom], [left, right], [0, 0]].
 * @example conv2d(ones([1, 4, 4, 1]), ones([3, 3, 1, 2]), 1, 'same').shape; // [1, 4, 4, 2]
 */
export function conv2d(
  x: TensorLike,
  filter: TensorLike,
  strides: Pair,
  pad: PadType,
  dataFormat: 'NHWC' | 'NCHW' = 'NHWC',
  dilations: Pair = [1, 1],
  dimRoundingMode?: RoundingMode,
): Tensor {
  return runConv2d(Conv2DOp, 'conv2d', { x, filter, strides, pad, dataFormat, dilations, dimRoundingMode });
}

/** conv2d's argument checks around any forward computation (the plain op, or the fused conv + bias + activation). */
export function runConv2d(forward: Parameters<typeof runConv>[0], op: string, args: Parameters<typeof runConv>[2]): Tensor {
  return runConv(forward, op, args, (t, f) => {
    if (f.rank !== 4) throw new ShapeError(`${op}: filter must be rank 4 [filterHeight, filterWidth, inChannels, outChannels], received ${fmtShape(f.shape)}.`);
    if (t.shape[3] !== f.shape[2]) {
      throw new ShapeError(
        `${op}: input has ${t.shape[3]} channels (shape ${fmtShape(t.shape)}) but the filter expects ${f.shape[2]} (filter shape ${fmtShape(f.shape)}); the filter's third dimension must equal the input depth.`,
      );
    }
  });
}

/**
 * 1-D convolution over NWC input (rank 2 input is treated as a batch of one), computed as a conv2d of height 1.
 * @example conv1d(ones([1, 5, 1]), ones([3, 1, 1]), 1, 'valid').shape; // [1, 3, 1]
 */
export function conv1d(
  x: TensorLike,
  filter: TensorLike,
  stride: number,
  pad: 'same' | 'valid' | number,
  dataFormat: 'NWC' | 'NCW' = 'NWC',
  dilation = 1,
  dimRoundingMode?: RoundingMode,
): Tensor {
  const op = 'conv1d';
  checkDataFormat(dataFormat, 'NWC', op);
  const t = convertToTensor(x, 'x', op);
  const f = convertToTensor(filter, 'filter', op);
  if (t.rank !== 3 && t.rank !== 2) throw new ShapeError(`${op}: x must be rank 3 [batch, width, channels] or rank 2, received ${fmtShape(t.shape)}.`);
  if (f.rank !== 3) throw new ShapeError(`${op}: filter must be rank 3 [filterWidth, inChannels, outChannels], received ${fmtShape(f.shape)}.`);
  const x4 = t.rank === 2 ? reshape(t, [1, 1, ...t.shape]) : reshape(t, [t.shape[0] ?? 0, 1, t.shape[1] ?? 0, t.shape[2] ?? 0]);
  const f4 = reshape(f, [1, ...f.shape]);
  const y = conv2d(x4, f4, [1, stride], pad, 'NHWC', [1, dilation], dimRoundingMode);
  return t.rank === 2 ? reshape(y, y.shape.slice(2)) : reshape(y, [y.shape[0] ?? 0, y.shape[2] ?? 0, y.shape[3] ?? 0]);
}

/**
 * Transposed convolution (the gradient of conv2d with respect to its input). `filter` is
 * [filterHeight, filterWidth, outDepth, inDepth]; `outputShape` is the result's [batch?, height, width, outDepth].
 * @example conv2dTranspose(ones([1, 2, 2, 1]), ones([2, 2, 1, 1]), [1, 4, 4, 1], 2, 'valid').shape; // [1, 4, 4, 1]
 */
export function conv2dTranspose(
  x: TensorLike,
  filter: TensorLike,
  outputShape: number[],
  strides: Pair,
  pad: 'same' | 'valid' | number,
  dimRoundingMode?: RoundingMode,
): Tensor {
  const op = 'conv2dTranspose';
  const [t0, f] = floatPair(convertToTensor(x, 'x', op), convertToTensor(filter, 'filter', op));
  let t = t0;
  const unbatched = checkNHWC(t, op);
  if (unbatched) t = reshape(t, [1, ...t.shape]);
  const outShape = outputShape.length === 3 ? [t.shape[0] ?? 0, ...outputShape] : [...outputShape];
  if (outShape.length !== 4) throw new ValueError(`${op}: outputShape must have 3 or 4 entries, received [${outputShape.join(',')}].`);
  if (f.rank !== 4 || f.shape[2] !== outShape[3] || f.shape[3] !== t.shape[3]) {
    throw new ShapeError(
      `${op}: filter ${fmtShape(f.shape)} must be [fh, fw, outDepth=${outShape[3]}, inDepth=${t.shape[3]}] for x ${fmtShape(t.shape)} and outputShape [${outputShape.join(',')}].`,
    );
  }
  const attrs = convGeometry(outShape, [f.shape[0] ?? 0, f.shape[1] ?? 0], pair(strides, 'strides', op), [1, 1], pad, op, dimRoundingMode);
  if (attrs.outHeight !== t.shape[1] || attrs.outWidth !== t.shape[2] || outShape[0] !== t.shape[0]) {
    throw new ShapeError(
      `${op}: a conv2d of outputShape [${outShape.join(',')}] with these strides and padding gives [${outShape[0]},${attrs.outHeight},${attrs.outWidth},${t.shape[3]}], which does not match x ${fmtShape(t.shape)}; adjust outputShape.`,
    );
  }
  const y = run1(Conv2DBackpropInputOp, { dy: t, filter: f }, { ...attrs, inputShape: outShape });
  return unbatched ? reshape(y, y.shape.slice(1)) : y;
}
