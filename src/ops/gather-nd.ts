import { DTypeError, ShapeError, ValueError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { type OpDef, defineOp, run1, MOVES_ELEMENTS } from '../tensor/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import { type TensorLike, convertToTensor, expectDType } from './convert.js';
import { reshape } from './reshape.js';

/** GatherNd op declaration: indices [..., m] address the first m axes of x. */
export const GatherNdOp: OpDef<'x' | 'indices', Record<string, never>> = defineOp<'x' | 'indices'>({
  name: 'GatherNd',
  special: MOVES_ELEMENTS,
  inputs: ['x', 'indices'],
  infer: ({ x, indices }) => {
    const m = indices.shape[indices.rank - 1] ?? 0;
    return { shape: [...indices.shape.slice(0, -1), ...x.shape.slice(m)], dtype: x.dtype };
  },
  grad: (dy, { x, indices }) => ({ x: run1(ScatterNdOp, { indices, updates: dy }, { shape: [...x.shape] }) }),
});

/** ScatterNd op declaration: zeros of `shape` with `updates` added at `indices` (duplicates accumulate). */
export const ScatterNdOp: OpDef<'indices' | 'updates', { shape: number[] }> = defineOp<'indices' | 'updates', { shape: number[] }>({
  name: 'ScatterNd',
  inputs: ['indices', 'updates'],
  infer: ({ updates }, { shape }) => ({ shape: [...shape], dtype: updates.dtype }),
  grad: (dy, { indices }) => ({ updates: run1(GatherNdOp, { x: dy, indices }, {}) }),
});

function checkIndices(idx: Tensor, shape: readonly number[], op: string): void {
  if (idx.rank < 1) throw new ShapeError(`${op}: indices must have rank >= 1, received a scalar.`);
  const m = idx.shape[idx.rank - 1] ?? 0;
  if (m > shape.length) {
    throw new ShapeError(`${op}: the last dimension of indices ${fmtShape(idx.shape)} is ${m}, larger than the rank ${shape.length} of ${fmtShape(shape)}.`);
  }
  for (let i = 0; i < idx.size; i++) {
    const d = shape[i % m] ?? 0;
    const k = idx.values[i] as number;
    if (k < 0 || k >= d) {
      throw new ValueError(`${op}: index ${k} at flat position ${i} of indices is out of range for dimension ${i % m} (size ${d}) of ${fmtShape(shape)}.`);
    }
  }
}

/**
 * Gathers slices of `x` addressed by the last axis of `indices`.
 * @example gatherND(tensor([[1, 2], [3, 4]]), tensor([[1, 0]], undefined, 'int32')); // [3]
 */
export function gatherND(x: TensorLike, indices: TensorLike): Tensor {
  const t = convertToTensor(x, 'x', 'gatherND');
  const idx = expectDType(convertToTensor(indices, 'indices', 'gatherND', 'int32'), 'int32', 'indices', 'gatherND');
  checkIndices(idx, t.shape, 'gatherND');
  return run1(GatherNdOp, { x: t, indices: idx }, {});
}

/**
 * Builds a zero tensor of `shape` and adds `updates` at `indices` (duplicates accumulate).
 * @example scatterND(tensor([[1], [3]], undefined, 'int32'), tensor([9, 10]), [4]); // [0, 9, 0, 10]
 */
export function scatterND(indices: TensorLike, updates: TensorLike, shape: number[]): Tensor {
  const raw = convertToTensor(indices, 'indices', 'scatterND', 'int32');
  if (raw.dtype !== 'int32') {
    throw new DTypeError(`scatterND: indices must be int32, received ${raw.dtype}; cast them with tf.cast(indices, 'int32').`);
  }
  // TF.js reads rank-1 indices as a list of scalar indices into the first axis ([n] means [n, 1]).
  const idx = raw.rank === 1 ? reshape(raw, [raw.size, 1]) : raw;
  const u = convertToTensor(updates, 'updates', 'scatterND');
  checkIndices(idx, shape, 'scatterND');
  const m = idx.shape[idx.rank - 1] ?? 0;
  const expected = [...idx.shape.slice(0, -1), ...shape.slice(m)];
  if (expected.length !== u.rank || expected.some((d, i) => d !== u.shape[i])) {
    throw new ShapeError(`scatterND: updates must have shape ${fmtShape(expected)} for indices ${fmtShape(idx.shape)} and shape ${fmtShape(shape)}, received ${fmtShape(u.shape)}.`);
  }
  return run1(ScatterNdOp, { indices: idx, updates: u }, { shape: [...shape] });
}
