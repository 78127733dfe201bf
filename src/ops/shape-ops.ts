import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape, normalizeAxes, normalizeAxis } from '../core/shape.js';
import { type OpDef, defineOp, run1, MOVES_ELEMENTS } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { conj } from './complex.js';
import { reshape } from './reshape.js';
import { sum } from './reduction.js';

/** Transpose op declaration: output axis i is input axis perm[i]. */
export const TransposeOp = defineOp<'x', { perm: number[] }>({
  name: 'Transpose',
  special: MOVES_ELEMENTS,
  inputs: ['x'],
  infer: ({ x }, { perm }) => ({ shape: perm.map((p) => x.shape[p] ?? 1), dtype: x.dtype }),
  grad: (dy, _inputs, { perm }) => ({ x: transpose(dy, inversePerm(perm)) }),
});

/** The permutation that undoes `perm`. */
function inversePerm(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

/**
 * Permutes the axes of `x`; without `perm` the axes are reversed (matrix transpose for rank 2).
 * @example transpose(tensor([[1, 2, 3], [4, 5, 6]])); // [[1, 4], [2, 5], [3, 6]]
 */
export function transpose(x: TensorLike, perm?: number[], conjugate = false): Tensor {
  const t0 = convertToTensor(x, 'x', 'transpose');
  // TF.js's conjugate transpose: complex inputs are conjugated as well.
  const t = conjugate && t0.dtype === 'complex64' ? conj(t0) : t0;
  const p = perm ?? t.shape.map((_, i) => t.rank - 1 - i);
  if (p.length !== t.rank) {
    throw new ShapeError(`transpose: perm [${p.join(',')}] has ${p.length} entries but x has rank ${t.rank} (shape ${fmtShape(t.shape)}); give one entry per axis.`);
  }
  const norm = p.map((a) => normalizeAxis(a, t.rank, 'transpose'));
  if (new Set(norm).size !== norm.length) {
    throw new ValueError(`transpose: perm [${p.join(',')}] repeats an axis; it must be a permutation of 0..${t.rank - 1}.`);
  }
  if (norm.every((a, i) => a === i)) return t;
  return run1(TransposeOp, { x: t }, { perm: norm });
}

/**
 * Inserts a dimension of size 1 at `axis` (negative counts from the end of the result).
 * @example expandDims(tensor([1, 2]), 1).shape; // [2, 1]
 */
export function expandDims(x: TensorLike, axis = 0): Tensor {
  const t = convertToTensor(x, 'x', 'expandDims');
  const rank = t.rank + 1;
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ValueError(`expandDims: axis ${axis} is out of range for a result of rank ${rank}; expected an integer in [${-rank}, ${rank - 1}].`);
  }
  const a = axis < 0 ? axis + rank : axis;
  const shape = [...t.shape];
  shape.splice(a, 0, 1);
  return reshape(t, shape);
}

/**
 * Removes dimensions of size 1 (all of them, or only those listed in `axis`).
 * @example squeeze(tensor([[[1], [2]]])).shape; // [2]
 */
export function squeeze(x: TensorLike, axis?: number[] | number): Tensor {
  const t = convertToTensor(x, 'x', 'squeeze');
  const axes = axis === undefined ? t.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes(axis, t.rank, 'squeeze');
  for (const a of axes) {
    if (t.shape[a] !== 1) {
      throw new ShapeError(`squeeze: cannot squeeze axis ${a} of shape ${fmtShape(t.shape)} because its size is ${t.shape[a]}, not 1.`);
    }
  }
  return reshape(t, t.shape.filter((_, i) => !axes.includes(i)));
}

/**
 * Reshapes `x` to the shape of `y`.
 * @example reshapeAs(tensor([1, 2, 3, 4]), zeros([2, 2])).shape; // [2, 2]
 */
export function reshapeAs(x: TensorLike, y: TensorLike): Tensor {
  return reshape(convertToTensor(x, 'x', 'reshapeAs'), convertToTensor(y, 'y', 'reshapeAs').shape);
}

/** BroadcastTo op declaration; the tape sums the gradient back to the input's shape. */
export const BroadcastToOp = defineOp<'x', { shape: number[] }>({
  name: 'BroadcastTo',
  special: MOVES_ELEMENTS,
  inputs: ['x'],
  infer: ({ x }, { shape }) => ({ shape: [...shape], dtype: x.dtype }),
  grad: (dy) => ({ x: dy }),
});

/**
 * Broadcasts `x` to `shape` with NumPy rules (`x`'s rank may be smaller).
 * @example broadcastTo(tensor([1, 2]), [2, 2]); // [[1, 2], [1, 2]]
 */
