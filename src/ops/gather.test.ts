import { describe, expect, test } from 'vitest';
import * as tf from '../index.js';

const i32 = (values: number[], shape?: number[]): tf.Tensor => tf.tensor(values, shape ?? [values.length], 'int32');
const m23 = (): tf.Tensor => tf.tensor([[1, 2, 3], [4, 5, 6]]);

describe('gather and unsortedSegmentSum', () => {
  test('gather along axes, with nd indices and batchDims', () => {
    expect(tf.gather(tf.tensor([10, 20, 30]), i32([2, 0, 2])).arraySync()).toEqual([30, 10, 30]);
    expect(m23().gather(i32([2, 0]), -1).arraySync()).toEqual([[3, 1], [6, 4]]);
    expect(tf.gather(m23(), i32([1, 0, 1, 1], [2, 2])).arraySync()).toEqual([[[4, 5, 6], [1, 2, 3]], [[4, 5, 6], [4, 5, 6]]]);
    // batchDims 1: row b picks its own columns.
    expect(tf.gather(m23(), i32([2, 2, 0, 1], [2, 2]), 1, 1).arraySync()).toEqual([[3, 3], [4, 5]]);
    expect(tf.gather(tf.tensor([1, 2], undefined, 'float64'), [1]).dtype).toBe('float64');
    expect(tf.gather(m23(), i32([])).shape).toEqual([0, 3]);
    expect(tf.gather(tf.tensor([1.5, 2.5]), i32([1], [1, 1])).arraySync()).toEqual([[2.5]]);
  });

  test('gather rejects out-of-range indices and bad batchDims', () => {
    expect(() => tf.gather(m23(), i32([2]))).toThrow(/GatherV2: the index value 2 is not in \[0, 1\] \(gather: indices\[0\] for axis 0 of x \[2,3\]\)/);
    expect(() => tf.gather(m23(), i32([0]), 0, 1)).toThrow(/gather: batchDims \(1\) must be less than or equal to axis \(0\)/);
    expect(() => tf.gather(m23(), i32([0]), 1, 2)).toThrow(/Expect batchDims in the range of \[-1, 1\], but got 2/);
  });

  test('gather gradient sums repeated indices (embedding lookup)', () => {
    const table = tf.tensor([[1, 1], [2, 2], [3, 3]]);
    const g = tf.grad((t) => tf.gather(t, i32([2, 0, 2])).sum())(table);
    expect(g.arraySync()).toEqual([[1, 1], [0, 0], [2, 2]]);
  });

  test('unsortedSegmentSum, including dropped negative ids and 2-D ids', () => {
    expect(tf.unsortedSegmentSum(tf.tensor([1, 2, 3, 4]), i32([1, 0, 1, 1]), 2).arraySync()).toEqual([2, 8]);
    expect(tf.unsortedSegmentSum(m23(), i32([1, -1]), 3).arraySync()).toEqual([[0, 0, 0], [1, 2, 3], [0, 0, 0]]);
    expect(tf.unsortedSegmentSum(m23(), i32([0, 0, 1, 0, 1, 1], [2, 3]), 2).arraySync()).toEqual([1 + 2 + 4, 3 + 5 + 6]);
    expect(tf.unsortedSegmentSum(tf.tensor([1, 2], undefined, 'int32'), i32([0, 0]), 1).arraySync()).toEqual([3]);
    expect(() => tf.unsortedSegmentSum(m23(), i32([0, 1, 0]), 2)).toThrow(/segmentIds shape \[3\] must be a prefix of x's shape \[2,3\]/);
  });
});

describe('topk', () => {
  test('values and indices, ties keep the lower index, k 0 and sorted rows', () => {
    const { values, indices } = tf.topk(tf.tensor([[1, 5, 3], [2, 9, 9]]), 2);
    expect(values.arraySync()).toEqual([[5, 3], [9, 9]]);
    expect(indices.arraySync()).toEqual([[1, 2], [1, 2]]);
    expect(indices.dtype).toBe('int32');
    expect(tf.topk(tf.tensor([4, -1, 7])).values.arraySync()).toEqual([7]);
    expect(tf.topk(tf.tensor([4, -1, 7]), 0).values.shape).toEqual([0]);
    expect(() => tf.topk(tf.tensor([1, 2]), 3)).toThrow(/'k' passed to topk\(\) must be <= the last dimension \(2\)/);
    expect(() => tf.topk(tf.tensor([1, 2]), -1)).toThrow(/'k' passed to topk\(\) must be >= 0/);
  });

  test('gradient flows to the selected entries only', () => {
    const g = tf.grad((x) => tf.topk(x, 2).values.mul(tf.tensor([10, 1])).sum())(tf.tensor([3, 8, 1, 5]));
    expect(g.arraySync()).toEqual([0, 10, 0, 1]);
  });
});

describe('gatherND and scatterND', () => {
  test('gatherND picks elements and slices', () => {
    expect(tf.gatherND(m23(), i32([1, 0, 0, 2], [2, 2])).arraySync()).toEqual([4, 3]);
    expect(tf.gatherND(m23(), i32([1, 0], [2, 1])).arraySync()).toEqual([[4, 5, 6], [1, 2, 3]]);
    expect(() => tf.gatherND(m23(), i32([2, 0], [1, 2]))).toThrow(/gatherND: index 2 .* out of range for dimension 0 \(size 2\)/);
  });

  test('scatterND accumulates duplicates', () => {
    expect(tf.scatterND(i32([1, 3, 1], [3, 1]), tf.tensor([9, 10, 1]), [4]).arraySync()).toEqual([0, 10, 0, 10]);
    expect(tf.scatterND(i32([1], [1, 1]), tf.tensor([[1, 2]]), [2, 2]).arraySync()).toEqual([[0, 0], [1, 2]]);
    expect(() => tf.scatterND(i32([1], [1, 1]), tf.tensor([1, 2, 3]), [2, 2])).toThrow(/scatterND: updates must have shape \[1,2\]/);
    // TF.js: rank-1 indices are scalar indices into the first axis; float indices are rejected.
    expect(tf.scatterND(i32([1, 3, 1]), tf.tensor([9, 10, 1]), [4]).arraySync()).toEqual([0, 10, 0, 10]);
    expect(() => tf.scatterND(tf.tensor([1]), tf.tensor([1]), [2])).toThrow(/scatterND: indices must be int32, received float32/);
  });
});

describe('dot and outerProduct', () => {
  test('all rank combinations', () => {
    const v = tf.tensor([1, 2]);
    const m = tf.tensor([[1, 2], [3, 4]]);
    expect(tf.dot(v, tf.tensor([3, 4])).arraySync()).toBe(11);
    expect(tf.dot(m, v).arraySync()).toEqual([5, 11]);
    expect(v.dot(m).arraySync()).toEqual([7, 10]);
    expect(tf.dot(m, m).arraySync()).toEqual([[7, 10], [15, 22]]);
    expect(tf.dot(tf.tensor([1, 2], undefined, 'float64'), v).dtype).toBe('float64');
    expect(() => tf.dot(tf.zeros([2, 3]), tf.zeros([2]))).toThrow(/dot: inner dimensions must agree: t1 \[2,3\] ends in 3 but t2 \[2\] starts with 2/);
    expect(() => tf.dot(tf.zeros([1, 2, 2]), v)).toThrow(/dot: inputs must be vectors or matrices/);
  });

  test('outerProduct', () => {
    expect(tf.outerProduct(tf.tensor([1, 2]), tf.tensor([3, 4, 5])).arraySync()).toEqual([[3, 4, 5], [6, 8, 10]]);
    expect(() => tf.outerProduct(tf.zeros([2, 1]), tf.zeros([2]))).toThrow(/outerProduct: both inputs must be vectors/);
  });
});
