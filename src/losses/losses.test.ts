import { describe, expect, test } from 'vitest';
import { getActivation } from '../activations/index.js';
import { ConfigError, ShapeError, ValueError } from '../core/errors.js';
import { grad, tensor } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectClose } from '../../test/helpers/grad-check.js';
import * as L from './index.js';

const t = (v: number[][]): Tensor => tensor(v, undefined, 'float64');
const LOG2 = Math.LN2;

describe('Keras per-sample losses (hand-computed)', () => {
  const cases: [string, L.LossFn, Tensor, Tensor, number[]][] = [
    ['mse', L.meanSquaredErrorPerSample, t([[0, 1], [1, 1]]), t([[1, 1], [1, 3]]), [0.5, 2]],
    ['mae', L.meanAbsoluteError, t([[0, 1], [1, 1]]), t([[1, 1], [1, 3]]), [0.5, 1]],
    ['mape', L.meanAbsolutePercentageError, t([[2, 4]]), t([[1, 4]]), [25]],
    ['msle', L.meanSquaredLogarithmicError, t([[0]]), t([[Math.E - 1]]), [(1 - 1e-7) ** 2]],
    ['huber', (a, b) => L.huber(a, b), t([[0, 0]]), t([[0.5, 3]]), [1.3125]],
    ['huber delta 2', (a, b) => L.huber(a, b, 2), t([[0, 0]]), t([[0.5, 3]]), [2.0625]],
    ['logCosh', L.logCosh, t([[0], [0]]), t([[1], [-30]]), [Math.log(Math.cosh(1)), 30 - LOG2]],
    ['binaryCrossentropy', (a, b) => L.binaryCrossentropy(a, b), t([[1, 0]]), t([[0.9, 0.2]]), [(-Math.log(0.9) - Math.log(0.8)) / 2]],
    ['binaryCrossentropy fromLogits', (a, b) => L.binaryCrossentropy(a, b, { fromLogits: true }), t([[1], [0]]), t([[0], [50]]), [LOG2, 50]],
    ['binaryCrossentropy labelSmoothing', (a, b) => L.binaryCrossentropy(a, b, { labelSmoothing: 0.2 }), t([[1]]), t([[0.9]]), [-(0.9 * Math.log(0.9) + 0.1 * Math.log(0.1))]],
    ['categoricalCrossentropy', (a, b) => L.categoricalCrossentropy(a, b), t([[0, 1], [0, 1]]), t([[0.2, 0.8], [0.1, 0.4]]), [-Math.log(0.8), -Math.log(0.8)]],
    ['categoricalCrossentropy fromLogits', (a, b) => L.categoricalCrossentropy(a, b, { fromLogits: true }), t([[0, 1]]), t([[2, 1]]), [1 + Math.log(1 + Math.exp(-1))]],
    ['categoricalCrossentropy labelSmoothing', (a, b) => L.categoricalCrossentropy(a, b, { labelSmoothing: 0.1 }), t([[0, 1]]), t([[0.2, 0.8]]), [-(0.05 * Math.log(0.2) + 0.95 * Math.log(0.8))]],
    ['categoricalCrossentropy clips p = 0', (a, b) => L.categoricalCrossentropy(a, b), t([[0, 1]]), t([[1, 0]]), [-Math.log(1e-7)]],
    ['kld', L.kullbackLeiblerDivergence, t([[0.5, 0.5]]), t([[0.25, 0.75]]), [0.5 * Math.log(2) + 0.5 * Math.log(2 / 3)]],
    ['hinge {-1,1}', L.hinge, t([[1, -1]]), t([[0.5, 0.5]]), [1]],
    ['hinge {0,1} converted', L.hinge, t([[1, 0]]), t([[0.5, 0.5]]), [1]],
    ['squaredHinge', L.squaredHinge, t([[1, -1]]), t([[0.5, 0.5]]), [1.25]],
    ['categoricalHinge', L.categoricalHinge, t([[0, 1]]), t([[0.3, 0.6]]), [0.7]],
    ['poisson', L.poisson, t([[1]]), t([[2]]), [2 - Math.log(2 + 1e-7)]],
    ['cosineSimilarity', L.cosineSimilarity, t([[1, 0], [1, 0]]), t([[2, 0], [0, 3]]), [-1, 0]],
  ];
  for (const [name, fn, yTrue, yPred, expected] of cases) {
    // 1e-7: JS number operands (e.g. 1 - labelSmoothing) pass through float32 before joining float64 tensors.
    test(name, () => expectClose(fn(yTrue, yPred), tensor(expected, [expected.length], 'float64'), 1e-7));
  }

  test('sparseCategoricalCrossentropy: labels [batch] or [batch, 1], probabilities or logits', () => {
    const p = t([[0.2, 0.8], [0.6, 0.4]]);
    expectClose(L.sparseCategoricalCrossentropy(tensor([1, 0]), p), [-Math.log(0.8), -Math.log(0.6)], 1e-9);
    expectClose(L.sparseCategoricalCrossentropy(tensor([[1], [0]], [2, 1], 'int32'), p), [-Math.log(0.8), -Math.log(0.6)], 1e-9);
    expectClose(L.sparseCategoricalCrossentropy(tensor([0]), t([[2, 1]]), { fromLogits: true }), [Math.log(1 + Math.exp(-1))], 1e-9);
    expect(() => L.sparseCategoricalCrossentropy(tensor([2]), t([[0.5, 0.5]]))).toThrow(/label 2 is out of range for 2 classes/);
    expect(() => L.sparseCategoricalCrossentropy(tensor([[0, 1]]), t([[0.5, 0.5]]))).toThrow(/expected integer labels of shape \[1\].*use categoricalCrossentropy/);
  });

  test('rank-1 inputs are treated as [batch, 1]; mismatched shapes name the loss', () => {
    expectClose(L.meanSquaredErrorPerSample(tensor([1, 2]), tensor([[2], [4]])), [1, 4], 1e-7);
    expectClose(L.meanSquaredErrorPerSample(tensor([1, 2]), tensor([2, 4])), [1, 4], 1e-7);
    expect(() => L.meanAbsoluteError(t([[1, 2]]), t([[1, 2, 3]]))).toThrow(ShapeError);
    expect(() => L.meanAbsoluteError(t([[1, 2]]), t([[1, 2, 3]]))).toThrow(/meanAbsoluteError: yTrue and yPred must have the same shape, received yTrue \[1,2\] and yPred \[1,3\]/);
    expect(() => L.binaryCrossentropy(t([[1]]), t([[0.5]]), { labelSmoothing: 2 })).toThrow(/labelSmoothing must be in \[0, 1\], received 2/);
  });
});

