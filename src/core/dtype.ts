import { DTypeError } from './errors.js';
import { SLAB_MAX_BYTES, carve, carvedFrom } from './slab.js';

/**
 * Element types a tensor can hold; `float64` is an extension over TF.js for sharp gradient checks. A `string`
 * tensor's `values` are Int32Array indices into its `strings` table; a `complex64` tensor's `values` are the real
 * parts and `imag` the imaginary parts (see docs/ARCHITECTURE.md, Tensors).
 */
export type DataType = 'float32' | 'int32' | 'bool' | 'float64' | 'complex64' | 'string';

/** Every dtype but `string`. */
export type NumericDataType = Exclude<DataType, 'string'>;

/** What `dataSync<D>()` returns for each dtype (complex64: interleaved [re, im, ...]; string: decoded text). */
export interface DataTypeMap {
  float32: Float32Array;
  int32: Int32Array;
  bool: Uint8Array;
  float64: Float64Array;
  complex64: Float32Array;
  string: string[];
}

/** The typed array that stores each dtype. */
export type TypedArray = Float32Array | Int32Array | Uint8Array | Float64Array;

/** Anything that can become a tensor's values. */
export type RecursiveArray<T> = T | RecursiveArray<T>[];

// string: one int32 index per element; complex64: the float32 real parts (the imaginary parts live beside them).
const BYTES: Record<DataType, number> = { bool: 1, int32: 4, float32: 4, float64: 8, complex64: 4, string: 4 };

const RANK: Record<DataType, number> = { bool: 0, int32: 1, float32: 2, float64: 3, complex64: 4, string: 5 };

/**
 * Allocates a zero-filled array of `size` elements for `dtype`. Arrays of at most 1 KiB are views onto a shared slab
 * (see slab.ts): their `.buffer` is larger than they are, so read them through `byteOffset`/`byteLength`.
 */
export function allocArray(dtype: DataType, size: number): TypedArray {
  const bytes = size * BYTES[dtype];
  if (bytes > 0 && bytes <= SLAB_MAX_BYTES) {
    const at = carve(bytes);
    switch (dtype) {
      case 'float32':
      case 'complex64':
        return new Float32Array(carvedFrom, at, size);
      case 'int32':
      case 'string':
        return new Int32Array(carvedFrom, at, size);
      case 'bool':
        return new Uint8Array(carvedFrom, at, size);
      case 'float64':
        return new Float64Array(carvedFrom, at, size);
    }
  }
  switch (dtype) {
    case 'float32':
    case 'complex64':
      return new Float32Array(size);
    case 'int32':
    case 'string':
      return new Int32Array(size);
    case 'bool':
      return new Uint8Array(size);
    case 'float64':
      return new Float64Array(size);
    default:
      throw new DTypeError(`unknown dtype '${String(dtype)}'; expected one of float32, int32, bool, float64, complex64, string.`);
  }
}

/** A copy of `values` in storage from `allocArray` (a slab view when small, unlike `TypedArray.slice`). */
export function copyArray<T extends TypedArray>(values: T): T {
  const out = allocArray(dtypeOfArray(values), values.length) as T;
  out.set(values as never);
  return out;
}

/** Copies numbers into a new typed array of `dtype`, rounding/truncating like TF.js casts do. */
export function toTypedArray(values: ArrayLike<number | boolean>, dtype: DataType): TypedArray {
  const out = allocArray(dtype, values.length);
  if (dtype === 'bool') {
    for (let i = 0; i < values.length; i++) out[i] = values[i] ? 1 : 0;
  } else if (dtype === 'int32') {
    for (let i = 0; i < values.length; i++) out[i] = Math.trunc(Number(values[i]));
  } else {
    for (let i = 0; i < values.length; i++) out[i] = Number(values[i]);
  }
  return out;
}

/** The dtype a typed array stores. */
export function dtypeOfArray(values: TypedArray): DataType {
  if (values instanceof Float32Array) return 'float32';
  if (values instanceof Int32Array) return 'int32';
  if (values instanceof Uint8Array) return 'bool';
  return 'float64';
}

/** TF.js promotion: bool < int32 < float32 (< float64) < complex64; strings mix with nothing else. */
export function upcastType(a: DataType, b: DataType): DataType {
  if ((a === 'string') !== (b === 'string')) {
    throw new DTypeError(`Can not upcast ${a} with ${b}: strings and numbers do not mix; convert one side first.`);
  }
  return RANK[a] >= RANK[b] ? a : b;
}

/** True for float32 and float64. */
export function isFloat(dtype: DataType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/** The dtype of a floating result computed from `dtype` (int and bool become float32). */
export function floatType(dtype: DataType): DataType {
  return isFloat(dtype) ? dtype : 'float32';
}

/** Throws unless `dtype` is a known dtype. */
export function assertDType(dtype: string, where: string): asserts dtype is DataType {
  if (!(dtype in RANK)) {
    throw new DTypeError(`${where}: unknown dtype '${dtype}'; expected one of float32, int32, bool, float64, complex64, string.`);
  }
}
