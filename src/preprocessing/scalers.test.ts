import { describe, expect, test } from 'vitest';
import { Tensor } from '../tensor/tensor.js';
import { MinMaxScaler, RobustScaler, StandardScaler } from './scalers.js';
import { preprocessorFromJSON } from './registry.js';

const rows = (t: Tensor): number[][] => {
  const [n, d] = t.shape as [number, number];
  return Array.from({ length: n }, (_, i) => Array.from(t.values.subarray(i * d, (i + 1) * d)));
};
const close = (a: number[][], b: number[][], tol = 1e-6): void => {
  expect(a.length).toBe(b.length);
  a.forEach((r, i) => r.forEach((v, j) => (Number.isNaN(b[i]![j]!) ? expect(v).toBeNaN() : expect(Math.abs(v - b[i]![j]!)).toBeLessThan(tol))));
};

describe('MinMaxScaler', () => {
  test('[0, 1] and [-1, 1]; a constant column maps to the lower bound', () => {
    const x = [
      [1, 5],
      [3, 5],
      [5, 5],
    ];
    close(rows(new MinMaxScaler().fitTransform(x)), [
      [0, 0],
      [0.5, 0],
      [1, 0],
    ]);
    const s = new MinMaxScaler({ featureRange: [-1, 1] }).fit(x);
    close(rows(s.transform(x)), [
      [-1, -1],
      [0, -1],
      [1, -1],
    ]);
    close(rows(s.transform([[7, 6]])), [[2, 1]]); // outside the training range is not clipped
    close(rows(s.inverseTransform(s.transform(x))), x);
    expect(s.dataMin).toEqual([1, 5]);
  });

  test('missing values are ignored by fit and stay NaN', () => {
    close(rows(new MinMaxScaler().fitTransform([[1], [null], [3]])), [[0], [NaN], [1]]);
  });

  test('single row, empty input, bad config and width mismatch', () => {
    close(rows(new MinMaxScaler().fitTransform([[4, -2]])), [[0, 0]]);
    expect(() => new MinMaxScaler().fit([])).toThrow(/MinMaxScaler.fit: received 0 rows/);
    expect(() => new MinMaxScaler({ featureRange: [1, 0] })).toThrow(/featureRange must be \[min, max\] with min < max, received \[1, 0\]/);
    const s = new MinMaxScaler().fit([[1, 2]]);
    expect(() => s.transform([[1, 2, 3]])).toThrow(/MinMaxScaler.transform: row 0 has 3 values, expected 2 features \(as seen by fit\)/);
    expect(() => new MinMaxScaler().transform([[1]])).toThrow(/call fit\(\) first/);
    expect(() => s.fit([['a', 1]])).toThrow(/row 0, feature 0 is the string 'a'/);
  });
});

describe('StandardScaler', () => {
  test('population std z-scores; constant column becomes 0', () => {
    const std = Math.sqrt(14 / 3);
    close(rows(new StandardScaler().fitTransform([
      [1, 2],
      [2, 2],
      [6, 2],
    ])), [
      [-2 / std, 0],
      [-1 / std, 0],
      [3 / std, 0],
    ]);
    close(rows(new StandardScaler().fitTransform([[1], [3]])), [[-1], [1]]);
    close(rows(new StandardScaler({ withMean: false }).fitTransform([[1], [3]])), [[1], [3]]);
    close(rows(new StandardScaler().fitTransform([[5, 7]])), [[0, 0]]);
  });

  test('accepts tensors and round-trips through JSON', () => {
    const x = new Tensor(new Float32Array([1, 10, 2, 20, 4, 40]), [3, 2], 'float32');
    const s = new StandardScaler().fit(x);
    const back = preprocessorFromJSON(JSON.stringify(s)) as StandardScaler;
    expect(back).toBeInstanceOf(StandardScaler);
    expect(rows(back.transform(x))).toEqual(rows(s.transform(x)));
    expect(s.mean).toEqual([7 / 3, 70 / 3]);
    expect(() => new StandardScaler().fit(new Tensor(new Float32Array(3), [3], 'float32'))).toThrow(/expected a rank-2 tensor/);
  });
});

describe('RobustScaler', () => {
  test('median and IQR with linear interpolation', () => {
    // median 3, Q1 2, Q3 4 -> (x - 3) / 2
    close(rows(new RobustScaler().fitTransform([[1], [2], [3], [4], [100]])), [[-1], [-0.5], [0], [0.5], [48.5]]);
    // 4 values: Q1 at position 0.75 -> 1.75, Q3 at 2.25 -> 3.25, median 2.5
    close(rows(new RobustScaler().fitTransform([[1], [2], [3], [4]])), [[-1.5 / 1.5], [-0.5 / 1.5], [0.5 / 1.5], [1.5 / 1.5]]);
    close(rows(new RobustScaler().fitTransform([[9], [9], [9]])), [[0], [0], [0]]);
    expect(() => new RobustScaler({ quantileRange: [75, 25] })).toThrow(/quantileRange must satisfy/);
    const r = new RobustScaler({ quantileRange: [10, 90] }).fit([[0], [10]]);
    const back = preprocessorFromJSON(r.toJSON()) as RobustScaler;
    expect(back.quantileRange).toEqual([10, 90]);
    close(rows(back.transform([[5]])), [[0]]);
  });
});
