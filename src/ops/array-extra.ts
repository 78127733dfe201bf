// Array ops of the TF.js API computed on the host (no gradient in TF.js either, or composite ones): meshgrid, diag,
// unique, bincount/denseBincount, sparseToDense, tensorScatterUpdate, movingAverage, searchSorted and its bounds,
// broadcastArgs, euclideanNorm, and the async forms (whereAsync, booleanMaskAsync, setdiff1dAsync, inTopKAsync).
import { type DataType, allocArray, toTypedArray } from '../core/dtype.js';
import { DTypeError, ShapeError, ValueError } from '../core/errors.js';
import { broadcastShapes, fmtShape, normalizeAxis, sizeFromShape } from '../core/shape.js';
import { canonicalStrings, recodeStringTensors } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';
import { add, div, mul, sub } from './arithmetic.js';
import { type TensorLike, convertToTensor, expectDType } from './convert.js';
import { eye } from './creation.js';
import { gather } from './gather.js';
import { norm } from './reduction-extra.js';
import { reshape } from './reshape.js';
import { pow } from './binary-math.js';

const int = (x: TensorLike, arg: string, op: string): Tensor => {
  const t = convertToTensor(x, arg, op, 'int32');
  if (t.dtype !== 'int32') throw new DTypeError(`Argument '${arg}' passed to '${op}' must be int32 tensor, but got ${t.dtype} tensor.`);
  return t;
};

/**
 * Coordinate matrices from coordinate vectors: `indexing` 'xy' (Cartesian, the default) or 'ij' (matrix).
 * @example meshgrid([1, 2, 3], [4, 5]); // [X [2,3], Y [2,3]]
 */
export function meshgrid(x?: TensorLike, y?: TensorLike, { indexing = 'xy' }: { indexing?: string } = {}): Tensor[] {
  if (indexing !== 'xy' && indexing !== 'ij') throw new ValueError(`meshgrid: indexing must be 'xy' or 'ij', received '${indexing}'.`);
  if (x === undefined) return [];
  const xt = convertToTensor(x, 'x', 'meshgrid');
  const xf = reshape(xt, [-1]);
  if (y === undefined) return [xf];
  const yf = reshape(convertToTensor(y, 'y', 'meshgrid', xt.dtype), [-1]);
  const [nx, ny] = [xf.size, yf.size];
  if (indexing === 'xy') {
    return [mul(reshape(xf, [1, nx]), onesOf([ny, 1], xt.dtype)), mul(reshape(yf, [ny, 1]), onesOf([1, nx], xt.dtype))];
  }
  return [mul(reshape(xf, [nx, 1]), onesOf([1, ny], xt.dtype)), mul(reshape(yf, [1, ny]), onesOf([nx, 1], xt.dtype))];
}

function onesOf(shape: number[], dtype: DataType): Tensor {
  const v = allocArray(dtype, sizeFromShape(shape));
  v.fill(1);
  return new Tensor(v, shape, dtype);
}

/**
 * A tensor with `x` on its diagonal: shape [...x.shape, ...x.shape], zero elsewhere (differentiable).
 * @example diag(tensor1d([1, 2])); // [[1, 0], [0, 2]]
 */
export function diag(x: TensorLike): Tensor {
  const t = convertToTensor(x, 'x', 'diag');
  const flat = reshape(t, [t.size]);
  return reshape(mul(eye(t.size, t.size, undefined, t.dtype), flat), [...t.shape, ...t.shape]);
}

/**
 * The unique slices of `x` along `axis`, in order of first appearance, and for each slice the index of its value.
 * @example unique(tensor1d([1, 1, 2, 4, 4])); // { values: [1, 2, 4], indices: [0, 0, 1, 2, 2] }
 */
