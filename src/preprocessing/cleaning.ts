// Table cleaning: drop duplicate / incomplete rows, impute, and clip or drop outliers, with a report of every change.
import { ConfigError, ValueError } from '../core/errors.js';
import type { Cell } from '../data/csv-values.js';
import type { Table } from '../data/table.js';
import { type ImputeStrategy, SimpleImputer, type SimpleImputerConfig, isMissing } from './imputer.js';
import type { PreprocessorJSON } from './matrix.js';
import { OutlierDetector, type OutlierDetectorConfig } from './outliers.js';

/** Rows removed for one reason. */
export interface DroppedRows {
  reason: string;
  /** Row indices in the table given to that step. */
  rows: number[];
}

/**
 * What a cleaning step changed: rows dropped and why, values imputed and values clipped per column.
 * `toString()` renders it for people.
 */
export class CleaningReport {
  rowsIn = 0;
  rowsOut = 0;
  readonly dropped: DroppedRows[] = [];
  readonly imputed: { column: string; count: number; value: Cell; strategy: string }[] = [];
  readonly clipped: { column: string; count: number; low: number; high: number }[] = [];
  readonly notes: string[] = [];

  /** Adds a free-form line (e.g. a label normalisation done by the caller). */
  note(text: string): this {
    this.notes.push(text);
    return this;
  }

  /** Total rows dropped. */
  get rowsDropped(): number {
    return this.dropped.reduce((a, d) => a + d.rows.length, 0);
  }

  /** A readable multi-line summary. */
  toString(): string {
    const lines = [`Cleaning report: ${this.rowsIn} rows in, ${this.rowsOut} rows out`];
    for (const d of this.dropped) lines.push(`  dropped ${d.rows.length} row(s): ${d.reason}`);
    for (const m of this.imputed) {
      if (m.count > 0) lines.push(`  imputed ${m.count} missing value(s) in '${m.column}' with ${JSON.stringify(m.value)} (${m.strategy})`);
    }
    for (const c of this.clipped) {
      if (c.count > 0) lines.push(`  clipped ${c.count} value(s) in '${c.column}' to [${fmt(c.low)}, ${fmt(c.high)}]`);
    }
    for (const n of this.notes) lines.push(`  ${n}`);
    if (lines.length === 1) lines.push('  no changes');
    return lines.join('\n');
  }
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(6);
}

function colIndex(table: Table, name: string, where: string): number {
  const j = table.columns.indexOf(name);
  if (j === -1) throw new ConfigError(`${where}: no column '${name}'; columns are ${table.columns.join(', ')}.`);
  return j;
}

/**
 * Removes repeated rows (comparing `subset` columns, default all), keeping the first occurrence.
 * @example const { table, report } = dropDuplicates(t); report.toString();
 */
export function dropDuplicates(table: Table, options: { subset?: readonly string[] } = {}, report = new CleaningReport()): { table: Table; report: CleaningReport } {
  const idx = (options.subset ?? table.columns).map((c) => colIndex(table, c, 'dropDuplicates'));
  const seen = new Set<string>();
  const keep: Cell[][] = [];
  const dropped: number[] = [];
  table.rows.forEach((r, i) => {
    const k = JSON.stringify(idx.map((j) => r[j]));
    if (seen.has(k)) dropped.push(i);
    else {
      seen.add(k);
      keep.push(r);
    }
  });
  if (report.rowsIn === 0) report.rowsIn = table.rows.length;
  report.dropped.push({ reason: `duplicate rows${options.subset ? ` (by ${options.subset.join(', ')})` : ''}, first occurrence kept`, rows: dropped });
  report.rowsOut = keep.length;
  return { table: { columns: [...table.columns], rows: keep }, report };
}

/**
 * Removes rows with a missing value in any of `columns` (default all).
 * @example dropMissing(t, { columns: ['income'] });
 */
