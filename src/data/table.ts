// In-memory tables for small files: read a whole CSV into columns and rows, with per-column types.
import { ConfigError, ValueError } from '../core/errors.js';
import { CsvParser } from './csv-parser.js';
import { type Cell, DEFAULT_MISSING, defaultColumnNames, isNumeric, looksLikeHeader } from './csv-values.js';
import type { CsvConfig } from './csv.js';
import { readTextChunks, toPath } from './file-stream.js';

/** A small in-memory table: column names and rows of cells (number, string, or null when missing). */
export interface Table {
  columns: string[];
  rows: Cell[][];
}

/** Options of `readCsv`/`parseCsv`: the `data.csv` options that make sense for a whole table. */
export type TableOptions = Omit<CsvConfig, 'columnConfigs' | 'configuredColumnsOnly'> & {
  /** Force columns to be read as strings even when they look numeric. */
  stringColumns?: readonly string[];
};

function buildTable(records: string[][], lines: number[], options: TableOptions, where: string): Table {
  const kept: string[][] = [];
  const keptLines: number[] = [];
  records.forEach((r, i) => {
    if (options.comment !== undefined && (r[0] ?? '').startsWith(options.comment)) return;
    kept.push(r);
    keptLines.push(lines[i] ?? 0);
  });
  if (kept.length === 0) return { columns: options.columnNames ? [...options.columnNames] : [], rows: [] };
  const first = kept[0] as string[];
  const hasHeader = options.hasHeader ?? 'auto';
  const isHeader = hasHeader === 'auto' ? looksLikeHeader(first) : hasHeader;
  const columns = options.columnNames ? [...options.columnNames] : isHeader ? first.map((s) => s.trim()) : defaultColumnNames(first.length);
  const body = isHeader ? kept.slice(1) : kept;
  const bodyLines = isHeader ? keptLines.slice(1) : keptLines;
  body.forEach((r, i) => {
    if (r.length !== columns.length) {
      throw new ValueError(
        `${where}: line ${bodyLines[i]} has ${r.length} fields, expected ${columns.length} (${columns.join(', ')}). ` +
          'Check the delimiter and quoting, or set skipLines/comment to skip junk lines.',
      );
    }
  });
  const missing = new Set(options.missingValues ?? DEFAULT_MISSING);
  const forced = new Set(options.stringColumns ?? []);
  for (const c of forced) if (!columns.includes(c)) throw new ConfigError(`${where}: stringColumns names '${c}', which is not a column.`);
  const numeric = columns.map(
    (name, j) => !forced.has(name) && body.every((r) => missing.has((r[j] as string).trim()) || isNumeric(r[j] as string)),
  );
  const rows = body.map((r) =>
    r.map((raw, j): Cell => {
      const v = raw.trim();
      if (missing.has(v) || missing.has(raw)) return null;
      return numeric[j] ? Number(v) : v;
    }),
  );
  return { columns, rows };
}

function dropLines(text: string, n: number): string {
  let start = 0;
  for (let k = 0; k < n; k++) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) return '';
    start = nl + 1;
  }
  return text.slice(start);
}

/**
 * Parses CSV text into a `Table`. A column is numeric when all its non-missing values are numbers; strings are trimmed.
 * @example parseCsv('a,b\n1,x\n?,y\n'); // { columns: ['a', 'b'], rows: [[1, 'x'], [null, 'y']] }
 */
export function parseCsv(text: string, options: TableOptions = {}): Table {
  const skip = options.skipLines ?? 0;
  const p = new CsvParser(options);
  const recs = p.push(dropLines(text, skip));
  const lines = p.recordLines.map((l) => l + skip);
  const tail = p.end();
  lines.push(...p.recordLines.map((l) => l + skip));
  return buildTable([...recs, ...tail], lines, options, 'parseCsv');
}

/**
 * Reads a whole (small) CSV file, plain or gzip, into a `Table` (streamed from disk, held in memory).
 * @example const t = await readCsv('adult.data', { hasHeader: false, delimiter: ',', skipInitialSpace: true });
 */
export async function readCsv(source: string | URL, options: TableOptions = {}): Promise<Table> {
  const path = toPath(source);
  const where = `readCsv('${path}')`;
  const p = new CsvParser(options);
  const recs: string[][] = [];
  const lines: number[] = [];
  let toSkip = options.skipLines ?? 0;
  const skip = toSkip;
  const collect = (r: string[][]): void => {
    recs.push(...r);
    lines.push(...p.recordLines.map((l) => l + skip));
  };
  for await (let chunk of readTextChunks(path, where)) {
    while (toSkip > 0 && chunk.length > 0) {
      const nl = chunk.indexOf('\n');
      chunk = nl === -1 ? '' : chunk.slice(nl + 1);
      if (nl !== -1) toSkip--;
    }
    if (chunk.length > 0) collect(p.push(chunk));
  }
  collect(p.end());
  return buildTable(recs, lines, options, where);
}

/**
 * The values of one column of a table.
 * @example column(table, 'age'); // [39, 50, ...]
 */
export function column(table: Table, name: string): Cell[] {
  const j = table.columns.indexOf(name);
  if (j === -1) throw new ConfigError(`column: no column '${name}'; columns are ${table.columns.join(', ')}.`);
  return table.rows.map((r) => r[j] as Cell);
}
