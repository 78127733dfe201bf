import { describe, expect, test } from 'vitest';
import '../index.js';
import { expectClose } from '../../test/helpers/grad-check.js';
import { ConfigError, ShapeError } from '../core/errors.js';
import { ones, tensor, transpose } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { setSeed } from '../core/random.js';
import { sequential } from '../models/index.js';
import { adam } from '../optimizers/index.js';
import { conv1d, conv2d, conv2dTranspose, dense, depthwiseConv2d, deserializeLayer, flatten, input, maxPooling2d, separableConv2d } from './index.js';

const t = (x: Tensor | Tensor[]): Tensor => x as Tensor;

describe('convolution layer values and errors', () => {
  test('conv2d with given weights computes the hand-checked sums', () => {
    // 3x3 input 1..9, 2x2 kernel of ones, bias 0.5: each output is the sum of its 2x2 window plus 0.5.
    const layer = conv2d({ filters: 1, kernelSize: 2, weights: [ones([2, 2, 1, 1]), tensor([0.5])] });
    const y = t(layer.apply(tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1])));
    expectClose(y, tensor([12.5, 16.5, 24.5, 28.5], [1, 2, 2, 1]));
    expect(layer.kernel?.name).toBe(`${layer.name}/kernel`);
    expect(layer.countParams()).toBe(5);
  });

  test('channelsFirst matches channelsLast on transposed data', () => {
    const x = tensor(Array.from({ length: 2 * 4 * 4 * 3 }, (_, i) => Math.sin(i)), [2, 4, 4, 3]);
    const last = conv2d({ filters: 2, kernelSize: 3, padding: 'same' });
    const yLast = t(last.apply(x));
    const first = conv2d({ filters: 2, kernelSize: 3, padding: 'same', dataFormat: 'channelsFirst' });
    first.apply(transpose(x, [0, 3, 1, 2]));
    first.setWeights(last.getWeights());
    expectClose(t(first.apply(transpose(x, [0, 3, 1, 2]))), transpose(yLast, [0, 3, 1, 2]), 1e-5);
  });

  test('causal conv1d output at step t depends only on inputs up to t', () => {
    const layer = conv1d({ filters: 1, kernelSize: 2, padding: 'causal', useBias: false, weights: [tensor([[[1]], [[10]]])] });
    // kernel tap 0 sees x[t-1], tap 1 sees x[t]; x[-1] is the zero padding.
    expectClose(t(layer.apply(tensor([1, 2, 3], [1, 3, 1]))), tensor([10, 21, 32], [1, 3, 1]));
  });

  test('conv2dTranspose of a single pixel paints the kernel', () => {
    const kernel = tensor([1, 2, 3, 4], [2, 2, 1, 1]);
    const layer = conv2dTranspose({ filters: 1, kernelSize: 2, strides: 2, useBias: false, weights: [kernel] });
    expectClose(t(layer.apply(tensor([2], [1, 1, 1, 1]))), tensor([2, 4, 6, 8], [1, 2, 2, 1]));
  });

  test('symbolic output shapes keep unknown dimensions', () => {
    const x = input({ shape: [null, 8, 3] });
    const y = conv2d({ filters: 4, kernelSize: 3, strides: 2 }).apply(x);
    expect(Array.isArray(y) ? null : y.shape).toEqual([null, null, 3, 4]);
  });

  test('rank-3 input to conv2d names the layer, the expected layout and the fix', () => {
    const layer = conv2d({ filters: 2, kernelSize: 3, name: 'my_conv' });
    const call = (): unknown => layer.apply(ones([2, 28, 28]));
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(/Conv2D \(my_conv\): expected input of rank 4 \[batch, height, width, channels\], received shape \[2,28,28\].*inputShape: \[height, width, 1\]/);
  });

  test('a channel count different from the built one is rejected', () => {
    const layer = conv2d({ filters: 2, kernelSize: 1 });
    layer.apply(ones([1, 3, 3, 2]));
    expect(() => layer.apply(ones([1, 3, 3, 5]))).toThrow(/expected axis -1 of the input to have size 2/);
  });

  test('Keras snake_case data formats are accepted and stored as TF.js camelCase', () => {
    expect(conv2d({ filters: 1, kernelSize: 1, dataFormat: 'channels_first' as 'channelsFirst' }).dataFormat).toBe('channelsFirst');
  });

  test('bad configs throw ConfigError naming the option', () => {
    expect(() => conv2d({ filters: 0, kernelSize: 3 })).toThrow(ConfigError);
    expect(() => conv2d({ filters: 2, kernelSize: [3, 3, 3] })).toThrow(/kernelSize must be a positive integer or an array of 2/);
    expect(() => conv2d({ filters: 2, kernelSize: 3, padding: 'causal' })).toThrow(/padding must be 'valid' or 'same'/);
    expect(() => conv2d({ filters: 2, kernelSize: 3, strides: 2, dilationRate: 2 })).toThrow(/cannot both exceed 1/);
    expect(() => conv2dTranspose({ filters: 2, kernelSize: 3, dilationRate: 2 })).toThrow(/dilationRate must be 1/);
    expect(() => depthwiseConv2d({ kernelSize: 3, depthMultiplier: 0 })).toThrow(/depthMultiplier must be a positive integer/);
    expect(() => conv2d({ filters: 2, kernelSize: 3, dataFormat: 'NHWC' as 'channelsLast' })).toThrow(/dataFormat must be/);
  });

  test('config uses TF.js keys and deserializes by class name', () => {
    const layer = conv2d({ filters: 8, kernelSize: 3, strides: [2, 1], padding: 'same', activation: 'relu', kernelRegularizer: 'l2' });
    const config = layer.getConfig();
    expect(config).toMatchObject({
      filters: 8,
      kernelSize: [3, 3],
      strides: [2, 1],
      padding: 'same',
      dataFormat: 'channelsLast',
      dilationRate: [1, 1],
      activation: 'relu',
      useBias: true,
      kernelInitializer: { className: 'GlorotUniform' },
      biasInitializer: { className: 'Zeros' },
    });
    expect((config.kernelRegularizer as { className: string }).className).toMatch(/L2|L1L2/);
    const copy = deserializeLayer({ className: 'SeparableConv2D', config: separableConv2d({ filters: 2, kernelSize: 3 }).getConfig() });
    expect(copy.getClassName()).toBe('SeparableConv2D');
  });
});

describe('a small CNN trains end to end', () => {
  test('Conv2D → MaxPooling2D → Flatten → Dense learns where a bright bar is (left or right half)', async () => {
    setSeed(3);
    const n = 48;
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < n; i++) {
      const right = i % 2;
      const col = right ? 3 + (i % 3) : i % 3;
      const row = Math.floor(i / 6) % 4;
      for (let r = 0; r < 6; r++) for (let c = 0; c < 6; c++) xs.push(c === col && r >= row && r < row + 3 ? 1 : 0.05 * ((r * 7 + c * 3 + i) % 5));
      ys.push(right);
    }
    const x = tensor(xs, [n, 6, 6, 1]);
    const y = tensor(ys, [n]);
    const model = sequential({
      layers: [
        conv2d({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [6, 6, 1] }),
        maxPooling2d({ poolSize: 2 }),
        flatten(),
        dense({ units: 2, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: adam(0.02), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const history = await model.fit(x, y, { epochs: 30, batchSize: 16, verbose: 0 });
    const loss = history.history.loss as number[];
    const acc = history.history.accuracy as number[];
    expect(loss[loss.length - 1]).toBeLessThan((loss[0] as number) * 0.5);
    expect(acc[acc.length - 1]).toBeGreaterThanOrEqual(0.95);
  });
});
