import { describe, expect, test } from 'vitest';
import '../index.js';
import { expectClose, randn } from '../../test/helpers/grad-check.js';
import { ConfigError } from '../core/errors.js';
import { setSeed } from '../core/random.js';
import { sequential } from '../models/index.js';
import { moments, ones, tensor } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { BatchNormalization, batchNormalization, dense, layerNormalization } from './index.js';

const t = (x: Tensor | Tensor[]): Tensor => x as Tensor;

describe('batch normalization behaviour', () => {
  const x = tensor([[1, 10], [3, 20], [5, 60]]); // per-feature mean [3, 30], variance [8/3, 1400/3]

  test('training normalizes with batch statistics and moves the averages by (1 - momentum)', () => {
    const bn = batchNormalization({ momentum: 0.9, epsilon: 0 });
    const y = t(bn.apply(x, { training: true }));
    const { mean, variance } = moments(y, 0);
    expectClose(mean, tensor([0, 0]), 1e-5);
    expectClose(variance, tensor([1, 1]), 1e-4);
    const [, , movingMean, movingVariance] = bn.getWeights() as [Tensor, Tensor, Tensor, Tensor];
    expectClose(movingMean, tensor([0.3, 3]), 1e-5); // 0.9·0 + 0.1·[3, 30]
    expectClose(movingVariance, tensor([0.9 + 0.1 * (8 / 3), 0.9 + 0.1 * (1400 / 3)]), 1e-4); // biased variance, like Keras
    expect(bn.nonTrainableWeights.map((w) => w.name)).toEqual([`${bn.name}/moving_mean`, `${bn.name}/moving_variance`]);
  });

  test('inference uses the moving statistics and leaves them alone', () => {
    const bn = batchNormalization({ epsilon: 0, weights: [tensor([2, 1]), tensor([1, 0]), tensor([1, 10]), tensor([4, 25])] });
    // (x - movingMean) / sqrt(movingVariance) * gamma + beta
    expectClose(t(bn.apply(x)), tensor([[1, 0], [3, 2], [5, 10]]), 1e-5);
    expectClose(bn.getWeights()[2] as Tensor, tensor([1, 10]));
  });

  test('a frozen layer (trainable = false) runs in inference mode, as in Keras', () => {
    const bn = new BatchNormalization({ trainable: false, epsilon: 0 });
    expectClose(t(bn.apply(x, { training: true })), x);
    expectClose(bn.movingMean as Tensor, tensor([0, 0])); // untouched
    expect(bn.trainableWeights).toHaveLength(0);
  });

  test('fit updates the moving statistics and predict uses them', async () => {
    setSeed(4);
    const xs = randn([64, 3], { seed: 2, dtype: 'float32', scale: 3, offset: 5 });
    const ys = randn([64, 1], { seed: 3, dtype: 'float32' });
    const bn = batchNormalization({ momentum: 0.5 });
    const model = sequential({ layers: [dense({ units: 4, inputShape: [3] }), bn, dense({ units: 1 })] });
    model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    const history = await model.fit(xs, ys, { epochs: 8, batchSize: 16, verbose: 0 });
    const losses = history.history.loss as number[];
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] as number);
    const movingMean = bn.getWeights()[2] as Tensor;
    expect(Array.from(movingMean.values).some((v) => Math.abs(v) > 1e-3)).toBe(true);
    // predict twice gives the same result (inference does not touch the statistics) ...
    const p1 = model.predict(xs) as Tensor;
    expectClose(model.predict(xs) as Tensor, p1);
    expectClose(bn.getWeights()[2] as Tensor, movingMean);
    // ... and equals normalization by the moving statistics, not by the batch's own.
    const hidden = t(model.layers[0]!.apply(xs));
    const byBatch = t(bn.apply(hidden, { training: false }));
    const batchStats = moments(hidden, 0);
    expect(Math.abs((byBatch.values[0] as number) - (hidden.values[0]! - batchStats.mean.values[0]!) / Math.sqrt(batchStats.variance.values[0]! + 1e-3))).toBeGreaterThan(1e-4);
  });

  test('config and errors', () => {
    expect(batchNormalization().getConfig()).toMatchObject({
      axis: -1, momentum: 0.99, epsilon: 1e-3, center: true, scale: true,
      gammaInitializer: { className: 'Ones' }, movingVarianceInitializer: { className: 'Ones' },
    });
    expect(() => batchNormalization({ momentum: 2 })).toThrow(ConfigError);
    expect(() => batchNormalization({ axis: 0 }).apply(ones([2, 3]))).toThrow(/batch axis 0 cannot be normalized/);
    expect(() => layerNormalization({ axis: [] })).toThrow(/axis must be an integer or a non-empty array/);
  });
});

describe('layer normalization behaviour', () => {
  test('each sample is normalized over its features, independent of the batch', () => {
    const ln = layerNormalization({ epsilon: 0 });
    const y = t(ln.apply(tensor([[1, 2, 3, 4], [10, 10, 10, 14]])));
    const s = Math.sqrt(1.25);
    expectClose(y, tensor([[-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s], [-1 / Math.sqrt(3), -1 / Math.sqrt(3), -1 / Math.sqrt(3), Math.sqrt(3)]]), 1e-5);
    expectClose(t(ln.apply(tensor([[1, 2, 3, 4]]))), tensor([[-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s]]), 1e-5);
  });
});
