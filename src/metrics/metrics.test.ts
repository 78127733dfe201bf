import { describe, expect, test } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { tensor } from '../ops/index.js';
import { expectClose } from '../../test/helpers/grad-check.js';
import { BinaryCrossentropy } from '../losses/index.js';
import * as M from './index.js';

describe('functional metrics (hand-computed)', () => {
  test('binaryAccuracy thresholds at 0.5 and averages the last axis', () => {
    expectClose(M.binaryAccuracy(tensor([[1], [0], [1]]), tensor([[0.7], [0.6], [0.4]])), tensor([1, 0, 0]), 0);
    expectClose(M.binaryAccuracy(tensor([[1, 0]]), tensor([[0.7, 0.2]])), tensor([1]), 0);
    expectClose(M.binaryAccuracy(tensor([1, 0]), tensor([0.9, 0.2]), 0.95), tensor([0, 1]), 0);
  });
  test('categorical, sparse categorical and top-k accuracies', () => {
    const probs = tensor([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]]);
    expectClose(M.categoricalAccuracy(tensor([[0, 1, 0], [0, 0, 1]]), probs), tensor([1, 0]), 0);
    expectClose(M.sparseCategoricalAccuracy(tensor([1, 2]), probs), tensor([1, 0]), 0);
    expectClose(M.sparseCategoricalAccuracy(tensor([[1], [0]]), probs), tensor([1, 1]), 0);
    expectClose(M.topKCategoricalAccuracy(tensor([[0, 0, 1], [0, 0, 1]]), probs, 2), tensor([1, 0]), 0);
    expectClose(M.sparseTopKCategoricalAccuracy(tensor([2, 2]), probs, 3), tensor([1, 1]), 0);
    // Ties count as inside the top k (like in_top_k).
    expectClose(M.sparseTopKCategoricalAccuracy(tensor([1]), tensor([[0.5, 0.5, 0]]), 1), tensor([1]), 0);
    expect(() => M.sparseCategoricalAccuracy(tensor([[0, 1, 0]]), tensor([[0.1, 0.7, 0.2]]))).toThrow(/expected integer labels of shape \[1\]/);
  });
  test('TF.js precision, recall, r2Score and loss-backed metrics', () => {
    expectClose(M.precision(tensor([1, 0, 1]), tensor([1, 1, 0])), [0.5], 0);
    expectClose(M.recall(tensor([1, 0, 1]), tensor([1, 1, 0])), [0.5], 0);
    expectClose(M.r2Score(tensor([1, 2, 3]), tensor([1, 2, 4])), [0.5], 1e-7);
    expectClose(M.meanSquaredError(tensor([[0, 1]]), tensor([[1, 1]])), [0.5], 1e-7);
    expectClose(M.mae(tensor([[0, 1]]), tensor([[1, 3]])), [1.5], 1e-7);
  });
});

