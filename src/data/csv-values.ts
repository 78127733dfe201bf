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

/** True when `s` is a decimal number literal (so it is read as a number, not a category); spaces around are allowed. */
export function isNumeric(s: string): boolean {
  // A hand-written scanner: this runs once per CSV field, so it avoids regex and allocation.
  let i = 0;
  let n = s.length;
  while (i < n && s.charCodeAt(i) === 32) i++;
  while (n > i && s.charCodeAt(n - 1) === 32) n--;
  if (i < n && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) i++;
  const intStart = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  let digits = i - intStart;
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    const fracStart = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    digits += i - fracStart;
  }
  if (digits === 0) return false;
  if (i < n && (s.charCodeAt(i) === 101 || s.charCodeAt(i) === 69)) {
    i++;
    if (i < n && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) i++;
    const start = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === start) return false;
  }
  return i === n;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isMissingField(raw: string, missing: ReadonlySet<string>): boolean {
  if (missing.has(raw)) return true;
  const n = raw.length;
  return n > 0 && (raw.charCodeAt(0) === 32 || raw.charCodeAt(n - 1) === 32) && missing.has(raw.trim());
}

/**
 * Converts one raw field to its value under `config`. `where(line, column)` names the reader and location in
 * errors; it is only called when an error is thrown.
 * @example convertField('3.5', undefined, new Set(['']), (l, c) => `csv line ${l}, column ${c}`, 2, 'x'); // 3.5
 */
export function convertField(
  raw: string,
  config: ColumnConfig | undefined,
  missing: ReadonlySet<string>,
  where: (line: number, column: string) => string,
  line: number,
  column: string,
): number | string | boolean | null {
  if (isMissingField(raw, missing)) {
    if (config?.default !== undefined) return config.default;
    if (config?.required) throw new ValueError(`${where(line, column)}: a value is required but the field is missing ('${raw}').`);
    return null;
  }
  switch (config?.dtype) {
    case undefined:
      return isNumeric(raw) ? Number(raw) : raw;
    case 'string':
      return raw;
    case 'bool': {
      const v = raw.trim().toLowerCase();
      return v === 'true' || v === '1' ? 1 : 0;
    }
    case 'int32':
    case 'float32': {
      if (!isNumeric(raw)) throw new ValueError(`${where(line, column)}: expected a number (dtype ${config.dtype}), received '${raw}'.`);
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
