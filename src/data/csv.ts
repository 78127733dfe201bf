// tf.data.csv: a streaming CSV dataset. The file is read in chunks and parsed incrementally, so a CSV larger than
// memory can be iterated (and trained on) with flat memory use.
import { ConfigError, ValueError } from '../core/errors.js';
import { CsvParser, type CsvParseOptions } from './csv-parser.js';
import { type ColumnConfig, DEFAULT_MISSING, convertField, defaultColumnNames, looksLikeHeader } from './csv-values.js';
import { Dataset } from './dataset.js';
import { readTextChunks, toPath } from './file-stream.js';

/** Options of `data.csv` (TF.js `CSVConfig` plus delimiters, missing markers and junk-line skipping). */
export interface CsvConfig extends CsvParseOptions {
  /** Whether the first record names the columns: true, false, or 'auto' (detect; the default). */
  hasHeader?: boolean | 'auto';
  /** Column names; they replace the header when there is one. */
  columnNames?: string[];
  /** Per-column settings, keyed by column name. */
  columnConfigs?: Record<string, ColumnConfig>;
  /** Keep only the columns named in `columnConfigs`. */
  configuredColumnsOnly?: boolean;
  /** Physical lines to drop before parsing (e.g. 1 for adult.test's `|1x3 Cross validator` line). */
  skipLines?: number;
  /** Records whose first field starts with this string are ignored (e.g. '|' or '#'). */
  comment?: string;
  /** Field values that mean "missing" (default `['', '?', 'NA']`). */
  missingValues?: readonly string[];
}

/** One CSV element: a row object, or `{ xs, ys }` when some column is a label. */
export type CsvRow = Record<string, number | string | boolean | null>;
/** The element type of a CSV dataset. */
export type CsvElement = CsvRow | { xs: CsvRow; ys: CsvRow };

interface Prepared {
  names: string[];
  keep: number[];
  labels: boolean[];
}

/**
 * A dataset of CSV rows streamed from a file. Fields that look numeric become numbers, others stay strings,
 * missing values become `null` (NaN once batched) unless a `default` is configured.
 * @example const ds = csv('adult.data', { hasHeader: false, columnNames, delimiter: ', ', columnConfigs: { income: { isLabel: true } } });
 */
export class CsvDataset extends Dataset<CsvElement> {
  private readonly path: string;
  private readonly config: CsvConfig;

  constructor(source: string | URL, config: CsvConfig = {}) {
    const path = toPath(source);
    super(() => iterateCsv(path, config));
    this.path = path;
    this.config = config;
    if (config.skipLines !== undefined && (!Number.isInteger(config.skipLines) || config.skipLines < 0)) {
      throw new ConfigError(`data.csv: skipLines must be a non-negative integer, received ${String(config.skipLines)}.`);
    }
  }

  /** The column names (from `columnNames`, the header, or `column1..N`). @example await ds.columnNames(); */
  async columnNames(): Promise<string[]> {
    for await (const ev of records(this.path, this.config)) return ev.names;
    return this.config.columnNames ? [...this.config.columnNames] : [];
  }
}

/**
 * Streams a CSV file as a dataset (TF.js `tf.data.csv`); see `CsvConfig`. Label columns (`isLabel`) give `{ xs, ys }`.
 * @example const ds = csv('data.csv', { columnConfigs: { price: { isLabel: true } } }).batch(32);
 */
export function csv(source: string | URL, config: CsvConfig = {}): CsvDataset {
  return new CsvDataset(source, config);
}

interface RecordEvent {
  names: string[];
  /** A run of data records (null for the event announcing the column names). */
  records: string[][] | null;
  lines: number[];
}