export function unique(x: TensorLike, axis = 0): { values: Tensor; indices: Tensor } {
  const x0 = convertToTensor(x, 'x', 'unique');
  // Equal strings may sit at different table indices: re-code them so equal texts share one.
  const t = x0.dtype === 'string' ? canonicalStrings(x0) : x0;
  if (t.rank === 0) throw new ShapeError('unique: x must have rank >= 1, received a scalar.');
  const ax = normalizeAxis(axis, t.rank, 'unique');
  const n = t.shape[ax] ?? 0;
  const outer = sizeFromShape(t.shape.slice(0, ax));
  const inner = sizeFromShape(t.shape.slice(ax + 1));
  const seen = new Map<string, number>();
  const firsts: number[] = [];
  const indices = allocArray('int32', n);
  for (let i = 0; i < n; i++) {
    const parts: number[] = [];
    for (let o = 0; o < outer; o++) for (let k = 0; k < inner; k++) parts.push(t.values[(o * n + i) * inner + k] as number);
    const key = parts.map((v) => (Object.is(v, -0) ? 0 : v)).join(',');
    let id = seen.get(key);
    if (id === undefined) {
      id = firsts.length;
      seen.set(key, id);
      firsts.push(i);
    }
    indices[i] = id;
  }
  return { values: gather(t, new Tensor(toTypedArray(firsts, 'int32'), [firsts.length], 'int32'), ax), indices: new Tensor(indices, [n], 'int32') };
}

function countBins(x: Tensor, weights: Tensor, size: number, binaryOutput: boolean, op: string): Tensor {
  if (!Number.isInteger(size) || size < 0) throw new ValueError(`${op}: size must be a non-negative integer, but got ${size}.`);
  const weighted = weights.size > 0;
  if (weighted && (weights.rank !== x.rank || weights.shape.some((d, i) => d !== x.shape[i]))) {
    throw new ShapeError(`${op}: weights must have the same shape as x or be empty; x is ${fmtShape(x.shape)}, weights ${fmtShape(weights.shape)}.`);
  }
  const rows = x.rank === 2 ? (x.shape[0] ?? 0) : 1;
  const cols = x.rank === 2 ? (x.shape[1] ?? 0) : x.size;
  const dtype = weighted ? weights.dtype : weights.dtype === 'int32' ? 'int32' : 'float32';
  const out = allocArray(dtype, rows * size);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = x.values[r * cols + c] as number;
      if (v < 0) throw new ValueError(`${op}: input values must be non-negative, found ${v}.`);
      if (v >= size) continue;
      const at = r * size + v;
      if (binaryOutput) out[at] = 1;
      else out[at] = (out[at] as number) + (weighted ? (weights.values[r * cols + c] as number) : 1);
    }
  }
  return new Tensor(out, x.rank === 2 ? [rows, size] : [size], dtype);
}

/**
 * Counts (or sums `weights` of) each value of the int32 vector `x` in `size` bins; values >= size are dropped.
 * @example bincount(tensor1d([1, 1, 2], 'int32'), tensor1d([]), 3); // [0, 2, 1]
 */
export function bincount(x: TensorLike, weights: TensorLike, size: number): Tensor {
  const t = int(x, 'x', 'bincount');
  if (t.rank !== 1) throw new ShapeError(`bincount: x must be rank 1, received ${fmtShape(t.shape)}.`);
  return countBins(t, convertToTensor(weights, 'weights', 'bincount'), size, false, 'bincount');
}

/**
 * bincount for a vector or each row of a matrix; `binaryOutput` records presence (1) instead of counts.
 * @example denseBincount(tensor2d([[1, 1], [0, 2]], [2, 2], 'int32'), tensor1d([]), 3); // [[0, 2, 0], [1, 0, 1]]
 */
export function denseBincount(x: TensorLike, weights: TensorLike, size: number, binaryOutput = false): Tensor {
  const t = int(x, 'x', 'denseBincount');
  if (t.rank !== 1 && t.rank !== 2) throw new ShapeError(`denseBincount: x must be rank 1 or 2, received ${fmtShape(t.shape)}.`);
  return countBins(t, convertToTensor(weights, 'weights', 'denseBincount'), size, binaryOutput, 'denseBincount');
}

