import { ConfigError, ValueError } from '../core/errors.js';
import { floatType } from '../core/dtype.js';
import { fmtShape, normalizeAxis } from '../core/shape.js';
import { type OpDef, defineOp, run1 } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';
import { add, sub } from './arithmetic.js';
import { cast } from './cast.js';
import { isFinite, where } from './compare.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { abs, exp, log, sqrt, square } from './elementwise-math.js';
import { normalizeAxes } from '../core/shape.js';
import { type AxisArg, max, mean, min, sum } from './reduction.js';
import { reshape } from './reshape.js';
import { keptShape } from './reduce-base.js';

/** Attrs of ArgMax/ArgMin: one normalised axis. */
export interface ArgAttrs {
  axis: number;
}
const argInfer = ({ x }: Readonly<Record<'x', Tensor>>, { axis }: ArgAttrs) => ({
  shape: x.shape.filter((_, i) => i !== axis),
  dtype: 'int32' as const,
});
/** ArgMax op declaration (int32 indices of the first maximum; NaN counts as the maximum). */
export const ArgMaxOp = defineOp<'x', ArgAttrs>({ name: 'ArgMax', inputs: ['x'], infer: argInfer, grad: null });
/** ArgMin op declaration (int32 indices of the first minimum; NaN counts as the minimum). */
export const ArgMinOp = defineOp<'x', ArgAttrs>({ name: 'ArgMin', inputs: ['x'], infer: argInfer, grad: null });

/** Attrs of Cumsum. */
export interface CumsumAttrs {
  axis: number;
  exclusive: boolean;
  reverse: boolean;
}
/** Cumsum op declaration; the gradient is the cumsum of dy in the opposite direction. */
export const CumsumOp: OpDef<'x', CumsumAttrs> = defineOp<'x', CumsumAttrs>({
  name: 'Cumsum',
  inputs: ['x'],
  infer: ({ x }) => ({ shape: [...x.shape], dtype: x.dtype }),
  grad: (dy, _, { axis, exclusive, reverse }) => ({ x: run1(CumsumOp, { x: dy }, { axis, exclusive, reverse: !reverse }) }),
});

function argArgs(x: TensorLike, axis: number, op: string): [Tensor, ArgAttrs] {
  const t = convertToTensor(x, 'x', op);
  const rank = Math.max(t.rank, 1);
  const a = normalizeAxis(axis, rank, op);
  if ((t.shape[a] ?? 1) === 0) {
    throw new ValueError(`${op}: cannot take the ${op === 'argMax' ? 'maximum' : 'minimum'} over axis ${axis}, which is empty in shape ${fmtShape(t.shape)}; reduce over a non-empty axis.`);
  }
  return [t.rank === 0 ? reshape(t, [1]) : t, { axis: a }];
}

/**
 * Index (int32) of the largest value along `axis` (default 0); ties give the first index.
 * @example argMax(tensor([[1, 9], [7, 2]]), 1); // [1, 0]
 */
export function argMax(x: TensorLike, axis = 0): Tensor {
  const [t, attrs] = argArgs(x, axis, 'argMax');
  return run1(ArgMaxOp, { x: t }, attrs);
}

/**
 * Index (int32) of the smallest value along `axis` (default 0); ties give the first index.
 * @example argMin(tensor([[1, 9], [7, 2]]), 1); // [0, 1]
 */
export function argMin(x: TensorLike, axis = 0): Tensor {
  const [t, attrs] = argArgs(x, axis, 'argMin');
  return run1(ArgMinOp, { x: t }, attrs);
}

/**
 * log(sum(exp(x))) over `axis`, computed stably by subtracting the maximum first.
 * @example logSumExp(tensor([0, 0])); // log(2) = 0.693
 */
export function logSumExp(x: TensorLike, axis?: AxisArg, keepDims = false): Tensor {
  let t = convertToTensor(x, 'x', 'logSumExp');
  t = cast(t, floatType(t.dtype));
  const axes = normalizeAxes(axis, t.rank, 'logSumExp');
  const m = max(t, axes, true);
  // A slice of all -Infinity (or an empty one) would give inf - inf; shift by 0 there instead.
  const shift = where(isFinite(m), m, 0);
  const lse = add(log(sum(exp(sub(t, shift)), axes, true)), shift);
  return keepDims ? lse : reshape(lse, t.shape.filter((_, i) => !axes.includes(i)));
}

/**
 * Mean and (population) variance over `axes`.
 * @example moments(tensor([1, 2, 3, 4])); // {mean: 2.5, variance: 1.25}
 */
