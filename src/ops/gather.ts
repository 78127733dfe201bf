import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape, normalizeAxis, sizeFromShape } from '../core/shape.js';
import { defineOp, run1, runOp, MOVES_ELEMENTS } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';
import { add, mul } from './arithmetic.js';
import { cast } from './cast.js';
import { type TensorLike, convertToTensor, expectDType } from './convert.js';
import { range } from './creation.js';
import { reshape } from './reshape.js';
import { transpose } from './shape-ops.js';

/** Gather viewed as x [B, O, A, I] and indices [B, N] giving out [B, O, N, I] (B: batch dims, A: the gathered axis). */
export function gatherDims(xShape: readonly number[], idxShape: readonly number[], axis: number, batchDims: number) {
  const B = sizeFromShape(xShape.slice(0, batchDims));
  const O = sizeFromShape(xShape.slice(batchDims, axis));
  const A = xShape[axis] ?? 0;
  const I = sizeFromShape(xShape.slice(axis + 1));
  const N = sizeFromShape(idxShape.slice(batchDims));
  return { B, O, A, I, N };
}

/** GatherV2 op declaration; indices outside [0, dim) give zeros (the public `gather` rejects them first). */
export const GatherOp = defineOp<'x' | 'indices', { axis: number; batchDims: number }>({
  name: 'GatherV2',
  special: MOVES_ELEMENTS,
  inputs: ['x', 'indices'],
  infer: ({ x, indices }, { axis, batchDims }) => ({
    shape: [...x.shape.slice(0, axis), ...indices.shape.slice(batchDims), ...x.shape.slice(axis + 1)],
    dtype: x.dtype,
  }),
  grad: (dy, { x, indices }, { axis, batchDims }) => {
    const { B, O, A, I, N } = gatherDims(x.shape, indices.shape, axis, batchDims);
    const rows = swapMiddleAxes(reshape(dy, [B, O, N, I]));
    // One batch (always, for gathers without batchDims such as embeddings) needs no per-batch offsets.
    const ids = B === 1 ? reshape(indices, [N]) : reshape(add(reshape(indices, [B, N]), reshape(mul(range(0, B, 1, 'int32'), A), [B, 1])), [B * N]);
    const summed = unsortedSegmentSum(reshape(rows, [B * N, O * I]), ids, B * A);
    return { x: reshape(swapMiddleAxes(reshape(summed, [B, A, O, I])), x.shape) };
  },
});

/** [a, b, c, d] -> [a, c, b, d]; a reshape when b or c is 1 (no data moves), else a transpose. */
function swapMiddleAxes(t: Tensor): Tensor {
  const [a, b, c, d] = t.shape as [number, number, number, number];
  return b === 1 || c === 1 ? reshape(t, [a, c, b, d]) : transpose(t, [0, 2, 1, 3]);
}

/**
 * Gathers slices of `x` along `axis` at `indices`; the first `batchDims` axes of x and indices are matched batches.
 * @example gather(tensor([10, 20, 30]), tensor1d([2, 0], 'int32')); // [30, 10]
 */
export function gather(x: TensorLike, indices: TensorLike, axis = 0, batchDims = 0): Tensor {
  const t = convertToTensor(x, 'x', 'gather');
  // TF.js takes int32 indices only (arrays parse as int32).
  const idx = expectDType(convertToTensor(indices, 'indices', 'gather', 'int32'), 'int32', 'indices', 'gather');
  if (t.rank === 0) throw new ShapeError('gather: x must have rank >= 1, received a scalar.');
  const a = normalizeAxis(axis, t.rank, 'gather');
  const bd = batchDims < 0 ? batchDims + idx.rank : batchDims;
  if (!Number.isInteger(bd) || bd < 0 || bd > idx.rank) {
    throw new ValueError(`Expect batchDims in the range of [-${idx.rank}, ${idx.rank}], but got ${batchDims} (gather, indices ${fmtShape(idx.shape)}).`);
  }
  if (bd > a) throw new ValueError(`gather: batchDims (${bd}) must be less than or equal to axis (${a}).`);
  for (let i = 0; i < bd; i++) {
    if (t.shape[i] !== idx.shape[i]) {
      throw new ShapeError(
        `gather: x.shape[${i}]: ${t.shape[i]} should be equal to indices.shape[${i}]: ${idx.shape[i]} (with batchDims ${bd}, x ${fmtShape(t.shape)} and indices ${fmtShape(idx.shape)} must agree in their first ${bd} dimensions).`,
      );
    }
  }
  const dim = t.shape[a] ?? 0;
  for (let i = 0; i < idx.size; i++) {
    const k = idx.values[i] as number;
    if (k < 0 || k >= dim) {
      throw new ValueError(`GatherV2: the index value ${k} is not in [0, ${dim - 1}] (gather: indices[${i}] for axis ${a} of x ${fmtShape(t.shape)}).`);
    }
  }
  return run1(GatherOp, { x: t, indices: idx }, { axis: a, batchDims: bd });
}