function flatIndex(idx: ArrayLike<number>, at: number, depth: number, shape: readonly number[], op: string): number {
  let flat = 0;
  for (let d = 0; d < depth; d++) {
    const v = idx[at + d] as number;
    const n = shape[d] ?? 0;
    if (!Number.isInteger(v) || v < 0 || v >= n) throw new ValueError(`${op}: index ${v} at dimension ${d} is outside [0, ${n}).`);
    flat = flat * n + v;
  }
  return flat;
}

/**
 * A dense tensor of `outputShape` filled with `defaultValue`, with `sparseValues` written at `sparseIndices`.
 * @example sparseToDense(tensor1d([0, 2], 'int32'), tensor1d([5, 6]), [4]); // [5, 0, 6, 0]
 */
export function sparseToDense(sparseIndices: TensorLike, sparseValues: TensorLike, outputShape: number[], defaultValue: TensorLike = 0): Tensor {
  const op = 'sparseToDense';
  const idx = int(sparseIndices, 'sparseIndices', op);
  const vals = convertToTensor(sparseValues, 'sparseValues', op);
  const def = convertToTensor(defaultValue, 'defaultValue', op, vals.dtype);
  if (def.dtype !== vals.dtype) throw new DTypeError(`${op}: defaultValue must have the dtype of sparseValues (${vals.dtype}), but got ${def.dtype}.`);
  if (def.size !== 1) throw new ShapeError(`${op}: defaultValue must be a scalar, received shape ${fmtShape(def.shape)}.`);
  if (!Array.isArray(outputShape) || outputShape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ShapeError(`${op}: outputShape must be non-negative integers, received ${JSON.stringify(outputShape)}.`);
  }
  if (idx.rank > 2) throw new ShapeError(`${op}: sparseIndices must be rank 0, 1 or 2, received ${fmtShape(idx.shape)}.`);
  const count = idx.rank === 0 ? 1 : (idx.shape[0] ?? 0);
  const depth = idx.rank === 2 ? (idx.shape[1] ?? 0) : 1;
  if (depth !== outputShape.length) throw new ShapeError(`${op}: sparseIndices have ${depth} coordinates, but outputShape has rank ${outputShape.length}.`);
  if (vals.rank > 1 || (vals.rank === 1 && vals.size !== count)) {
    throw new ShapeError(`${op}: sparseValues must be a scalar or hold ${count} values (one per index), received shape ${fmtShape(vals.shape)}.`);
  }
  // String values are table indices: put both tensors on one table first.
  const joined = vals.dtype === 'string' ? recodeStringTensors([vals, def], false) : null;
  const vv = joined?.values[0] ?? vals.values;
  const dv = joined?.values[1] ?? def.values;
  const out = allocArray(vals.dtype, sizeFromShape(outputShape));
  out.fill(dv[0] as number);
  for (let i = 0; i < count; i++) out[flatIndex(idx.values, i * depth, depth, outputShape, op)] = vv[vals.rank === 0 ? 0 : i] as number;
  return new Tensor(out, outputShape, vals.dtype, { strings: joined?.table });
}

/**
 * A copy of `tensor` with the slices at `indices` ([n, depth]) replaced by `updates` ([n, ...slice shape]).
 * @example tensorScatterUpdate(zeros([4]), tensor2d([[1], [3]], [2, 1], 'int32'), tensor1d([9, 8])); // [0, 9, 0, 8]
 */
