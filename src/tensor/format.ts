// Tensor rendering for `toString()`/`print()`, in TF.js's text format (its tests compare whole strings): values
// with at most 7 decimals and trailing zeros dropped, columns right-padded to the widest entry of each column,
// dimensions longer than 20 shown as their first and last 3 entries around `...`, complex values as `a + bj`,
// strings quoted. Rows of rank >= 3 tensors are separated by one more blank line per extra dimension.
import type { DataType, TypedArray } from '../core/dtype.js';
import type { NestedArray } from './tensor.js';

/** Converts flat row-major values to nested arrays. */
export function toNested<T>(values: ArrayLike<T>, shape: readonly number[]): NestedArray<T> {
  if (shape.length === 0) return values[0] as T;
  const rec = (dim: number, offset: number): NestedArray<T>[] => {
    const n = shape[dim] ?? 0;
    const out = new Array<NestedArray<T>>(n);
    if (dim === shape.length - 1) {
      for (let i = 0; i < n; i++) out[i] = values[offset + i] as T;
      return out;
    }
    let stride = 1;
    for (let d = dim + 1; d < shape.length; d++) stride *= shape[d] ?? 1;
    for (let i = 0; i < n; i++) out[i] = rec(dim + 1, offset + i * stride);
    return out;
  };
  return rec(0, 0);
}

const LIMIT = 20;
const EDGE = 3;
const DIGITS = 7;

type Flat = TypedArray | readonly string[];

function num(v: number): string {
  return String(parseFloat(v.toFixed(DIGITS)));
}

// Element i of the flat values as text (complex64 values are interleaved [re, im]).
function element(values: Flat, i: number, dtype: DataType): string {
  if (dtype === 'string') return `'${String(values[i])}'`;
  const v = Number(values[dtype === 'complex64' ? 2 * i : i]);
  if (dtype === 'bool') return v === 0 ? 'false' : 'true';
  if (dtype === 'complex64') return `${num(v)} + ${num(Number(values[2 * i + 1]))}j`;
  return num(v);
}

function shownIndices(n: number): number[] {
  if (n <= LIMIT) return Array.from({ length: n }, (_, i) => i);
  return [...Array.from({ length: EDGE }, (_, i) => i), -1, ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)];
}

/** Renders values like TF.js `print()`: nested brackets, long dimensions elided with `...`. */
export function formatTensor(values: Flat, shape: readonly number[], dtype: DataType): string {
  const rank = shape.length;
  if (rank === 0) {
    if (dtype === 'complex64' || dtype === 'bool') return `    ${element(values, 0, dtype)}`;
    return `    ${String(values[0])}`;
  }
  const cols = shape[rank - 1] ?? 0;
  const size = shape.reduce((a, b) => a * b, 1);
  // Width of each column over every row (TF.js pads only tensors of rank 2 and more).
  const pad = new Array<number>(cols).fill(0);
  if (rank > 1) {
    for (let i = 0; i < size; i++) pad[i % cols] = Math.max(pad[i % cols] ?? 0, element(values, i, dtype).length);
  }
  const lines = block(values, shape, 0, 0, dtype, pad, true);
  return lines.map((l) => `    ${l}`).join('\n');
}

function block(values: Flat, shape: readonly number[], dim: number, offset: number, dtype: DataType, pad: number[], isLast: boolean): string[] {
  const rank = shape.length - dim;
  const n = shape[dim] ?? 0;
  if (rank === 1) {
    const items = shownIndices(n).map((i) => (i < 0 ? '...' : element(values, offset + i, dtype).padEnd(pad[i] ?? 0)));
    return [`[${items.join(', ')}]`];
  }
  let stride = 1;
  for (let d = dim + 1; d < shape.length; d++) stride *= shape[d] ?? 1;
  const lines: string[] = [];
  for (const i of shownIndices(n)) {
    if (i < 0) lines.push('...');
    else lines.push(...block(values, shape, dim + 1, offset + i * stride, dtype, pad, i === n - 1));
  }
  const sep = rank === 2 ? ',' : '';
  lines[0] = `[${n > 0 ? `${lines[0] ?? ''}${sep}` : ''}`;
  for (let i = 1; i < lines.length - 1; i++) lines[i] = ` ${lines[i] ?? ''}${sep}`;
  const gap = `,\n${'\n'.repeat(Math.max(0, rank - 2))}`;
  const last = lines.length - 1;
  lines[last] = ` ${lines[last] ?? ''}]${isLast ? '' : gap}`;
  return lines;
}