describe('stability of cross-entropy on activation outputs', () => {
  test('softmax output + categorical cross-entropy uses the logits (no clipping at 1e-7)', () => {
    const logits = t([[1000, 0]]);
    const labels = t([[0, 1]]);
    const softmax = getActivation('softmax');
    const loss = (x: Tensor): Tensor => L.getLoss('categorical_crossentropy')(labels, softmax.apply(x)).sum();
    expectClose(loss(logits), tensor(1000, [], 'float64'), 1e-12);
    // d/dlogits = softmax - labels = [1, -1], not the zero gradient of a clipped probability.
    expectClose(grad(loss)(logits), t([[1, -1]]), 1e-12);
    const sparse = (x: Tensor): Tensor => L.sparseCategoricalCrossentropy(tensor([1]), softmax.apply(x)).sum();
    expectClose(grad(sparse)(logits), t([[1, -1]]), 1e-12);
  });
  test('sigmoid output + binary cross-entropy uses the logits', () => {
    const sigmoid = getActivation('sigmoid');
    const loss = (x: Tensor): Tensor => L.binaryCrossentropy(t([[0]]), sigmoid.apply(x)).sum();
    expectClose(loss(t([[40]])), tensor(40, [], 'float64'), 1e-12);
    expectClose(grad(loss)(t([[40]])), t([[1]]), 1e-12);
  });
});

