import { type DataType, type TypedArray, allocArray, assertDType, copyArray, dtypeOfArray, toTypedArray } from '../core/dtype.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape, sizeFromShape } from '../core/shape.js';
import { TensorBuffer } from '../tensor/buffer.js';
import { markConstantUse } from '../tensor/engine.js';
import { Tensor, Variable } from '../tensor/tensor.js';
import { type TensorLike, convertToTensor, expectDType, makeTensor } from './convert.js';

function checkShape(shape: readonly number[], _op: string): number[] {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    // TF.js's text (its tests match it exactly).
    throw new ShapeError(`Tensor must have a shape comprised of positive integers but got shape [${String(shape)}].`);
  }
  return [...shape];
}

/**
 * Creates a tensor from nested arrays, a typed array or a number.
 * @example tensor([[1, 2], [3, 4]]); tensor([1, 2, 3, 4], [2, 2], 'int32');
 */
export function tensor(values: TensorLike, shape?: number[], dtype?: DataType): Tensor {
  return makeTensor(values, shape ? checkShape(shape, 'tensor') : undefined, dtype, 'tensor');
}

/**
 * A rank-0 tensor.
 * @example scalar(3.5);
 */
export function scalar(value: number | boolean | string | Uint8Array, dtype?: DataType): Tensor {
  const isBytes = value instanceof Uint8Array;
  if (typeof value !== 'number' && typeof value !== 'boolean' && typeof value !== 'string' && !isBytes) {
    throw new ValueError(`scalar: expected a number, boolean or string, received ${typeof value}. Use tensor() for arrays.`);
  }
  // Encoded bytes are one string element, not a vector; TF.js wants the dtype spelled out for them.
  if (isBytes && dtype !== 'string') {
    throw new ValueError("scalar: a Uint8Array value needs dtype 'string' (it is read as one UTF-8 encoded string).");
  }
  return makeTensor(isBytes ? [value] : value, [], dtype, 'scalar');
}

function ofRank(rank: number, name: string) {
  return (values: TensorLike, shape?: number[] | DataType, dtype?: DataType): Tensor => {
    // TF.js: tensor1d(values, dtype); tensor2d..6d(values, shape?, dtype?). Accept a dtype in either position.
    const dt = typeof shape === 'string' ? shape : dtype;
    const t = makeTensor(values, typeof shape === 'string' ? undefined : shape, dt, name);
    if (t.rank !== rank) {
      throw new ShapeError(`${name}: expected a rank-${rank} tensor, received shape ${fmtShape(t.shape)}. Pass the shape or use tensor().`);
    }
    return t;
  };
}

/** A rank-1 tensor. @example tensor1d([1, 2, 3]); */
export const tensor1d = ofRank(1, 'tensor1d');
/** A rank-2 tensor. @example tensor2d([[1, 2], [3, 4]]); */
export const tensor2d = ofRank(2, 'tensor2d');
/** A rank-3 tensor. @example tensor3d([[[1], [2]]]); */
export const tensor3d = ofRank(3, 'tensor3d');
/** A rank-4 tensor. @example tensor4d([[[[1]]]]); */
export const tensor4d = ofRank(4, 'tensor4d');
/** A rank-5 tensor. @example tensor5d([[[[[1]]]]]); */
export const tensor5d = ofRank(5, 'tensor5d');
/** A rank-6 tensor. @example tensor6d([[[[[[1]]]]]]); */
export const tensor6d = ofRank(6, 'tensor6d');

/**
 * A tensor of `shape` filled with `value`.
 * @example fill([2, 2], 7);
 */
export function fill(shape: number[], value: number | string, dtype?: DataType): Tensor {
  const dt = dtype ?? (typeof value === 'string' ? 'string' : 'float32');
  assertDType(dt, 'fill');
  const s = checkShape(shape, 'fill');
  const values = allocArray(dt, sizeFromShape(s));
  if (dt === 'string') {
    // Every element indexes the one table entry.
    return new Tensor(values, s, dt, { strings: [new TextEncoder().encode(String(value))] });
  }
  if (typeof value === 'string') throw new ValueError(`fill: a ${dt} tensor needs a number, received the string '${value}'.`);
  values.fill(dt === 'bool' ? (value ? 1 : 0) : value);
  return new Tensor(values, s, dt);
}

/** A tensor of zeros. @example zeros([2, 3]); */
export function zeros(shape: number[], dtype: DataType = 'float32'): Tensor {
  return fill(shape, 0, dtype);
}

/** A tensor of ones. @example ones([2, 3]); */
export function ones(shape: number[], dtype: DataType = 'float32'): Tensor {
  return fill(shape, 1, dtype);
}

