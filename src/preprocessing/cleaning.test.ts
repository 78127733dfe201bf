import { describe, expect, test } from 'vitest';
import type { Table } from '../data/table.js';
import { CleaningReport, TableCleaner, dropDuplicates, dropMissing } from './cleaning.js';
import { SimpleImputer, mostFrequent } from './imputer.js';
import { OutlierDetector } from './outliers.js';
import { preprocessorFromJSON } from './registry.js';

describe('SimpleImputer', () => {
  test('mean, median, mostFrequent and constant, per feature', () => {
    const x = [[1, 'a'], [null, 'b'], [3, 'b'], [10, null]];
    expect(new SimpleImputer({ strategy: 'median' }).fit(x.map((r) => [r[0]!])).statistics).toEqual([3]);
    expect(new SimpleImputer().fitTransform(x.map((r) => [r[0]!]))).toEqual([[1], [14 / 3], [3], [10]]);
    expect(new SimpleImputer({ strategy: 'mostFrequent' }).fitTransform(x)).toEqual([
      [1, 'a'],
      [1, 'b'],
      [3, 'b'],
      [10, 'b'],
    ]);
    expect(new SimpleImputer({ strategy: 'constant', fillValue: 'unknown' }).fitTransform([['a'], [null]])).toEqual([['a'], ['unknown']]);
    expect(new SimpleImputer({ strategy: 'constant' }).fitTransform([[NaN]])).toEqual([[0]]);
    expect(mostFrequent([2, 1, 2, 1, null, null, null])).toBe(1); // ties -> smallest; missing never wins
    expect(new SimpleImputer().countMissing(x)).toEqual([1, 1]);
  });

  test('errors: all-missing feature, strings with mean, bad strategy; empty and single row', () => {
    expect(() => new SimpleImputer().fit([[null], [null]])).toThrow(/feature 0 has no non-missing values, so its mean is undefined/);
    expect(() => new SimpleImputer().fit([['a']])).toThrow(/strategy 'mean' needs numbers but feature 0 holds 'a'/);
    // @ts-expect-error -- invalid on purpose: the run-time check and its message are under test
    expect(() => new SimpleImputer({ strategy: 'max' })).toThrow(/strategy must be 'mean', 'median'/);
    expect(new SimpleImputer().fit([]).transform([])).toEqual([]);
    expect(new SimpleImputer().fitTransform([[5]])).toEqual([[5]]);
    const imp = new SimpleImputer({ strategy: 'median' }).fit([[1], [2], [4]]);
    expect((preprocessorFromJSON(JSON.stringify(imp)) as SimpleImputer).transform([[null]])).toEqual([[2]]);
  });
});

describe('OutlierDetector', () => {
  const x = [[1], [2], [3], [4], [100]];
  test('IQR bounds [Q1 - 1.5 IQR, Q3 + 1.5 IQR], clipping and rows', () => {
    const d = new OutlierDetector().fit(x);
    expect(d.bounds).toEqual([[-1, 7]]);
    const { values, clipped } = d.clip(x);
    expect(Array.from(values.values)).toEqual([1, 2, 3, 4, 7]);
    expect(clipped).toEqual([1]);
    expect(d.outlierRows(x)).toEqual([4]);
  });

  test('z-score bounds mean ± t·std (population); constant columns never flag', () => {
    const d = new OutlierDetector({ method: 'zscore', threshold: 1 }).fit(x);
    const std = Math.sqrt(1522);
    expect(d.bounds[0]![0]).toBeCloseTo(22 - std, 10);
    expect(d.bounds[0]![1]).toBeCloseTo(22 + std, 10);
    expect(d.outlierRows(x)).toEqual([4]);
    const c = new OutlierDetector({ method: 'zscore' }).fit([[5], [5]]);
    expect(c.bounds).toEqual([[5, 5]]);
    expect(c.outlierRows([[5], [null]])).toEqual([]);
    expect(() => new OutlierDetector().fit([])).toThrow(/received 0 rows/);
    const back = preprocessorFromJSON(d.toJSON()) as OutlierDetector;
    expect(back.bounds).toEqual(d.bounds);
  });
});

