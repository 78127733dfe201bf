import { ShapeError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { type OpDef, defineOp, run1 } from '../tensor/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { type ConvAttrs, type Pair, type RoundingMode, checkNHWC, convGeometry, pair } from './conv-util.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { floatType } from '../core/dtype.js';
import { reshape } from './reshape.js';

/** Attrs of the 2-D pooling ops: the window geometry plus the window size. */
export type PoolAttrs = ConvAttrs & { filterSize: [number, number] };

function poolInfer({ x }: Readonly<Record<'x', Tensor>>, a: PoolAttrs) {
  return { shape: [x.shape[0] ?? 0, a.outHeight, a.outWidth, x.shape[3] ?? 0], dtype: x.dtype };
}

/** MaxPool op declaration (padding cells never win). */
export const MaxPoolOp: OpDef<'x', PoolAttrs> = defineOp<'x', PoolAttrs>({
  name: 'MaxPool',
  inputs: ['x'],
  fullyWrites: true,
  infer: poolInfer,
  grad: (dy, { x }, a) => ({ x: run1(MaxPoolGradOp, { dy, x }, a) }),
});

/**
 * MaxPoolGrad op declaration: routes each dy to the first maximum of its window. Not differentiated further
 * (grad: null): second derivatives of max pooling are zero almost everywhere and no caller needs them.
 */
export const MaxPoolGradOp: OpDef<'dy' | 'x', PoolAttrs> = defineOp<'dy' | 'x', PoolAttrs>({
  name: 'MaxPoolGrad',
  inputs: ['dy', 'x'],
  fullyWrites: true,
  infer: ({ x }) => ({ shape: [...x.shape], dtype: x.dtype }),
  grad: null,
});

/** AvgPool op declaration: averages over the in-bounds cells of each window (padding is not counted, as in TF). */
export const AvgPoolOp: OpDef<'x', PoolAttrs> = defineOp<'x', PoolAttrs>({
  name: 'AvgPool',
  inputs: ['x'],
  fullyWrites: true,
  infer: poolInfer,
  grad: (dy, { x }, a) => ({ x: run1(AvgPoolGradOp, { dy }, { ...a, inputShape: [...x.shape] }) }),
});

/** AvgPoolGrad op declaration: spreads each dy evenly over the in-bounds cells of its window (adjoint of AvgPool). */
export const AvgPoolGradOp: OpDef<'dy', PoolAttrs & { inputShape: number[] }> = defineOp<'dy', PoolAttrs & { inputShape: number[] }>({
  name: 'AvgPoolGrad',
  inputs: ['dy'],
  fullyWrites: true,
  infer: ({ dy }, { inputShape }) => ({ shape: [...inputShape], dtype: dy.dtype }),
  grad: (ddx, _inputs, a) => ({ dy: run1(AvgPoolOp, { x: ddx }, a) }),
});

function pool(
  op: OpDef<'x', PoolAttrs>, name: string, x: TensorLike, filterSize: Pair, strides: Pair, pad: 'same' | 'valid' | number, roundingMode?: RoundingMode,
): Tensor {
  let t = convertToTensor(x, 'x', name);
  if (name === 'avgPool') t = cast(t, floatType(t.dtype));
  const unbatched = checkNHWC(t, name);
  if (unbatched) t = reshape(t, [1, ...t.shape]);
  const fs = pair(filterSize, 'filterSize', name);
  const attrs = convGeometry(t.shape, fs, pair(strides, 'strides', name), [1, 1], pad, name, roundingMode);
  const y = run1(op, { x: t }, { ...attrs, filterSize: fs });
  return unbatched ? reshape(y, y.shape.slice(1)) : y;
}

/**
 * 2-D max pooling over NHWC input (rank 3 input is a batch of one).
 * @example maxPool(tensor([1, 2, 3, 4], [1, 2, 2, 1]), 2, 2, 'valid'); // [[[[4]]]]
 */
export function maxPool(x: TensorLike, filterSize: Pair, strides: Pair, pad: 'same' | 'valid' | number, dimRoundingMode?: RoundingMode): Tensor {
  return pool(MaxPoolOp, 'maxPool', x, filterSize, strides, pad, dimRoundingMode);
}

/**
 * 2-D average pooling over NHWC input; with 'same' padding each window averages only its in-bounds cells.
 * @example avgPool(tensor([1, 2, 3, 4], [1, 2, 2, 1]), 2, 2, 'valid'); // [[[[2.5]]]]
 */
export function avgPool(x: TensorLike, filterSize: Pair, strides: Pair, pad: 'same' | 'valid' | number, dimRoundingMode?: RoundingMode): Tensor {
  return pool(AvgPoolOp, 'avgPool', x, filterSize, strides, pad, dimRoundingMode);
}

function pool1d(
  f: typeof maxPool, name: string, x: TensorLike, poolSize: number, stride: number, pad: 'same' | 'valid' | number,
): Tensor {
  const t = convertToTensor(x, 'x', name);
  if (t.rank !== 3 && t.rank !== 2) throw new ShapeError(`${name}: x must be rank 3 [batch, width, channels] or rank 2, received ${fmtShape(t.shape)}.`);
  const x4 = t.rank === 2 ? reshape(t, [1, 1, ...t.shape]) : reshape(t, [t.shape[0] ?? 0, 1, t.shape[1] ?? 0, t.shape[2] ?? 0]);
  const y = f(x4, [1, poolSize], [1, stride], pad);
  return t.rank === 2 ? reshape(y, y.shape.slice(2)) : reshape(y, [y.shape[0] ?? 0, y.shape[2] ?? 0, y.shape[3] ?? 0]);
}

/**
 * 1-D max pooling over NWC input (an extension over TF.js, used by MaxPooling1D).
 * @example maxPool1d(tensor([1, 3, 2, 5], [1, 4, 1]), 2, 2, 'valid'); // [[[3], [5]]]
 */
export function maxPool1d(x: TensorLike, poolSize: number, stride: number, pad: 'same' | 'valid' | number): Tensor {
  return pool1d(maxPool, 'maxPool1d', x, poolSize, stride, pad);
}

/**
 * 1-D average pooling over NWC input (an extension over TF.js, used by AveragePooling1D).
 * @example avgPool1d(tensor([1, 3, 2, 5], [1, 4, 1]), 2, 2, 'valid'); // [[[2], [3.5]]]
 */
export function avgPool1d(x: TensorLike, poolSize: number, stride: number, pad: 'same' | 'valid' | number): Tensor {
  return pool1d(avgPool, 'avgPool1d', x, poolSize, stride, pad);
}