/** UnsortedSegmentSum op declaration: out[s] = Σ x[i] over i with segmentIds[i] = s; ids outside [0, numSegments) are dropped. */
export const UnsortedSegmentSumOp = defineOp<'x' | 'segmentIds', { numSegments: number }>({
  name: 'UnsortedSegmentSum',
  inputs: ['x', 'segmentIds'],
  infer: ({ x, segmentIds }, { numSegments }) => ({ shape: [numSegments, ...x.shape.slice(segmentIds.rank)], dtype: x.dtype }),
  // Out-of-range ids read zeros from GatherV2, matching the dropped rows.
  grad: (dy, { segmentIds }) => ({ x: run1(GatherOp, { x: dy, indices: segmentIds }, { axis: 0, batchDims: 0 }) }),
});

/**
 * Sums rows of `x` into `numSegments` buckets by `segmentIds` (whose shape is a prefix of x's shape).
 * @example unsortedSegmentSum(tensor([1, 2, 3, 4]), tensor1d([1, 0, 1, 1], 'int32'), 2); // [2, 8]
 */
export function unsortedSegmentSum(x: TensorLike, segmentIds: TensorLike, numSegments: number): Tensor {
  const t = convertToTensor(x, 'x', 'unsortedSegmentSum');
  const ids = cast(convertToTensor(segmentIds, 'segmentIds', 'unsortedSegmentSum', 'int32'), 'int32');
  if (!Number.isInteger(numSegments) || numSegments < 0) {
    throw new ValueError(`unsortedSegmentSum: numSegments must be a non-negative integer, received ${numSegments}.`);
  }
  if (ids.rank > t.rank || ids.shape.some((d, i) => d !== t.shape[i])) {
    throw new ShapeError(`unsortedSegmentSum: segmentIds shape ${fmtShape(ids.shape)} must be a prefix of x's shape ${fmtShape(t.shape)}.`);
  }
  return run1(UnsortedSegmentSumOp, { x: t, segmentIds: ids }, { numSegments });
}

/** TopK op declaration: the k largest entries of the last axis and their indices (ties keep the lower index first). */
export const TopKOp = defineOp<'x', { k: number; sorted: boolean }>({
  name: 'TopK',
  inputs: ['x'],
  infer: ({ x }, { k }) => [
    { shape: [...x.shape.slice(0, -1), k], dtype: x.dtype },
    { shape: [...x.shape.slice(0, -1), k], dtype: 'int32' },
  ],
  grad: (_dy, { x }, { k }, ctx) => {
    const n = x.shape[x.rank - 1] ?? 0;
    const rows = sizeFromShape(x.shape.slice(0, -1));
    const idx = ctx.outputs[1] as Tensor;
    const offsets = reshape(mul(range(0, rows, 1, 'int32'), n), [rows, 1]);
    const ids = reshape(add(reshape(idx, [rows, k]), offsets), [rows * k]);
    const dv = reshape(ctx.dys[0] as Tensor, [rows * k]);
    return { x: reshape(unsortedSegmentSum(dv, ids, rows * n), x.shape) };
  },
});

/**
 * The `k` largest entries along the last axis and their int32 indices (in descending order).
 * @example topk(tensor([1, 5, 3]), 2); // {values: [5, 3], indices: [1, 2]}
 */
export function topk(x: TensorLike, k = 1, sorted = true): { values: Tensor; indices: Tensor } {
  const t = convertToTensor(x, 'x', 'topk');
  if (t.rank === 0) throw new ShapeError('topk() expects the input to be of rank 1 or higher; received a scalar.');
  const n = t.shape[t.rank - 1] ?? 0;
  if (k < 0) throw new ValueError(`'k' passed to topk() must be >= 0 but got ${k}.`);
  if (!Number.isInteger(k) || k > n) {
    throw new ValueError(`'k' passed to topk() must be <= the last dimension (${n}) of x ${fmtShape(t.shape)} and an integer, but got ${k}.`);
  }
  const [values, indices] = runOp(TopKOp, { x: t }, { k, sorted });
  return { values: values as Tensor, indices: indices as Tensor };
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    gather(indices: TensorLike, axis?: number, batchDims?: number): Tensor;
  }
}
Tensor.prototype.gather = function (this: Tensor, indices: TensorLike, axis?: number, batchDims?: number) {
  return gather(this, indices, axis, batchDims);
};
