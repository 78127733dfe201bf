// The real UCI Adult files: junk first line, ', ' separators, '?' for missing, trailing periods in adult.test.
import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { datasetsDir, hasDatasets } from '../helpers/paths.js';
import { column, csv, readCsv } from '../../src/data/index.js';
import { TableCleaner } from '../../src/preprocessing/index.js';

const columns = [
  'age', 'workclass', 'fnlwgt', 'education', 'education-num', 'marital-status', 'occupation', 'relationship',
  'race', 'sex', 'capital-gain', 'capital-loss', 'hours-per-week', 'native-country', 'income',
];
const dir = join(datasetsDir, 'tabular', 'adult');
const tally = (xs: unknown[]): Record<string, number> => xs.reduce<Record<string, number>>((m, x) => ((m[String(x)] = (m[String(x)] ?? 0) + 1), m), {});
const missing = (xs: unknown[]): number => xs.filter((x) => x === null).length;

describe.skipIf(!hasDatasets)('UCI Adult', () => {
  test('readCsv gives the documented row, label and missing-value counts', async () => {
    const opts = { hasHeader: false, columnNames: columns, delimiter: ',', skipInitialSpace: true, missingValues: ['?'] };
    const train = await readCsv(join(dir, 'adult.data'), opts);
    expect(train.rows.length).toBe(32561);
    expect(tally(column(train, 'income'))).toEqual({ '<=50K': 24720, '>50K': 7841 });
    expect([missing(column(train, 'workclass')), missing(column(train, 'occupation')), missing(column(train, 'native-country'))]).toEqual([1836, 1843, 583]);
    expect(train.rows.filter((r) => r.includes(null)).length).toBe(2399);
    expect(typeof column(train, 'age')[0]).toBe('number');
    const test2 = await readCsv(join(dir, 'adult.test'), { ...opts, skipLines: 1 });
    expect(test2.rows.length).toBe(16281);
    expect(tally(column(test2, 'income'))).toEqual({ '<=50K.': 12435, '>50K.': 3846 });
    expect(test2.rows.filter((r) => r.includes(null)).length).toBe(1221);
    const { report } = new TableCleaner({ impute: { workclass: 'mostFrequent' } }).fitTransform(train);
    expect(report.imputed[0]).toEqual({ column: 'workclass', count: 1836, value: 'Private', strategy: 'mostFrequent' });
  });

  test('streaming csv with the ", " delimiter and a label column', async () => {
    const ds = csv(join(dir, 'adult.test'), {
      comment: '|',
      hasHeader: false,
      columnNames: columns,
      delimiter: ', ',
      columnConfigs: { income: { isLabel: true } },
    });
    let n = 0;
    let positives = 0;
    let firstAge: unknown = null;
    for await (const e of ds) {
      const { xs, ys } = e as { xs: Record<string, unknown>; ys: Record<string, unknown> };
      if (n === 0) firstAge = xs['age'];
      if (ys['income'] === '>50K.') positives++;
      n++;
    }
    expect([n, positives, firstAge]).toEqual([16281, 3846, 25]);
  });
});