export function moments(x: TensorLike, axes?: AxisArg, keepDims = false): { mean: Tensor; variance: Tensor } {
  let t = convertToTensor(x, 'x', 'moments');
  t = cast(t, floatType(t.dtype));
  const list = normalizeAxes(axes, t.rank, 'moments');
  const m = mean(t, list, true);
  const variance = mean(square(sub(t, m)), list, keepDims);
  return { mean: keepDims ? m : reshape(m, t.shape.filter((_, i) => !list.includes(i))), variance };
}

/** The `ord` argument of `norm`. */
export type NormOrd = 'euclidean' | 'fro' | number;

/**
 * Vector or matrix norm. With no axis the tensor is treated as one vector; a pair of axes gives a matrix norm
 * ('fro', 1, Infinity, -Infinity, 'euclidean').
 * @example norm(tensor([3, 4])); // 5
 */
export function norm(x: TensorLike, ord: NormOrd = 'euclidean', axis?: AxisArg, keepDims = false): Tensor {
  let t = convertToTensor(x, 'x', 'norm');
  t = cast(t, floatType(t.dtype));
  if (t.rank === 0) t = reshape(t, [1]);
  const axes = axis === undefined || axis === null ? normalizeAxes(null, t.rank, 'norm') : normalizeAxes(axis, t.rank, 'norm');
  const isVector = axis === undefined || axis === null || axes.length === 1;
  let r: Tensor;
  if (isVector) r = vectorNorm(t, ord, axes);
  else if (axes.length === 2) r = matrixNorm(t, ord, axes as [number, number]);
  else throw new ValueError(`norm: axis must name one or two axes, received ${JSON.stringify(axis)}.`);
  return keepDims ? reshape(r, keptShape(t.shape, axes)) : r;
}

function vectorNorm(t: Tensor, ord: NormOrd, axes: number[]): Tensor {
  if (ord === 'euclidean' || ord === 'fro' || ord === 2) return sqrt(sum(square(t), axes));
  if (ord === 1) return sum(abs(t), axes);
  if (ord === Infinity) return max(abs(t), axes);
  if (ord === -Infinity) return min(abs(t), axes);
  throw new ConfigError(`norm: unsupported vector norm ord ${String(ord)}; use 'euclidean', 1, 2, Infinity or -Infinity.`);
}

function matrixNorm(t: Tensor, ord: NormOrd, [rows, cols]: [number, number]): Tensor {
  if (ord === 'euclidean' || ord === 'fro') return sqrt(sum(square(t), [rows, cols]));
  // After summing over one axis the other shifts down by one when it came later.
  if (ord === 1) return max(sum(abs(t), rows), cols > rows ? cols - 1 : cols);
  if (ord === -1) return min(sum(abs(t), rows), cols > rows ? cols - 1 : cols);
  if (ord === Infinity) return max(sum(abs(t), cols), rows > cols ? rows - 1 : rows);
  if (ord === -Infinity) return min(sum(abs(t), cols), rows > cols ? rows - 1 : rows);
  throw new ConfigError(`norm: unsupported matrix norm ord ${String(ord)}; use 'fro', 'euclidean', 1, -1, Infinity or -Infinity.`);
}

/**
 * Cumulative sum along `axis`; `exclusive` shifts by one, `reverse` sums from the end.
 * @example cumsum(tensor([1, 2, 3])); // [1, 3, 6]
 */
export function cumsum(x: TensorLike, axis = 0, exclusive = false, reverse = false): Tensor {
  let t = convertToTensor(x, 'x', 'cumsum');
  if (t.dtype === 'bool') t = cast(t, 'int32');
  if (t.rank === 0) throw new ValueError('cumsum: x must have rank >= 1, received a scalar. Wrap it: tensor([x]).');
  return run1(CumsumOp, { x: t }, { axis: normalizeAxis(axis, t.rank, 'cumsum'), exclusive, reverse });
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    argMax(axis?: number): Tensor;
    argMin(axis?: number): Tensor;
    logSumExp(axis?: AxisArg, keepDims?: boolean): Tensor;
    norm(ord?: NormOrd, axis?: AxisArg, keepDims?: boolean): Tensor;
    cumsum(axis?: number, exclusive?: boolean, reverse?: boolean): Tensor;
  }
}
Tensor.prototype.argMax = function (this: Tensor, axis?: number) {
  return argMax(this, axis);
};
Tensor.prototype.argMin = function (this: Tensor, axis?: number) {
  return argMin(this, axis);
};
Tensor.prototype.logSumExp = function (this: Tensor, axis?: AxisArg, keepDims?: boolean) {
  return logSumExp(this, axis, keepDims);
};
Tensor.prototype.norm = function (this: Tensor, ord?: NormOrd, axis?: AxisArg, keepDims?: boolean) {
  return norm(this, ord, axis, keepDims);
};
Tensor.prototype.cumsum = function (this: Tensor, axis?: number, exclusive?: boolean, reverse?: boolean) {
  return cumsum(this, axis, exclusive, reverse);
};
