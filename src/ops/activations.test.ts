import { describe, expect, test } from 'vitest';
import * as tf from '../index.js';
import { expectClose } from '../../test/helpers/grad-check.js';

const vals = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const sig = (v: number): number => 1 / (1 + Math.exp(-v));

describe('activations', () => {
  test('piecewise-linear activations', () => {
    const x = tf.tensor([-2, -0.5, 0, 3, 8]);
    expect(vals(tf.relu(x))).toEqual([0, 0, 0, 3, 8]);
    expect(vals(x.relu6())).toEqual([0, 0, 0, 3, 6]);
    expectClose(tf.leakyRelu(x), [-0.4, -0.1, 0, 3, 8]);
    expectClose(x.leakyRelu(0.1), [-0.2, -0.05, 0, 3, 8]);
    expectClose(tf.prelu(tf.tensor([[-2, 2], [-4, 1]]), tf.tensor([0.5, 0.25])), [-1, 2, -2, 1]);
    expect(vals(tf.relu(tf.tensor([NaN])))).toEqual([NaN]);
    const ri = tf.relu(tf.tensor([-1, 2], [2], 'int32'));
    expect(ri.dtype).toBe('int32');
    expect(vals(ri)).toEqual([0, 2]);
  });

  test('smooth activations match their formulas', () => {
    const xs = [-2, -0.5, 0, 0.7, 3];
    const x = tf.tensor(xs);
    expectClose(tf.sigmoid(x), xs.map(sig));
    expectClose(x.logSigmoid(), xs.map((v) => Math.log(sig(v))));
    expectClose(tf.tanh(x), xs.map(Math.tanh));
    expectClose(tf.elu(x), xs.map((v) => (v > 0 ? v : Math.exp(v) - 1)));
    expectClose(x.selu(), xs.map((v) => 1.0507009873554805 * (v > 0 ? v : 1.6732632423543772 * (Math.exp(v) - 1))));
    expectClose(tf.softplus(x), xs.map((v) => Math.log(1 + Math.exp(v))));
    expectClose(x.softsign(), xs.map((v) => v / (1 + Math.abs(v))));
    expectClose(tf.swish(x), xs.map((v) => v * sig(v)));
    expectClose(tf.silu(x), xs.map((v) => v * sig(v)));
    expectClose(tf.mish(x), xs.map((v) => v * Math.tanh(Math.log(1 + Math.exp(v)))));
    // PyTorch reference values: F.gelu(x) and F.gelu(x, approximate='tanh') at x = -2, -0.5, 0, 0.7, 3.
    expectClose(tf.gelu(x), [-0.04550026389635842, -0.15426876936299344, 0, 0.5306254434438489, 2.99595030590511], 1e-6);
    expectClose(x.gelu(true), [-0.04540230591222494, -0.15428599017485606, 0, 0.5305701347051167, 2.996362607918227], 1e-6);
  });

  test('stable for extreme inputs (no NaN or overflow)', () => {
    const x = tf.tensor([-1000, -50, 50, 1000]);
    expect(vals(tf.sigmoid(x))).toEqual([0, Math.fround(sig(-50)), 1, 1]);
    expectClose(tf.softplus(x), [0, Math.exp(-50), 50, 1000]);
    expectClose(tf.logSigmoid(x), [-1000, -50, -Math.exp(-50), 0]);
    expect(vals(tf.elu(tf.tensor([-1000])))).toEqual([-1]);
    expectClose(tf.softmax(tf.tensor([1000, 1000, -1000])), [0.5, 0.5, 0]);
    expectClose(tf.logSoftmax(tf.tensor([1000, 0])), [0, -1000]);
    const g = tf.grad((t) => t.sigmoid().sum())(tf.tensor([-1000, 1000]));
    expect(vals(g)).toEqual([0, 0]);
  });

  test('softmax and logSoftmax: default last axis, negative and inner axes, float64', () => {
    const x = tf.tensor([[1, 2, 3], [1, 1, 1]]);
    const e = [Math.exp(1), Math.exp(2), Math.exp(3)];
    const z = e[0]! + e[1]! + e[2]!;
    expectClose(tf.softmax(x), [e[0]! / z, e[1]! / z, e[2]! / z, 1 / 3, 1 / 3, 1 / 3]);
    expectClose(x.logSoftmax(), [1 - Math.log(z), 2 - Math.log(z), 3 - Math.log(z), -Math.log(3), -Math.log(3), -Math.log(3)]);
    expectClose(tf.softmax(x, -2), [0.5, sig(1), sig(2), 0.5, sig(-1), sig(-2)]);
    const three = tf.tensor([[[1, 2], [3, 5]]], [1, 2, 2], 'float64').softmax(1);
    expect(three.dtype).toBe('float64');
    expectClose(three, [sig(-2), sig(-3), sig(2), sig(3)], 1e-12);
    expect(tf.softmax(tf.zeros([0, 3])).shape).toEqual([0, 3]);
    // TF.js takes float logits only; arrays parse as float32.
    expect(() => tf.softmax(tf.tensor([1, 2], [2], 'int32'))).toThrow(/Argument 'logits' passed to 'softmax' must be float32/);
    expect(tf.softmax([1, 2]).dtype).toBe('float32');
  });

  test('softmax errors name the op and the fix', () => {
    expect(() => tf.softmax(tf.scalar(1))).toThrow(/softmax: logits must have rank >= 1, received a scalar \[\]/);
    expect(() => tf.logSoftmax(tf.zeros([2, 3]), 2)).toThrow(/logSoftmax: axis 2 is out of range for a tensor of rank 2/);
  });

  test('relu gradient is 0 at 0 and elu/softplus gradients match their formulas', () => {
    expect(vals(tf.grad((t) => t.relu().sum())(tf.tensor([-1, 0, 2])))).toEqual([0, 0, 1]);
    expectClose(tf.grad((t) => t.elu().sum())(tf.tensor([-1, 2])), [Math.exp(-1), 1]);
    expectClose(tf.grad((t) => t.softplus().sum())(tf.tensor([-1, 2])), [sig(-1), sig(2)]);
  });
});