describe('stateful metrics', () => {
  test('getMetric accuracy follows the loss and keeps the written name', () => {
    const bin = M.getMetric('accuracy', 'binary_crossentropy');
    expect(bin.name).toBe('accuracy');
    bin.updateState(tensor([[1], [0]]), tensor([[0.7], [0.6]]));
    expect(bin.result()).toBe(0.5);
    const sparse = M.getMetric('acc', 'sparseCategoricalCrossentropy');
    expect(sparse.name).toBe('acc');
    sparse.updateState(tensor([1, 0]), tensor([[0.2, 0.8], [0.3, 0.7]]));
    expect(sparse.result()).toBe(0.5);
    const cat = M.getMetric('accuracy', 'categorical_crossentropy');
    cat.updateState(tensor([[0, 1], [1, 0]]), tensor([[0.2, 0.8], [0.6, 0.4]]));
    expect(cat.result()).toBe(1);
    // A Loss object or a serialized loss works as the hint too: binary accuracy on two sigmoid outputs.
    for (const hint of [new BinaryCrossentropy(), { className: 'BinaryCrossentropy' }]) {
      const m = M.getMetric('accuracy', hint);
      m.updateState(tensor([[1, 0]]), tensor([[0.7, 0.2]]));
      expect(m.result()).toBe(1);
    }
  });
  test('accuracy without a known loss decides from the shapes', () => {
    const m = M.getMetric('accuracy', 'mse');
    m.updateState(tensor([[1], [0]]), tensor([[0.9], [0.9]])); // one unit: binary
    expect(m.result()).toBe(0.5);
    const s = M.getMetric('accuracy');
    s.updateState(tensor([2, 0]), tensor([[0.1, 0.2, 0.7], [0.1, 0.2, 0.7]])); // integer targets: sparse
    expect(s.result()).toBe(0.5);
    const c = M.getMetric('accuracy');
    c.updateState(tensor([[0, 0, 1]]), tensor([[0.1, 0.2, 0.7]])); // one-hot targets: categorical
    expect(c.result()).toBe(1);
  });
  test('mean metrics weight samples and accumulate across batches until reset', () => {
    const m = M.getMetric('binary_accuracy');
    m.updateState(tensor([[1], [0], [1]]), tensor([[0.7], [0.6], [0.4]]), tensor([1, 2, 1]));
    expect(m.result()).toBe(0.25);
    m.updateState(tensor([[1]]), tensor([[0.9]]), tensor([4]));
    expect(m.result()).toBe(5 / 8);
    m.resetState();
    expect(m.result()).toBe(0);
    expect(() => m.updateState(tensor([[1]]), tensor([[0.9]]), tensor([1, 2]))).toThrow(/binary_accuracy: sampleWeight must be a scalar or have one weight per sample \(1\)/);
    // Sequence outputs: [batch 2, T 2, C 2] gives 4 per-step values; each sample's weight covers its steps.
    const seq = M.getMetric('categorical_accuracy');
    seq.updateState(tensor([[[1, 0], [1, 0]], [[0, 1], [0, 1]]]), tensor([[[0.9, 0.1], [0.2, 0.8]], [[0.3, 0.7], [0.4, 0.6]]]), tensor([1, 3]));
    expect(seq.result()).toBe((0.5 * 2 + 1 * 6) / 8);
    const loss = M.getMetric('mean_squared_error');
    loss.updateState(tensor([[0, 1], [1, 1]]), tensor([[1, 1], [1, 3]]));
    expect(loss.result()).toBe(1.25);
    const rmse = M.getMetric('rmse');
    rmse.updateState(tensor([[0, 1], [1, 1]]), tensor([[1, 1], [1, 3]]));
    expect(rmse.result()).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(M.getMetric('mae').name).toBe('mae');
  });
  test('precision and recall over batches', () => {
    const p = M.getMetric('precision');
    const r = M.getMetric('recall');
    for (const m of [p, r]) {
      m.updateState(tensor([1, 0, 1, 1]), tensor([0.9, 0.8, 0.3, 0.6]));
    }
    expect(p.result()).toBeCloseTo(2 / 3, 12);
    expect(r.result()).toBeCloseTo(2 / 3, 12);
    for (const m of [p, r]) m.updateState(tensor([0, 1]), tensor([0.1, 0.7]));
    expect(p.result()).toBe(0.75);
    expect(r.result()).toBe(0.75);
  });
  test('f1Score: binary, macro and micro averaging', () => {
    const bin = M.getMetric('f1Score');
    bin.updateState(tensor([1, 0, 1, 1, 0, 1]), tensor([0.9, 0.8, 0.3, 0.6, 0.1, 0.7]));
    expect(bin.result()).toBeCloseTo(6 / 8, 12); // tp 3, fp 1, fn 1
    const yTrue = tensor([[1, 0], [0, 1], [0, 1]]);
    const yPred = tensor([[0.9, 0.1], [0.6, 0.4], [0.7, 0.3]]); // argmax: 0, 0, 0
    const macro = new M.F1Score({ average: 'macro', threshold: null });
    macro.updateState(yTrue, yPred);
    expect(macro.result()).toBeCloseTo(0.25, 12); // class 0: 2/4, class 1: 0
    const micro = new M.F1Score({ average: 'micro', threshold: null });
    micro.updateState(yTrue, yPred);
    expect(micro.result()).toBeCloseTo(1 / 3, 12); // tp 1, fp 2, fn 2: 2 / (2 + 2 + 2)
    expect(() => new M.F1Score({ average: 'weighted' as 'macro' })).toThrow(/average must be 'binary', 'macro' or 'micro'/);
  });
  test('AUC matches Keras (ROC trapezoids, PR interpolation)', () => {
    // Keras docs example: num_thresholds 3 gives ROC AUC 0.75.
    const roc = new M.AUC({ numThresholds: 3 });
    roc.updateState(tensor([0, 0, 1, 1]), tensor([0, 0.5, 0.3, 0.9]));
    expect(roc.result()).toBeCloseTo(0.75, 12);
    // tp [2, 1, 0], fp [2, 0, 0], fn [0, 1, 2]: (1/3)(1 + (2/3) ln 4) / 2 + 1 / 2.
    const pr = new M.AUC({ numThresholds: 3, curve: 'PR' });
    pr.updateState(tensor([0, 0, 1, 1]), tensor([0, 0.5, 0.3, 0.9]));
    expect(pr.result()).toBeCloseTo((1 + (2 / 3) * Math.log(4)) / 6 + 0.5, 12);
    const fine = M.getMetric('auc');
    fine.updateState(tensor([0, 0, 1, 1]), tensor([0.1, 0.4, 0.35, 0.8]));
    expect(fine.result()).toBeCloseTo(0.75, 12);
    fine.resetState();
    fine.updateState(tensor([0, 1]), tensor([0.2, 0.9]));
    expect(fine.result()).toBeCloseTo(1, 12);
    expect(() => new M.AUC({ numThresholds: 1 })).toThrow(/numThresholds must be an integer >= 2/);
  });
  test('functions, Metric objects and bad ids', () => {
    const custom = M.getMetric(function halfError(t, p) {
      return p.sub(t).abs().mean(-1);
    });
    expect(custom.name).toBe('halfError');
    const auc = new M.AUC();
    expect(M.getMetric(auc)).toBe(auc);
    expect(M.getMetric('binary_crossentropy').name).toBe('binary_crossentropy');
    expect(() => M.getMetric('acuracy')).toThrow(ConfigError);
    expect(() => M.getMetric('acuracy')).toThrow(/unknown metric 'acuracy'.*accuracy \(acc\).*or a loss id/);
  });
});

