import { describe, expect, test } from 'vitest';
import * as tf from '../index.js';
import { expectClose, expectGradClose, randn } from '../../test/helpers/grad-check.js';

describe('core ops', () => {
  test('add broadcasts across ranks', () => {
    const y = tf.add(tf.tensor([[1, 2, 3], [4, 5, 6]]), tf.tensor([10, 20, 30]));
    expect(y.shape).toEqual([2, 3]);
    expect(Array.from(y.dataSync())).toEqual([11, 22, 33, 14, 25, 36]);
    const z = tf.tensor([[1], [2]]).add(tf.tensor([[10, 20, 30]]));
    expect(z.arraySync()).toEqual([[11, 21, 31], [12, 22, 32]]);
  });
  test('sum over negative axis with keepDims', () => {
    const x = tf.tensor([[1, 2], [3, 4]]);
    expect(x.sum(-1, true).arraySync()).toEqual([[3], [7]]);
    expect(x.sum(0).arraySync()).toEqual([4, 6]);
    expect(x.sum().arraySync()).toEqual(10);
  });
  test('matMul matches hand values and gives a helpful error', () => {
    const a = tf.tensor([[1, 2], [3, 4]]);
    const b = tf.tensor([[5, 6], [7, 8]]);
    expect(tf.matMul(a, b).arraySync()).toEqual([[19, 22], [43, 50]]);
    expect(tf.matMul(a, b, true, false).arraySync()).toEqual([[26, 30], [38, 44]]);
    expect(tf.matMul(a, b, false, true).arraySync()).toEqual([[17, 23], [39, 53]]);
    expect(() => tf.matMul(tf.zeros([32, 784]), tf.zeros([128, 10]))).toThrow(/inner dimensions must agree: a is \[32,784\], b is \[128,10\]/);
  });
  test('gradients of mul/div/matMul against finite differences', () => {
    const a = randn([3, 4], { seed: 1 });
    const b = randn([4], { seed: 2 });
    expectGradClose((x, y) => tf.mul(x, y).sum(), [a, b]);
    expectGradClose((x, y) => tf.div(x, y.add(5)).sum(), [a, b]);
    const c = randn([2, 4, 3], { seed: 3 });
    expectGradClose((x, y) => tf.matMul(x, y).mul(tf.matMul(x, y)).sum(), [a, c]);
    expectGradClose((x, y) => tf.matMul(x, y, true, true).sum(), [randn([4, 3], { seed: 5 }), randn([2, 4], { seed: 6 })]);
  });
  test('seeded randomness is deterministic', () => {
    expectClose(tf.randomNormal([5], 0, 1, 'float32', 3), tf.randomNormal([5], 0, 1, 'float32', 3), 0);
  });
});

test('tensor1d takes a dtype as its second argument, like TF.js', () => {
  const t = tf.tensor1d([1, 2, 3], 'int32');
  expect(t.dtype).toBe('int32');
  expect(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32').shape).toEqual([2, 2]);
  expect(() => tf.tensor2d([1, 2, 3])).toThrow(/tensor2d: expected a rank-2 tensor/);
});

test('a JS number operand keeps float64 precision', () => {
  const y = tf.mul(tf.tensor([1], [1], 'float64'), 0.8);
  expect(y.dtype).toBe('float64');
  expect(y.dataSync()[0]).toBe(0.8);
  expect(tf.add(0.1, tf.tensor([0.2], [1], 'float64')).dataSync()[0]).toBe(0.1 + 0.2);
  expect(tf.tensor([3], [1], 'int32').mul(2).dtype).toBe('int32');
  expect(tf.tensor([3], [1], 'int32').mul(0.5).dtype).toBe('float32');
});