describe('TF.js tf.losses (reduced)', () => {
  const labels = tensor([1, 2]);
  const preds = tensor([2, 4]);
  test('computeWeightedLoss reductions', () => {
    const losses = tensor([2, 8]);
    expectClose(L.computeWeightedLoss(losses), [5], 1e-7);
    expectClose(L.computeWeightedLoss(losses, tensor([1, 0])), [2], 1e-7);
    expectClose(L.computeWeightedLoss(losses, tensor([2, 2]), L.Reduction.MEAN), [5], 1e-7);
    expectClose(L.computeWeightedLoss(losses, tensor([2, 2]), L.Reduction.SUM_BY_NONZERO_WEIGHTS), [10], 1e-7);
    expectClose(L.computeWeightedLoss(losses, tensor([2, 2]), L.Reduction.SUM), [20], 1e-7);
    expectClose(L.computeWeightedLoss(losses, 3, L.Reduction.NONE), [6, 24], 1e-7);
    expectClose(L.computeWeightedLoss(losses, 2, L.Reduction.MEAN), [5], 1e-7);
  });
  test('element-wise losses', () => {
    expectClose(L.meanSquaredError(labels, preds), [2.5], 1e-7);
    expectClose(L.meanSquaredError(labels, preds, tensor([1, 0])), [1], 1e-7);
    expectClose(L.absoluteDifference(labels, preds), [1.5], 1e-7);
    expectClose(L.huberLoss(tensor([0, 0]), tensor([0.5, 3])), [1.3125], 1e-7);
    expectClose(L.logLoss(tensor([1, 0]), tensor([0.9, 0.2])), [(-Math.log(0.9 + 1e-7) - Math.log(0.8 + 1e-7)) / 2], 1e-6);
    expectClose(L.hingeLoss(tensor([1, 0]), tensor([0.5, 0.5])), [1], 1e-7);
    expectClose(L.cosineDistance(tensor([[1, 0]]), tensor([[0, 1]]), 1), [1], 1e-7);
    expectClose(L.sigmoidCrossEntropy(tensor([1, 0]), tensor([0, 0])), [LOG2], 1e-6);
    expectClose(L.softmaxCrossEntropy(tensor([[0, 1]]), tensor([[2, 1]])), [1 + Math.log(1 + Math.exp(-1))], 1e-6);
    // Label smoothing 0.5 over 2 classes: targets [0.25, 0.75], loss = lse(2, 1) - (0.25 * 2 + 0.75 * 1).
    expectClose(L.softmaxCrossEntropy(tensor([[0, 1]]), tensor([[2, 1]]), undefined, 0.5), [2 + Math.log(1 + Math.exp(-1)) - 1.25], 1e-6);
    expect(() => L.meanSquaredError(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(/Error in meanSquaredError: Shapes 2 and 3 must match: labels \[2\] and predictions \[3\] need the same shape/);
  });
});

describe('getLoss and serialization', () => {
  test('every Keras id resolves in camelCase, snake_case and class-name spellings', () => {
    const y = t([[0.2, 0.8]]);
    const ids = [
      'mse', 'MSE', 'mean_squared_error', 'meanSquaredError', 'mae', 'mape', 'msle', 'huber', 'log_cosh', 'logcosh',
      'binary_crossentropy', 'categoricalCrossentropy', 'kld', 'kl_divergence', 'KLDivergence', 'kullbackLeiblerDivergence',
      'hinge', 'squared_hinge', 'categorical_hinge', 'poisson', 'cosine_similarity', 'BinaryCrossentropy',
    ];
    for (const id of ids) expect(L.getLoss(id)(y, y).shape, id).toEqual([1]);
    expect(L.getLoss('sparse_categorical_crossentropy')(tensor([1]), y).shape).toEqual([1]);
    expectClose(L.getLoss('mse')(t([[0, 1]]), t([[1, 1]])), [0.5], 1e-12);
    const custom: L.LossFn = (a, b) => a.sub(b);
    expect(L.getLoss(custom)).toBe(custom);
  });
  test('unknown ids list the valid ones', () => {
    expect(() => L.getLoss('mean_squared_eror')).toThrow(ConfigError);
    expect(() => L.getLoss('mean_squared_eror')).toThrow(/unknown loss "mean_squared_eror".*meanSquaredError \(mse\).*snake_case accepted/);
  });
  test('Loss objects: call, apply with sample weights, config round trip', () => {
    const bce = new L.BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
    const spec = JSON.parse(JSON.stringify(L.serializeLoss(bce))) as L.LossSpec;
    expect(spec).toEqual({ className: 'BinaryCrossentropy', config: { name: 'binary_crossentropy', fromLogits: true, labelSmoothing: 0.1 } });
    const back = L.getLossObject({ className: 'BinaryCrossentropy', config: { from_logits: true, label_smoothing: 0.1 } });
    const yt = t([[1], [0]]), yp = t([[0.3], [-2]]);
    expectClose(back.call(yt, yp), bce.call(yt, yp), 0);
    const huber = L.getLossObject({ className: 'Huber', config: { delta: 2 } }) as L.Huber;
    expect(huber.delta).toBe(2);
    const mse = new L.MeanSquaredError();
    // Per-sample [0.5, 2]; weights [1, 3] -> (0.5 + 6) / 2.
    expectClose(mse.apply(t([[0, 1], [1, 1]]), t([[1, 1], [1, 3]]), tensor([1, 3], [2], 'float64')), tensor(3.25, [], 'float64'), 1e-12);
    expectClose(mse.apply(t([[0, 1], [1, 1]]), t([[1, 1], [1, 3]])), tensor(1.25, [], 'float64'), 1e-12);
    expect(() => mse.apply(t([[0, 1]]), t([[1, 1]]), tensor([1, 2, 3]))).toThrow(/MeanSquaredError: sampleWeight must be a scalar or have one weight per sample/);
    expectClose(L.getLoss(new L.SparseCategoricalCrossentropy({ fromLogits: true }))(tensor([0]), t([[2, 1]])), [Math.log(1 + Math.exp(-1))], 1e-12);
    expect(() => new L.Huber({ delta: 0 })).toThrow(ValueError);
  });
});