export function tensorScatterUpdate(tensor: TensorLike, indices: TensorLike, updates: TensorLike): Tensor {
  const op = 'tensorScatterUpdate';
  const t = convertToTensor(tensor, 'tensor', op);
  const idx = int(indices, 'indices', op);
  const up = convertToTensor(updates, 'updates', op);
  if (up.dtype !== t.dtype) throw new DTypeError(`${op}: updates (${up.dtype}) must have the dtype of tensor (${t.dtype}).`);
  if (idx.rank < 1) throw new ShapeError(`${op}: indices must have rank >= 1, received a scalar.`);
  const depth = idx.shape[idx.rank - 1] ?? 0;
  const n = idx.size / Math.max(depth, 1);
  if (depth > t.rank) throw new ShapeError(`${op}: the last dimension of indices (${depth}) must be <= the rank of tensor (${t.rank}).`);
  const sliceShape = t.shape.slice(depth);
  const want = [...idx.shape.slice(0, -1), ...sliceShape];
  if (up.rank !== want.length || up.shape.some((d, i) => d !== want[i])) {
    throw new ShapeError(`${op}: updates must have shape ${fmtShape(want)} (indices.shape[:-1] + tensor.shape[${depth}:]), received ${fmtShape(up.shape)}.`);
  }
  const sliceSize = sizeFromShape(sliceShape);
  const out = allocArray(t.dtype, t.size);
  out.set(t.values);
  for (let i = 0; i < n; i++) {
    const at = flatIndex(idx.values, i * depth, depth, t.shape, op) * sliceSize;
    for (let k = 0; k < sliceSize; k++) out[at + k] = up.values[i * sliceSize + k] as number;
  }
  return new Tensor(out, t.shape, t.dtype);
}

/**
 * One step of an exponential moving average: v + (x - v)(1 - decay), divided by 1 - decay^step when `zeroDebias`.
 * @example movingAverage(zeros([2]), tensor1d([1, 2]), 0.6, 1); // [1, 2]
 */
export function movingAverage(v: TensorLike, x: TensorLike, decay: number | Tensor, step?: number | Tensor | null, zeroDebias = true): Tensor {
  const vt = convertToTensor(v, 'v', 'movingAverage');
  const xt = convertToTensor(x, 'x', 'movingAverage');
  if (vt.rank !== xt.rank || vt.shape.some((d, i) => d !== xt.shape[i])) {
    throw new ShapeError(`Shape mismatch in v and x: v is ${fmtShape(vt.shape)}, x is ${fmtShape(xt.shape)}.`);
  }
  const oneMinusDecay = sub(1, decay);
  let update = mul(sub(xt, vt), oneMinusDecay);
  if (zeroDebias) {
    if (step === undefined || step === null) throw new ValueError('movingAverage: when zeroDebias is true, step is required (the number of updates so far, from 1).');
    update = div(update, sub(1, pow(decay, step)));
  }
  return add(vt, update);
}

function search(sorted: Tensor, values: Tensor, side: 'left' | 'right'): Tensor {
  const n = sorted.shape[sorted.rank - 1] ?? 0;
  const rows = sorted.rank === 1 ? 1 : sorted.size / Math.max(n, 1);
  const m = values.shape[values.rank - 1] ?? 0;
  const out = allocArray('int32', values.size);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < m; j++) {
      const v = values.values[r * m + j] as number;
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const s = sorted.values[r * n + mid] as number;
        if (side === 'left' ? s < v : s <= v) lo = mid + 1;
        else hi = mid;
      }
      out[r * m + j] = lo;
    }
  }
  return new Tensor(out, values.shape, 'int32');
}

/**
 * For each value, the index where it would be inserted into the last axis of `sortedSequence` to keep it sorted
 * ('left': before equal entries, 'right': after).
 * @example searchSorted([1, 3, 5], [3, 6]); // [1, 3]
 */
