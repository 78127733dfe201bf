// TF.js's public `tf.util` helpers that programs (and TF.js's own tests) use: sizes, flattening, string encoding,
// timing and scalar math. Pure functions; no tensors.
import { ValueError } from './errors.js';
import { sizeFromShape as shapeSize } from './shape.js';

/** The number of elements of a tensor of `shape` (1 for a scalar). @example sizeFromShape([2, 3]); // 6 */
export function sizeFromShape(shape: readonly number[]): number {
  return shapeSize(shape);
}

/** Row-major strides of `shape` without the trailing 1 (TF.js's convention). @example computeStrides([2, 3, 4]); // [12, 4] */
export function computeStrides(shape: readonly number[]): number[] {
  const strides: number[] = [];
  let s = 1;
  for (let i = shape.length - 1; i > 0; i--) {
    s *= shape[i] ?? 1;
    strides.unshift(s);
  }
  return strides;
}

/** True when two arrays have the same length and equal elements. @example arraysEqual([1, 2], [1, 2]); // true */
export function arraysEqual(a: ArrayLike<unknown>, b: ArrayLike<unknown>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Flattens nested arrays (and typed arrays inside them) into one array. @example flatten([[1, 2], [3]]); // [1, 2, 3] */
export function flatten<T>(arr: unknown, result: T[] = []): T[] {
  if (Array.isArray(arr) || ArrayBuffer.isView(arr)) {
    for (const v of Array.from(arr as ArrayLike<unknown>)) flatten(v, result);
  } else {
    result.push(arr as T);
  }
  return result;
}

/** True for the typed arrays tensors store. @example isTypedArray(new Float32Array(1)); // true */
export function isTypedArray(a: unknown): boolean {
  return a instanceof Float32Array || a instanceof Int32Array || a instanceof Uint8Array || a instanceof Float64Array;
}

/** A uniform random number in [a, b) from Math.random. @example randUniform(0, 1); */
export function randUniform(a: number, b: number): number {
  return a + Math.random() * (b - a);
}

/** Hyperbolic tangent of a number (TF.js's util.tanh, exact at the infinities). @example tanh(0); // 0 */
export function tanh(x: number): number {
  return Math.tanh(x);
}

/** Milliseconds from a monotonic clock. @example const t0 = now(); */
export function now(): number {
  return performance.now();
}

/** Throws with `msg()` unless `expr` holds. @example assert(x > 0, () => 'x must be positive'); */
export function assert(expr: boolean, msg: () => string): asserts expr {
  if (!expr) throw new ValueError(msg());
}

/** Encodes a string as UTF-8 bytes. @example encodeString('hi'); // Uint8Array [104, 105] */
export function encodeString(s: string, encoding = 'utf-8'): Uint8Array {
  if (encoding.toLowerCase().replace('-', '') !== 'utf8') {
    throw new ValueError(`encodeString: only 'utf-8' is supported, received '${encoding}'.`);
  }
  return new TextEncoder().encode(s);
}

/** Decodes bytes into a string (UTF-8 by default, or any encoding TextDecoder knows). @example decodeString(new Uint8Array([104, 105])); // 'hi' */
export function decodeString(bytes: Uint8Array, encoding = 'utf-8'): string {
  return new TextDecoder(encoding).decode(bytes);
}
