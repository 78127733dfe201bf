// Ragged tensors as TF.js passes them: nested row splits (int32 vectors) plus dense values. raggedRange builds one,
// raggedGather selects rows of one; both run on the host.
import { allocArray } from '../core/dtype.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { sizeFromShape } from '../core/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { gather } from './gather.js';

const vec = (v: number[]): Tensor => new Tensor(Int32Array.from(v), [v.length], 'int32');

/**
 * One range per element of the broadcast `starts`, `limits` and `deltas` (scalars or vectors), as a ragged tensor:
 * `rtNestedSplits` [n + 1] and `rtDenseValues` (the dtype of starts).
 * @example raggedRange([0, 5], [3, 7], 1); // splits [0, 3, 5], values [0, 1, 2, 5, 6]
 */
export function raggedRange(starts: TensorLike, limits: TensorLike, deltas: TensorLike): { rtNestedSplits: Tensor; rtDenseValues: Tensor } {
  const op = 'raggedRange';
  const s = convertToTensor(starts, 'starts', op);
  const l = convertToTensor(limits, 'limits', op, s.dtype);
  const d = convertToTensor(deltas, 'deltas', op, s.dtype);
  for (const [name, t] of [['starts', s], ['limits', l], ['deltas', d]] as const) {
    if (t.rank > 1) throw new ShapeError(`${name} must be a scalar or vector`);
  }
  const sizes = [s, l, d].filter((t) => t.rank === 1).map((t) => t.size);
  if (sizes.some((n) => n !== sizes[0])) throw new ShapeError('starts, limits, and deltas must have the same shape');
  const n = sizes[0] ?? 1;
  const at = (t: Tensor, i: number): number => t.values[t.rank === 0 ? 0 : i] as number;
  const splits = [0];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const [start, limit, delta] = [at(s, i), at(l, i), at(d, i)];
    if (delta === 0) throw new ValueError('Requires delta != 0');
    const count = (delta > 0 && limit > start) || (delta < 0 && limit < start) ? Math.ceil(Math.abs((limit - start) / delta)) : 0;
    if (count > 2147483647) throw new ValueError('Requires ((limit - start) / delta) <= 2147483647');
    for (let k = 0; k < count; k++) values.push(start + k * delta);
    splits.push((splits[splits.length - 1] as number) + count);
  }
  const out = allocArray(s.dtype, values.length);
  values.forEach((v, i) => (out[i] = v));
  return { rtNestedSplits: vec(splits), rtDenseValues: new Tensor(out, [values.length], s.dtype) };
}

/**
 * Gathers rows (the outermost ragged dimension) of a ragged tensor at `indices`; an indices tensor of rank k adds
 * k - 1 uniform ragged levels in front. Returns the new nested splits and dense values.
 * @example raggedGather([tensor1d([0, 2, 3], 'int32')], tensor1d([1, 2, 3]), tensor1d([1, 0], 'int32'), 1);
 */
export function raggedGather(
  paramsNestedSplits: TensorLike[], paramsDenseValues: TensorLike, indices: TensorLike, outputRaggedRank: number,
): { outputNestedSplits: Tensor[]; outputDenseValues: Tensor } {
  const op = 'raggedGather';
  const splits = paramsNestedSplits.map((t, i) => Array.from(convertToTensor(t, `paramsNestedSplits[${i}]`, op, 'int32').values as ArrayLike<number>));
  const values = convertToTensor(paramsDenseValues, 'paramsDenseValues', op);
  const idx = convertToTensor(indices, 'indices', op, 'int32');
  if (splits.length === 0) throw new ValueError('raggedGather: paramsNestedSplits must hold at least one row-splits vector.');
  splits.forEach((level, L) => {
    if (level.length === 0) throw new ValueError('Ragged splits may not be empty');
    if ((level[0] as number) < 0) throw new ValueError('Ragged splits must be non-negative');
    for (let i = 1; i < level.length; i++) {
      if ((level[i] as number) < (level[i - 1] as number)) throw new ValueError('Ragged splits must be sorted in ascending order');
    }
    const bound = L + 1 < splits.length ? (splits[L + 1]?.length ?? 1) - 1 : (values.shape[0] ?? 0);
    if ((level[level.length - 1] as number) > bound) throw new ValueError('Ragged splits must not point past values');
  });
  if (values.rank === 0) throw new ShapeError('params.rank must be nonzero');
  if (outputRaggedRank !== idx.rank + splits.length - 1) {
    throw new ValueError(`raggedGather: outputRaggedRank must be indices.rank + paramsNestedSplits.length - 1 = ${idx.rank + splits.length - 1}, received ${outputRaggedRank}.`);
  }
  const out: number[][] = [];
  // Uniform levels for the leading dimensions of a multi-dimensional indices tensor.
  for (let k = 0; k + 1 < idx.rank; k++) {
    const rows = sizeFromShape(idx.shape.slice(0, k + 1));
    const width = idx.shape[k + 1] ?? 0;
    out.push(Array.from({ length: rows + 1 }, (_, i) => i * width));
  }
  const nRows = (splits[0]?.length ?? 1) - 1;
  let rows = Array.from(idx.values as ArrayLike<number>);
  rows.forEach((r, i) => {
    if (r < 0 || r >= nRows) throw new ValueError(`indices[${i}] = ${r} is not in [0, ${nRows})`);
  });
  splits.forEach((level, L) => {
    const cum = [0];
    const next: number[] = [];
    for (const r of rows) {
      const [s, e] = [level[r] as number, level[r + 1] as number];
      cum.push((cum[cum.length - 1] as number) + e - s);
      for (let k = s; k < e; k++) next.push(k);
    }
    // A scalar index selects one row, whose outer split is not part of the result.
    if (!(L === 0 && idx.rank === 0)) out.push(cum);
    rows = next;
  });
  return { outputNestedSplits: out.map(vec), outputDenseValues: gather(values, vec(rows), 0) };
}
