import { fmtShape } from '../core/shape.js';
import { ShapeError } from '../core/errors.js';
import { type OpDef, defineOp, run1 } from '../tensor/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import type { RoundingMode } from './conv-util.js';
import { type Conv3DAttrs, type Triple, checkNDHWC, conv3dGeometry, triple } from './conv3d-util.js';
import { type TensorLike, convertToTensor, expectDType } from './convert.js';
import { reshape } from './reshape.js';
import { transpose } from './shape-ops.js';

/** Attrs of the 3-D pooling ops: the window geometry plus the window size. */
export type Pool3DAttrs = Conv3DAttrs & { filterSize: [number, number, number] };

function poolInfer({ x }: Readonly<Record<'x', Tensor>>, a: Pool3DAttrs) {
  return { shape: [x.shape[0] ?? 0, ...a.outSize, x.shape[4] ?? 0], dtype: x.dtype };
}

/** MaxPool3D op declaration (padding cells never win; NaN is skipped, as in TF.js). */
export const MaxPool3DOp: OpDef<'x', Pool3DAttrs> = defineOp<'x', Pool3DAttrs>({
  name: 'MaxPool3D',
  inputs: ['x'],
  infer: poolInfer,
  grad: (dy, { x }, a) => ({ x: run1(MaxPool3DGradOp, { dy, x }, a) }),
});

/**
 * MaxPool3DGrad op declaration: routes each dy to the first maximum of its window. Not differentiated further
 * (grad: null): second derivatives of max pooling are zero almost everywhere.
 */
export const MaxPool3DGradOp: OpDef<'dy' | 'x', Pool3DAttrs> = defineOp<'dy' | 'x', Pool3DAttrs>({
  name: 'MaxPool3DGrad',
  inputs: ['dy', 'x'],
  infer: ({ x }) => ({ shape: [...x.shape], dtype: x.dtype }),
  grad: null,
});

/** AvgPool3D op declaration: averages over the in-bounds cells of each window (padding is not counted). */
export const AvgPool3DOp: OpDef<'x', Pool3DAttrs> = defineOp<'x', Pool3DAttrs>({
  name: 'AvgPool3D',
  inputs: ['x'],
  infer: poolInfer,
  grad: (dy, { x }, a) => ({ x: run1(AvgPool3DGradOp, { dy }, { ...a, inputShape: [...x.shape] }) }),
});

/** AvgPool3DGrad op declaration: spreads each dy evenly over the in-bounds cells of its window (adjoint of AvgPool3D). */
export const AvgPool3DGradOp: OpDef<'dy', Pool3DAttrs & { inputShape: number[] }> = defineOp<'dy', Pool3DAttrs & { inputShape: number[] }>({
  name: 'AvgPool3DGrad',
  inputs: ['dy'],
  infer: ({ dy }, { inputShape }) => ({ shape: [...inputShape], dtype: dy.dtype }),
  grad: (ddx, _inputs, a) => ({ dy: run1(AvgPool3DOp, { x: ddx }, a) }),
});

function pool3d(
  op: OpDef<'x', Pool3DAttrs>, name: string, x: TensorLike, filterSize: Triple, strides: Triple,
  pad: 'same' | 'valid' | number, roundingMode: RoundingMode | undefined, dataFormat: 'NDHWC' | 'NCDHW',
): Tensor {
  let t = convertToTensor(x, 'x', name, 'float32');
  // TF.js pools only float32 volumes (float64 is this library's extension).
  if (t.dtype !== 'float64') t = expectDType(t, 'float32', 'x', name);
  if (dataFormat === 'NCDHW') {
    if (t.rank !== 5) throw new ShapeError(`${name}: x must be rank 5 [batch, channels, depth, height, width] for dataFormat 'NCDHW', received shape ${fmtShape(t.shape)}.`);
    const y = pool3d(op, name, transpose(t, [0, 2, 3, 4, 1]), filterSize, strides, pad, roundingMode, 'NDHWC');
    return transpose(y, [0, 4, 1, 2, 3]);
  }
  const unbatched = checkNDHWC(t, name);
  if (unbatched) t = reshape(t, [1, ...t.shape]);
  const fs = triple(filterSize, 'filterSize', name);
  const attrs = conv3dGeometry(t.shape, fs, triple(strides, 'strides', name), [1, 1, 1], pad, name, roundingMode);
  const y = run1(op, { x: t }, { ...attrs, filterSize: fs });
  return unbatched ? reshape(y, y.shape.slice(1)) : y;
}

/**
 * 3-D max pooling over NDHWC input (rank 4 input is one unbatched volume).
 * @example maxPool3d(tensor([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2, 1]), 2, 1, 'valid'); // [[[[[8]]]]]
 */
export function maxPool3d(
  x: TensorLike, filterSize: Triple, strides: Triple, pad: 'same' | 'valid' | number,
  dimRoundingMode?: RoundingMode, dataFormat: 'NDHWC' | 'NCDHW' = 'NDHWC',
): Tensor {
  return pool3d(MaxPool3DOp, 'maxPool3d', x, filterSize, strides, pad, dimRoundingMode, dataFormat);
}

/**
 * 3-D average pooling over NDHWC input; windows average only their in-bounds cells.
 * @example avgPool3d(tensor([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2, 1]), 2, 1, 'valid'); // [[[[[4.5]]]]]
 */
export function avgPool3d(
  x: TensorLike, filterSize: Triple, strides: Triple, pad: 'same' | 'valid' | number,
  dimRoundingMode?: RoundingMode, dataFormat: 'NDHWC' | 'NCDHW' = 'NDHWC',
): Tensor {
  return pool3d(AvgPool3DOp, 'avgPool3d', x, filterSize, strides, pad, dimRoundingMode, dataFormat);
}
