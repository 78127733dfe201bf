import { describe, expect, test } from 'vitest';
import * as tf from '../index.js';

const m23 = (): tf.Tensor => tf.tensor([[1, 2, 3], [4, 5, 6]]);
const arr = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describe('transpose, expandDims, squeeze, reshapeAs', () => {
  test('transpose defaults to reversing axes and accepts negative perm entries', () => {
    expect(tf.transpose(m23()).arraySync()).toEqual([[1, 4], [2, 5], [3, 6]]);
    const x = tf.tensor(Array.from({ length: 24 }, (_, i) => i), [2, 3, 4]);
    const y = x.transpose([2, 0, -2]);
    expect(y.shape).toEqual([4, 2, 3]);
    // y[k, i, j] = x[i, j, k] = 12 i + 4 j + k
    expect((y.arraySync() as number[][][])[3]?.[1]?.[2]).toBe(12 + 8 + 3);
    const s = tf.scalar(5);
    expect(tf.transpose(s).arraySync()).toBe(5);
    expect(tf.transpose(tf.zeros([0, 3])).shape).toEqual([3, 0]);
    expect(tf.transpose(tf.tensor([[true, false]], undefined, 'bool')).dtype).toBe('bool');
    expect(() => tf.transpose(m23(), [0, 0])).toThrow(/transpose: perm \[0,0\] repeats an axis/);
    expect(() => tf.transpose(m23(), [0])).toThrow(/transpose: perm \[0\] has 1 entries but x has rank 2/);
  });

  test('expandDims and squeeze', () => {
    expect(tf.expandDims(tf.tensor([1, 2])).shape).toEqual([1, 2]);
    expect(tf.tensor([1, 2]).expandDims(-1).shape).toEqual([2, 1]);
    expect(tf.expandDims(tf.scalar(3)).shape).toEqual([1]);
    expect(() => tf.expandDims(tf.tensor([1]), 3)).toThrow(/expandDims: axis 3 is out of range for a result of rank 2/);
    expect(tf.squeeze(tf.zeros([1, 2, 1, 3])).shape).toEqual([2, 3]);
    expect(tf.zeros([1, 2, 1]).squeeze([-1]).shape).toEqual([1, 2]);
    expect(() => tf.squeeze(tf.zeros([1, 2]), [1])).toThrow(/squeeze: cannot squeeze axis 1 of shape \[1,2\] because its size is 2/);
    expect(tf.tensor([1, 2, 3, 4]).reshapeAs(tf.zeros([2, 2])).arraySync()).toEqual([[1, 2], [3, 4]]);
  });
});

