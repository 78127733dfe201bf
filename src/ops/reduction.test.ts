import { describe, expect, test } from 'vitest';
import * as tf from '../index.js';
import { expectClose } from '../../test/helpers/grad-check.js';

const vals = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const x3 = (): tf.Tensor => tf.tensor([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]]); // [2, 3, 2]

describe('reductions', () => {
  test('mean/prod/max/min over axes: negative, arrays, all, keepDims', () => {
    const x = x3();
    expect(x.mean().arraySync()).toBe(6.5);
    expect(x.mean(-1).arraySync()).toEqual([[1.5, 3.5, 5.5], [7.5, 9.5, 11.5]]);
    expect(tf.mean(x, [0, 2], true).shape).toEqual([1, 3, 1]);
    expect(vals(tf.mean(x, [0, -1], true))).toEqual([4.5, 6.5, 8.5]);
    expect(tf.prod(x, 1).arraySync()).toEqual([[15, 48], [693, 960]]);
    expect(tf.max(x, [0, 1]).arraySync()).toEqual([11, 12]);
    expect(tf.min(x, -2, true).arraySync()).toEqual([[[1, 2]], [[7, 8]]]);
    expect(x.max().arraySync()).toBe(12);
    expect(x.min(null, true).shape).toEqual([1, 1, 1]);
    expect(x.prod([0, 2]).arraySync()).toEqual([1 * 2 * 7 * 8, 3 * 4 * 9 * 10, 5 * 6 * 11 * 12]);
  });

  test('all/any over bool tensors; other dtypes are rejected as in TF.js', () => {
    const b = tf.tensor([[true, false], [true, true]]);
    expect(vals(tf.all(b, 1))).toEqual([0, 1]);
    expect(vals(b.any(0))).toEqual([1, 1]);
    expect(vals(b.all())).toEqual([0]);
    expect(tf.any(b, -1, true).shape).toEqual([2, 1]);
    expect(() => tf.all(tf.tensor([1, 2, 0], [3], 'int32'))).toThrow(/Argument 'x' passed to 'all' must be bool tensor, but got int32 tensor/);
    expect(() => tf.any(tf.tensor([0.5]))).toThrow(/Argument 'x' passed to 'any' must be bool tensor, but got float32/);
    expect(vals(tf.any([false, true]))).toEqual([1]); // arrays parse as bool
  });

  test('empty reductions: sum 0, mean NaN, max -Infinity, min Infinity, prod 1, all true, any false', () => {
    const e = tf.zeros([0]);
    expect(tf.sum(e).arraySync()).toBe(0);
    expect(tf.mean(e).arraySync()).toBeNaN();
    expect(tf.max(e).arraySync()).toBe(-Infinity);
    expect(tf.min(e).arraySync()).toBe(Infinity);
    expect(tf.prod(e).arraySync()).toBe(1);
    expect(tf.all(tf.tensor([], [0], 'bool')).arraySync()).toBe(1);
    expect(tf.any(tf.tensor([], [0], 'bool')).arraySync()).toBe(0);
    const m = tf.zeros([2, 0]).max(1);
    expect(m.shape).toEqual([2]);
    expect(vals(m)).toEqual([-Infinity, -Infinity]);
    expect(tf.zeros([0, 3]).sum(0).arraySync()).toEqual([0, 0, 0]);
    expect(tf.zeros([0, 3]).mean(1).shape).toEqual([0]);
  });

  test('dtypes: mean of int gives float32, prod of bool gives int32, max keeps int32, float64 stays', () => {
    const i = tf.tensor([1, 2], [2], 'int32');
    expect(i.mean().dtype).toBe('float32');
    expect(i.mean().arraySync()).toBe(1.5);
    expect(i.max().dtype).toBe('int32');
    expect(tf.prod(tf.tensor([true, true])).dtype).toBe('int32');
    const d = tf.tensor([1, 2], [2], 'float64');
    for (const t of [d.mean(), d.prod(), d.max(), d.min()]) expect(t.dtype).toBe('float64');
    expectClose(tf.tensor([0.1, 0.2, 0.3], [3], 'float64').mean(), [0.2], 1e-15);
  });

  test('NaN propagates through max/min, scalars reduce to themselves', () => {
    expect(vals(tf.max(tf.tensor([1, NaN, 3])))).toEqual([NaN]);
    expect(vals(tf.min(tf.tensor([[NaN, 1], [2, 3]]), 1))).toEqual([NaN, 2]);
    expect(tf.scalar(4).max().arraySync()).toBe(4);
    expect(tf.scalar(4).mean().arraySync()).toBe(4);
  });

  test('max/min gradient goes to the arg positions, ties all receive it (TF.js)', () => {
    expect(vals(tf.grad((t) => t.max())(tf.tensor([1, 3, 3, 2])))).toEqual([0, 1, 1, 0]);
    expect(tf.grad((t) => t.min(1).mul(tf.tensor([1, 2])).sum())(tf.tensor([[4, 1], [0, 5]])).arraySync()).toEqual([[0, 1], [2, 0]]);
  });

  test('prod gradient is the product of the others, also at zeros', () => {
    expect(vals(tf.grad((t) => t.prod())(tf.tensor([2, 3, 4])))).toEqual([12, 8, 6]);
    expect(vals(tf.grad((t) => t.prod())(tf.tensor([2, 0, 4])))).toEqual([0, 8, 0]);
    expect(vals(tf.grad((t) => t.prod())(tf.tensor([0, 0, 4])))).toEqual([0, 0, 0]);
  });

  test('bad axes name the op, the axis and the valid range', () => {
    expect(() => tf.mean(tf.zeros([2, 3]), 2)).toThrow(/mean: axis 2 is out of range for a tensor of rank 2; expected an integer in \[-2, 1\]/);
    expect(() => tf.max(tf.zeros([2]), -2)).toThrow(/max: axis -2 is out of range/);
  });
});
