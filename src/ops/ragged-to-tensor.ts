import { allocArray } from '../core/dtype.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { tensor } from './creation.js';

/** How one row partition tensor describes a ragged dimension (TF's RaggedTensorToTensor row_partition_types). */
export type RowPartitionType = 'FIRST_DIM_SIZE' | 'VALUE_ROWIDS' | 'ROW_SPLITS';

/** For every element of one ragged level: the row it belongs to and its position inside that row. */
interface Level {
  parent: Int32Array;
  pos: Int32Array;
}

function levelFromSplits(splits: Tensor, nrows: number, op: string): Level {
  const s = splits.values;
  if (s.length !== nrows + 1 || s[0] !== 0) {
    throw new ValueError(`${op}: ROW_SPLITS of a level with ${nrows} rows must have ${nrows + 1} entries starting at 0, received ${fmtShape(splits.shape)} starting at ${s[0]}.`);
  }
  const n = s[nrows] as number;
  const level: Level = { parent: new Int32Array(n), pos: new Int32Array(n) };
  for (let r = 0; r < nrows; r++) {
    const [lo, hi] = [s[r] as number, s[r + 1] as number];
    if (hi < lo) throw new ValueError(`${op}: ROW_SPLITS must be non-decreasing, received ${lo} then ${hi}.`);
    for (let j = lo; j < hi; j++) [level.parent[j], level.pos[j]] = [r, j - lo];
  }
  return level;
}

function levelFromRowIds(ids: Tensor, nrows: number, op: string): Level {
  const v = ids.values;
  const level: Level = { parent: new Int32Array(v.length), pos: new Int32Array(v.length) };
  for (let j = 0; j < v.length; j++) {
    const r = v[j] as number;
    if (r < 0 || r >= nrows || (j > 0 && r < (v[j - 1] as number))) {
      throw new ValueError(`${op}: VALUE_ROWIDS must be sorted ids in [0, ${nrows}), received ${r} at index ${j}.`);
    }
    level.parent[j] = r;
    level.pos[j] = j > 0 && v[j - 1] === r ? (level.pos[j - 1] ?? 0) + 1 : 0;
  }
  return level;
}

/**
 * Converts a ragged tensor, given by its flat `values` and one row partition tensor per ragged dimension, to a dense
 * tensor of `shape`, filling the missing cells with `defaultValue`; elements outside `shape` are dropped.
 * @example raggedTensorToTensor([2, 2], [1, 2, 3], 0, [tensor([0, 2, 3], [3], 'int32')], ['ROW_SPLITS']).arraySync(); // [[1, 2], [3, 0]]
 */
export function raggedTensorToTensor(
  shape: TensorLike, values: TensorLike, defaultValue: TensorLike, rowPartitionTensors: Tensor[], rowPartitionTypes: string[],
): Tensor {
  const op = 'raggedTensorToTensor';
  const vals = convertToTensor(values, 'values', op);
  const outShape = Array.from(convertToTensor(shape, 'shape', op, 'int32').values);
  const def = convertToTensor(defaultValue, 'defaultValue', op, vals.dtype);
  if (rowPartitionTypes.length !== rowPartitionTensors.length) {
    throw new ValueError(`${op}: ${rowPartitionTypes.length} rowPartitionTypes for ${rowPartitionTensors.length} rowPartitionTensors; give one type per tensor.`);
  }
  const types = [...rowPartitionTypes];
  const parts = rowPartitionTensors.map((t, i) => convertToTensor(t, `rowPartitionTensors[${i}]`, op, 'int32'));
  let nrows: number;
  if (types[0] === 'FIRST_DIM_SIZE') {
    nrows = parts[0]?.values[0] ?? 0;
    types.shift();
    parts.shift();
  } else if (types[0] === 'ROW_SPLITS') {
    nrows = (parts[0]?.size ?? 1) - 1;
  } else {
    throw new ValueError(`${op}: the first row partition type must be FIRST_DIM_SIZE or ROW_SPLITS, received ${String(types[0])}.`);
  }
  const inner = vals.shape.slice(1);
  const rank = 1 + parts.length + inner.length;
  if (outShape.length !== rank || inner.some((d, i) => d !== outShape[1 + parts.length + i])) {
    throw new ShapeError(
      `${op}: The shape [${outShape.join(',')}] and the ragged tensor (ragged rank ${parts.length}, values ${fmtShape(vals.shape)}) are incompatible: the shape needs rank ${rank} and trailing dimensions [${inner.join(',')}].`,
    );
  }
  const levels: Level[] = [];
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k] as Tensor;
    const type = types[k];
    if (type === 'ROW_SPLITS') levels.push(levelFromSplits(part, nrows, op));
    else if (type === 'VALUE_ROWIDS') levels.push(levelFromRowIds(part, nrows, op));
    else throw new ValueError(`${op}: row partition type ${String(type)} may only come first; use ROW_SPLITS or VALUE_ROWIDS.`);
    nrows = levels[k]?.parent.length ?? 0;
  }
  if (nrows !== (vals.shape[0] ?? 0)) {
    throw new ShapeError(`${op}: the innermost row partition describes ${nrows} values, but values has shape ${fmtShape(vals.shape)}.`);
  }
  const innerSize = inner.reduce((a, b) => a * b, 1);
  if (def.size !== 1 && def.size !== innerSize) {
    throw new ShapeError(`${op}: defaultValue must be a scalar or have ${innerSize} elements (shape [${inner.join(',')}]), received ${fmtShape(def.shape)}.`);
  }
  const total = outShape.reduce((a, b) => a * b, 1);
  const out = allocArray(vals.dtype, total);
  for (let i = 0; i < total; i++) out[i] = def.values[def.size === 1 ? 0 : i % innerSize] as number;
  const strides = outShape.map((_, i) => outShape.slice(i + 1).reduce((a, b) => a * b, 1));
  for (let e = 0; e < nrows; e++) {
    let offset = 0;
    let inside = true;
    let idx = e;
    for (let k = levels.length - 1; k >= 0 && inside; k--) {
      const level = levels[k] as Level;
      const p = level.pos[idx] ?? 0;
      inside = p < (outShape[k + 1] ?? 0);
      offset += p * (strides[k + 1] ?? 0);
      idx = level.parent[idx] ?? 0;
    }
    if (!inside || idx >= (outShape[0] ?? 0)) continue;
    offset += idx * (strides[0] ?? 0);
    for (let j = 0; j < innerSize; j++) out[offset + j] = vals.values[e * innerSize + j] as number;
  }
  return tensor(out, outShape, vals.dtype);
}

