import { describe, expect, test } from 'vitest';
import type { Tensor } from '../tensor/tensor.js';
import type { Table } from '../data/table.js';
import { ColumnTransformer } from './column-transformer.js';
import { OneHotEncoder } from './encoders.js';
import { SimpleImputer } from './imputer.js';
import { preprocessorFromJSON } from './registry.js';
import { StandardScaler } from './scalers.js';
import { kFold, stratifiedKFold, trainTestSplit } from './split.js';

const sorted = (a: number[]): number[] => [...a].sort((x, y) => x - y);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('trainTestSplit', () => {
  test('sizes, disjointness and seeding', () => {
    const items = range(10);
    const s = trainTestSplit(items, { testSize: 0.2, seed: 1 });
    expect(s.test.length).toBe(2);
    expect(s.train.length).toBe(8);
    expect(s.validation).toEqual([]);
    expect(sorted([...s.train, ...s.test])).toEqual(items);
    expect(trainTestSplit(items, { testSize: 0.2, seed: 1 })).toEqual(s);
    expect(trainTestSplit(items, { testSize: 0.2, seed: 2 })).not.toEqual(s);
    const v = trainTestSplit(items, { testSize: 0.2, validationSize: 0.3, seed: 3 });
    expect([v.train.length, v.validation.length, v.test.length]).toEqual([5, 3, 2]);
    expect(sorted([...v.train, ...v.validation, ...v.test])).toEqual(items);
    expect(trainTestSplit(items, { testSize: 3, shuffle: false }).test).toEqual([0, 1, 2]);
    expect(trainTestSplit([], { testSize: 0.5 })).toEqual({ train: [], validation: [], test: [] });
    expect(trainTestSplit([7], { testSize: 0.2 }).train).toEqual([7]);
  });

  test('stratified splits keep label proportions', () => {
    const labels = range(100).map((i) => (i < 80 ? 'a' : 'b'));
    const s = trainTestSplit(range(100), { testSize: 0.25, validationSize: 0.15, stratify: labels, seed: 5 });
    const count = (idx: number[], l: string): number => idx.filter((i) => labels[i] === l).length;
    expect([count(s.test, 'a'), count(s.test, 'b')]).toEqual([20, 5]);
    expect([count(s.validation, 'a'), count(s.validation, 'b')]).toEqual([12, 3]);
    expect([count(s.train, 'a'), count(s.train, 'b')]).toEqual([48, 12]);
    expect(() => trainTestSplit(range(3), { stratify: ['a'] })).toThrow(/stratify has 1 labels but there are 3 items/);
    expect(() => trainTestSplit(range(3), { testSize: 0.5, validationSize: 0.6 })).toThrow(/exceed the 3 items/);
  });
});

describe('k-fold', () => {
  test('kFold covers every index once with sizes differing by at most one', () => {
    const folds = kFold(10, { k: 3 });
    expect(folds.map((f) => f.test)).toEqual([[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    for (const f of folds) expect(sorted([...f.train, ...f.test])).toEqual(range(10));
    const shuffled = kFold(10, { k: 5, shuffle: true, seed: 9 });
    expect(sorted(shuffled.flatMap((f) => f.test))).toEqual(range(10));
    expect(() => kFold(3, { k: 4 })).toThrow(/k = 4 folds need at least 4 items, received 3/);
    expect(() => kFold(3, { k: 1 })).toThrow(/k must be an integer >= 2/);
  });

  test('stratifiedKFold keeps class proportions in each fold', () => {
    const labels = range(30).map((i) => (i % 3 === 0 ? 1 : 0)); // 10 ones, 20 zeros
    const folds = stratifiedKFold(labels, { k: 5, shuffle: true, seed: 2 });
    for (const f of folds) {
      expect(f.test.filter((i) => labels[i] === 1).length).toBe(2);
      expect(f.test.filter((i) => labels[i] === 0).length).toBe(4);
    }
    expect(sorted(folds.flatMap((f) => f.test))).toEqual(range(30));
  });
});

describe('ColumnTransformer', () => {
  const table: Table = {
    columns: ['age', 'city', 'ignored'],
    rows: [
      [20, 'b', 'x'],
      [40, 'a', 'y'],
      [null, 'b', 'z'],
    ],
  };

  test('imputes, scales and one-hot encodes into one float32 matrix; unseen categories ignored', () => {
    const ct = new ColumnTransformer([
      { name: 'num', columns: ['age'], transformer: [new SimpleImputer({ strategy: 'mean' }), new StandardScaler()] },
      { name: 'cat', columns: ['city'], transformer: new OneHotEncoder({ handleUnknown: 'ignore' }) },
    ]);
    const x = ct.fitTransform(table);
    expect(x.shape).toEqual([3, 3]);
    expect(x.dtype).toBe('float32');
    // ages 20, 40, 30 (imputed mean) -> mean 30, std sqrt(200/3)
    const s = Math.sqrt(200 / 3);
    const expected = [-10 / s, 0, 1, 10 / s, 1, 0, 0, 0, 1];
    Array.from(x.values).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    expect(ct.featureNames()).toEqual(['age', 'city_a', 'city_b']);
    const other: Table = { columns: ['city', 'age'], rows: [['z', 30]] };
    expect(Array.from(ct.transform(other).values)).toEqual([0, 0, 0]);
    const back = preprocessorFromJSON(JSON.stringify(ct)) as ColumnTransformer;
    expect(Array.from((back.transform(table) as Tensor).values)).toEqual(Array.from(x.values));
    expect(back.featureNames()).toEqual(ct.featureNames());
    expect(() => ct.transform({ columns: ['age'], rows: [[1]] })).toThrow(/no column 'city'; the table has age/);
    expect(() => new ColumnTransformer([]).fit(table)).toThrow(/non-empty array of steps/);
  });
});
