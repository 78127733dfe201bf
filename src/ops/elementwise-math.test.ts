import { describe, expect, test } from 'vitest';
import * as tf from '../index.js';
import { expectClose } from '../../test/helpers/grad-check.js';

const vals = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describe('unary math ops', () => {
  test('hand-computed values (float32)', () => {
    const x = tf.tensor([0.5, 1, 2]);
    expectClose(tf.exp(x), [Math.exp(0.5), Math.E, Math.exp(2)]);
    expectClose(tf.expm1(tf.tensor([1e-10, 1])), [1e-10, Math.E - 1]);
    expectClose(tf.log(x), [Math.log(0.5), 0, Math.LN2]);
    expectClose(tf.log1p(tf.tensor([1e-10, 1])), [1e-10, Math.LN2]);
    expectClose(tf.sqrt(tf.tensor([4, 9, 2])), [2, 3, Math.SQRT2]);
    expectClose(tf.rsqrt(tf.tensor([4, 0.25])), [0.5, 2]);
    expectClose(tf.square(tf.tensor([-3, 0.5])), [9, 0.25]);
    expectClose(tf.reciprocal(tf.tensor([-4, 0.5])), [-0.25, 2]);
    expectClose(tf.sin(tf.tensor([0, Math.PI / 2])), [0, 1]);
    expectClose(tf.cos(tf.tensor([0, Math.PI])), [1, -1]);
    expectClose(tf.tan(tf.tensor([Math.PI / 4])), [1]);
    expectClose(tf.asin(tf.tensor([1, -0.5])), [Math.PI / 2, -Math.PI / 6]);
    expectClose(tf.acos(tf.tensor([1, 0.5])), [0, Math.PI / 3]);
    expectClose(tf.atan(tf.tensor([1, -1])), [Math.PI / 4, -Math.PI / 4]);
    expectClose(tf.sinh(tf.tensor([1])), [(Math.E - 1 / Math.E) / 2]);
    expectClose(tf.cosh(tf.tensor([1])), [(Math.E + 1 / Math.E) / 2]);
    expect(vals(tf.abs(tf.tensor([-1.5, 0, 2])))).toEqual([1.5, 0, 2]);
    expect(vals(tf.sign(tf.tensor([-3, 0, 2])))).toEqual([-1, 0, 1]);
    expect(vals(tf.floor(tf.tensor([1.5, -1.5, 2])))).toEqual([1, -2, 2]);
    expect(vals(tf.ceil(tf.tensor([1.5, -1.5, 2])))).toEqual([2, -1, 2]);
  });

  test('round sends halves to the even neighbour, like TF.js', () => {
    expect(vals(tf.round(tf.tensor([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, 2.6])))).toEqual([0, 2, 2, 0, -2, -2, 2, 3]);
  });

  test('erf matches reference values to double precision', () => {
    const x = tf.tensor([0, 0.5, 1, 2, 3, 5, -0.1, -4.5, 7], [9], 'float64');
    const expected = [0, 0.5204998778130465, 0.8427007929497149, 0.9953222650189527, 0.9999779095030014, 0.9999999999984626,
      -0.1124629160182849, -0.9999999998033839, 1];
    expectClose(tf.erf(x), expected, 1e-14);
  });

  test('dtypes: abs/square/sign/round/clip keep int32, transcendental ops give float, float64 stays float64', () => {
    const i = tf.tensor([1, -2, 3], [3], 'int32');
    for (const t of [i.abs(), i.square(), i.sign(), i.round(), i.clipByValue(0, 2)]) expect(t.dtype).toBe('int32');
    // As in TF.js, floor, ceil, log, sqrt, the trig functions, sigmoid and elu take floats only.
    for (const f of [tf.floor, tf.ceil, tf.log, tf.sqrt, tf.rsqrt, tf.sin, tf.cos, tf.tan, tf.cosh, tf.sigmoid, tf.elu]) {
      expect(() => f(i)).toThrow(/must be float32 tensor, but got int32 tensor. Cast it with tf.cast/);
    }
    expect(tf.floor([1.5, -1.5]).arraySync()).toEqual([1, -2]);
    expect(vals(i.square())).toEqual([1, 4, 9]);
    expect(vals(i.clipByValue(0, 2))).toEqual([1, 0, 2]);
    expect(i.exp().dtype).toBe('float32');
    expect(i.reciprocal().dtype).toBe('float32');
    expectClose(i.reciprocal(), [1, -0.5, 1 / 3]);
    const d = tf.tensor([1, 2], [2], 'float64');
    for (const t of [d.exp(), d.log(), d.sqrt(), d.sin(), d.erf(), d.abs(), d.clipByValue(0, 1)]) expect(t.dtype).toBe('float64');
    expect(tf.exp(tf.tensor([true, false])).dtype).toBe('float32');
  });

  test('NaN and Infinity follow IEEE rules', () => {
    expect(vals(tf.log(tf.tensor([0, -1])))).toEqual([-Infinity, NaN]);
    expect(vals(tf.sqrt(tf.tensor([-1, Infinity])))).toEqual([NaN, Infinity]);
    expect(vals(tf.exp(tf.tensor([Infinity, -Infinity, NaN])))).toEqual([Infinity, 0, NaN]);
    expect(vals(tf.abs(tf.tensor([-Infinity])))).toEqual([Infinity]);
    // sign(NaN) is 0, as in TF.js (docs/CONFORMANCE.md).
    expect(vals(tf.sign(tf.tensor([NaN, -Infinity])))).toEqual([0, -1]);
    expect(vals(tf.clipByValue(tf.tensor([NaN, -Infinity, Infinity]), -1, 1))).toEqual([NaN, -1, 1]);
    expect(vals(tf.reciprocal(tf.tensor([0, -0])))).toEqual([Infinity, -Infinity]);
  });

  test('scalars and empty tensors keep their shapes', () => {
    const s = tf.scalar(2).square();
    expect(s.shape).toEqual([]);
    expect(s.arraySync()).toBe(4);
    const e = tf.zeros([0, 3]).exp();
    expect(e.shape).toEqual([0, 3]);
    expect(e.size).toBe(0);
  });

  test('clipByValue clips and rejects inverted bounds with a helpful message', () => {
    expect(vals(tf.tensor([-2, 0.5, 3]).clipByValue(0, 1))).toEqual([0, 0.5, 1]);
    expect(() => tf.clipByValue(tf.tensor([1]), 3, 2)).toThrow(
      /clipByValue: clipValueMin \(3\) must be less than or equal to clipValueMax \(2\); swap the two bounds/,
    );
  });

  test('gradients of floor/ceil/round/sign are zero and clip passes the gradient only inside the range', () => {
    const x = tf.tensor([-2, 0.3, 0.9, 2]);
    for (const f of [tf.floor, tf.ceil, tf.round, tf.sign]) expect(vals(tf.grad((t) => f(t).sum())(x))).toEqual([0, 0, 0, 0]);
    expect(vals(tf.grad((t) => t.clipByValue(0, 1).sum())(x))).toEqual([0, 1, 1, 0]);
    expect(vals(tf.grad((t) => t.abs().sum())(tf.tensor([-2, 3])))).toEqual([-1, 1]);
  });

  test('chainable methods exist for every unary op', () => {
    const x = tf.tensor([0.25]);
    const names = ['abs', 'sign', 'exp', 'expm1', 'log', 'log1p', 'sqrt', 'rsqrt', 'square', 'reciprocal', 'sin', 'cos', 'tan',
      'asin', 'acos', 'atan', 'sinh', 'cosh', 'floor', 'ceil', 'round', 'erf'] as const;
    for (const n of names) expectClose(x[n](), (tf[n] as (t: tf.Tensor) => tf.Tensor)(x), 0);
  });
});
