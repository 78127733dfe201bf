import type { TypedArray } from '../../core/dtype.js';
import { computeStrides } from '../../core/shape.js';
import type { TensorData } from '../../core/kernel-registry.js';

/** The single output a kernel writes. */
export function out0(outputs: TensorData[]): TensorData {
  const o = outputs[0];
  if (!o) throw new Error('kernel: the engine allocated no output');
  return o;
}

/** Strides of `shape` aligned to `outShape`'s rank, with 0 on broadcast dimensions. */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const strides = computeStrides(shape);
  const offset = outShape.length - shape.length;
  return outShape.map((_, i) => (i < offset || (shape[i - offset] ?? 1) === 1 ? 0 : (strides[i - offset] ?? 0)));
}

/**
 * Writes f(a[i], b[i]) into `out` with NumPy broadcasting. Fast paths cover equal shapes, a scalar operand and a
 * trailing-row operand (bias add); the general case walks the output with per-operand strides.
 */
export function binaryLoop(a: TensorData, b: TensorData, out: TensorData, f: (x: number, y: number) => number): void {
  const av = a.values;
  const bv = b.values;
  const ov = out.values;
  const n = out.size;
  if (a.size === n && b.size === n) {
    for (let i = 0; i < n; i++) ov[i] = f(av[i] as number, bv[i] as number);
    return;
  }
  if (b.size === 1) {
    const y = bv[0] as number;
    if (a.size === n) {
      for (let i = 0; i < n; i++) ov[i] = f(av[i] as number, y);
      return;
    }
  }
  if (a.size === 1 && b.size === n) {
    const x = av[0] as number;
    for (let i = 0; i < n; i++) ov[i] = f(x, bv[i] as number);
    return;
  }
  if (a.size === n && isTrailing(b.shape, out.shape)) {
    const m = b.size;
    for (let i = 0; i < n; i += m) for (let j = 0; j < m; j++) ov[i + j] = f(av[i + j] as number, bv[j] as number);
    return;
  }
  if (b.size === n && isTrailing(a.shape, out.shape)) {
    const m = a.size;
    for (let i = 0; i < n; i += m) for (let j = 0; j < m; j++) ov[i + j] = f(av[j] as number, bv[i + j] as number);
    return;
  }
  generalBroadcast(av, bv, ov, broadcastStrides(a.shape, out.shape), broadcastStrides(b.shape, out.shape), out.shape, f);
}

/** True when `shape`'s elements repeat as contiguous rows of `outShape` (e.g. [C] against [N, C]). */
export function isTrailing(shape: readonly number[], outShape: readonly number[]): boolean {
  const offset = outShape.length - shape.length;
  let i = 0;
  while (i < shape.length && shape[i] === 1) i++;
  for (let j = i; j < shape.length; j++) if (shape[j] !== outShape[j + offset]) return false;
  return shape.length > 0;
}

function generalBroadcast(
  av: TypedArray,
  bv: TypedArray,
  ov: TypedArray,
  sa: number[],
  sb: number[],
  shape: readonly number[],
  f: (x: number, y: number) => number,
): void {
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  let ia = 0;
  let ib = 0;
  const n = ov.length;
  const last = rank - 1;
  const inner = shape[last] ?? 1;
  const saL = sa[last] ?? 0;
  const sbL = sb[last] ?? 0;
  for (let o = 0; o < n; o += inner) {
    for (let j = 0; j < inner; j++) ov[o + j] = f(av[ia + j * saL] as number, bv[ib + j * sbL] as number);
    for (let d = last - 1; d >= 0; d--) {
      idx[d] = (idx[d] ?? 0) + 1;
      ia += sa[d] ?? 0;
      ib += sb[d] ?? 0;
      if ((idx[d] ?? 0) < (shape[d] ?? 1)) break;
      ia -= (sa[d] ?? 0) * (shape[d] ?? 1);
      ib -= (sb[d] ?? 0) * (shape[d] ?? 1);
      idx[d] = 0;
    }
  }
}

/** Writes f(x[i]) into `out`. */
export function unaryLoop(x: TensorData, out: TensorData, f: (v: number) => number): void {
  const xv = x.values;
  const ov = out.values;
  for (let i = 0; i < ov.length; i++) ov[i] = f(xv[i] as number);
}

/**
 * Splits a reduction over sorted `axes` of `shape` into [outer, reduced, inner] loops when the axes are contiguous;
 * otherwise returns null and the caller transposes first.
 */
export function reduceSplit(shape: readonly number[], axes: readonly number[]): { outer: number; reduce: number; inner: number } | null {
  if (axes.length === 0) return { outer: shape.reduce((p, d) => p * d, 1), reduce: 1, inner: 1 };
  for (let i = 1; i < axes.length; i++) if (axes[i] !== (axes[i - 1] ?? 0) + 1) return null;
  const first = axes[0] ?? 0;
  const lastAxis = axes[axes.length - 1] ?? 0;
  let outer = 1;
  let reduce = 1;
  let inner = 1;
  shape.forEach((d, i) => {
    if (i < first) outer *= d;
    else if (i <= lastAxis) reduce *= d;
    else inner *= d;
  });
  return { outer, reduce, inner };
}

/** Copies `x` into a new array with its axes permuted by `perm` (used by kernels that need a layout). */
export function permuteValues(x: TensorData, perm: readonly number[], out: TypedArray): void {
  const rank = x.shape.length;
  const inStrides = computeStrides(x.shape);
  const outShape = perm.map((p) => x.shape[p] ?? 1);
  const srcStrides = perm.map((p) => inStrides[p] ?? 0);
  const idx = new Array<number>(rank).fill(0);
  const xv = x.values;
  let src = 0;
  const n = out.length;
  const last = rank - 1;
  if (rank === 0) {
    if (n > 0) out[0] = xv[0] as number;
    return;
  }
  const inner = outShape[last] ?? 1;
  const sL = srcStrides[last] ?? 0;
  for (let o = 0; o < n; o += inner) {
    for (let j = 0; j < inner; j++) out[o + j] = xv[src + j * sL] as number;
    for (let d = last - 1; d >= 0; d--) {
      idx[d] = (idx[d] ?? 0) + 1;
      src += srcStrides[d] ?? 0;
      if ((idx[d] ?? 0) < (outShape[d] ?? 1)) break;
      src -= (srcStrides[d] ?? 0) * (outShape[d] ?? 1);
      idx[d] = 0;
    }
  }
}
