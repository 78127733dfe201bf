import { DTypeError } from './errors.js';
import { SLAB_MAX_BYTES, carve, carvedFrom } from './slab.js';

/**
 * Element types a tensor can hold; `float64` is an extension over TF.js for sharp gradient checks. A `string`
 * tensor's `values` are Int32Array indices into its `strings` table; a `complex64` tensor's `values` are the real
 * parts and `imag` the imaginary parts (see docs/ARCHITECTURE.md, Tensors); `bfloat16`
 * is an extension for mixed precision (the upper 16 bits of a float32 in a Uint16Array; only casts, the bf16
 * matmul and convolution and safetensors read it, see src/ops/bf16.ts).
 */
export type DataType = 'float32' | 'int32' | 'bool' | 'float64' | 'complex64' | 'string' | 'bfloat16';

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
  bfloat16: Uint16Array;
}

/** The typed array that stores each dtype. */
export type TypedArray = Float32Array | Int32Array | Uint8Array | Float64Array | Uint16Array;

/** Anything that can become a tensor's values. */
export type RecursiveArray<T> = T | RecursiveArray<T>[];

// string: one int32 index per element; complex64: the float32 real parts (the imaginary parts live beside them).
const BYTES: Record<DataType, number> = { bool: 1, int32: 4, float32: 4, float64: 8, complex64: 4, string: 4, bfloat16: 2 };

// bfloat16 combined with float32 computes in float32.
const RANK: Record<DataType, number> = { bool: 0, int32: 1, bfloat16: 1.5, float32: 2, float64: 3, complex64: 4, string: 5 };

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
      case 'bfloat16':
        return new Uint16Array(carvedFrom, at, size);
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
    case 'bfloat16':
      return new Uint16Array(size);
    default:
      throw new DTypeError(`unknown dtype '${String(dtype)}'; expected one of float32, int32, bool, float64, complex64, string, bfloat16.`);
  }
}

/** A copy of `values` in storage from `allocArray` (a slab view when small, unlike `TypedArray.slice`). */
export function copyArray<T extends TypedArray>(values: T): T {
  const out = allocArray(dtypeOfArray(values), values.length) as T;
  out.set(values);
  return out;
}

/** Copies numbers into a new typed array of `dtype`, rounding/truncating like TF.js casts do. */
export function toTypedArray(values: ArrayLike<number | boolean>, dtype: DataType): TypedArray {
  const out = allocArray(dtype, values.length);
  if (dtype === 'bool') {
    for (let i = 0; i < values.length; i++) out[i] = values[i] ? 1 : 0;
  } else if (dtype === 'bfloat16') {
    for (let i = 0; i < values.length; i++) out[i] = f32ToBf16Bits(Number(values[i]));
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
  if (values instanceof Uint16Array) return 'bfloat16';
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
    throw new DTypeError(`${where}: unknown dtype '${dtype}'; expected one of float32, int32, bool, float64, complex64, string, bfloat16.`);
  }
}

const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);

/** The bfloat16 bits nearest to `x` (round to nearest, ties to even; NaN stays a quiet NaN). */
export function f32ToBf16Bits(x: number): number {
  f32Scratch[0] = x;
  const u = u32Scratch[0] as number;
  if ((u & 0x7fffffff) > 0x7f800000) return ((u >>> 16) | 0x40) & 0xffff;
  return ((u + 0x7fff + ((u >>> 16) & 1)) >>> 16) & 0xffff;
}

/** The float32 value of bfloat16 bits (exact). */
export function bf16BitsToF32(bits: number): number {
  u32Scratch[0] = (bits & 0xffff) << 16;
  return f32Scratch[0] as number;
}
