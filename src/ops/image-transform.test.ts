import { expect, test } from 'vitest';
import * as tf from '../index.js';
import { otsuThreshold } from './image-transform.js';

test("otsuThreshold matches a hand-computed histogram", () => {
  // bins {0: 2, 1: 1, 3: 3}: t=0 gives (2/6)(4/6)(0-2.5)^2 = 1.389, t=1 gives (3/6)(3/6)(1/3-3)^2 = 1.778, t=2 the
  // same split again (bin 2 is empty), so the first maximum, 1, wins.
  const hist = new Array<number>(256).fill(0);
  [hist[0], hist[1], hist[3]] = [2, 1, 3];
  expect(otsuThreshold(hist)).toBe(1);
  // Two clusters at 50 and 200: every t in [50, 199] separates them; the first is chosen.
  const two = new Array<number>(256).fill(0);
  [two[50], two[200]] = [10, 10];
  expect(otsuThreshold(two)).toBe(50);
});

test('image.threshold: binary on RGB luma, inverted, and otsu', () => {
  // Luma of (100, 100, 100) is 99.99 (weights sum to 0.9999); 0.5·255 = 127.5.
  const img = tf.tensor([100, 100, 100, 200, 200, 200, 0, 0, 0, 255, 255, 255], [2, 2, 3], 'int32');
  expect(tf.image.threshold(img).reshape([4]).arraySync()).toEqual([0, 255, 0, 255]);
  expect(tf.image.threshold(img, 'binary', true).reshape([4]).arraySync()).toEqual([255, 0, 255, 0]);
  expect(tf.image.threshold(tf.tensor([0, 0, 1, 3, 3, 3], [2, 3, 1], 'int32'), 'otsu').reshape([6]).arraySync()).toEqual([0, 0, 0, 255, 255, 255]);
});

test('image.transform: identity, translation with each fill mode, projective division', () => {
  const img = tf.tensor([1, 2, 3, 4, 5, 6], [1, 2, 3, 1]);
  expect(tf.image.transform(img, [[1, 0, 0, 0, 1, 0, 0, 0]]).reshape([6]).arraySync()).toEqual([1, 2, 3, 4, 5, 6]);
  // Output (x, y) reads input x + 1: the last column is outside the image.
  const shift = [[1, 0, 1, 0, 1, 0, 0, 0]];
  expect(tf.image.transform(img, shift, 'nearest', 'constant', -1).reshape([6]).arraySync()).toEqual([2, 3, -1, 5, 6, -1]);
  expect(tf.image.transform(img, shift, 'nearest', 'nearest').reshape([6]).arraySync()).toEqual([2, 3, 3, 5, 6, 6]);
  expect(tf.image.transform(img, shift, 'nearest', 'wrap').reshape([6]).arraySync()).toEqual([2, 3, 1, 5, 6, 4]);
  expect(tf.image.transform(img, shift, 'nearest', 'reflect').reshape([6]).arraySync()).toEqual([2, 3, 3, 5, 6, 6]);
  // Half-pixel shift, bilinear: the mean of neighbours.
  expect(tf.image.transform(img, [[1, 0, 0.5, 0, 1, 0, 0, 0]], 'bilinear', 'constant', 0).reshape([6]).arraySync()).toEqual([1.5, 2.5, 1.5, 4.5, 5.5, 3]);
  // k = 0.5·x + 1 halves the sampled x at x = 2: (2 / 2, 0) -> input (1, 0) = 2.
  expect(tf.image.transform(img, [[1, 0, 0, 0, 1, 0, 0.5, 0]]).dataSync()[2]).toBe(2);
  expect(() => tf.image.transform(img, [[1, 0, 0]])).toThrow(/transforms must be \[1, 8\]/);
});
