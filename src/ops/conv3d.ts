import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { type OpDef, defineOp, run1 } from '../tensor/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import { floatPair } from './conv-util.js';
import { type Conv3DAttrs, type Triple, checkNDHWC, conv3dGeometry, triple } from './conv3d-util.js';
import { type TensorLike, convertToTensor, expectDType } from './convert.js';
import { reshape } from './reshape.js';
import { transpose } from './shape-ops.js';

/** Attrs of Conv3DBackpropInputV2: the geometry plus the shape of the input being differentiated. */
export type Conv3DBackpropInputAttrs = Conv3DAttrs & { inputShape: number[] };
/** Attrs of Conv3DBackpropFilterV2: the geometry plus the filter shape. */
export type Conv3DBackpropFilterAttrs = Conv3DAttrs & { filterShape: number[] };

/** Conv3D op declaration: x [N, D, H, W, C], filter [fd, fh, fw, C, outC] → [N, outD, outH, outW, outC]. */
export const Conv3DOp: OpDef<'x' | 'filter', Conv3DAttrs> = defineOp<'x' | 'filter', Conv3DAttrs>({
  name: 'Conv3D',
  inputs: ['x', 'filter'],
  infer: ({ x, filter }, a) => ({ shape: [x.shape[0] ?? 0, ...a.outSize, filter.shape[4] ?? 0], dtype: x.dtype }),
  // The three ops are linear in each input, so each gradient is written with the other two (second order works).
  grad: (dy, { x, filter }, a) => ({
    get x() { return run1(Conv3DBackpropInputOp, { dy, filter }, { ...a, inputShape: [...x.shape] }); },
    get filter() { return run1(Conv3DBackpropFilterOp, { x, dy }, { ...a, filterShape: [...filter.shape] }); },
  }),
});

/** Conv3DBackpropInputV2 op declaration: the gradient of Conv3D with respect to x (also the transposed convolution). */
export const Conv3DBackpropInputOp: OpDef<'dy' | 'filter', Conv3DBackpropInputAttrs> = defineOp<'dy' | 'filter', Conv3DBackpropInputAttrs>({
  name: 'Conv3DBackpropInputV2',
  inputs: ['dy', 'filter'],
  infer: ({ dy }, { inputShape }) => ({ shape: [...inputShape], dtype: dy.dtype }),
  grad: (ddx, { dy, filter }, a) => ({
    dy: run1(Conv3DOp, { x: ddx, filter }, a),
    filter: run1(Conv3DBackpropFilterOp, { x: ddx, dy }, { ...a, filterShape: [...filter.shape] }),
  }),
});

/** Conv3DBackpropFilterV2 op declaration: the gradient of Conv3D with respect to the filter. */
export const Conv3DBackpropFilterOp: OpDef<'x' | 'dy', Conv3DBackpropFilterAttrs> = defineOp<'x' | 'dy', Conv3DBackpropFilterAttrs>({
  name: 'Conv3DBackpropFilterV2',
  inputs: ['x', 'dy'],
  infer: ({ x }, { filterShape }) => ({ shape: [...filterShape], dtype: x.dtype }),
  grad: (ddw, { x, dy }, a) => ({
    x: run1(Conv3DBackpropInputOp, { dy, filter: ddw }, { ...a, inputShape: [...x.shape] }),
    dy: run1(Conv3DOp, { x, filter: ddw }, a),
  }),
});

function noInt(t: Tensor, arg: string, op: string): Tensor {
  return t.dtype === 'int32' ? expectDType(t, 'float32', arg, op) : t;
}

/**
 * 3-D convolution over NDHWC input (rank 4 input is one unbatched volume). `pad` is 'same', 'valid' or a number;
 * 'NCDHW' input runs through a transpose to channels-last and back.
 * @example conv3d(ones([1, 3, 3, 3, 1]), ones([2, 2, 2, 1, 4]), 1, 'valid').shape; // [1, 2, 2, 2, 4]
 */
