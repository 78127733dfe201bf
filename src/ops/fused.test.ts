import { describe, expect, test } from 'vitest';
import * as tf from '../index.js';

describe('fusedMatMul', () => {
  const a = tf.tensor([[1, 2], [-3, 0.5]]);
  const b = tf.tensor([[3, -1], [-4, 2]]);
  const bias = tf.tensor([1, -2]);
  // a·b = [[-5, 3], [-11, 4]]; + bias = [[-4, 1], [-10, 2]].
  test('each activation on hand-computed values', () => {
    expect(tf.fusedMatMul({ a, b, bias }).arraySync()).toEqual([[-4, 1], [-10, 2]]);
    expect(tf.fusedMatMul({ a, b, bias, activation: 'relu' }).arraySync()).toEqual([[0, 1], [0, 2]]);
    const s = tf.fusedMatMul({ a, b, bias, activation: 'sigmoid' }).dataSync();
    const t = tf.fusedMatMul({ a, b, bias, activation: 'tanh' }).dataSync();
    [-4, 1, -10, 2].forEach((z, i) => {
      expect(s[i]).toBeCloseTo(1 / (1 + Math.exp(-z)), 6);
      expect(t[i]).toBeCloseTo(Math.tanh(z), 6);
    });
  });
  test('without a bias it equals matMul then the activation', () => {
    expect(tf.fusedMatMul({ a, b, activation: 'relu' }).arraySync()).toEqual([[0, 3], [0, 4]]);
  });
  test('bad shapes, dtypes and activations name the op, what was received and the fix', () => {
    expect(() => tf.fusedMatMul({ a, b: tf.ones([3, 2]), bias })).toThrow(/fusedMatMul: expected a \[m,k\], b \[k,n\] and bias \[n\], received a \[2,2\], b \[3,2\].*Use matMul and add/);
    expect(() => tf.fusedMatMul({ a, b, bias: tf.ones([3]) })).toThrow(/bias \[3\]/);
    expect(() => tf.fusedMatMul({ a, b, bias: tf.tensor([1, 2], [2], 'float64') })).toThrow(/must share a dtype, received float32, float32 and float64/);
    // @ts-expect-error -- an activation the kernel does not fuse
    expect(() => tf.fusedMatMul({ a, b, bias, activation: 'elu' })).toThrow(/activation must be one of linear, relu, sigmoid, tanh, received 'elu'/);
  });
});

describe('reluGrad and large outputs allocated without zero-fill', () => {
  test('reluGrad passes dy where y > 0', () => {
    expect(tf.reluGrad(tf.tensor([5, 6, 7]), tf.tensor([0, 2, -1])).arraySync()).toEqual([0, 6, 0]);
    expect(() => tf.reluGrad(tf.ones([2]), tf.ones([3]))).toThrow(/reluGrad: dy and y must have the same shape, received dy \[2\] and y \[3\]/);
  });
  test('every element of a 40000-element relu and reluGrad output is written', () => {
    const n = 40000;
    // Large fills first, so reused memory likely holds non-zero garbage; every output element is then checked.
    for (let i = 0; i < 4; i++) tf.fill([n], 123.5);
    const x = tf.tensor(Float32Array.from({ length: n }, (_, i) => (i % 3) - 1), [n]);
    const y = tf.relu(x).dataSync();
    const g = tf.reluGrad(tf.fill([n], 2), tf.relu(x)).dataSync();
    for (let i = 0; i < n; i++) {
      if (y[i] !== (i % 3 === 2 ? 1 : 0) || g[i] !== (i % 3 === 2 ? 2 : 0)) throw new Error(`element ${i}: relu ${y[i]}, reluGrad ${g[i]}`);
    }
  });
});
