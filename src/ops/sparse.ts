// TF.js's `tf.sparse`: sparseReshape, sparseSegmentSum/Mean and sparseFillEmptyRows on COO tensors (indices [N, rank]
// plus values), computed on the host. Messages follow TF's kernels, which TF.js's tests pin.
import { allocArray } from '../core/dtype.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape, sizeFromShape } from '../core/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { type TensorLike, convertToTensor } from './convert.js';

const int = (x: TensorLike, arg: string, op: string): Tensor => {
  const t = convertToTensor(x, arg, op, 'int32');
  return t.dtype === 'int32' ? t : new Tensor(Int32Array.from(t.values as ArrayLike<number>), t.shape, 'int32');
};
const vec = (v: ArrayLike<number>): Tensor => new Tensor(Int32Array.from(v), [v.length], 'int32');

/**
 * Reshapes a sparse tensor: new indices for `inputIndices` [N, rank] under `newShape` (one entry may be -1).
 * @example sparse.sparseReshape([[0, 1], [1, 0]], [2, 2], [4]); // { outputIndices: [[1], [2]], outputShape: [4] }
 */
function sparseReshape(inputIndices: TensorLike, inputShape: TensorLike, newShape: TensorLike): { outputIndices: Tensor; outputShape: Tensor } {
  const op = 'sparseReshape';
  const idx = int(inputIndices, 'inputIndices', op);
  const shape = Array.from(int(inputShape, 'inputShape', op).values as ArrayLike<number>);
  const target = Array.from(int(newShape, 'newShape', op).values as ArrayLike<number>);
  if (idx.rank !== 2) throw new ShapeError(`Input indices should be Tensor2D but received shape ${fmtShape(idx.shape)}`);
  if (idx.shape[1] !== shape.length) {
    throw new ShapeError(`Input indices.shape[1] (${idx.shape[1]}) must be the same as the number of dimensions of inputShape (${shape.length})`);
  }
  const denseSize = sizeFromShape(shape);
  let inferred = -1;
  let product = 1;
  target.forEach((d, i) => {
    if (d === -1) {
      if (inferred !== -1) throw new ValueError(`only one output dimension may be -1, not both ${inferred} and ${i}`);
      inferred = i;
    } else if (d < 0) {
      throw new ValueError(`size ${i} must be non-negative, not ${d}`);
    } else {
      product *= d;
    }
  });
  const out = [...target];
  if (inferred !== -1) {
    if (product <= 0) throw new ValueError('reshape cannot infer the missing input size for an empty tensor unless all specified input sizes are non-zero');
    const missing = Math.trunc(denseSize / product);
    if (product * missing !== denseSize) {
      throw new ValueError(`Input to reshape is a SparseTensor with ${denseSize} dense values, but the requested shape requires a multiple of ${product}. inputShape=${shape} outputShape= ${out}`);
    }
    out[inferred] = missing;
  }
  if (sizeFromShape(out) !== denseSize) {
    throw new ValueError(`Input to reshape is a tensor with ${denseSize} dense values, but the requested shape has ${sizeFromShape(out)}. inputShape=${shape} outputShape=${out}`);
  }
  const n = idx.shape[0] ?? 0;
  const inStrides = shape.map((_, i) => sizeFromShape(shape.slice(i + 1)));
  const outStrides = out.map((_, i) => sizeFromShape(out.slice(i + 1)));
  const result = allocArray('int32', n * out.length);
  for (let r = 0; r < n; r++) {
    let flat = 0;
    for (let j = 0; j < shape.length; j++) flat += (idx.values[r * shape.length + j] as number) * (inStrides[j] as number);
    for (let j = 0; j < out.length; j++) {
      result[r * out.length + j] = Math.floor(flat / (outStrides[j] as number));
      flat %= outStrides[j] as number;
    }
  }
  return { outputIndices: new Tensor(result, [n, out.length], 'int32'), outputShape: vec(out) };
}

/**
 * Sums (or averages) rows `data[indices[i]]` into output row `segmentIds[i]`; segment ids must be sorted, and rows
 * of missing segments are 0.
 */
function segmentReduce(data: TensorLike, indices: TensorLike, segmentIds: TensorLike, isMean: boolean, op: string): Tensor {
  const d = convertToTensor(data, 'data', op);
  const idx = int(indices, 'indices', op);
  const seg = int(segmentIds, 'segmentIds', op);
  if (d.rank < 1) throw new ShapeError('Data should be at least 1 dimensional but received scalar');
  if (idx.rank !== 1) throw new ShapeError(`Indices should be Tensor1D but received shape ${fmtShape(idx.shape)}`);
  if (seg.rank !== 1) throw new ShapeError(`Segment ids should be Tensor1D but received shape ${fmtShape(seg.shape)}`);
  const n = idx.size;
  if (seg.size !== n) throw new ShapeError(`segmentIds and indices should have the same size, received ${seg.size} and ${n}.`);
  const rows = d.shape[0] ?? 0;
  const cols = d.size / Math.max(rows, 1);
  const sv = seg.values as Int32Array;
  const outRows = n > 0 ? (sv[n - 1] as number) + 1 : 0;
  // The last id bounds the output, so a negative last id means a negative id somewhere.
  if (outRows < 0 || (n > 0 && outRows === 0)) throw new ValueError('segment ids must be >= 0');
  // The output keeps data's dtype (an int32 mean truncates, as in TF).
  const out = allocArray(d.dtype, outRows * cols);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && sv[end] === sv[start]) end++;
    const id = sv[start] as number;
    if (end < n && id >= (sv[end] as number)) throw new ValueError('segment ids are not increasing');
    if (id < 0 || id >= outRows) throw new ValueError(`Segment id ${id} out of range [0, ${outRows}), possibly because segmentIds input is not sorted.`);
    for (let i = start; i < end; i++) {
      const row = idx.values[i] as number;
      if (row < 0 || row >= rows) throw new ValueError(`Bad: indices[${i}] == ${row} out of range [0, ${rows})`);
      for (let j = 0; j < cols; j++) out[id * cols + j] = (out[id * cols + j] as number) + (d.values[row * cols + j] as number);
    }
    if (isMean) for (let j = 0; j < cols; j++) out[id * cols + j] = (out[id * cols + j] as number) / (end - start);
    start = end;
  }
  return new Tensor(out, [outRows, ...d.shape.slice(1)], d.dtype);
}