export function dropMissing(table: Table, options: { columns?: readonly string[] } = {}, report = new CleaningReport()): { table: Table; report: CleaningReport } {
  const names = options.columns ?? table.columns;
  const idx = names.map((c) => colIndex(table, c, 'dropMissing'));
  const dropped: number[] = [];
  const keep = table.rows.filter((r, i) => {
    const bad = idx.some((j) => isMissing(r[j]));
    if (bad) dropped.push(i);
    return !bad;
  });
  if (report.rowsIn === 0) report.rowsIn = table.rows.length;
  report.dropped.push({ reason: `missing value in ${names.join(', ')}`, rows: dropped });
  report.rowsOut = keep.length;
  return { table: { columns: [...table.columns], rows: keep }, report };
}

/** Options of `TableCleaner`; steps run in this order. */
export interface TableCleanerConfig {
  /** Drop rows with a missing value in these columns (e.g. the label). */
  dropMissing?: string[];
  /** Drop repeated rows (training data only). */
  dropDuplicates?: boolean | { subset: string[] };
  /** Per column: an imputation strategy or full `SimpleImputer` options. */
  impute?: Record<string, ImputeStrategy | SimpleImputerConfig>;
  /** Outlier handling on numeric columns; 'drop' removes rows from training data only, 'clip' applies everywhere. */
  outliers?: OutlierDetectorConfig & { columns: string[]; action?: 'clip' | 'drop' };
}

/**
 * A fitted cleaning pipeline for tables: `fitTransform(train)` learns fill values and outlier bounds and cleans the
 * training table; `transform(other)` applies the same fill values and clipping to any other split. Both return a
 * `CleaningReport`. Row-dropping steps for duplicates and outliers apply to the training table only.
 * @example const cleaner = new TableCleaner({ dropDuplicates: true, impute: { workclass: 'mostFrequent' } });
 * const { table, report } = cleaner.fitTransform(train); console.log(report.toString());
 */
export class TableCleaner {
  readonly className = 'TableCleaner';
  private imputers: Map<string, SimpleImputer> | null = null;
  private detector: OutlierDetector | null = null;

  constructor(readonly config: TableCleanerConfig = {}) {
    const o = config.outliers;
    if (o && o.action !== undefined && o.action !== 'clip' && o.action !== 'drop') {
      throw new ConfigError(`TableCleaner: outliers.action must be 'clip' or 'drop', received '${String(o.action)}'.`);
    }
  }

  /** Learns fill values and outlier bounds from `table` and returns it cleaned. */
  fitTransform(table: Table): { table: Table; report: CleaningReport } {
    const report = new CleaningReport();
    report.rowsIn = table.rows.length;
    let t = this.config.dropMissing ? dropMissing(table, { columns: this.config.dropMissing }, report).table : table;
    const dd = this.config.dropDuplicates;
    if (dd) t = dropDuplicates(t, typeof dd === 'object' ? { subset: dd.subset } : {}, report).table;
    this.imputers = new Map();
    for (const [name, spec] of Object.entries(this.config.impute ?? {})) {
      const j = colIndex(t, name, 'TableCleaner.fitTransform');
      const imp = new SimpleImputer(typeof spec === 'string' ? { strategy: spec } : spec);
      imp.fit(t.rows.map((r) => [r[j] as Cell]));
      this.imputers.set(name, imp);
    }
    t = this.impute(t, report);
    const o = this.config.outliers;
    if (o) {
      const idx = o.columns.map((c) => colIndex(t, c, 'TableCleaner.fitTransform'));
      this.detector = new OutlierDetector(o).fit(t.rows.map((r) => idx.map((j) => r[j] as Cell)));
      if ((o.action ?? 'clip') === 'drop') {
        const bad = new Set(this.detector.outlierRows(t.rows.map((r) => idx.map((j) => r[j] as Cell))));
        report.dropped.push({ reason: `outliers (${o.method ?? 'iqr'} rule) in ${o.columns.join(', ')}`, rows: [...bad] });
        t = { columns: t.columns, rows: t.rows.filter((_, i) => !bad.has(i)) };
      } else t = this.clip(t, report);
    }
    report.rowsOut = t.rows.length;
    return { table: t, report };
  }

