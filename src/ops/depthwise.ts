import { ShapeError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { PadType, Pair, RoundingMode } from './conv-util.js';
import { conv2d, defineConvFamily, runConv } from './conv.js';
import { type TensorLike, convertToTensor } from './convert.js';

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
  return runConv(DepthwiseConv2dOp, op, { x, filter, strides, pad, dataFormat, dilations, dimRoundingMode }, (t, f) => {
    if (f.rank !== 4 || f.shape[2] !== t.shape[3]) {
      throw new ShapeError(
        `${op}: filter must be [filterHeight, filterWidth, inChannels=${t.shape[3]}, channelMultiplier], received ${fmtShape(f.shape)} for x ${fmtShape(t.shape)}.`,
      );
    }
  });
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
  // Converted and checked here so errors name separableConv2d's own arguments (TF.js's wording first).
  const xt = convertToTensor(x, 'x', op, 'float32');
  const dw = convertToTensor(depthwiseFilter, 'depthwiseFilter', op, 'float32');
  const pw = convertToTensor(pointwiseFilter, 'pointwiseFilter', op, 'float32');
  const want = '; it must be [1, 1, inChannels·channelMultiplier, outChannels]';
  if (dw.rank !== 4) throw new ShapeError(`Error in separableConv2d: depthwise filter must be rank 4, but got rank ${dw.rank} (shape ${fmtShape(dw.shape)}).`);
  if (pw.rank !== 4) throw new ShapeError(`Error in separableConv2d: pointwise filter must be rank 4, but got rank ${pw.rank} (shape ${fmtShape(pw.shape)})${want}.`);
  for (const axis of [0, 1]) {
    if (pw.shape[axis] !== 1) {
      throw new ShapeError(`Error in separableConv2d: the ${axis === 0 ? 'first' : 'second'} dimension of pointwise filter must be 1, but got ${pw.shape[axis]}${want}.`);
    }
  }
  const depth = depthwiseConv2d(xt, dw, strides, pad, dataFormat, dilation);
  const channels = depth.shape[dataFormat === 'NCHW' ? 1 : depth.rank - 1];
  if (pw.shape[2] !== channels) {
    throw new ShapeError(
      `Error in separableConv2d: the third dimension of pointwise filter must be ${channels}, but got ${pw.shape[2]} (inChannels·channelMultiplier of the depthwise filter ${fmtShape(dw.shape)}).`,
    );
  }
  return conv2d(depth, pw, 1, 'valid', dataFormat);
}
