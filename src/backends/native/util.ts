// Glue shared by the native kernel registrations: dtype checks and broadcast geometry.
import type { TensorData } from '../../core/kernel-registry.js';
import type { NativeAddon } from './addon.js';

/** True when every given tensor is float32 (the only dtype the native kernels handle). */
export function allF32(...ts: TensorData[]): boolean {
  for (const t of ts) if (t.dtype !== 'float32') return false;
  return true;
}

/** The float32 storage of `t` (callers have checked the dtype through `accepts`). */
export function f32(t: TensorData): Float32Array {
  return t.values as Float32Array;
}

/** The int32 storage of `t`, or null when it has another dtype. */
export function i32(t: TensorData): Int32Array | null {
  return t.values instanceof Int32Array ? t.values : null;
}

/** The single output of a kernel. */
export function first(outputs: TensorData[]): TensorData {
  const o = outputs[0];
  if (!o) throw new Error('native kernel: the engine allocated no output');
  return o;
}

// The addon reads the geometry synchronously, so one scratch array serves every call (JS is single-threaded).
const scratch = new Float64Array(25);

function flat(rank: number, values: readonly number[]): Float64Array {
  scratch[0] = rank;
  for (let i = 0; i < values.length; i++) scratch[i + 1] = values[i] ?? 0;
  return scratch;
}

/**
 * Broadcast geometry for native `binary`: [rank, shape..., strideA..., strideB...] with adjacent dimensions merged
 * whenever both operands stay contiguous (or both broadcast) across them, so most calls collapse to rank 1 or 2.
 * Returns null when more than 8 dimensions remain. The result is a shared scratch array: pass it on at once.
 */
export function binaryGeometry(a: readonly number[], b: readonly number[], out: readonly number[]): Float64Array | null {
  const n = out.reduce((p, d) => p * d, 1);
  const an = a.reduce((p, d) => p * d, 1);
  const bn = b.reduce((p, d) => p * d, 1);
  // Fast paths for the shapes of a training step: equal shapes, a scalar operand, a bias row.
  if (an === n && bn === n) return flat(1, [n, 1, 1]);
  if (bn === 1 && an === n) return flat(1, [n, 1, 0]);
  if (an === 1 && bn === n) return flat(1, [n, 0, 1]);
  const rank = out.length;
  const sa = alignedStrides(a, out);
  const sb = alignedStrides(b, out);
  const shape: number[] = [];
  const ga: number[] = [];
  const gb: number[] = [];
  for (let d = 0; d < rank; d++) {
    const len = out[d] ?? 1;
    if (len === 1) continue;
    const last = shape.length - 1;
    const x = sa[d] ?? 0;
    const y = sb[d] ?? 0;
    // Dimension d folds into the previous kept one when each operand's stride there equals its stride here times len.
    if (last >= 0 && ga[last] === x * len && gb[last] === y * len) {
      shape[last] = (shape[last] ?? 1) * len;
      ga[last] = x;
      gb[last] = y;
      continue;
    }
    shape.push(len);
    ga.push(x);
    gb.push(y);
  }
  if (shape.length === 0) return flat(1, [1, 0, 0]);
  if (shape.length > 8) return null;
  return flat(shape.length, [...shape, ...ga, ...gb]);
}

function alignedStrides(shape: readonly number[], out: readonly number[]): number[] {
  const offset = out.length - shape.length;
  const strides = new Array<number>(out.length).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i] ?? 1;
    strides[i + offset] = d === 1 ? 0 : s;
    s *= d;
  }
  return strides;
}

/** Type of the loaded addon, re-exported for the registration files. */
export type Addon = NativeAddon;