describe('table cleaning', () => {
  const table: Table = {
    columns: ['age', 'job', 'income'],
    rows: [
      [30, 'a', 'low'],
      [30, 'a', 'low'],
      [null, 'b', 'high'],
      [40, null, 'low'],
      [50, 'b', null],
      [1000, 'b', 'high'],
      [20, 'a', 'low'],
    ],
  };

  test('dropDuplicates and dropMissing report the dropped rows', () => {
    const d = dropDuplicates(table);
    expect(d.table.rows.length).toBe(6);
    expect(d.report.dropped[0]!.rows).toEqual([1]);
    const m = dropMissing(table, { columns: ['income'] });
    expect(m.table.rows.length).toBe(6);
    expect(m.report.dropped[0]).toEqual({ reason: 'missing value in income', rows: [4] });
    expect(() => dropMissing(table, { columns: ['nope'] })).toThrow(/no column 'nope'; columns are age, job, income/);
  });

  test('TableCleaner fits on train, applies to other splits, and reports every change', () => {
    const cleaner = new TableCleaner({
      dropMissing: ['income'],
      dropDuplicates: true,
      impute: { age: 'median', job: 'mostFrequent' },
      outliers: { columns: ['age'], method: 'iqr', action: 'clip' },
    });
    const { table: out, report } = cleaner.fitTransform(table);
    // After dropping row 4 (missing income) and row 1 (duplicate): ages 30, null, 40, 1000, 20 -> median 35.
    // Imputed ages 30, 35, 40, 1000, 20: Q1 30, Q3 40 -> bounds [15, 55]; 1000 is clipped to 55.
    expect(out.rows).toEqual([
      [30, 'a', 'low'],
      [35, 'b', 'high'],
      [40, 'a', 'low'],
      [55, 'b', 'high'],
      [20, 'a', 'low'],
    ]);
    expect(report.toString()).toBe(
      [
        'Cleaning report: 7 rows in, 5 rows out',
        '  dropped 1 row(s): missing value in income',
        '  dropped 1 row(s): duplicate rows, first occurrence kept',
        "  imputed 1 missing value(s) in 'age' with 35 (median)",
        "  imputed 1 missing value(s) in 'job' with \"a\" (mostFrequent)",
        "  clipped 1 value(s) in 'age' to [15, 55]",
      ].join('\n'),
    );
    const test2 = cleaner.transform({ columns: table.columns, rows: [[null, null, 'low'], [3, 'c', 'high'], [30, 'a', 'low'], [30, 'a', 'low']] });
    expect(test2.table.rows).toEqual([
      [35, 'a', 'low'],
      [15, 'c', 'high'],
      [30, 'a', 'low'],
      [30, 'a', 'low'],
    ]);
    expect(test2.report.rowsDropped).toBe(0);
    const back = preprocessorFromJSON(JSON.stringify(cleaner)) as TableCleaner;
    expect(back.transform({ columns: table.columns, rows: [[null, null, 'x']] }).table.rows).toEqual([[35, 'a', 'x']]);
  });

  test('outlier drop applies to training rows only; empty report says no changes', () => {
    const c = new TableCleaner({ outliers: { columns: ['age'], action: 'drop' } });
    const t: Table = { columns: ['age'], rows: [[1], [2], [3], [4], [100]] };
    const { table: out, report } = c.fitTransform(t);
    expect(out.rows).toEqual([[1], [2], [3], [4]]);
    expect(report.dropped[0]).toEqual({ reason: 'outliers (iqr rule) in age', rows: [4] });
    expect(c.transform(t).table.rows.length).toBe(5);
    expect(new CleaningReport().toString()).toBe('Cleaning report: 0 rows in, 0 rows out\n  no changes');
    expect(() => new TableCleaner().transform(t)).toThrow(/call fitTransform\(\) on the training table first/);
  });
});
