import { ShapeError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { run1 } from '../tensor/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import { type PadType, type Pair, type RoundingMode, checkDataFormat, checkNHWC, convGeometry, floatPair, pair } from './conv-util.js';
import { conv2d, defineConvFamily } from './conv.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { reshape } from './reshape.js';

const depthwiseOps = defineConvFamily(
  { forward: 'DepthwiseConv2dNative', backpropInput: 'DepthwiseConv2dNativeBackpropInput', backpropFilter: 'DepthwiseConv2dNativeBackpropFilter' },
  (filterShape) => (filterShape[2] ?? 0) * (filterShape[3] ?? 0),
);
/** DepthwiseConv2dNative op declaration: x [N, H, W, C], filter [fh, fw, C, M] → [N, outH, outW, C·M]. */
export const DepthwiseConv2dOp = depthwiseOps.forward;
/** DepthwiseConv2dNativeBackpropInput op declaration: gradient of the depthwise conv with respect to x. */
export const DepthwiseBackpropInputOp = depthwiseOps.backpropInput;
/** DepthwiseConv2dNativeBackpropFilter op declaration: gradient of the depthwise conv with respect to the filter. */
export const DepthwiseBackpropFilterOp = depthwiseOps.backpropFilter;

/**
 * Depthwise 2-D convolution: each input channel c is convolved with its own filters filter[:, :, c, :], giving
 * C·channelMultiplier output channels (channel c·M + m).
 * @example depthwiseConv2d(ones([1, 3, 3, 2]), ones([2, 2, 2, 1]), 1, 'valid').shape; // [1, 2, 2, 2]
 */
export function depthwiseConv2d(
  x: TensorLike,
  filter: TensorLike,
  strides: Pair,
  pad: PadType,
  dataFormat: 'NHWC' | 'NCHW' = 'NHWC',
  dilations: Pair = [1, 1],
  dimRoundingMode?: RoundingMode,
): Tensor {
  const op = 'depthwiseConv2d';
  checkDataFormat(dataFormat, 'NHWC', op);
  const [t0, f] = floatPair(convertToTensor(x, 'x', op), convertToTensor(filter, 'filter', op));
  let t = t0;
  const unbatched = checkNHWC(t, op);
  if (unbatched) t = reshape(t, [1, ...t.shape]);
  if (f.rank !== 4 || f.shape[2] !== t.shape[3]) {
    throw new ShapeError(
      `${op}: filter must be [filterHeight, filterWidth, inChannels=${t.shape[3]}, channelMultiplier], received ${fmtShape(f.shape)} for x ${fmtShape(t.shape)}.`,
    );
  }
  const attrs = convGeometry(t.shape, [f.shape[0] ?? 0, f.shape[1] ?? 0], pair(strides, 'strides', op), pair(dilations, 'dilations', op), pad, op, dimRoundingMode);
  const y = run1(DepthwiseConv2dOp, { x: t, filter: f }, attrs);
  return unbatched ? reshape(y, y.shape.slice(1)) : y;
}

/**
 * Depthwise convolution followed by a 1×1 pointwise convolution (pointwiseFilter [1, 1, C·M, outC]).
 * @example separableConv2d(ones([1, 4, 4, 2]), ones([3, 3, 2, 1]), ones([1, 1, 2, 3]), 1, 'same').shape; // [1, 4, 4, 3]
 */
export function separableConv2d(
  x: TensorLike,
  depthwiseFilter: TensorLike,
  pointwiseFilter: TensorLike,
  strides: Pair,
  pad: 'same' | 'valid' | number,
  dilation: Pair = [1, 1],
  dataFormat: 'NHWC' | 'NCHW' = 'NHWC',
): Tensor {
  const op = 'separableConv2d';
  const pw = convertToTensor(pointwiseFilter, 'pointwiseFilter', op);
  if (pw.rank !== 4 || pw.shape[0] !== 1 || pw.shape[1] !== 1) {
    throw new ShapeError(`${op}: pointwiseFilter must be [1, 1, inChannels·channelMultiplier, outChannels], received ${fmtShape(pw.shape)}.`);
  }
  const depth = depthwiseConv2d(x, depthwiseFilter, strides, pad, dataFormat, dilation);
  return conv2d(depth, pw, 1, 'valid', dataFormat);
}
