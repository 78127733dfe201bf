import { floatType } from '../core/dtype.js';
import { defineOp, run1 } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';
import { div, mul } from './arithmetic.js';
import { cast } from './cast.js';
import { equal, where } from './compare.js';
import { type TensorLike, convertToTensor, expectDType } from './convert.js';
import { ones } from './creation.js';
import { type ReduceAttrs, keptShape, reduceAttrs, reduceInfer } from './reduce-base.js';
import { reshape } from './reshape.js';

/** Sum op declaration (bool sums as int32). */
export const SumOp = defineOp<'x', ReduceAttrs>({
  name: 'Sum',
  inputs: ['x'],
  infer: reduceInfer((x) => (x.dtype === 'bool' ? 'int32' : x.dtype)),
  grad: (dy, { x }, { axes }) => ({ x: mul(reshape(dy, keptShape(x.shape, axes)), ones(x.shape, dy.dtype)) }),
});

/** Gradient of max/min: dy goes to every position equal to the result (ties all receive it, as in TF.js). */
function extremumGrad(dy: Tensor, x: Tensor, axes: number[], y: Tensor): Tensor {
  const kept = keptShape(x.shape, axes);
  const hit = cast(equal(x, reshape(y, kept)), dy.dtype);
  return mul(reshape(dy, kept), hit);
}

/** Max op declaration (NaN propagates; the max of an empty set is -Infinity). */
export const MaxOp = defineOp<'x', ReduceAttrs>({
  name: 'Max',
  inputs: ['x'],
  infer: reduceInfer((x) => x.dtype),
  grad: (dy, { x }, { axes }, { output }) => ({ x: extremumGrad(dy, x, axes, output) }),
});
/** Min op declaration (NaN propagates; the min of an empty set is +Infinity). */
export const MinOp = defineOp<'x', ReduceAttrs>({
  name: 'Min',
  inputs: ['x'],
  infer: reduceInfer((x) => x.dtype),
  grad: (dy, { x }, { axes }, { output }) => ({ x: extremumGrad(dy, x, axes, output) }),
});

/** Prod op declaration (bool multiplies as int32). The gradient handles zeros without dividing by them. */
export const ProdOp = defineOp<'x', ReduceAttrs>({
  name: 'Prod',
  inputs: ['x'],
  infer: reduceInfer((x) => (x.dtype === 'bool' ? 'int32' : x.dtype)),
  grad: (dy, { x }, attrs, { output }) => {
    // d prod / d x_i = product of the other elements. Away from zeros that is prod / x_i; at a zero it is the
    // product of the non-zeros when that zero is the only one in its group, else 0.
    const kept = keptShape(x.shape, attrs.axes);
    const isZero = equal(x, 0);
    const safe = where(isZero, ones(x.shape, x.dtype), x);
    const nonZeroProd = reshape(run1(ProdOp, { x: safe }, attrs), kept);
    const zeroCount = reshape(sum(cast(isZero, 'int32'), attrs.axes, false), kept);
    const atZero = where(equal(zeroCount, 1), nonZeroProd, 0);
    const others = where(isZero, atZero, div(reshape(output, kept), safe));
    return { x: mul(reshape(dy, kept), others) };
  },
});

/** All op declaration (logical AND over axes; true for an empty set). */
export const AllOp = defineOp<'x', ReduceAttrs>({ name: 'All', inputs: ['x'], infer: reduceInfer(() => 'bool'), grad: null });
/** Any op declaration (logical OR over axes; false for an empty set). */
export const AnyOp = defineOp<'x', ReduceAttrs>({ name: 'Any', inputs: ['x'], infer: reduceInfer(() => 'bool'), grad: null });

/** An optional TF.js-style axis argument: one axis, several, or null/undefined for all. */
export type AxisArg = number | number[] | null;

/**
 * Sum over `axis` (all axes when omitted; negative axes count from the end).
 * @example sum(tensor([[1, 2], [3, 4]]), 1); // [3, 7]
 */
export function sum(x: TensorLike, axis?: number | number[] | null, keepDims = false): Tensor {
  let t = convertToTensor(x, 'x', 'sum');
  if (t.dtype === 'bool') t = cast(t, 'int32');
  return run1(SumOp, { x: t }, reduceAttrs(t, axis, keepDims, 'sum'));
}

