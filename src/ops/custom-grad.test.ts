import { describe, expect, test } from 'vitest';
import * as tf from '../index.js';
import type { CustomGradResult, GradSaveFunc, Tensor } from '../index.js';
import { listOps } from '../tensor/engine.js';

const vals = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describe('customGrad', () => {
  test('replaces the gradient of the wrapped computation (TF.js example)', () => {
    const customOp = tf.customGrad((x, save) => {
      (save as GradSaveFunc)([x as Tensor]);
      return { value: (x as Tensor).pow(2), gradFunc: (dy, saved) => [dy.mul((saved[0] as Tensor).abs())] };
    });
    const x = tf.tensor([-1, -2, 3]);
    expect(vals(customOp(x))).toEqual([1, 4, 9]);
    expect(vals(tf.grad((t) => customOp(t).sum())(x))).toEqual([1, 2, 3]);
  });

  test('several inputs, a single gradient returned as a tensor, and use inside larger graphs', () => {
    const scaledAdd = tf.customGrad((a, b) => ({
      value: (a as Tensor).add(b as Tensor),
      gradFunc: (dy) => [dy.mul(10), dy.mul(100)],
    }));
    const [ga, gb] = tf.grads((a, b) => scaledAdd(a, b).mul(2).sum())([tf.tensor([1, 2]), tf.tensor([3, 4])]);
    expect(vals(ga as Tensor)).toEqual([20, 20]);
    expect(vals(gb as Tensor)).toEqual([200, 200]);
    const identityGrad = tf.customGrad((x) => ({ value: (x as Tensor).round(), gradFunc: (dy) => dy }));
    expect(vals(tf.grad((t) => identityGrad(t).square().sum())(tf.tensor([1.4, 2.6])))).toEqual([2, 6]);
  });

  test('works with variableGrads and higher-order gradients', () => {
    const v = tf.variable(tf.tensor([2, 3]), true, 'customGradVar');
    const cube = tf.customGrad((x) => {
      const t = x as Tensor;
      return { value: t.pow(3), gradFunc: (dy) => [dy.mul(t.square()).mul(3)] };
    });
    const { grads } = tf.variableGrads(() => cube(v).sum());
    expect(vals(grads['customGradVar'] as Tensor)).toEqual([12, 27]);
    const second = tf.grad((x) => tf.grad((y) => cube(y).sum())(x).sum())(tf.tensor([2, 3]));
    expect(vals(second)).toEqual([12, 18]);
  });

  test('is not registered as an op', () => {
    const id = tf.customGrad((x) => ({ value: x as Tensor, gradFunc: (dy) => [dy] }));
    tf.grad((t) => id(t).sum())(tf.tensor([1]));
    expect(listOps().some((op) => op.name === 'CustomGrad')).toBe(false);
  });

  test('errors name customGrad and what was wrong', () => {
    const bad = tf.customGrad((x) => ({ value: x as Tensor, gradFunc: (dy) => [dy, dy] }));
    expect(() => tf.grad((t) => bad(t).sum())(tf.tensor([1]))).toThrow(/customGrad: gradFunc must return one gradient per input \(1\), received 2/);
    const wrongShape = tf.customGrad((x) => ({ value: (x as Tensor).sum(), gradFunc: (dy) => [dy] }));
    expect(() => tf.grad((t) => wrongShape(t))(tf.tensor([1, 2]))).toThrow(/customGrad: gradient 0 returned by gradFunc must have the input's shape \[2\], received \[\]/);
    const noValue = tf.customGrad(() => JSON.parse('{"value": 1}') as CustomGradResult);
    expect(() => noValue(tf.tensor([1]))).toThrow(/customGrad: f must return an object \{value, gradFunc\} where value is a Tensor/);
    const f = tf.customGrad((x) => ({ value: x as Tensor, gradFunc: (dy) => [dy] }));
    expect(() => Reflect.apply(f, undefined, [3])).toThrow(/customGrad: the arguments passed to customGrad\(f\)\(x1, x2, \.\.\.\) must all be tensors/);
  });
});