/** Yields the column names once (record null), then every data record with its line number. */
async function* records(path: string, config: CsvConfig): AsyncGenerator<RecordEvent> {
  const where = `data.csv('${path}')`;
  const parser = new CsvParser(config);
  let toSkip = config.skipLines ?? 0;
  const lineOffset = toSkip;
  let names: string[] | null = null;
  const hasHeader = config.hasHeader ?? 'auto';
  async function* chunks(): AsyncGenerator<string> {
    // 256 KB chunks: each chunk's rows are converted together, so this bounds the rows held at once.
    for await (let chunk of readTextChunks(path, where, 256 * 1024)) {
      while (toSkip > 0 && chunk.length > 0) {
        const nl = chunk.indexOf('\n');
        if (nl === -1) {
          chunk = '';
          break;
        }
        chunk = chunk.slice(nl + 1);
        toSkip--;
      }
      if (chunk.length > 0) yield chunk;
    }
  }
  // Records are passed on per chunk, not one by one: one async step per chunk keeps the per-row cost low.
  const handle = function* (recs: string[][]): Generator<RecordEvent> {
    const lines = parser.recordLines;
    const outRecs: string[][] = [];
    const outLines: number[] = [];
    for (let k = 0; k < recs.length; k++) {
      const rec = recs[k] as string[];
      const line = (lines[k] ?? 0) + lineOffset;
      if (config.comment !== undefined && (rec[0] ?? '').startsWith(config.comment)) continue;
      if (names === null) {
        const isHeader = hasHeader === 'auto' ? looksLikeHeader(rec) : hasHeader;
        names = config.columnNames ? [...config.columnNames] : isHeader ? rec.map((s) => s.trim()) : defaultColumnNames(rec.length);
        yield { names, records: null, lines: [] };
        if (isHeader) continue;
      }
      if (rec.length !== names.length) {
        throw new ValueError(
          `${where}: line ${line} has ${rec.length} fields, expected ${names.length} (${names.join(', ')}). ` +
            'Check the delimiter and quoting, or set skipLines/comment to skip junk lines.',
        );
      }
      outRecs.push(rec);
      outLines.push(line);
    }
    if (outRecs.length > 0 && names !== null) yield { names, records: outRecs, lines: outLines };
  };
  for await (const chunk of chunks()) yield* handle(parser.push(chunk));
  yield* handle(parser.end());
}

function prepare(names: string[], config: CsvConfig, where: string): Prepared {
  const configs = config.columnConfigs ?? {};
  for (const key of Object.keys(configs)) {
    if (!names.includes(key)) {
      throw new ConfigError(`${where}: columnConfigs names '${key}', which is not a column; columns are ${names.join(', ')}.`);
    }
  }
  const keep = names.map((_, i) => i).filter((i) => !config.configuredColumnsOnly || configs[names[i] as string] !== undefined);
  return { names, keep, labels: names.map((n) => configs[n]?.isLabel === true) };
}

async function* iterateCsv(path: string, config: CsvConfig): AsyncGenerator<CsvElement[]> {
  const where = (line: number, column: string): string => `data.csv('${path}'): line ${line}, column '${column}'`;
  const missing = new Set(config.missingValues ?? DEFAULT_MISSING);
  const configs = config.columnConfigs ?? {};
  let prep: Prepared | null = null;
  let hasLabels = false;
  let colConfigs: (ColumnConfig | undefined)[] = [];
  for await (const ev of records(path, config)) {
    if (ev.records === null) {
      prep = prepare(ev.names, config, `data.csv('${path}')`);
      hasLabels = prep.labels.some(Boolean);
      colConfigs = ev.names.map((n) => configs[n]);
      continue;
    }
    const p = prep as Prepared;
    const out: CsvElement[] = [];
    for (let r = 0; r < ev.records.length; r++) {
      const rec = ev.records[r] as string[];
      const line = ev.lines[r] as number;
      const xs: CsvRow = {};
      const ys: CsvRow = {};
      for (const i of p.keep) {
        const name = p.names[i] as string;
        const value = convertField(rec[i] as string, colConfigs[i], missing, where, line, name);
        if (p.labels[i]) ys[name] = value;
        else xs[name] = value;
      }
      out.push(hasLabels ? { xs, ys } : xs);
    }
    yield out;
  }
}
