import { describe, expect, test } from 'vitest';
import * as tf from '../index.js';

const vals = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describe('comparisons, logic and where', () => {
  test('comparisons broadcast across ranks and return bool', () => {
    const a = tf.tensor([[1], [2]]); // [2, 1]
    const b = tf.tensor([1, 2, 3]); // [3]
    const cases: [tf.Tensor, number[][]][] = [
      [tf.equal(a, b), [[1, 0, 0], [0, 1, 0]]],
      [tf.notEqual(a, b), [[0, 1, 1], [1, 0, 1]]],
      [tf.less(a, b), [[0, 1, 1], [0, 0, 1]]],
      [tf.lessEqual(a, b), [[1, 1, 1], [0, 1, 1]]],
      [tf.greater(a, b), [[0, 0, 0], [1, 0, 0]]],
      [tf.greaterEqual(a, b), [[1, 0, 0], [1, 1, 0]]],
    ];
    for (const [t, expected] of cases) {
      expect(t.dtype).toBe('bool');
      expect(t.shape).toEqual([2, 3]);
      expect(t.arraySync()).toEqual(expected);
    }
  });

  test('NaN compares unequal to everything, int32 and float mix, scalars work', () => {
    expect(vals(tf.equal(tf.tensor([NaN, 1]), tf.tensor([NaN, 1])))).toEqual([0, 1]);
    expect(vals(tf.notEqual(tf.tensor([NaN]), tf.tensor([NaN])))).toEqual([1]);
    expect(vals(tf.less(tf.tensor([NaN]), 1))).toEqual([0]);
    expect(vals(tf.greater(tf.tensor([1, 2], [2], 'int32'), tf.tensor([1.5, 1.5])))).toEqual([0, 1]);
    expect(tf.scalar(2).greater(1).arraySync()).toBe(1);
    expect(tf.less(tf.zeros([0]), 1).shape).toEqual([0]);
  });

  test('logical ops require bool tensors', () => {
    const t = tf.tensor([true, true, false, false]);
    const f = tf.tensor([true, false, true, false]);
    expect(vals(tf.logicalAnd(t, f))).toEqual([1, 0, 0, 0]);
    expect(vals(t.logicalOr(f))).toEqual([1, 1, 1, 0]);
    expect(vals(t.logicalNot())).toEqual([0, 0, 1, 1]);
    expect(vals(tf.logicalAnd([true, false], true))).toEqual([1, 0]);
    expect(() => tf.logicalAnd(tf.tensor([1, 2], [2], 'int32'), t)).toThrow(
      /logicalAnd: argument 'a' must be a bool tensor, received dtype int32/,
    );
    expect(() => tf.logicalNot(tf.tensor([1]))).toThrow(/logicalNot: argument 'x' must be a bool tensor, received dtype float32/);
  });

  test('isNaN / isFinite / isInf', () => {
    const x = tf.tensor([NaN, Infinity, -Infinity, 0, -2.5]);
    expect(vals(tf.isNaN(x))).toEqual([1, 0, 0, 0, 0]);
    expect(vals(x.isFinite())).toEqual([0, 0, 0, 1, 1]);
    expect(vals(x.isInf())).toEqual([0, 1, 1, 0, 0]);
    expect(vals(tf.isNaN(tf.tensor([3], [1], 'int32')))).toEqual([0]);
  });

  test('where broadcasts condition, a and b together and promotes a and b', () => {
    const cond = tf.tensor([[true], [false]]); // [2, 1]
    const a = tf.tensor([1, 2, 3]); // [3]
    const y = tf.where(cond, a, 0);
    expect(y.shape).toEqual([2, 3]);
    expect(y.arraySync()).toEqual([[1, 2, 3], [0, 0, 0]]);
    const z = tf.where(tf.tensor([true, false, true]), tf.tensor([[1, 2, 3]], [1, 3], 'int32'), tf.tensor([[10], [20]]));
    expect(z.dtype).toBe('float32');
    expect(z.arraySync()).toEqual([[1, 10, 3], [1, 20, 3]]);
    const f64 = tf.where(tf.tensor([true]), tf.tensor([1], [1], 'float64'), 2);
    expect(f64.dtype).toBe('float64');
    expect(tf.where(tf.tensor([], [0], 'bool'), tf.zeros([0]), tf.zeros([0])).shape).toEqual([0]);
  });

  test('where gradient goes to the chosen side only', () => {
    const cond = tf.tensor([true, false, true]);
    const [ga, gb] = tf.grads((a, b) => tf.where(cond, a, b).mul(tf.tensor([1, 2, 3])).sum())([tf.tensor([1, 1, 1]), tf.tensor([5])]);
    expect(vals(ga as tf.Tensor)).toEqual([1, 0, 3]);
    expect(vals(gb as tf.Tensor)).toEqual([2]);
  });

  test('where errors: incompatible shapes and a non-bool condition', () => {
    expect(() => tf.where(tf.tensor([true, false]), tf.tensor([1, 2, 3]), tf.tensor([1, 2, 3]))).toThrow(
      /where: shapes \[2\] and \[3\] cannot be broadcast together/,
    );
    expect(() => tf.where(tf.tensor([1, 0]), tf.tensor([1, 2]), tf.tensor([3, 4]))).toThrow(
      /where: argument 'condition' must be a bool tensor, received dtype float32/,
    );
  });
});