/** Sums rows of `data` into segments. @example sparse.sparseSegmentSum(tensor2d([[1, 2], [3, 4]]), [0, 1], [0, 0]); // [[4, 6]] */
function sparseSegmentSum(data: TensorLike, indices: TensorLike, segmentIds: TensorLike): Tensor {
  return segmentReduce(data, indices, segmentIds, false, 'sparseSegmentSum');
}
/** Averages rows of `data` into segments. @example sparse.sparseSegmentMean(tensor2d([[1, 2], [3, 4]]), [0, 1], [0, 0]); // [[2, 3]] */
function sparseSegmentMean(data: TensorLike, indices: TensorLike, segmentIds: TensorLike): Tensor {
  return segmentReduce(data, indices, segmentIds, true, 'sparseSegmentMean');
}

/**
 * Adds an entry (value `defaultValue`) at column 0 of every empty row of a rank-2 sparse tensor, keeping the
 * entries sorted by row. Returns the new indices and values, which rows were empty, and where each input entry went.
 * @example sparse.sparseFillEmptyRows([[0, 0], [2, 1]], [5, 6], [3, 2], 0);
 */
function sparseFillEmptyRows(
  indices: TensorLike, values: TensorLike, denseShape: TensorLike, defaultValue: TensorLike,
): { outputIndices: Tensor; outputValues: Tensor; emptyRowIndicator: Tensor; reverseIndexMap: Tensor } {
  const op = 'sparseFillEmptyRows';
  const idx = int(indices, 'indices', op);
  const vals = convertToTensor(values, 'values', op);
  const shape = int(denseShape, 'denseShape', op);
  const def = convertToTensor(defaultValue, 'defaultValue', op, vals.dtype);
  if (idx.rank !== 2) throw new ShapeError(`Indices should be Tensor2D but received shape ${fmtShape(idx.shape)}`);
  if (vals.rank !== 1) throw new ShapeError(`Values should be Tensor1D but received shape ${fmtShape(vals.shape)}`);
  if (shape.rank !== 1) throw new ShapeError(`Dense shape should be Tensor1D but received shape ${fmtShape(shape.shape)}`);
  if (def.rank !== 0) throw new ShapeError(`Default value should be a scalar but received shape ${fmtShape(def.shape)}`);
  const n = idx.shape[0] ?? 0;
  const rank = idx.shape[1] ?? 0;
  const denseRows = shape.values[0] as number;
  if (denseRows === 0 && n > 0) throw new ValueError(`Received SparseTensor with denseShape[0] = 0 but indices.shape[0] = ${n}`);
  const rowOf = (i: number): number => idx.values[i * rank] as number;
  const counts = new Array<number>(Math.max(denseRows, 0)).fill(0);
  let ordered = true;
  for (let i = 0; i < n; i++) {
    const row = rowOf(i);
    if (row < 0) throw new ValueError(`indices(${i}, 0) is invalid: ${row} < 0`);
    if (row >= denseRows) throw new ValueError(`indices(${i}, 0) is invalid: ${row} >= ${denseRows}`);
    counts[row] = (counts[row] ?? 0) + 1;
    if (i > 0 && row < rowOf(i - 1)) ordered = false;
  }
  const empty = allocArray('bool', denseRows);
  counts.forEach((c, r) => (empty[r] = c === 0 ? 1 : 0));
  // Row r's entries start at offset[r] in the output (an empty row holds its one default entry).
  const offset: number[] = [];
  let total = 0;
  for (let r = 0; r < denseRows; r++) {
    offset.push(total);
    total += Math.max(counts[r] ?? 0, 1);
  }
  const outIdx = allocArray('int32', total * rank);
  const outVals = allocArray(vals.dtype, total);
  const reverse = allocArray('int32', n);
  const filled = new Array<number>(denseRows).fill(0);
  const order = [...Array(n).keys()];
  if (!ordered) order.sort((a, b) => rowOf(a) - rowOf(b));
  for (const i of order) {
    const row = rowOf(i);
    const at = (offset[row] as number) + (filled[row] as number);
    filled[row] = (filled[row] as number) + 1;
    for (let j = 0; j < rank; j++) outIdx[at * rank + j] = idx.values[i * rank + j] as number;
    outVals[at] = vals.values[i] as number;
    reverse[i] = at;
  }
  for (let r = 0; r < denseRows; r++) {
    if (!empty[r]) continue;
    const at = offset[r] as number;
    outIdx[at * rank] = r;
    outVals[at] = def.values[0] as number;
  }
  return {
    outputIndices: new Tensor(outIdx, [total, rank], 'int32'),
    outputValues: new Tensor(outVals, [total], vals.dtype),
    emptyRowIndicator: new Tensor(empty, [denseRows], 'bool'),
    reverseIndexMap: new Tensor(reverse, [n], 'int32'),
  };
}

/** TF.js `tf.sparse`. @example sparse.sparseSegmentSum(data, indices, segmentIds); */
export const sparse = { sparseReshape, sparseSegmentSum, sparseSegmentMean, sparseFillEmptyRows };
