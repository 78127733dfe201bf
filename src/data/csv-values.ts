// Shared CSV field handling: numeric detection, missing-value markers, header detection, column configs.
import { ValueError } from '../core/errors.js';

/** One parsed table cell: a number, a string, or null for a missing value. */
export type Cell = number | string | null;

/** Per-column settings of `data.csv` (TF.js `ColumnConfig`). */
export interface ColumnConfig {
  /** Throw when the value is missing (default false). */
  required?: boolean;
  /** Force the type; by default numeric-looking fields become numbers and the rest stay strings. */
  dtype?: 'float32' | 'int32' | 'bool' | 'string';
  /** Value used when the field is missing. */
  default?: number | string | boolean;
  /** Put this column in `ys` instead of `xs` (elements become `{ xs, ys }`). */
  isLabel?: boolean;
}

/** The missing-value markers used unless configured: empty field, `?` and `NA`. */
export const DEFAULT_MISSING = ['', '?', 'NA'] as const;

const NUMERIC = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** True when `s` is a decimal number literal (so it is read as a number, not a category). */
export function isNumeric(s: string): boolean {
  return NUMERIC.test(s);
}

/**
 * Converts one raw field to its value under `config`. `where` names the reader and location for errors.
 * @example convertField('3.5', undefined, new Set(['']), 'csv line 2, column x'); // 3.5
 */
export function convertField(
  raw: string,
  config: ColumnConfig | undefined,
  missing: ReadonlySet<string>,
  where: () => string,
): number | string | boolean | null {
  if (missing.has(raw) || missing.has(raw.trim())) {
    if (config?.default !== undefined) return config.default;
    if (config?.required) throw new ValueError(`${where()}: a value is required but the field is missing ('${raw}').`);
    return null;
  }
  switch (config?.dtype) {
    case 'string':
      return raw;
    case 'bool': {
      const v = raw.trim().toLowerCase();
      return v === 'true' || v === '1' ? 1 : 0;
    }
    case 'int32':
    case 'float32': {
      if (!isNumeric(raw)) throw new ValueError(`${where()}: expected a number (dtype ${config.dtype}), received '${raw}'.`);
      const x = Number(raw);
      return config.dtype === 'int32' ? Math.trunc(x) : x;
    }
    default:
      return isNumeric(raw) ? Number(raw) : raw;
  }
}

/**
 * Header heuristic used by `hasHeader: 'auto'`: the first record is a header when every field is a non-empty,
 * non-numeric, distinct name.
 */
export function looksLikeHeader(record: readonly string[]): boolean {
  const names = record.map((s) => s.trim());
  return names.every((s) => s !== '' && !isNumeric(s)) && new Set(names).size === names.length;
}

/** Default column names for a headerless file: `column1`, `column2`, ... (1-based, like TF.js field names). */
export function defaultColumnNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `column${i + 1}`);
}