describe('broadcastTo, reverse, tile', () => {
  test('broadcastTo adds leading axes and repeats size-1 axes', () => {
    expect(tf.broadcastTo(tf.tensor([[1], [2]]), [2, 2, 3]).arraySync()).toEqual([
      [[1, 1, 1], [2, 2, 2]], [[1, 1, 1], [2, 2, 2]],
    ]);
    expect(tf.broadcastTo(tf.scalar(7, 'int32'), [2]).arraySync()).toEqual([7, 7]);
    expect(tf.broadcastTo(tf.zeros([1, 3]), [0, 3]).shape).toEqual([0, 3]);
    expect(() => tf.broadcastTo(tf.zeros([2, 3]), [2, 4])).toThrow(/broadcastTo: cannot broadcast \[2,3\] to \[2,4\]: dimension 1 is 3/);
    expect(() => tf.broadcastTo(tf.zeros([2, 3]), [3])).toThrow(/has lower rank than x/);
  });

  test('reverse along chosen and all axes', () => {
    expect(m23().reverse(1).arraySync()).toEqual([[3, 2, 1], [6, 5, 4]]);
    expect(m23().reverse(-2).arraySync()).toEqual([[4, 5, 6], [1, 2, 3]]);
    expect(tf.reverse(m23()).arraySync()).toEqual([[6, 5, 4], [3, 2, 1]]);
    expect(tf.reverse(tf.tensor([1, 2, 3], undefined, 'float64')).dtype).toBe('float64');
    expect(tf.reverse(tf.zeros([0])).shape).toEqual([0]);
  });

  test('tile repeats along each axis', () => {
    expect(tf.tensor([1, 2]).tile([3]).arraySync()).toEqual([1, 2, 1, 2, 1, 2]);
    expect(m23().tile([2, 2]).arraySync()).toEqual([
      [1, 2, 3, 1, 2, 3], [4, 5, 6, 4, 5, 6], [1, 2, 3, 1, 2, 3], [4, 5, 6, 4, 5, 6],
    ]);
    expect(tf.tile(tf.tensor([1, 2], undefined, 'int32'), [0]).shape).toEqual([0]);
    expect(() => tf.tile(m23(), [2])).toThrow(/tile: reps \[2\] must have one entry per axis of x \(rank 2/);
  });
});

describe('pad and mirrorPad', () => {
  test('constant padding', () => {
    expect(tf.pad(tf.tensor([1, 2]), [[1, 2]]).arraySync()).toEqual([0, 1, 2, 0, 0]);
    expect(m23().pad([[1, 0], [0, 1]], -1).arraySync()).toEqual([[-1, -1, -1, -1], [1, 2, 3, -1], [4, 5, 6, -1]]);
    expect(tf.pad(tf.zeros([0, 2]), [[1, 0], [0, 0]]).arraySync()).toEqual([[0, 0]]);
    expect(() => tf.pad(m23(), [[1, 1]])).toThrow(/pad: paddings must have one \[before, after\] pair per axis of x \[2,3\]/);
    expect(() => tf.pad(m23(), [[1, 1], [-1, 0]])).toThrow(/paddings\[1\] must be a pair of non-negative integers/);
  });

  test('reflect and symmetric modes', () => {
    expect(tf.mirrorPad(tf.tensor([1, 2, 3]), [[2, 2]], 'reflect').arraySync()).toEqual([3, 2, 1, 2, 3, 2, 1]);
    expect(tf.mirrorPad(tf.tensor([1, 2, 3]), [[2, 3]], 'symmetric').arraySync()).toEqual([2, 1, 1, 2, 3, 3, 2, 1]);
    expect(m23().mirrorPad([[1, 1], [1, 0]], 'reflect').arraySync()).toEqual([[5, 4, 5, 6], [2, 1, 2, 3], [5, 4, 5, 6], [2, 1, 2, 3]]);
    expect(() => tf.mirrorPad(tf.tensor([1, 2]), [[2, 0]], 'reflect')).toThrow(/mirrorPad: paddings\[0\] = \[2, 0\] is too large .* allows at most 1/);
  });
});

describe('slice and stridedSlice', () => {
  test('slice with -1 and omitted sizes', () => {
    expect(m23().slice([0, 1], [2, -1]).arraySync()).toEqual([[2, 3], [5, 6]]);
    expect(tf.slice(tf.tensor([1, 2, 3, 4]), 1, 2).arraySync()).toEqual([2, 3]);
    expect(tf.slice(m23(), [1]).arraySync()).toEqual([[4, 5, 6]]);
    expect(tf.slice(m23(), [0, 3], [2, 0]).shape).toEqual([2, 0]);
    expect(() => tf.slice(m23(), [1, 1], [2, 1])).toThrow(/slice: begin\[0\] \+ size\[0\] = 1 \+ 2 exceeds dimension 0 of x \[2,3\]/);
  });

  test('stridedSlice: strides, negative indices, masks and shrink', () => {
    const v = tf.tensor([0, 1, 2, 3, 4, 5]);
    expect(tf.stridedSlice(v, [1], [6], [2]).arraySync()).toEqual([1, 3, 5]);
    expect(tf.stridedSlice(v, [-1], [0], [-2]).arraySync()).toEqual([5, 3, 1]);
    expect(tf.stridedSlice(v, [4], [1], [-1], 0, 1).arraySync()).toEqual([4, 3, 2, 1, 0]); // endMask: to the start
    expect(tf.stridedSlice(v, [9], [2], [1], 1).arraySync()).toEqual([0, 1]); // beginMask ignores begin
    expect(tf.stridedSlice(v, [4], [2], [1]).shape).toEqual([0]);
    const x = tf.tensor(Array.from({ length: 12 }, (_, i) => i), [3, 4]);
    expect(x.stridedSlice([0, 3], [3, 0], [2, -1]).arraySync()).toEqual([[3, 2, 1], [11, 10, 9]]);
    expect(tf.stridedSlice(x, [1, 0], [2, 4], [1, 2], 0, 0, 0, 0, 1).arraySync()).toEqual([4, 6]);
    expect(() => tf.stridedSlice(v, [0], [1], [0])).toThrow(/stridedSlice: strides\[0\] is 0/);
  });
});

describe('concat, stack, unstack, split', () => {
  test('concat along positive and negative axes, with dtype promotion', () => {
    expect(tf.concat([tf.tensor([1, 2]), tf.tensor([3])]).arraySync()).toEqual([1, 2, 3]);
    expect(tf.concat([m23(), tf.tensor([[7], [8]])], -1).arraySync()).toEqual([[1, 2, 3, 7], [4, 5, 6, 8]]);
    expect(m23().concat(m23(), 0).shape).toEqual([4, 3]);
    const mixed = tf.concat([tf.tensor([1], undefined, 'int32'), tf.tensor([2.5], undefined, 'float64')]);
    expect(mixed.dtype).toBe('float64');
    expect(arr(mixed)).toEqual([1, 2.5]);
    expect(tf.concat([tf.zeros([0, 2]), tf.ones([1, 2])]).arraySync()).toEqual([[1, 1]]);
  });

  test('concat of more than eight tensors (chunked kernel calls)', () => {
    const parts = Array.from({ length: 19 }, (_, i) => tf.tensor([[i], [100 + i]]));
    const y = tf.concat(parts, 1);
    expect(y.shape).toEqual([2, 19]);
    expect(arr(y.slice([1, 0], [1, -1]))).toEqual(Array.from({ length: 19 }, (_, i) => 100 + i));
  });

  test('concat errors name the tensor index and shapes', () => {
    expect(() => tf.concat([tf.zeros([2, 3]), tf.zeros([2, 3]), tf.zeros([3, 3])], 1)).toThrow(
      /concat: tensor 2 has shape \[3,3\] but tensor 0 has shape \[2,3\]; .* except axis 1/,
    );
    expect(() => tf.concat([])).toThrow(/concat: expected a non-empty array/);
    expect(() => tf.concat([tf.scalar(1), tf.scalar(2)])).toThrow(/use stack\(\)/);
  });

  test('stack and unstack', () => {
    expect(tf.stack([tf.tensor([1, 2]), tf.tensor([3, 4])]).arraySync()).toEqual([[1, 2], [3, 4]]);
    expect(tf.stack([tf.tensor([1, 2]), tf.tensor([3, 4])], -1).arraySync()).toEqual([[1, 3], [2, 4]]);
    expect(tf.stack([tf.scalar(1), tf.scalar(2)]).arraySync()).toEqual([1, 2]);
    expect(() => tf.stack([tf.zeros([2]), tf.zeros([3])])).toThrow(/stack: tensor 1 has shape \[3\] but tensor 0 has shape \[2\]/);
    const parts = m23().unstack(1);
    expect(parts.map((p) => p.arraySync())).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(tf.unstack(tf.tensor([1, 2])).map((p) => p.shape)).toEqual([[], []]);
  });

  test('split into equal parts and by sizes with one -1', () => {
    expect(tf.split(tf.tensor([1, 2, 3, 4]), 2).map((p) => p.arraySync())).toEqual([[1, 2], [3, 4]]);
    expect(m23().split([1, -1], -1).map((p) => p.arraySync())).toEqual([[[1], [4]], [[2, 3], [5, 6]]]);
    expect(tf.split(tf.tensor([1, 2, 3]), [0, 3]).map((p) => p.shape)).toEqual([[0], [3]]);
    expect(() => tf.split(tf.tensor([1, 2, 3]), 2)).toThrow(/split: axis 0 of x \[3\] has size 3, which is not divisible by numOrSizeSplits 2/);
    expect(() => tf.split(tf.tensor([1, 2, 3]), [1, 1])).toThrow(/split: sizes \[1,1\] must add up to 3/);
    expect(() => tf.split(tf.tensor([1, 2, 3]), [-1, -1])).toThrow(/at most one -1/);
  });
});

describe('every dtype passes through the shape ops unchanged', () => {
  for (const dtype of ['float32', 'int32', 'bool', 'float64'] as const) {
    test(dtype, () => {
      const x = tf.tensor([1, 0, 1, 1, 0, 0], [2, 3], dtype);
      const idx = tf.tensor([2, 0], [2], 'int32');
      const results: Array<[tf.Tensor, number[]]> = [
        [tf.transpose(x), [1, 1, 0, 0, 1, 0]],
        [tf.concat([x, x], 1).slice([0, 2], [2, 2]), [1, 1, 0, 1]],
        [tf.stridedSlice(x, [1, 2], [0, 0], [-1, -2], 0, 3), [0, 1, 1, 1]],
        [tf.gather(x, idx, 1), [1, 1, 0, 1]],
        [tf.pad(x, [[0, 0], [1, 0]]), [0, 1, 0, 1, 0, 1, 0, 0]],
        [tf.mirrorPad(x, [[0, 0], [0, 1]], 'symmetric'), [1, 0, 1, 1, 1, 0, 0, 0]],
        [tf.tile(x.slice([0, 0], [1, 2]), [1, 2]), [1, 0, 1, 0]],
        [tf.reverse(x, 1), [1, 0, 1, 0, 0, 1]],
        [tf.broadcastTo(x.slice([1, 0], [1, 2]), [2, 2]), [1, 0, 1, 0]],
        [tf.unstack(x)[1] as tf.Tensor, [1, 0, 0]],
        [tf.gatherND(x, tf.tensor([[1, 0], [0, 2]], [2, 2], 'int32')), [1, 1]],
        [tf.scatterND(tf.tensor([[1]], [1, 1], 'int32'), x.slice([0, 0], [1, 3]), [2, 3]), [0, 0, 0, 1, 0, 1]],
      ];
      for (const [y, expected] of results) {
        expect(y.dtype).toBe(dtype);
        expect(arr(y)).toEqual(expected);
      }
      if (dtype !== 'bool') {
        const { values, indices } = tf.topk(x, 2);
        expect(values.dtype).toBe(dtype);
        expect(arr(indices)).toEqual([0, 2, 0, 1]);
        expect(arr(tf.unsortedSegmentSum(x, tf.tensor([1, 1], [2], 'int32'), 2))).toEqual([0, 0, 0, 2, 0, 1]);
      }
    });
  }
});
