import { describe, expect, test } from 'vitest';
import * as tf from '../index.js';
import { expectClose } from '../../test/helpers/grad-check.js';

const vals = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describe('argMax / argMin', () => {
  test('int32 indices of the first occurrence, default axis 0, negative axes', () => {
    const x = tf.tensor([[1, 9, 9], [7, 2, 7]]);
    const a0 = tf.argMax(x);
    expect(a0.dtype).toBe('int32');
    expect(vals(a0)).toEqual([1, 0, 0]);
    expect(vals(x.argMax(-1))).toEqual([1, 0]);
    expect(vals(x.argMin(1))).toEqual([0, 1]);
    expect(vals(tf.argMin(x, -2))).toEqual([0, 1, 1]);
    expect(vals(tf.argMax(tf.tensor([[[3], [5]]]), 1))).toEqual([1]);
    expect(tf.argMax(tf.zeros([3, 0]), 0).shape).toEqual([0]);
  });

  test('NaN is skipped, as in TF.js; int32 and bool inputs work', () => {
    expect(vals(tf.argMax(tf.tensor([1, NaN, 5])))).toEqual([2]);
    expect(vals(tf.argMin(tf.tensor([1, NaN, -5])))).toEqual([2]);
    expect(vals(tf.argMax(tf.tensor([3, 8, 8], [3], 'int32')))).toEqual([1]);
    expect(vals(tf.argMax(tf.tensor([false, true])))).toEqual([1]);
  });

  test('an empty axis or a bad axis is an error naming the op', () => {
    expect(() => tf.argMax(tf.zeros([0]))).toThrow(/argMax: cannot take the maximum over axis 0, which is empty in shape \[0\]/);
    expect(() => tf.argMin(tf.zeros([2, 0]), 1)).toThrow(/argMin: cannot take the minimum over axis 1, which is empty in shape \[2,0\]/);
    expect(() => tf.argMax(tf.zeros([2, 2]), 2)).toThrow(/argMax: axis 2 is out of range for a tensor of rank 2/);
  });
});

describe('logSumExp, moments, norm, cumsum', () => {
  test('logSumExp is exact for large values and handles -Infinity slices', () => {
    expectClose(tf.logSumExp(tf.tensor([0, 0])), [Math.LN2]);
    expectClose(tf.logSumExp(tf.tensor([1000, 1000])), [1000 + Math.LN2]);
    expectClose(tf.logSumExp(tf.tensor([[1, 2], [-1000, 3]]), -1, true), [2 + Math.log1p(Math.exp(-1)), 3]);
    expect(tf.logSumExp(tf.tensor([[1, 2]]), 1, true).shape).toEqual([1, 1]);
    expect(vals(tf.logSumExp(tf.tensor([-Infinity, -Infinity])))).toEqual([-Infinity]);
    expect(vals(tf.logSumExp(tf.tensor([Infinity, 1])))).toEqual([Infinity]);
    expect(tf.logSumExp(tf.tensor([1, 2], [2], 'int32')).dtype).toBe('float32');
  });

  test('moments gives the population variance', () => {
    const { mean, variance } = tf.moments(tf.tensor([[1, 2], [3, 6]]), 0);
    expect(mean.arraySync()).toEqual([2, 4]);
    expect(variance.arraySync()).toEqual([1, 4]);
    const all = tf.moments(tf.tensor([1, 2, 3, 4]));
    expect(all.mean.arraySync()).toBe(2.5);
    expect(all.variance.arraySync()).toBe(1.25);
    const kept = tf.moments(tf.tensor([[1, 2], [3, 6]]), -1, true);
    expect(kept.mean.shape).toEqual([2, 1]);
    expect(kept.variance.arraySync()).toEqual([[0.25], [2.25]]);
  });

  test('vector and matrix norms', () => {
    const v = tf.tensor([3, -4]);
    expect(tf.norm(v).arraySync()).toBe(5);
    expect(v.norm(1).arraySync()).toBe(7);
    expect(v.norm(2).arraySync()).toBe(5);
    expect(v.norm(Infinity).arraySync()).toBe(4);
    expect(v.norm(-Infinity).arraySync()).toBe(3);
    const m = tf.tensor([[1, -2], [3, 4]]);
    expectClose(m.norm('fro', [0, 1]), [Math.sqrt(30)]);
    expect(m.norm(1, [0, 1]).arraySync()).toBe(6); // max column abs sum
    expect(m.norm(Infinity, [0, 1]).arraySync()).toBe(7); // max row abs sum
    expect(m.norm(-Infinity, [0, 1]).arraySync()).toBe(3);
    expect(m.norm(1, [-1, -2]).arraySync()).toBe(6);
    expect(m.norm('euclidean', 1, true).shape).toEqual([2, 1]);
    expect(m.norm().arraySync()).toBe(Math.fround(Math.sqrt(30)));
    expect(tf.norm(tf.zeros([0])).arraySync()).toBe(0);
    expect(() => tf.norm(v, 3)).toThrow(/norm: unsupported vector norm ord 3/);
    expect(() => tf.norm(m, 2, [0, 1])).toThrow(/norm: unsupported matrix norm ord 2/);
  });

  test('cumsum: axis, exclusive, reverse, dtypes', () => {
    const x = tf.tensor([[1, 2, 3], [4, 5, 6]]);
    expect(tf.cumsum(x).arraySync()).toEqual([[1, 2, 3], [5, 7, 9]]);
    expect(x.cumsum(1).arraySync()).toEqual([[1, 3, 6], [4, 9, 15]]);
    expect(x.cumsum(-1, true).arraySync()).toEqual([[0, 1, 3], [0, 4, 9]]);
    expect(x.cumsum(1, false, true).arraySync()).toEqual([[6, 5, 3], [15, 11, 6]]);
    expect(x.cumsum(1, true, true).arraySync()).toEqual([[5, 3, 0], [11, 6, 0]]);
    const b = tf.cumsum(tf.tensor([true, false, true]));
    expect(b.dtype).toBe('int32');
    expect(vals(b)).toEqual([1, 1, 2]);
    expect(tf.cumsum(tf.tensor([1, 2], [2], 'float64')).dtype).toBe('float64');
    expect(tf.cumsum(tf.zeros([0, 2]), 0).shape).toEqual([0, 2]);
    expect(() => tf.cumsum(tf.scalar(1))).toThrow(/cumsum: x must have rank >= 1/);
    expect(vals(tf.grad((t) => t.cumsum().mul(tf.tensor([1, 10, 100])).sum())(tf.tensor([1, 1, 1])))).toEqual([111, 110, 100]);
  });
});