/** Zeros with the shape and dtype of `x`. @example zerosLike(tensor([1, 2])); */
export function zerosLike(x: TensorLike): Tensor {
  const t = convertToTensor(x, 'x', 'zerosLike');
  markConstantUse(t);
  return fill(t.shape, 0, t.dtype);
}

/** Ones with the shape and dtype of `x`. @example onesLike(tensor([1, 2])); */
export function onesLike(x: TensorLike): Tensor {
  const t = convertToTensor(x, 'x', 'onesLike');
  markConstantUse(t);
  return fill(t.shape, 1, t.dtype);
}

/**
 * Numbers from `start` up to (not including) `stop` by `step`.
 * @example range(0, 5); // [0, 1, 2, 3, 4]
 */
export function range(start: number, stop: number, step = 1, dtype: 'float32' | 'int32' | 'float64' = 'float32'): Tensor {
  if (step === 0) throw new ValueError('range: step must not be 0; use a positive step to count up or a negative one to count down.');
  // TF.js: with the default step, a range that goes down counts down.
  if (step === 1 && start > stop) step = -1;
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const values = allocArray(dtype, n);
  for (let i = 0; i < n; i++) values[i] = start + i * step;
  return new Tensor(values, [n], dtype);
}

/**
 * `num` evenly spaced numbers from `start` to `stop` inclusive.
 * @example linspace(0, 1, 5); // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, stop: number, num: number): Tensor {
  if (!Number.isInteger(num) || num < 1) throw new ValueError(`linspace: The number of values should be positive: num must be an integer >= 1, received ${num}.`);
  const values = new Float32Array(num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) values[i] = start + i * step;
  return new Tensor(values, [num], 'float32');
}

/**
 * Identity matrix (optionally rectangular and batched).
 * @example eye(3);
 */
export function eye(numRows: number, numColumns?: number | null, batchShape?: number[] | null, dtype: DataType = 'float32'): Tensor {
  numColumns ??= numRows;
  batchShape ??= [];
  const out = zeros([...batchShape, numRows, numColumns], dtype);
  const per = numRows * numColumns;
  const batches = sizeFromShape(batchShape);
  for (let b = 0; b < batches; b++) {
    for (let i = 0; i < Math.min(numRows, numColumns); i++) out.values[b * per + i * numColumns + i] = 1;
  }
  return out;
}

/**
 * One-hot encodes integer `indices` into a new last axis of size `depth`; out-of-range indices give all-off rows.
 * @example oneHot(tensor1d([0, 2], 'int32'), 3); // [[1,0,0],[0,0,1]]
 */
export function oneHot(indices: TensorLike, depth: number, onValue = 1, offValue = 0, dtype: DataType = 'int32'): Tensor {
  const idx = expectDType(convertToTensor(indices, 'indices', 'oneHot', 'int32'), 'int32', 'indices', 'oneHot');
  if (!Number.isInteger(depth) || depth < 2) throw new ValueError(`Error in oneHot: depth must be >=2, but it is ${depth}. Use depth >= 2 (one column per class).`);
  markConstantUse(idx); // the gradient with respect to indices is zero, as in TF.js
  const out = fill([...idx.shape, depth], offValue, dtype);
  for (let i = 0; i < idx.size; i++) {
    const k = idx.values[i] ?? -1;
    if (k >= 0 && k < depth) out.values[i * depth + k] = onValue;
  }
  return out;
}

/**
 * Creates a mutable variable initialised to `initialValue`.
 * @example const v = variable(zeros([3]), true, 'bias');
 */
export function variable(initialValue: TensorLike, trainable = true, name?: string, dtype?: DataType): Variable {
  let t = convertToTensor(initialValue, 'initialValue', 'variable');
  if (dtype && dtype !== t.dtype) t = makeTensor(t, undefined, dtype, 'variable');
  return new Variable(t, trainable, name);
}

/**
 * A mutable TensorBuffer of `shape` (zeros, or a copy of `values`); call `toTensor()` when done.
 * @example const b = buffer([2], 'int32'); b.set(3, 1); b.toTensor(); // [0, 3]
 */
export function buffer(shape: number[], dtype: DataType = 'float32', values?: TypedArray | number[]): TensorBuffer {
  const s = checkShape(shape, 'buffer');
  const v = values === undefined ? undefined : ArrayBuffer.isView(values) ? copyArray(values) : toTypedArray(values, dtype);
  return new TensorBuffer(s, dtype, v === undefined || dtypeOfArray(v) === dtype || dtype === 'bool' ? v : toTypedArray(v, dtype));
}