export function conv3d(
  x: TensorLike,
  filter: TensorLike,
  strides: Triple,
  pad: 'same' | 'valid' | number,
  dataFormat: 'NDHWC' | 'NCDHW' = 'NDHWC',
  dilations: Triple = [1, 1, 1],
): Tensor {
  const op = 'conv3d';
  const xt = noInt(convertToTensor(x, 'x', op, 'float32'), 'x', op);
  const ft = noInt(convertToTensor(filter, 'filter', op, 'float32'), 'filter', op);
  if (dataFormat === 'NCDHW') {
    if (xt.rank !== 5) throw new ShapeError(`${op}: x must be rank 5 [batch, channels, depth, height, width] for dataFormat 'NCDHW', received shape ${fmtShape(xt.shape)}.`);
    return transpose(conv3d(transpose(xt, [0, 2, 3, 4, 1]), ft, strides, pad, 'NDHWC', dilations), [0, 4, 1, 2, 3]);
  }
  if (dataFormat !== 'NDHWC') throw new ValueError(`${op}: dataFormat must be 'NDHWC' or 'NCDHW', received '${String(dataFormat)}'.`);
  const [t0, f] = floatPair(xt, ft);
  const unbatched = checkNDHWC(t0, op);
  const t = unbatched ? reshape(t0, [1, ...t0.shape]) : t0;
  if (f.rank !== 5) throw new ShapeError(`${op}: filter must be rank 5 [filterDepth, filterHeight, filterWidth, inChannels, outChannels], received ${fmtShape(f.shape)}.`);
  if (t.shape[4] !== f.shape[3]) {
    throw new ShapeError(`${op}: input has ${t.shape[4]} channels (shape ${fmtShape(t.shape)}) but the filter expects ${f.shape[3]} (filter shape ${fmtShape(f.shape)}); the filter's fourth dimension must equal the input depth.`);
  }
  const s = triple(strides, 'strides', op);
  const d = triple(dilations, 'dilations', op);
  if (s.some((v) => v > 1) && d.some((v) => v > 1)) {
    throw new ValueError(`${op}: strides ${JSON.stringify(strides)} and dilations ${JSON.stringify(dilations)} are both above 1; TF.js requires one of them to be 1 in every axis. Set strides or dilations to 1.`);
  }
  const attrs = conv3dGeometry(t.shape, [f.shape[0] ?? 0, f.shape[1] ?? 0, f.shape[2] ?? 0], s, d, pad, op);
  const y = run1(Conv3DOp, { x: t, filter: f }, attrs);
  return unbatched ? reshape(y, y.shape.slice(1)) : y;
}

/**
 * Transposed 3-D convolution (the gradient of conv3d with respect to its input). `filter` is
 * [fd, fh, fw, outDepth, inDepth]; `outputShape` is the result's [batch?, depth, height, width, outDepth].
 * @example conv3dTranspose(ones([1, 1, 1, 1, 1]), ones([2, 2, 2, 1, 1]), [1, 2, 2, 2, 1], 1, 'valid').shape; // [1, 2, 2, 2, 1]
 */
export function conv3dTranspose(
  x: TensorLike,
  filter: TensorLike,
  outputShape: number[],
  strides: Triple,
  pad: 'same' | 'valid',
): Tensor {
  const op = 'conv3dTranspose';
  const [t0, f] = floatPair(convertToTensor(x, 'x', op, 'float32'), convertToTensor(filter, 'filter', op, 'float32'));
  const unbatched = checkNDHWC(t0, op);
  const t = unbatched ? reshape(t0, [1, ...t0.shape]) : t0;
  const outShape = outputShape.length === 4 ? [t.shape[0] ?? 0, ...outputShape] : [...outputShape];
  if (outShape.length !== 5) throw new ValueError(`${op}: outputShape must have 4 or 5 entries, received [${outputShape.join(',')}].`);
  if (f.rank !== 5 || f.shape[3] !== outShape[4] || f.shape[4] !== t.shape[4]) {
    throw new ShapeError(
      `${op}: filter ${fmtShape(f.shape)} must be [fd, fh, fw, outDepth=${outShape[4]}, inDepth=${t.shape[4]}] for x ${fmtShape(t.shape)} and outputShape [${outputShape.join(',')}].`,
    );
  }
  const attrs = conv3dGeometry(outShape, [f.shape[0] ?? 0, f.shape[1] ?? 0, f.shape[2] ?? 0], triple(strides, 'strides', op), [1, 1, 1], pad, op);
  const expected = [outShape[0] ?? 0, ...attrs.outSize, t.shape[4] ?? 0];
  if (expected.some((v, i) => v !== t.shape[i])) {
    throw new ShapeError(`${op}: a conv3d of outputShape [${outShape.join(',')}] with these strides and padding gives ${fmtShape(expected)}, which does not match x ${fmtShape(t.shape)}; adjust outputShape.`);
  }
  const y = run1(Conv3DBackpropInputOp, { dy: t, filter: f }, { ...attrs, inputShape: outShape });
  return unbatched ? reshape(y, y.shape.slice(1)) : y;
}
