import type { DataType, TypedArray } from '../core/dtype.js';
import type { NestedArray } from './tensor.js';

/** Converts flat row-major values to nested arrays. */
export function toNested(values: TypedArray, shape: readonly number[]): NestedArray {
  if (shape.length === 0) return values[0] ?? 0;
  const rec = (dim: number, offset: number): NestedArray[] => {
    const n = shape[dim] ?? 0;
    const out: NestedArray[] = new Array<NestedArray>(n);
    if (dim === shape.length - 1) {
      for (let i = 0; i < n; i++) out[i] = values[offset + i] ?? 0;
      return out;
    }
    let stride = 1;
    for (let d = dim + 1; d < shape.length; d++) stride *= shape[d] ?? 1;
    for (let i = 0; i < n; i++) out[i] = rec(dim + 1, offset + i * stride);
    return out;
  };
  return rec(0, 0);
}

const MAX_ITEMS = 6;

function fmtValue(v: number, dtype: DataType): string {
  if (dtype === 'bool') return v ? 'true' : 'false';
  if (dtype === 'int32') return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
  return Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-4 && v !== 0) ? v.toExponential(4) : v.toFixed(4);
}

/** Renders values like TF.js `print()`: nested brackets, long dimensions elided with `...`. */
export function formatTensor(values: TypedArray, shape: readonly number[], dtype: DataType): string {
  if (shape.length === 0) return `    ${fmtValue(values[0] ?? 0, dtype)}`;
  const rec = (dim: number, offset: number, indent: string): string => {
    const n = shape[dim] ?? 0;
    let stride = 1;
    for (let d = dim + 1; d < shape.length; d++) stride *= shape[d] ?? 1;
    const idx = n > MAX_ITEMS ? [0, 1, 2, -1, n - 3, n - 2, n - 1] : Array.from({ length: n }, (_, i) => i);
    if (dim === shape.length - 1) {
      return `[${idx.map((i) => (i < 0 ? '...' : fmtValue(values[offset + i] ?? 0, dtype))).join(', ')}]`;
    }
    const parts = idx.map((i) => (i < 0 ? '...' : rec(dim + 1, offset + i * stride, `${indent} `)));
    return `[${parts.join(`,\n${indent} `)}]`;
  };
  return `    ${rec(0, 0, '    ')}`;
}