  /** Applies the learned fill values and clipping to another table (e.g. the test split). */
  transform(table: Table): { table: Table; report: CleaningReport } {
    if (!this.imputers) throw new ValueError('TableCleaner.transform: call fitTransform() on the training table first.');
    const report = new CleaningReport();
    report.rowsIn = table.rows.length;
    let t = this.config.dropMissing ? dropMissing(table, { columns: this.config.dropMissing }, report).table : table;
    t = this.impute(t, report);
    if (this.detector && (this.config.outliers?.action ?? 'clip') === 'clip') t = this.clip(t, report);
    report.rowsOut = t.rows.length;
    return { table: t, report };
  }

  private impute(t: Table, report: CleaningReport): Table {
    const imputers = this.imputers as Map<string, SimpleImputer>;
    if (imputers.size === 0) return t;
    const plan = [...imputers].map(([name, imp]) => ({ name, j: colIndex(t, name, 'TableCleaner'), value: (imp.statistics as Cell[])[0] as Cell, imp }));
    const counts = plan.map(() => 0);
    const rows = t.rows.map((r) => {
      const copy = [...r];
      plan.forEach((p, k) => {
        if (isMissing(copy[p.j])) {
          copy[p.j] = p.value;
          counts[k] = (counts[k] as number) + 1;
        }
      });
      return copy;
    });
    plan.forEach((p, k) => report.imputed.push({ column: p.name, count: counts[k] as number, value: p.value, strategy: p.imp.strategy }));
    return { columns: t.columns, rows };
  }

  private clip(t: Table, report: CleaningReport): Table {
    const o = this.config.outliers as NonNullable<TableCleanerConfig['outliers']>;
    const det = this.detector as OutlierDetector;
    const idx = o.columns.map((c) => colIndex(t, c, 'TableCleaner'));
    const bounds = det.bounds;
    const clipped = idx.map(() => 0);
    const rows = t.rows.map((r) => {
      const copy = [...r];
      idx.forEach((j, k) => {
        const v = copy[j];
        const [lo, hi] = bounds[k] as [number, number];
        if (typeof v === 'number' && (v < lo || v > hi)) {
          copy[j] = v < lo ? lo : hi;
          clipped[k] = (clipped[k] as number) + 1;
        } else if (typeof v === 'string') {
          throw new ValueError(`TableCleaner: outlier column '${o.columns[k]}' holds the string '${v}'; outlier rules need numeric columns.`);
        }
      });
      return copy;
    });
    bounds.forEach(([low, high], k) => report.clipped.push({ column: o.columns[k] as string, count: clipped[k] as number, low, high }));
    return { columns: t.columns, rows };
  }

  /** Serialisable config and fitted state. */
  toJSON(): PreprocessorJSON {
    const state = this.imputers
      ? { imputers: Object.fromEntries([...this.imputers].map(([k, v]) => [k, v.toJSON()])), detector: this.detector?.toJSON() ?? null }
      : null;
    return { className: this.className, config: { ...this.config }, state };
  }

  /** Rebuilds a cleaner from `toJSON()` output. */
  static fromJSON(json: PreprocessorJSON): TableCleaner {
    const c = new TableCleaner(json.config as TableCleanerConfig);
    if (json.state) {
      const imps = json.state['imputers'] as Record<string, PreprocessorJSON>;
      c.imputers = new Map(Object.entries(imps).map(([k, v]) => [k, SimpleImputer.fromJSON(v)]));
      const det = json.state['detector'] as PreprocessorJSON | null;
      c.detector = det ? OutlierDetector.fromJSON(det) : null;
    }
    return c;
  }
}
