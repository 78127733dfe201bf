// Stacking of dataset elements into batches (tf.data `batch` semantics).
import { type DataType, type TypedArray, allocArray, dtypeOfArray } from '../core/dtype.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape, shapesEqual } from '../core/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** Nested arrays of numbers, as a dataset element leaf. */
export type NumericArray = number | boolean | null | NumericArray[];

/**
 * The type a batch of `T` elements has: numbers, numeric arrays and tensors become one tensor with a leading
 * batch axis, strings become string arrays, and objects and tuples are batched per key.
 */
export type BatchOf<T> = T extends Tensor | TypedArray | NumericArray
  ? Tensor
  : T extends string
    ? string[]
    : T extends readonly unknown[]
      ? { [K in keyof T]: BatchOf<T[K]> }
      : T extends object
        ? { [K in keyof T]: BatchOf<T[K]> }
        : Tensor;

function isNumericLeaf(x: unknown): boolean {
  if (x === null || typeof x === 'number' || typeof x === 'boolean') return true;
  if (Array.isArray(x)) return x.every(isNumericLeaf);
  return false;
}

/** True for a number or a non-ragged nested numeric array (something that is one tensor, not a tuple). */
function isRegular(x: unknown): boolean {
  if (!Array.isArray(x)) return x === null || typeof x === 'number' || typeof x === 'boolean';
  if (x.length === 0 || !Array.isArray(x[0])) return x.every((v) => v === null || typeof v === 'number' || typeof v === 'boolean');
  const len = (x[0] as unknown[]).length;
  return x.every((v) => Array.isArray(v) && v.length === len && isRegular(v));
}

function firstDefined(rows: readonly unknown[]): unknown {
  for (const r of rows) if (r !== null && r !== undefined) return r;
  return null;
}

/**
 * Stacks a list of same-structured elements into one batch (tf.data `batch` semantics, see `BatchOf`).
 * Missing numbers (`null`) become NaN.
 * @example batchElements([{ xs: [1, 2], ys: 0 }, { xs: [3, 4], ys: 1 }]); // { xs: Tensor[2, 2], ys: Tensor[2] }
 */
export function batchElements(rows: readonly unknown[]): unknown {
  if (rows.length === 0) throw new ValueError('batch: cannot make a batch of zero elements.');
  const example = firstDefined(rows);
  if (example instanceof Tensor) return stackTensors(rows);
  if (ArrayBuffer.isView(example)) return stackTyped(rows);
  if (typeof example === 'string') return rows.map((r) => (r === null || r === undefined ? '' : String(r)));
  // A regular numeric array is one tensor; a ragged one such as [[x1, x2], y] is a tuple batched per position.
  if (isNumericLeaf(example) && isRegular(example) && rows.every(isNumericLeaf)) return stackNumbers(rows);
  if (Array.isArray(example)) {
    return example.map((_, i) => batchElements(rows.map((r) => (Array.isArray(r) ? (r as unknown[])[i] : undefined))));
  }
  if (typeof example === 'object' && example !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(example)) {
      out[key] = batchElements(rows.map((r) => (r as Record<string, unknown> | null)?.[key]));
    }
    return out;
  }
  throw new ValueError(`batch: cannot batch elements of type ${typeof example}; expected tensors, numbers, arrays, strings or objects of them.`);
}

function stackTensors(rows: readonly unknown[]): Tensor {
  const first = rows[0];
  if (!(first instanceof Tensor)) throw new ValueError('batch: mixed tensors and non-tensors in one batch position.');
  const out = allocArray(first.dtype, first.size * rows.length);
  rows.forEach((r, i) => {
    if (!(r instanceof Tensor)) throw new ValueError(`batch: element ${i} is not a tensor while element 0 is.`);
    if (!shapesEqual(r.shape, first.shape)) {
      throw new ShapeError(
        `batch: element ${i} has shape ${fmtShape(r.shape)} but element 0 has ${fmtShape(first.shape)}; ` +
          'all elements of a batch need the same shape (pad or resize them first).',
      );
    }
    out.set(r.dtype === first.dtype ? r.values : Float64Array.from(r.values), i * first.size);
  });
  return new Tensor(out, [rows.length, ...first.shape], first.dtype);
}

function stackTyped(rows: readonly unknown[]): Tensor {
  const first = rows[0] as TypedArray;
  const dtype: DataType = ArrayBuffer.isView(first) ? dtypeForView(first) : 'float32';
  const out = allocArray(dtype, first.length * rows.length);
  rows.forEach((r, i) => {
    const v = r as TypedArray;
    if (!ArrayBuffer.isView(v) || v.length !== first.length) {
      throw new ShapeError(`batch: element ${i} has length ${String((v as { length?: number })?.length)} but element 0 has ${first.length}.`);
    }
    out.set(v, i * first.length);
  });
  return new Tensor(out, [rows.length, first.length], dtype);
}

function dtypeForView(v: ArrayBufferView): DataType {
  if (v instanceof Float32Array || v instanceof Int32Array || v instanceof Float64Array) return dtypeOfArray(v);
  if (v instanceof Uint8Array || v instanceof Int8Array || v instanceof Int16Array || v instanceof Uint16Array) return 'int32';
  return 'float32';
}

function shapeOf(x: NumericArray): number[] {
  const shape: number[] = [];
  let cur: NumericArray = x;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur[0] ?? 0;
  }
  return shape;
}

function stackNumbers(rows: readonly unknown[]): Tensor {
  const example = firstDefined(rows) as NumericArray;
  const inner = example === null ? [] : shapeOf(example);
  const isBool = typeof firstLeaf(example) === 'boolean';
  const dtype: DataType = isBool ? 'bool' : 'float32';
  const innerSize = inner.reduce((a, b) => a * b, 1);
  const out = allocArray(dtype, innerSize * rows.length);
  let k = 0;
  rows.forEach((r, i) => {
    const before = k;
    const write = (v: NumericArray): void => {
      if (Array.isArray(v)) for (const e of v) write(e);
      else out[k++] = v === null ? NaN : Number(v);
    };
    if (r === null || r === undefined) {
      out.fill(NaN, k, k + innerSize);
      k += innerSize;
    } else write(r as NumericArray);
    if (k - before !== innerSize) {
      throw new ShapeError(
        `batch: element ${i} has ${k - before} values but element 0 has shape ${fmtShape(inner)}; ` +
          'all elements of a batch need the same shape.',
      );
    }
  });
  return new Tensor(out, [rows.length, ...inner], dtype);
}

function firstLeaf(x: NumericArray): NumericArray {
  let cur = x;
  while (Array.isArray(cur)) cur = cur[0] ?? 0;
  return cur;
}