/**
 * Mean over `axis` (int and bool give float32; the mean of an empty set is NaN).
 * @example mean(tensor([[1, 2], [3, 4]]), 0); // [2, 3]
 */
export function mean(x: TensorLike, axis?: AxisArg, keepDims = false): Tensor {
  const t = convertToTensor(x, 'x', 'mean');
  const attrs = reduceAttrs(t, axis, keepDims, 'mean');
  const count = attrs.axes.reduce((p, a) => p * (t.shape[a] ?? 1), 1);
  const total = run1(SumOp, { x: cast(t, floatType(t.dtype)) }, attrs);
  return div(total, count);
}

/**
 * Product over `axis`.
 * @example prod(tensor([[1, 2], [3, 4]]), 1); // [2, 12]
 */
export function prod(x: TensorLike, axis?: AxisArg, keepDims = false): Tensor {
  let t = convertToTensor(x, 'x', 'prod');
  if (t.dtype === 'bool') t = cast(t, 'int32');
  return run1(ProdOp, { x: t }, reduceAttrs(t, axis, keepDims, 'prod'));
}

/**
 * Maximum over `axis`.
 * @example max(tensor([[1, 5], [3, 4]]), 1); // [5, 4]
 */
export function max(x: TensorLike, axis?: AxisArg, keepDims = false): Tensor {
  const t = convertToTensor(x, 'x', 'max');
  return run1(MaxOp, { x: t }, reduceAttrs(t, axis, keepDims, 'max'));
}

/**
 * Minimum over `axis`.
 * @example min(tensor([[1, 5], [3, 4]]), 1); // [1, 3]
 */
export function min(x: TensorLike, axis?: AxisArg, keepDims = false): Tensor {
  const t = convertToTensor(x, 'x', 'min');
  return run1(MinOp, { x: t }, reduceAttrs(t, axis, keepDims, 'min'));
}

/**
 * True where every element along `axis` is true (bool input only, as in TF.js).
 * @example all(tensor([[true, false], [true, true]]), 1); // [false, true]
 */
export function all(x: TensorLike, axis?: AxisArg, keepDims = false): Tensor {
  // TF.js takes bool tensors only (arrays parse as bool).
  const t = expectDType(convertToTensor(x, 'x', 'all', 'bool'), 'bool', 'x', 'all');
  return run1(AllOp, { x: t }, reduceAttrs(t, axis, keepDims, 'all'));
}

/**
 * True where any element along `axis` is true (bool input only, as in TF.js).
 * @example any(tensor([[true, false], [false, false]]), 1); // [true, false]
 */
export function any(x: TensorLike, axis?: AxisArg, keepDims = false): Tensor {
  const t = expectDType(convertToTensor(x, 'x', 'any', 'bool'), 'bool', 'x', 'any');
  return run1(AnyOp, { x: t }, reduceAttrs(t, axis, keepDims, 'any'));
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    sum(axis?: number | number[] | null, keepDims?: boolean): Tensor;
    mean(axis?: AxisArg, keepDims?: boolean): Tensor;
    prod(axis?: AxisArg, keepDims?: boolean): Tensor;
    max(axis?: AxisArg, keepDims?: boolean): Tensor;
    min(axis?: AxisArg, keepDims?: boolean): Tensor;
    all(axis?: AxisArg, keepDims?: boolean): Tensor;
    any(axis?: AxisArg, keepDims?: boolean): Tensor;
  }
}
Tensor.prototype.sum = function (this: Tensor, axis?: number | number[] | null, keepDims?: boolean) {
  return sum(this, axis, keepDims);
};
type ReduceName = 'mean' | 'prod' | 'max' | 'min' | 'all' | 'any';
const reduceMethods: Record<ReduceName, (x: Tensor, axis?: AxisArg, keepDims?: boolean) => Tensor> = { mean, prod, max, min, all, any };
for (const [name, fn] of Object.entries(reduceMethods) as [ReduceName, typeof mean][]) {
  Tensor.prototype[name] = function (this: Tensor, axis?: AxisArg, keepDims?: boolean) {
    return fn(this, axis, keepDims);
  };
}
