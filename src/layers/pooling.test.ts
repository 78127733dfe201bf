import { describe, expect, test } from 'vitest';
import { expectClose } from '../../test/helpers/grad-check.js';
import { ShapeError } from '../core/errors.js';
import { ones, tensor } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import {
  averagePooling2d,
  cropping2D,
  globalAveragePooling1d,
  globalAveragePooling2d,
  globalMaxPooling1d,
  globalMaxPooling2d,
  input,
  maxPooling1d,
  maxPooling2d,
  upSampling2d,
  zeroPadding2d,
} from './index.js';

const t = (x: Tensor | Tensor[]): Tensor => x as Tensor;

describe('pooling and spatial layer values', () => {
  const grid = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [1, 4, 4, 1]);

  test('max and average pooling of a 4x4 ramp', () => {
    expect(t(maxPooling2d({ poolSize: 2 }).apply(grid)).arraySync()).toEqual([[[[6], [8]], [[14], [16]]]]);
    expectClose(t(averagePooling2d({ poolSize: 2 }).apply(grid)), tensor([3.5, 5.5, 11.5, 13.5], [1, 2, 2, 1]));
    expectClose(t(maxPooling1d({ poolSize: 2, strides: 1 }).apply(tensor([1, 3, 2, 5], [1, 4, 1]))), tensor([3, 3, 5], [1, 3, 1]));
    expectClose(t(globalAveragePooling2d().apply(grid)), tensor([[8.5]]));
    expectClose(t(globalMaxPooling1d().apply(tensor([1, 9, 2, 3, 4, 8], [1, 3, 2]))), tensor([[4, 9]]));
  });

  test('padding, cropping and nearest upsampling move values where Keras puts them', () => {
    const x = tensor([1, 2, 3, 4], [1, 2, 2, 1]);
    expect(t(zeroPadding2d({ padding: [[1, 0], [0, 1]] }).apply(x)).arraySync()).toEqual([[[[0], [0], [0]], [[1], [2], [0]], [[3], [4], [0]]]]);
    expect(t(cropping2D({ cropping: [[1, 2], [0, 3]] }).apply(grid)).arraySync()).toEqual([[[[5]]]]);
    expect(t(upSampling2d().apply(x)).arraySync()).toEqual([[[[1], [1], [2], [2]], [[1], [1], [2], [2]], [[3], [3], [4], [4]], [[3], [3], [4], [4]]]]);
  });

  test('bilinear upsampling uses half-pixel centers (tf.image.resize / Keras)', () => {
    // 1x2 row [0, 4] upsampled to 1x4: sample points map to x = -0.25, 0.25, 0.75, 1.25 → clamped interpolation.
    const y = t(upSampling2d({ size: [1, 2], interpolation: 'bilinear' }).apply(tensor([0, 4], [1, 1, 2, 1])));
    expectClose(y, tensor([0, 1, 3, 4], [1, 1, 4, 1]));
  });

  test('symbolic shapes with unknown spatial sizes', () => {
    const x = input({ shape: [null, 6, 2] });
    const shape = (l: { apply: (i: typeof x) => unknown }): unknown => (l.apply(x) as { shape: unknown }).shape;
    expect(shape(maxPooling2d({ poolSize: 2 }))).toEqual([null, null, 3, 2]);
    expect(shape(zeroPadding2d({ padding: 1 }))).toEqual([null, null, 8, 2]);
    expect(shape(globalMaxPooling2d())).toEqual([null, 2]);
  });

  test('errors name the layer and the expected layout', () => {
    expect(() => maxPooling2d({ name: 'pool' }).apply(ones([2, 4, 4]))).toThrow(ShapeError);
    expect(() => maxPooling2d({ name: 'pool' }).apply(ones([2, 4, 4]))).toThrow(/MaxPooling2D \(pool\): expected input of rank 4 \[batch, height, width, channels\]/);
    expect(() => globalAveragePooling1d().apply(ones([2, 4]))).toThrow(/expected input of rank 3 \[batch, steps, channels\]/);
    expect(() => maxPooling2d({ poolSize: 0 })).toThrow(/poolSize must be a positive integer/);
    expect(() => maxPooling2d({ padding: 'full' as 'same' })).toThrow(/padding must be 'valid' or 'same'/);
    expect(() => cropping2D({ cropping: 2 }).apply(ones([1, 4, 4, 1]))).toThrow(/removes all of the height/);
    expect(() => upSampling2d({ interpolation: 'cubic' as 'nearest' })).toThrow(/interpolation must be 'nearest' or 'bilinear'/);
    // @ts-expect-error -- invalid on purpose: the run-time check and its message are under test
    expect(() => zeroPadding2d({ padding: [1, 2, 3] })).toThrow(/padding must be a non-negative integer/);
  });

  test('configs use TF.js keys', () => {
    expect(maxPooling2d({ poolSize: 3 }).getConfig()).toMatchObject({ poolSize: [3, 3], strides: [3, 3], padding: 'valid', dataFormat: 'channelsLast' });
    expect(maxPooling1d({ poolSize: 2, strides: 1 }).getConfig()).toMatchObject({ poolSize: [2], strides: [1] });
    expect(zeroPadding2d({ padding: 2 }).getConfig()).toMatchObject({ padding: [[2, 2], [2, 2]] });
    expect(upSampling2d().getConfig()).toMatchObject({ size: [2, 2], interpolation: 'nearest' });
  });
});
