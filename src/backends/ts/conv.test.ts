import { beforeAll, describe, expect, test } from 'vitest';
import { setBackendSync } from '../../core/kernel-registry.js';
import { Random } from '../../core/random.js';
import * as tf from '../../index.js';

function randT(shape: number[], seed: number): tf.Tensor {
  const rng = new Random(seed);
  const v = new Float64Array(shape.reduce((p, d) => p * d, 1));
  for (let i = 0; i < v.length; i++) v[i] = rng.normal();
  return tf.tensor(v, shape, 'float64');
}

function expectSame(a: tf.Tensor, b: tf.Tensor): void {
  expect(a.shape).toEqual(b.shape);
  const av = a.dataSync(), bv = b.dataSync();
  let err = 0;
  for (let i = 0; i < av.length; i++) err = Math.max(err, Math.abs(av[i]! - bv[i]!) / (1 + Math.abs(bv[i]!)));
  expect(err).toBeLessThan(1e-12);
}

describe('conv2d TS kernels: images batched into one GEMM', () => {
  beforeAll(() => void setBackendSync('ts'));

  // One 244×244×8 image with a 3×3 filter unrolls to 58564 × 72 > 2^22 values, so every image is its own chunk and
  // the batch of two exercises the chunk offsets and the filter-gradient accumulation across chunks.
  test('a batch split into im2col chunks equals the per-image results', () => {
    const x = randT([2, 244, 244, 8], 1);
    const f = randT([3, 3, 8, 3], 2);
    const dy = randT([2, 242, 242, 3], 3);
    const [x0, x1] = tf.split(x, 2, 0) as [tf.Tensor, tf.Tensor];
    const [dy0, dy1] = tf.split(dy, 2, 0) as [tf.Tensor, tf.Tensor];
    expectSame(tf.conv2d(x, f, 1, 'valid'), tf.concat([tf.conv2d(x0, f, 1, 'valid'), tf.conv2d(x1, f, 1, 'valid')], 0));
    const g = (xi: tf.Tensor, d: tf.Tensor) => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a, b, 1, 'valid'))([xi, f], d);
    const [dx, df] = g(x, dy) as [tf.Tensor, tf.Tensor];
    const [dx0, df0] = g(x0, dy0) as [tf.Tensor, tf.Tensor];
    const [dx1, df1] = g(x1, dy1) as [tf.Tensor, tf.Tensor];
    expectSame(dx, tf.concat([dx0, dx1], 0));
    expectSame(df, tf.add(df0, df1));
  });

  test('pointwise (1×1) convolutions run as one GEMM over the whole batch', () => {
    const x = randT([3, 4, 5, 6], 4);
    const f = randT([1, 1, 6, 2], 5);
    const want = tf.reshape(tf.matMul(tf.reshape(x, [60, 6]), tf.reshape(f, [6, 2])), [3, 4, 5, 2]);
    expectSame(tf.conv2d(x, f, 1, 'valid'), want);
    const dy = randT([3, 4, 5, 2], 6);
    const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a, b, 1, 'valid'))([x, f], dy) as [tf.Tensor, tf.Tensor];
    expectSame(dx, tf.reshape(tf.matMul(tf.reshape(dy, [60, 2]), tf.reshape(f, [6, 2]), false, true), [3, 4, 5, 6]));
    expectSame(df, tf.reshape(tf.matMul(tf.reshape(x, [60, 6]), tf.reshape(dy, [60, 2]), true, false), [1, 1, 6, 2]));
  });
});