export function broadcastTo(x: TensorLike, shape: number[]): Tensor {
  const t = convertToTensor(x, 'x', 'broadcastTo');
  if (shape.length < t.rank) {
    throw new ShapeError(`broadcastTo: target shape ${fmtShape(shape)} has lower rank than x ${fmtShape(t.shape)}; the target needs rank >= ${t.rank}.`);
  }
  const off = shape.length - t.rank;
  t.shape.forEach((d, i) => {
    const target = shape[i + off] ?? 0;
    if (d !== 1 && d !== target) {
      throw new ShapeError(`broadcastTo: cannot broadcast ${fmtShape(t.shape)} to ${fmtShape(shape)}: dimension ${i} is ${d}, expected 1 or ${target}.`);
    }
  });
  if (shape.length === t.rank && shape.every((d, i) => d === t.shape[i])) return t;
  return run1(BroadcastToOp, { x: t }, { shape: [...shape] });
}

/** Reverse op declaration over the listed (normalised) axes. */
export const ReverseOp: OpDef<'x', { axes: number[] }> = defineOp<'x', { axes: number[] }>({
  name: 'Reverse',
  special: MOVES_ELEMENTS,
  inputs: ['x'],
  infer: ({ x }) => ({ shape: [...x.shape], dtype: x.dtype }),
  grad: (dy, _inputs, { axes }) => ({ x: run1(ReverseOp, { x: dy }, { axes }) }),
});

/**
 * Reverses `x` along `axis` (all axes when omitted).
 * @example reverse(tensor([1, 2, 3])); // [3, 2, 1]
 */
export function reverse(x: TensorLike, axis?: number | number[]): Tensor {
  const t = convertToTensor(x, 'x', 'reverse');
  const axes = normalizeAxes(axis, t.rank, 'reverse');
  if (axes.length === 0 || t.rank === 0) return t;
  return run1(ReverseOp, { x: t }, { axes });
}

/** Tile op declaration: output dimension i is reps[i] copies of input dimension i. */
export const TileOp = defineOp<'x', { reps: number[] }>({
  name: 'Tile',
  special: MOVES_ELEMENTS,
  inputs: ['x'],
  infer: ({ x }, { reps }) => ({ shape: x.shape.map((d, i) => d * (reps[i] ?? 1)), dtype: x.dtype }),
  // View dy as [r0, d0, r1, d1, ...] and sum over the repetition axes.
  grad: (dy, { x }, { reps }) => {
    const split = x.shape.flatMap((d, i) => [reps[i] ?? 1, d]);
    const axes = x.shape.map((_, i) => 2 * i);
    return { x: reshape(sum(reshape(dy, split), axes), x.shape) };
  },
});

/**
 * Repeats `x` reps[i] times along each axis i.
 * @example tile(tensor([1, 2]), [2]); // [1, 2, 1, 2]
 */
export function tile(x: TensorLike, reps: number[]): Tensor {
  const t = convertToTensor(x, 'x', 'tile');
  if (reps.length !== t.rank) {
    throw new ShapeError(`tile: reps [${reps.join(',')}] must have one entry per axis of x (rank ${t.rank}, shape ${fmtShape(t.shape)}).`);
  }
  if (reps.some((r) => !Number.isInteger(r) || r < 0)) {
    throw new ValueError(`tile: reps must be non-negative integers, received [${reps.join(',')}].`);
  }
  return run1(TileOp, { x: t }, { reps: [...reps] });
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    transpose(perm?: number[]): Tensor;
    expandDims(axis?: number): Tensor;
    squeeze(axis?: number[] | number): Tensor;
    reshapeAs(y: TensorLike): Tensor;
    broadcastTo(shape: number[]): Tensor;
    reverse(axis?: number | number[]): Tensor;
    tile(reps: number[]): Tensor;
  }
}
Tensor.prototype.transpose = function (this: Tensor, perm?: number[]) {
  return transpose(this, perm);
};
Tensor.prototype.expandDims = function (this: Tensor, axis?: number) {
  return expandDims(this, axis);
};
Tensor.prototype.squeeze = function (this: Tensor, axis?: number[] | number) {
  return squeeze(this, axis);
};
Tensor.prototype.reshapeAs = function (this: Tensor, y: TensorLike) {
  return reshapeAs(this, y);
};
Tensor.prototype.broadcastTo = function (this: Tensor, shape: number[]) {
  return broadcastTo(this, shape);
};
Tensor.prototype.reverse = function (this: Tensor, axis?: number | number[]) {
  return reverse(this, axis);
};
Tensor.prototype.tile = function (this: Tensor, reps: number[]) {
  return tile(this, reps);
};
