// Input conversion shared by the preprocessors: tensors or rows of cells -> numeric or categorical columns.
import { ShapeError, ValueError } from '../core/errors.js';
import type { Cell } from '../data/csv-values.js';
import { Tensor } from '../tensor/tensor.js';

/** A 2-D input to a preprocessor: a rank-2 tensor, or rows of cells (numbers, strings, null for missing). */
export type Matrix = Tensor | readonly (readonly Cell[])[];

/** Serialised form of every preprocessor (`toJSON()` output, accepted by `fromJSON`). */
export interface PreprocessorJSON {
  className: string;
  config: Record<string, unknown>;
  state: Record<string, unknown> | null;
}

/** Column-major numeric view of a matrix; missing values are NaN. */
export interface NumericColumns {
  rows: number;
  cols: Float64Array[];
}

/** Rows of cells for any matrix input (tensors become numbers). */
export function toRows(x: Matrix, where: string): Cell[][] {
  if (x instanceof Tensor) {
    if (x.rank !== 2) throw new ShapeError(`${where}: expected a rank-2 tensor [rows, features], received shape [${x.shape.join(', ')}].`);
    const [n, d] = x.shape as [number, number];
    return Array.from({ length: n }, (_, i) => Array.from(x.values.subarray(i * d, (i + 1) * d)));
  }
  if (!Array.isArray(x)) throw new ValueError(`${where}: expected a rank-2 tensor or an array of rows, received ${typeof x}.`);
  return x as Cell[][];
}

/** Number of features (columns) of a matrix; rows must all have it. */
export function widthOf(rows: readonly (readonly Cell[])[], where: string, expected?: number): number {
  const d = expected ?? rows[0]?.length ?? 0;
  rows.forEach((r, i) => {
    if (!Array.isArray(r) || r.length !== d) {
      throw new ShapeError(
        `${where}: row ${i} has ${Array.isArray(r) ? r.length : 'no'} values, expected ${d} features` +
          (expected !== undefined ? ' (as seen by fit)' : '') + '.',
      );
    }
  });
  return d;
}

/** Numeric columns of a matrix; strings are an error naming the row and feature. */
export function numericColumns(x: Matrix, where: string, expectedWidth?: number): NumericColumns {
  if (x instanceof Tensor) {
    if (x.rank !== 2) throw new ShapeError(`${where}: expected a rank-2 tensor [rows, features], received shape [${x.shape.join(', ')}].`);
    const [n, d] = x.shape as [number, number];
    if (expectedWidth !== undefined && d !== expectedWidth) {
      throw new ShapeError(`${where}: expected ${expectedWidth} features (as seen by fit), received ${d}.`);
    }
    const cols = Array.from({ length: d }, () => new Float64Array(n));
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) (cols[j] as Float64Array)[i] = x.values[i * d + j] as number;
    return { rows: n, cols };
  }
  const rows = toRows(x, where);
  const d = widthOf(rows, where, expectedWidth);
  const cols = Array.from({ length: d }, () => new Float64Array(rows.length));
  rows.forEach((r, i) => {
    for (let j = 0; j < d; j++) {
      const v = r[j];
      if (typeof v === 'string') {
        throw new ValueError(`${where}: row ${i}, feature ${j} is the string '${v}'; numeric input expected. Encode categories first.`);
      }
      (cols[j] as Float64Array)[i] = v === null || v === undefined ? NaN : v;
    }
  });
  return { rows: rows.length, cols };
}

/** A float32 [rows, cols.length] tensor from columns. */
export function columnsToTensor(rows: number, cols: readonly Float64Array[]): Tensor {
  const d = cols.length;
  const out = new Float32Array(rows * d);
  for (let j = 0; j < d; j++) {
    const c = cols[j] as Float64Array;
    for (let i = 0; i < rows; i++) out[i * d + j] = c[i] as number;
  }
  return new Tensor(out, [rows, d], 'float32');
}

/** Non-missing values of a column, sorted ascending. */
export function sortedFinite(col: Float64Array): Float64Array {
  return col.filter((v) => !Number.isNaN(v)).sort();
}

/** Linear-interpolated quantile (numpy's default) of sorted values; NaN when empty. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  return a + ((sorted[hi] as number) - a) * (pos - lo);
}
