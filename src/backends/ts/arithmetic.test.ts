import { beforeAll, describe, expect, test } from 'vitest';
import { setBackendSync } from '../../core/kernel-registry.js';
import * as tf from '../../index.js';

const ops = {
  add: [tf.add, (x: number, y: number) => x + y],
  sub: [tf.sub, (x: number, y: number) => x - y],
  mul: [tf.mul, (x: number, y: number) => x * y],
  div: [tf.div, (x: number, y: number) => x / y],
} as const;

describe('TS arithmetic, sum and relu fast paths', () => {
  beforeAll(() => void setBackendSync('ts'));

  const x = tf.tensor([[1, -2, 3], [4, 5, -6]], [2, 3], 'float64');
  const xv = [1, -2, 3, 4, 5, -6];
  for (const [name, [op, f]] of Object.entries(ops)) {
    test(`${name}: equal shapes, scalar, trailing row, [1, C] row and a broadcast left operand`, () => {
      const y = tf.tensor([[2, 4, 8], [-1, 0.5, 3]], [2, 3], 'float64');
      const yv = [2, 4, 8, -1, 0.5, 3];
      expect(Array.from(op(x, y).dataSync())).toEqual(xv.map((v, i) => f(v, yv[i]!)));
      expect(Array.from(op(x, tf.scalar(4, 'float64')).dataSync())).toEqual(xv.map((v) => f(v, 4)));
      const bias = [10, 20, 40];
      expect(Array.from(op(x, tf.tensor(bias, [3], 'float64')).dataSync())).toEqual(xv.map((v, i) => f(v, bias[i % 3]!)));
      expect(Array.from(op(x, tf.tensor([bias], [1, 3], 'float64')).dataSync())).toEqual(xv.map((v, i) => f(v, bias[i % 3]!)));
      const left = op(tf.tensor(bias, [3], 'float64'), x);
      expect(left.shape).toEqual([2, 3]);
      expect(Array.from(left.dataSync())).toEqual(xv.map((v, i) => f(bias[i % 3]!, v)));
      const col = op(x, tf.tensor([[2], [4]], [2, 1], 'float64'));
      expect(Array.from(col.dataSync())).toEqual(xv.map((v, i) => f(v, i < 3 ? 2 : 4)));
    });
  }

  test('int32 inputs: division floors (TF.js), addition stays exact', () => {
    const q = tf.div(tf.tensor([7, -7, 6, 5], [4], 'int32'), tf.tensor([2, 2, -4, 0], [4], 'int32'));
    expect(q.dtype).toBe('int32');
    expect(Array.from(q.dataSync())).toEqual([3, -4, -2, 0]); // x / 0 is 0 in int32, as in TF.js
    expect(Array.from(tf.div(tf.tensor([7], [1], 'int32'), tf.tensor([2], [1], 'float32')).dataSync())).toEqual([3.5]);
    expect(Array.from(tf.add(tf.tensor([1, 2], [2], 'int32'), tf.tensor([3], [1], 'int32')).dataSync())).toEqual([4, 5]);
  });

  test('sum over leading, trailing, middle and non-contiguous axes', () => {
    const t = tf.tensor([...Array(24).keys()], [2, 3, 4], 'float64');
    expect(tf.sum(t, 0).arraySync()).toEqual([[12, 14, 16, 18], [20, 22, 24, 26], [28, 30, 32, 34]]);
    expect(tf.sum(t, 2).arraySync()).toEqual([[6, 22, 38], [54, 70, 86]]);
    expect(tf.sum(t, 1).arraySync()).toEqual([[12, 15, 18, 21], [48, 51, 54, 57]]);
    expect(tf.sum(t, [0, 2]).arraySync()).toEqual([60, 92, 124]);
    expect(tf.sum(tf.tensor([0.1, 0.2, 0.3], [3], 'float32')).dataSync()[0]).toBeCloseTo(0.6, 6);
  });

  test('greater and less against a scalar (the relu gradient mask), NaN compares false', () => {
    const t = tf.tensor([-1, 0, 2, NaN], [4], 'float64');
    expect(Array.from(tf.greater(t, 0).dataSync())).toEqual([0, 0, 1, 0]);
    expect(Array.from(tf.less(t, 0).dataSync())).toEqual([1, 0, 0, 0]);
    expect(Array.from(tf.greater(tf.tensor([[1, 3]]), tf.tensor([2])).dataSync())).toEqual([0, 1]);
    expect(tf.greater(t, 0).dtype).toBe('bool');
  });

  test('relu zeroes negatives and -0, passes NaN and Infinity', () => {
    const r = tf.relu(tf.tensor([-1, -0, 0.5, NaN, Infinity, -Infinity], [6], 'float64')).dataSync();
    expect(Array.from(r)).toEqual([0, 0, 0.5, NaN, Infinity, 0]);
  });
});
