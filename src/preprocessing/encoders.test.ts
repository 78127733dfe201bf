import { describe, expect, test } from 'vitest';
import type { Tensor } from '../tensor/tensor.js';
import { LabelEncoder, OneHotEncoder, OrdinalEncoder, sortedCategories } from './encoders.js';
import { preprocessorFromJSON } from './registry.js';

const rows = (t: Tensor): number[][] => {
  const [n, d] = t.shape as [number, number];
  return Array.from({ length: n }, (_, i) => Array.from(t.values.subarray(i * d, (i + 1) * d)));
};

describe('category order', () => {
  test('numbers ascending, then strings, then missing', () => {
    expect(sortedCategories(['b', 10, null, 'a', 2, 'b', NaN])).toEqual([2, 10, 'a', 'b', null]);
  });
});

describe('OneHotEncoder', () => {
  const x = [
    ['b', 'x'],
    ['a', 'y'],
    ['b', 'x'],
  ];

  test('one column per feature and category', () => {
    const enc = new OneHotEncoder().fit(x);
    expect(enc.categories).toEqual([
      ['a', 'b'],
      ['x', 'y'],
    ]);
    expect(rows(enc.transform(x))).toEqual([
      [0, 1, 1, 0],
      [1, 0, 0, 1],
      [0, 1, 1, 0],
    ]);
    expect(enc.featureNames(['letter', 'code'])).toEqual(['letter_a', 'letter_b', 'code_x', 'code_y']);
  });

  test('unseen categories: error names the value, ignore gives zeros, unknownIndex an extra column', () => {
    expect(() => new OneHotEncoder().fit(x).transform([['c', 'x']])).toThrow(
      /OneHotEncoder.transform: unknown category "c" in feature 0 \(known: "a", "b"\). Set handleUnknown/,
    );
    expect(rows(new OneHotEncoder({ handleUnknown: 'ignore' }).fit(x).transform([['c', 'y']]))).toEqual([[0, 0, 0, 1]]);
    const u = new OneHotEncoder({ handleUnknown: 'unknownIndex' }).fit(x);
    expect(u.outputWidth).toBe(6);
    expect(rows(u.transform([['c', 'x']]))).toEqual([[0, 0, 1, 1, 0, 0]]);
    // @ts-expect-error -- invalid on purpose: the run-time check and its message are under test
    expect(() => new OneHotEncoder({ handleUnknown: 'skip' })).toThrow(/handleUnknown must be 'error', 'ignore' or 'unknownIndex'/);
  });

  test('single row, empty input, missing as a category, JSON round trip', () => {
    expect(rows(new OneHotEncoder().fitTransform([[3]]))).toEqual([[1]]);
    expect(() => new OneHotEncoder().fit([])).toThrow(/received 0 rows/);
    const enc = new OneHotEncoder().fit([['a'], [null]]);
    expect(rows(enc.transform([[null], ['a']]))).toEqual([
      [0, 1],
      [1, 0],
    ]);
    const back = preprocessorFromJSON(JSON.stringify(enc)) as OneHotEncoder;
    expect(rows(back.transform([[null], ['a']]))).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });
});

describe('OrdinalEncoder and LabelEncoder', () => {
  test('indices in sorted order; unknown handling', () => {
    const enc = new OrdinalEncoder().fit([
      ['b', 1],
      ['a', 2],
    ]);
    expect(rows(enc.transform([['b', 1], ['a', 2]]))).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(() => enc.transform([['z', 1]])).toThrow(/OrdinalEncoder.transform: unknown category "z"/);
    expect(rows(new OrdinalEncoder({ handleUnknown: 'ignore' }).fit([['a']]).transform([['q']]))).toEqual([[-1]]);
    expect(rows(new OrdinalEncoder({ handleUnknown: 'ignore', unknownValue: 99 }).fit([['a']]).transform([['q']]))).toEqual([[99]]);
    expect(rows(new OrdinalEncoder({ handleUnknown: 'unknownIndex' }).fit([['a'], ['b']]).transform([['q']]))).toEqual([[2]]);
    const back = preprocessorFromJSON(enc.toJSON()) as OrdinalEncoder;
    expect(rows(back.transform([['a', 1]]))).toEqual([[0, 0]]);
  });

  test('LabelEncoder gives int32 classes and inverts', () => {
    const le = new LabelEncoder().fit(['>50K', '<=50K', '>50K']);
    expect(le.classes).toEqual(['<=50K', '>50K']);
    const y = le.transform(['>50K', '<=50K']);
    expect(y.dtype).toBe('int32');
    expect(Array.from(y.values)).toEqual([1, 0]);
    expect(le.inverseTransform(y)).toEqual(['>50K', '<=50K']);
    expect(() => le.transform(['>50K.'])).toThrow(/unknown category ">50K."/);
    expect(Array.from(new LabelEncoder({ handleUnknown: 'unknownIndex' }).fit(['a']).transform(['b']).values)).toEqual([1]);
    expect(() => new LabelEncoder().fit([])).toThrow(/received 0 labels/);
    const back = preprocessorFromJSON(JSON.stringify(le)) as LabelEncoder;
    expect(Array.from(back.transform(['<=50K']).values)).toEqual([0]);
  });
});