describe('confusionMatrix and classificationReport', () => {
  test('confusion matrix counts true rows by predicted columns', () => {
    expect(M.confusionMatrix([0, 1, 1, 2], [0, 0, 1, 2])).toEqual([[1, 0, 0], [1, 1, 0], [0, 0, 1]]);
    expect(M.confusionMatrix(tensor([1, 0]), tensor([[0.2, 0.8], [0.9, 0.1]]), 3)).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 0]]);
    expect(() => M.confusionMatrix([0, 3], [0, 1], 2)).toThrow(/class ids must be integers in \[0, 1\], received label 3/);
  });
  test('report matches scikit-learn text and numbers', () => {
    // scikit-learn's documented example: y_true [0, 1, 2, 2, 2], y_pred [0, 0, 2, 2, 1].
    const r = M.classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], { targetNames: ['class 0', 'class 1', 'class 2'] });
    const expected =
      '              precision    recall  f1-score   support\n\n' +
      '     class 0       0.50      1.00      0.67         1\n' +
      '     class 1       0.00      0.00      0.00         1\n' +
      '     class 2       1.00      0.67      0.80         3\n\n' +
      '    accuracy                           0.60         5\n' +
      '   macro avg       0.50      0.56      0.49         5\n' +
      'weighted avg       0.70      0.60      0.61         5\n';
    expect(r.text).toBe(expected);
    expect(r.accuracy).toBe(0.6);
    expect(r.perClass[2]).toMatchObject({ label: 2, precision: 1, recall: 2 / 3, support: 3 });
    expect(r.macroAvg.f1).toBeCloseTo((2 / 3 + 0 + 0.8) / 3, 12);
    expect(r.weightedAvg.precision).toBeCloseTo(0.7, 12);
  });
  test('a label subset prints a micro avg row instead of accuracy', () => {
    const r = M.classificationReport([1, 2, 3], [1, 2, 2], { labels: [1, 2] });
    expect(r.text).toContain('   micro avg       0.67      1.00      0.80         2\n');
    expect(() => M.classificationReport([0], [0], { targetNames: ['a', 'b'] })).toThrow(/targetNames has 2 entries but there are 1 labels/);
  });
});