export function searchSorted(sortedSequence: TensorLike, values: TensorLike, side: 'left' | 'right' = 'left'): Tensor {
  const op = 'searchSorted';
  const s = convertToTensor(sortedSequence, 'sortedSequence', op);
  const v = convertToTensor(values, 'values', op, s.dtype);
  if (s.dtype !== v.dtype) throw new DTypeError(`${op}: sortedSequence (${s.dtype}) and values (${v.dtype}) must have the same dtype.`);
  if (s.rank < 1) throw new ShapeError(`Sorted input argument must be at least 1-dimensional`);
  if (v.rank < 1) throw new ShapeError(`Values input argument must be at least 1-dimensional`);
  if (s.rank !== v.rank) throw new ShapeError(`Leading dimension of 'sortedSequence' and 'values' must match. sortedSequence is ${fmtShape(s.shape)}, values ${fmtShape(v.shape)}.`);
  if (s.shape.slice(0, -1).some((d, i) => d !== v.shape[i])) {
    throw new ShapeError(`Leading dimension of 'sortedSequence' and 'values' must match. sortedSequence is ${fmtShape(s.shape)}, values ${fmtShape(v.shape)}.`);
  }
  if (side !== 'left' && side !== 'right') throw new ValueError(`${op}: side must be 'left' or 'right', received '${String(side)}'.`);
  return search(s, v, side);
}
/** searchSorted with side 'left'. @example lowerBound([1, 3, 3, 5], [3]); // [1] */
export function lowerBound(sortedSequence: TensorLike, values: TensorLike): Tensor {
  return searchSorted(sortedSequence, values, 'left');
}
/** searchSorted with side 'right'. @example upperBound([1, 3, 3, 5], [3]); // [3] */
export function upperBound(sortedSequence: TensorLike, values: TensorLike): Tensor {
  return searchSorted(sortedSequence, values, 'right');
}

/**
 * The broadcast of two shapes given as int32 vectors.
 * @example broadcastArgs([2, 1], [1, 3]); // [2, 3]
 */
export function broadcastArgs(s0: TensorLike, s1: TensorLike): Tensor {
  const a = int(s0, 's0', 'broadcastArgs');
  const b = int(s1, 's1', 'broadcastArgs');
  if (a.rank !== 1) throw new ShapeError(`broadcastArgs requires s0 to be rank 1, but got rank ${a.rank}.`);
  if (b.rank !== 1) throw new ShapeError(`broadcastArgs requires s1 to be rank 1, but got rank ${b.rank}.`);
  const shape = broadcastShapes(Array.from(a.values), Array.from(b.values), 'broadcastArgs');
  return new Tensor(toTypedArray(shape, 'int32'), [shape.length], 'int32');
}

/** The Euclidean norm over `axis` (all axes by default). @example euclideanNorm([3, 4]); // 5 */
export function euclideanNorm(x: TensorLike, axis?: number | number[] | null, keepDims = false): Tensor {
  return norm(x, 'euclidean', axis ?? undefined, keepDims);
}

/**
 * The coordinates of the true elements of `condition`, as an int32 [count, rank] tensor.
 * @example await whereAsync(tensor1d([true, false, true])); // [[0], [2]]
 */
export function whereAsync(condition: TensorLike): Promise<Tensor> {
  const c = expectDType(convertToTensor(condition, 'condition', 'whereAsync', 'bool'), 'bool', 'condition', 'whereAsync');
  const coords: number[] = [];
  const strides = c.shape.map((_, i) => sizeFromShape(c.shape.slice(i + 1)));
  let count = 0;
  for (let i = 0; i < c.size; i++) {
    if (!c.values[i]) continue;
    count++;
    let rem = i;
    for (const s of strides) {
      coords.push(Math.floor(rem / s));
      rem %= s;
    }
  }
  return Promise.resolve(new Tensor(toTypedArray(coords, 'int32'), [count, c.rank], 'int32'));
}

/**
 * The slices of `tensor` (from `axis` on) where the bool `mask` (covering axes axis.. of tensor) is true.
 * @example await booleanMaskAsync(tensor2d([[1, 2], [3, 4]]), tensor1d([true, false])); // [[1, 2]]
 */
