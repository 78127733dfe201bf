import { describe, expect, test } from 'vitest';
import * as tf from '../index.js';
import { expectClose } from '../../test/helpers/grad-check.js';

const vals = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describe('binary math ops', () => {
  test('floorDiv floors toward -Infinity for int32 and float', () => {
    const a = tf.tensor([7, -7, 6], [3], 'int32');
    const q = tf.floorDiv(a, 2);
    expect(q.dtype).toBe('int32');
    expect(vals(q)).toEqual([3, -4, 3]);
    expect(vals(tf.tensor([7.5, -7.5]).floorDiv(2))).toEqual([3, -4]);
  });

  test('mod takes the sign of the divisor', () => {
    expect(vals(tf.mod(tf.tensor([5, -5, 5, -5]), tf.tensor([3, 3, -3, -3])))).toEqual([2, 1, -1, -2]);
    expect(vals(tf.tensor([6, -6], [2], 'int32').mod(3))).toEqual([0, 0]);
    expectClose(tf.mod(tf.tensor([5.5]), 2), [1.5]);
  });

  test('pow keeps int32 for int operands and handles fractional and negative exponents', () => {
    const p = tf.pow(tf.tensor([2, 3, -2], [3], 'int32'), tf.scalar(2, 'int32'));
    expect(p.dtype).toBe('int32');
    expect(vals(p)).toEqual([4, 9, 4]);
    expectClose(tf.tensor([4, 8]).pow(tf.tensor([0.5, -1])), [2, 0.125]);
    expect(vals(tf.pow(tf.tensor([-8]), 1 / 3))).toEqual([NaN]);
  });

  test('maximum/minimum broadcast across ranks, propagate NaN and turn bool into int32', () => {
    const a = tf.tensor([[1], [5]]); // [2, 1]
    const b = tf.tensor([[[0, 3, 6]]]); // [1, 1, 3]
    const mx = tf.maximum(a, b);
    expect(mx.shape).toEqual([1, 2, 3]);
    expect(mx.arraySync()).toEqual([[[1, 3, 6], [5, 5, 6]]]);
    expect(tf.minimum(a, b).arraySync()).toEqual([[[0, 1, 1], [0, 3, 5]]]);
    expect(vals(tf.maximum(tf.tensor([NaN, 1]), tf.tensor([1, NaN])))).toEqual([NaN, NaN]);
    expect(vals(tf.minimum(tf.tensor([NaN, 1]), tf.tensor([1, NaN])))).toEqual([NaN, NaN]);
    const bb = tf.maximum(tf.tensor([true, false]), tf.tensor([false, false]));
    expect(bb.dtype).toBe('int32');
    expect(vals(bb)).toEqual([1, 0]);
  });

  test('maximum/minimum gradients: ties go to the first operand', () => {
    const [ga, gb] = tf.grads((a, b) => tf.maximum(a, b).sum())([tf.tensor([1, 2, 3]), tf.tensor([2, 2, 1])]);
    expect(vals(ga as tf.Tensor)).toEqual([0, 1, 1]);
    expect(vals(gb as tf.Tensor)).toEqual([1, 0, 0]);
    const [ma, mb] = tf.grads((a, b) => tf.minimum(a, b).sum())([tf.tensor([1, 2, 3]), tf.tensor([2, 2, 1])]);
    expect(vals(ma as tf.Tensor)).toEqual([1, 1, 0]);
    expect(vals(mb as tf.Tensor)).toEqual([0, 0, 1]);
  });

  test('squaredDifference and atan2 values', () => {
    expect(vals(tf.squaredDifference(tf.tensor([1, 4]), 2))).toEqual([1, 4]);
    expect(tf.squaredDifference(tf.tensor([1], [1], 'int32'), tf.tensor([3], [1], 'int32')).dtype).toBe('int32');
    expectClose(tf.atan2(tf.tensor([1, 1, -1, -1]), tf.tensor([1, -1, -1, 1])), [Math.PI / 4, (3 * Math.PI) / 4, (-3 * Math.PI) / 4, -Math.PI / 4]);
    expect(tf.atan2(tf.tensor([1], [1], 'int32'), tf.tensor([1], [1], 'int32')).dtype).toBe('float32');
  });

  test('float64 survives a plain-number operand; scalars and empty tensors work', () => {
    const d = tf.tensor([1, 2], [2], 'float64');
    for (const t of [d.pow(2), d.maximum(0), d.minimum(0), d.mod(2), d.floorDiv(2), d.squaredDifference(1), d.atan2(1)]) {
      expect(t.dtype).toBe('float64');
    }
    expect(tf.scalar(3).pow(2).arraySync()).toBe(9);
    expect(tf.maximum(tf.zeros([0, 2]), tf.zeros([2])).shape).toEqual([0, 2]);
  });

  test('incompatible shapes name the op and both shapes', () => {
    expect(() => tf.maximum(tf.zeros([2, 3]), tf.zeros([4]))).toThrow(/Maximum: shapes \[2,3\] and \[4\] cannot be broadcast together/);
    expect(() => tf.pow(tf.zeros([2]), tf.zeros([3]))).toThrow(/Pow: shapes \[2\] and \[3\] cannot be broadcast/);
  });
});
