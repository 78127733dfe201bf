import { describe, expect, test } from 'vitest';
import * as tf from '../index.js';

describe('tf.browser on Node-side inputs', () => {
  test('toPixels scales float32 by 255, repeats grey into RGB and adds opaque alpha', async () => {
    const grey = await tf.browser.toPixels(tf.tensor([[0, 0.5], [1, 0.2]]));
    expect(Array.from(grey)).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 51, 51, 51, 255]);
    const rgb = await tf.browser.toPixels(tf.tensor([[[1, 2, 3]]], [1, 1, 3], 'int32'));
    expect(Array.from(rgb)).toEqual([1, 2, 3, 255]);
    await expect(tf.browser.toPixels(tf.tensor([[1.5]]))).rejects.toThrow(/values must be in \[0, 1\], received 1.5.*divide by 255/);
    await expect(tf.browser.toPixels(tf.ones([1, 1, 2]))).rejects.toThrow(/channel dimension must be 1, 3 or 4/);
  });

  test('toPixels draws on a canvas-like object; fromPixels reads it back', async () => {
    let drawn: { data: Uint8ClampedArray; width: number; height: number } | undefined;
    const ctx = {
      putImageData: (img: { data: Uint8ClampedArray; width: number; height: number }) => { drawn = img; },
      getImageData: () => ({ data: drawn?.data ?? new Uint8ClampedArray(0) }),
    };
    const canvas = { width: 0, height: 0, getContext: () => ctx };
    const img = tf.tensor([10, 20, 30, 40, 50, 60, 70, 80], [1, 2, 4], 'int32');
    await tf.browser.toPixels(img, canvas);
    expect([canvas.width, canvas.height]).toEqual([2, 1]);
    expect(tf.browser.fromPixels(canvas, 4).arraySync()).toEqual([[[10, 20, 30, 40], [50, 60, 70, 80]]]);
    expect(tf.browser.fromPixels(canvas).arraySync()).toEqual([[[10, 20, 30], [50, 60, 70]]]);
    expect(tf.browser.fromPixels({ data: new Uint8Array([9, 8, 7, 6]), width: 1, height: 1 }, 1).arraySync()).toEqual([[[9]]]);
    expect(() => tf.browser.fromPixels(JSON.parse('{"width": 1, "height": 1}'))).toThrow(/expected pixel data/);
  });
});

describe('small TF.js ops', () => {
  test('math.confusionMatrix counts (label, prediction) pairs', () => {
    const m = tf.math.confusionMatrix([0, 1, 2, 1, 0, 2], [0, 2, 2, 1, 1, 0], 3);
    expect(m.dtype).toBe('int32');
    expect(m.arraySync()).toEqual([[1, 1, 0], [0, 1, 1], [1, 0, 1]]);
    expect(() => tf.math.confusionMatrix([0, 3], [0, 1], 3)).toThrow(/class ids must be in \[0, 3\)/);
  });

  test('bitwiseAnd, ensureShape and op', () => {
    expect(tf.bitwiseAnd(tf.tensor([12, 7, -1], [3], 'int32'), tf.tensor([10, 2, 6], [3], 'int32')).arraySync()).toEqual([8, 2, 6]);
    expect(() => tf.bitwiseAnd(tf.tensor([1]), tf.tensor([1]))).toThrow(/Only supports 'int32'.*tf.cast/);
    const x = tf.ones([2, 3]);
    expect(tf.ensureShape(x, [null, 3])).toBe(x);
    expect(() => tf.ensureShape(x, [3, null])).toThrow(/EnsureShape: Shape of tensor \[2,3\] is not compatible with expected shape \[3,null\]/);
    const twice = tf.op({ twice_: (v: number) => 2 * v });
    expect([twice.name, twice(4)]).toEqual(['twice__op', 8]);
  });
});