export async function booleanMaskAsync(tensor: TensorLike, mask: TensorLike, axis = 0): Promise<Tensor> {
  const t = convertToTensor(tensor, 'tensor', 'boolMask');
  const m = convertToTensor(mask, 'mask', 'boolMask', 'bool');
  if (m.rank === 0) throw new ShapeError('mask cannot be scalar');
  if (m.shape.some((d, i) => d !== t.shape[axis + i])) {
    throw new ShapeError(`mask's shape must match the first K dimensions of tensor's shape, Shapes ${t.shape} and ${m.shape} must match`);
  }
  const lead = t.shape.slice(0, axis);
  const flat = reshape(t, [...lead, m.size, ...t.shape.slice(axis + m.rank)]);
  const hits = await whereAsync(reshape(m, [m.size]));
  return gather(flat, reshape(hits, [-1]), axis);
}

/**
 * The values of the vector `x` that are not in `y` (in order), and their indices in `x`.
 * @example await setdiff1dAsync([1, 2, 3, 4], [2, 4]); // [[1, 3], [0, 2]]
 */
export function setdiff1dAsync(x: TensorLike, y: TensorLike): Promise<[Tensor, Tensor]> {
  const xt = convertToTensor(x, 'x', 'setdiff1d');
  const yt = convertToTensor(y, 'y', 'setdiff1d');
  if (xt.dtype !== yt.dtype) throw new DTypeError(`x and y should have the same dtype, but got x (${xt.dtype}) and y (${yt.dtype}).`);
  if (xt.rank !== 1) throw new ShapeError(`x should be 1D tensor, but got x (${xt.shape}).`);
  if (yt.rank !== 1) throw new ShapeError(`y should be 1D tensor, but got y (${yt.shape}).`);
  const drop = new Set(Array.from(yt.values as ArrayLike<number>));
  const keep: number[] = [];
  const at: number[] = [];
  xt.values.forEach((v: number, i: number) => {
    if (!drop.has(v)) {
      keep.push(v);
      at.push(i);
    }
  });
  return Promise.resolve([new Tensor(toTypedArray(keep, xt.dtype), [keep.length], xt.dtype), new Tensor(toTypedArray(at, 'int32'), [at.length], 'int32')]);
}

/**
 * Whether each target is among the top `k` predictions of its row (ties count against the target, as in TF.js).
 * @example await inTopKAsync(tensor2d([[1, 5, 3]]), tensor1d([2], 'int32'), 2); // [true]
 */
export function inTopKAsync(predictions: TensorLike, targets: TensorLike, k = 1): Promise<Tensor> {
  const p = convertToTensor(predictions, 'predictions', 'inTopK');
  const t = convertToTensor(targets, 'targets', 'inTopK', 'int32');
  if (p.rank < 2) throw new ShapeError(`inTopK() expects the predictions to be of rank 2 or higher, but got ${p.rank}`);
  if (p.rank - 1 !== t.rank) throw new ShapeError(`predictions rank should be 1 larger than targets rank, but got predictions rank ${p.rank} and targets rank ${t.rank}`);
  if (p.shape.slice(0, -1).some((d, i) => d !== t.shape[i])) {
    throw new ShapeError(`predictions's shape should be align with the targets' shape, except the last dimension.`);
  }
  const n = p.shape[p.rank - 1] ?? 0;
  if (!(k > 0 && k <= n)) throw new ValueError(`'k' passed to inTopK() must be > 0 && <= the predictions last dimension (${n}), but got ${k}`);
  const out = allocArray('bool', t.size);
  for (let r = 0; r < t.size; r++) {
    const target = t.values[r] as number;
    const v = p.values[r * n + target] as number;
    let better = 0;
    for (let j = 0; j < n; j++) {
      const w = p.values[r * n + j] as number;
      if (w > v || (w === v && j < target)) better++;
    }
    out[r] = better < k ? 1 : 0;
  }
  return Promise.resolve(new Tensor(out, t.shape, 'bool'));
}

