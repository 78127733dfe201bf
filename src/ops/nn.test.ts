import { describe, expect, test } from 'vitest';
import * as tfc from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '../index.js';
import { expectClose, randn } from '../../test/helpers/grad-check.js';

await tfc.setBackend('cpu');

describe('dropout', () => {
  test('seeded, scales kept values by 1 / (1 - rate), rate 0 is the identity', () => {
    const x = tf.ones([2000]);
    const y = tf.dropout(x, 0.25, undefined, 7);
    const v = Array.from(y.dataSync());
    expect(v.every((e) => e === 0 || Math.abs(e - 4 / 3) < 1e-6)).toBe(true);
    const dropped = v.filter((e) => e === 0).length / v.length;
    expect(dropped).toBeGreaterThan(0.2);
    expect(dropped).toBeLessThan(0.3);
    expect(Array.from(tf.dropout(x, 0.25, undefined, 7).dataSync())).toEqual(v);
    expect(Array.from(tf.dropout(x, 0.25, undefined, 8).dataSync())).not.toEqual(v);
    expect(tf.dropout(x, 0)).toBe(x);
  });

  test('noiseShape shares one draw along size-1 axes; float64 is kept', () => {
    const y = tf.dropout(tf.ones([4, 6], 'float64'), 0.5, [4, 1], 3);
    expect(y.dtype).toBe('float64');
    const rows = y.arraySync() as number[][];
    for (const row of rows) expect(new Set(row).size).toBe(1);
    expect(() => tf.dropout(tf.ones([2]), 1)).toThrow(/dropout: rate must be in \[0, 1\), received 1/);
    expect(() => tf.dropout(tf.ones([2, 2]), 0.5, [3, 1])).toThrow(/dropout \(noiseShape\)/);
  });

  test('gradient is the same mask', () => {
    const x = tf.ones([50]);
    const mask = tf.dropout(x, 0.5, undefined, 11);
    const g = tf.grad((a) => tf.dropout(a, 0.5, undefined, 11).sum())(x);
    expect(Array.from(g.dataSync())).toEqual(Array.from(mask.dataSync()));
  });
});

describe('batchNorm', () => {
  test('hand-computed values with and without offset/scale', () => {
    expect(tf.batchNorm(tf.tensor([1, 3]), 2, 1, 0, 1, 0).arraySync()).toEqual([-1, 1]);
    const x = tf.tensor([[1, 2], [3, 6]]);
    const y = tf.batchNorm(x, tf.tensor([2, 4]), tf.tensor([1, 4]), tf.tensor([10, 20]), tf.tensor([2, 3]), 0);
    // column 0: (x - 2) / 1 * 2 + 10; column 1: (x - 4) / 2 * 3 + 20
    expect(y.arraySync()).toEqual([[8, 17], [12, 23]]);
    const d = tf.batchNorm(tf.tensor([0, 2], undefined, 'float64'), 1, 3);
    expect(d.dtype).toBe('float64');
    expectClose(d.dataSync(), [-1 / Math.sqrt(3.001), 1 / Math.sqrt(3.001)], 1e-9);
    expect(() => tf.batchNorm(tf.zeros([2, 3]), tf.zeros([2]), tf.ones([3]))).toThrow(/batchNorm: mean of shape \[2\] does not broadcast against x \[2,3\]/);
  });
});

describe('image.resizeBilinear and image.resizeNearestNeighbor', () => {
  test('hand-computed values', () => {
    const row = tf.tensor([1, 2], [1, 2, 1]);
    expectClose(tf.image.resizeBilinear(row, [1, 3]).dataSync(), [1, 1 + 2 / 3, 2], 1e-6);
    expectClose(tf.image.resizeBilinear(row, [1, 3], true).dataSync(), [1, 1.5, 2], 1e-6);
    expectClose(tf.image.resizeBilinear(row, [1, 4], false, true).dataSync(), [1, 1.25, 1.75, 2], 1e-6);
    expect(Array.from(tf.image.resizeNearestNeighbor(row, [1, 4]).dataSync())).toEqual([1, 1, 2, 2]);
    expect(tf.image.resizeNearestNeighbor(tf.tensor([1, 2], [1, 2, 1], 'int32'), [1, 3]).dtype).toBe('int32');
    expect(tf.image.resizeBilinear(tf.tensor([1, 2], [1, 2, 1], 'int32'), [1, 3]).dtype).toBe('float32');
    expect(tf.resizeBilinear).toBe(tf.image.resizeBilinear);
  });

  test('match TF.js for every coordinate convention, up and down', () => {
    const x = randn([2, 5, 7, 3], { seed: 1, dtype: 'float32' });
    const ref = tfc.tensor4d(Array.from(x.dataSync()), [2, 5, 7, 3]);
    for (const [alignCorners, halfPixel] of [[false, false], [true, false], [false, true]] as const) {
      for (const size of [[3, 11], [10, 4], [1, 1]] as Array<[number, number]>) {
        expectClose(tf.image.resizeBilinear(x, size, alignCorners, halfPixel).dataSync(), tfc.image.resizeBilinear(ref, size, alignCorners, halfPixel).dataSync(), 1e-5);
        expectClose(
          tf.image.resizeNearestNeighbor(x, size, alignCorners, halfPixel).dataSync(),
          tfc.image.resizeNearestNeighbor(ref, size, alignCorners, halfPixel).dataSync(),
          0,
        );
      }
    }
  });

  test('errors', () => {
    expect(() => tf.image.resizeBilinear(tf.zeros([2, 2]), [3, 3])).toThrow(/resizeBilinear: images must be rank 4/);
    expect(() => tf.image.resizeBilinear(tf.zeros([1, 2, 2, 1]), [3, 3], true, true)).toThrow(/alignCorners and halfPixelCenters cannot both be true/);
    expect(() => tf.image.resizeNearestNeighbor(tf.zeros([1, 2, 2, 1]), [3, -1] as [number, number])).toThrow(/size must be \[newHeight, newWidth\]/);
  });
});
