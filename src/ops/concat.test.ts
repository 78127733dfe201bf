import { describe, expect, test } from 'vitest';
import * as tf from '../index.js';
import { Tape, listOps, withTape } from '../tensor/engine.js';
import { expectGradClose, randn } from '../../test/helpers/grad-check.js';
import { timeSteps } from './rnn.js';

describe('unstack (one Unpack op)', () => {
  test('splits along any axis, negative axes included', () => {
    const x = tf.tensor([[1, 2, 3], [4, 5, 6]]);
    expect(tf.unstack(x, -1).map((t) => t.arraySync())).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(tf.unstack(x).map((t) => t.arraySync())).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(tf.unstack(tf.zeros([0, 2]))).toEqual([]);
    expect(() => tf.unstack(tf.scalar(1))).toThrow('unstack: x must have rank >= 1, received a scalar.');
  });

  test('the gradient is one stack: unused slices get zeros', () => {
    const x = randn([2, 3, 2], { seed: 1 });
    const g = tf.grad((t) => tf.sum(tf.mul(tf.unstack(t, 1)[2] as tf.Tensor, tf.scalar(3, 'float64'))))(x);
    expect(g.arraySync()).toEqual([[[0, 0], [0, 0], [3, 3]], [[0, 0], [0, 0], [3, 3]]]);
    expectGradClose((t) => {
      const [a, , c] = tf.unstack(t, 1) as tf.Tensor[];
      return tf.sum(tf.mul(a as tf.Tensor, c as tf.Tensor));
    }, [randn([2, 3, 2], { seed: 2 })]);
  });

  test('records a single Unpack node (not one slice per output) and timeSteps shares it', () => {
    expect(listOps().filter((o) => o.name === 'Unpack')).toHaveLength(1);
    const x = tf.tensor([[[1], [2]]]);
    expect(timeSteps(x, 1).map((t) => t.arraySync())).toEqual([[[1]], [[2]]]);
    const tape = new Tape();
    const t = tf.tensor([[1, 2], [3, 4], [5, 6]]);
    tape.watch(t);
    const parts = withTape(tape, () => tf.unstack(t));
    expect(parts).toHaveLength(3);
    expect(tape.nodes.map((n) => n.op.name)).toEqual(['Unpack']);
  });
});
