// Resolution of metrics by Keras/TF.js id, with Keras's choice of accuracy variant from the loss.
import { ConfigError } from '../core/errors.js';
import { Loss, getLoss, getLossObject } from '../losses/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { AUC } from './auc.js';
import {
  binaryAccuracy,
  categoricalAccuracy,
  sparseCategoricalAccuracy,
  sparseTopKCategoricalAccuracy,
  topKCategoricalAccuracy,
} from './functional.js';
import { F1Score, MeanMetricWrapper, type Metric, Precision, Recall, RootMeanSquaredError } from './metric.js';

/** A per-sample metric function. */
export type MetricFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

const key = (id: string): string => id.toLowerCase().replace(/_/g, '');

/** The compiled loss as `getMetric` sees it: an id, a Loss object, a serialized `{className}`, or a function. */
export type LossHint = string | Loss | { className: string } | ((yTrue: Tensor, yPred: Tensor) => Tensor) | undefined;

function lossKey(loss: LossHint): string {
  if (typeof loss === 'string') return key(loss);
  if (loss instanceof Loss) return key(loss.getClassName());
  if (typeof loss === 'object' && loss !== null && typeof loss.className === 'string') return key(loss.className);
  return '';
}

/** Which accuracy Keras picks for 'accuracy'/'acc' given the loss (and, at update time, the output width). */
function accuracyFor(loss: LossHint): MetricFn {
  const k = lossKey(loss);
  if (k === 'binarycrossentropy') return (t, p) => binaryAccuracy(t, p);
  if (k === 'sparsecategoricalcrossentropy') return sparseCategoricalAccuracy;
  if (k === 'categoricalcrossentropy') return categoricalAccuracy;
  // Otherwise decide from the prediction shape: one output unit means binary, else compare the target's shape.
  return (t, p) => {
    if (p.rank <= 1 || p.shape[p.rank - 1] === 1) return binaryAccuracy(t, p);
    if (t.rank === p.rank - 1 || (t.rank === p.rank && t.shape[t.rank - 1] === 1)) return sparseCategoricalAccuracy(t, p);
    return categoricalAccuracy(t, p);
  };
}

const FUNCTIONS: Record<string, MetricFn> = {
  binaryaccuracy: (t, p) => binaryAccuracy(t, p),
  categoricalaccuracy: categoricalAccuracy,
  sparsecategoricalaccuracy: sparseCategoricalAccuracy,
  topkcategoricalaccuracy: (t, p) => topKCategoricalAccuracy(t, p, 5),
  sparsetopkcategoricalaccuracy: (t, p) => sparseTopKCategoricalAccuracy(t, p, 5),
};

/** Ids `getMetric` accepts besides any loss id. */
export const METRIC_IDS: readonly string[] = [
  'accuracy (acc)',
  'binaryAccuracy',
  'categoricalAccuracy',
  'sparseCategoricalAccuracy',
  'topKCategoricalAccuracy',
  'sparseTopKCategoricalAccuracy',
  'precision',
  'recall',
  'f1Score',
  'auc',
  'mse',
  'mae',
  'mape',
  'msle',
  'rmse',
];

function isMetric(x: unknown): x is Metric {
  return typeof x === 'object' && x !== null && typeof (x as Metric).updateState === 'function' && typeof (x as Metric).result === 'function';
}

/**
 * Resolves a metric: an id (named in logs exactly as written, so 'acc' logs as 'acc'), a Metric (returned as is), or
 * a per-sample function (averaged; named after the function). 'accuracy'/'acc' follows Keras given the compiled
 * `loss` (id, Loss object or `{className}`): binary for binary cross-entropy or a single output unit, sparse for a
 * sparse loss or integer targets, else categorical.
 * Any loss id is accepted as the mean of that loss.
 * @example const m = getMetric('accuracy', 'sparse_categorical_crossentropy'); m.updateState(labels, probs); m.result();
 */
export function getMetric(id: string | Metric | MetricFn, loss?: LossHint): Metric {
  if (isMetric(id)) return id;
  if (typeof id === 'function') return new MeanMetricWrapper(id, id.name || 'metric');
  if (typeof id !== 'string') throw new ConfigError(`getMetric: expected an id, a Metric or a function, received ${JSON.stringify(id)}.`);
  const k = key(id);
  if (k === 'accuracy' || k === 'acc') return new MeanMetricWrapper(accuracyFor(loss), id);
  const fn = FUNCTIONS[k];
  if (fn) return new MeanMetricWrapper(fn, id);
  if (k === 'precision') return new Precision({ name: id });
  if (k === 'recall') return new Recall({ name: id });
  if (k === 'f1score' || k === 'f1') return new F1Score({ name: id });
  if (k === 'auc') return new AUC({ name: id });
  if (k === 'rmse' || k === 'rootmeansquarederror') return new RootMeanSquaredError(id);
  let lossFn;
  try {
    lossFn = getLoss(getLossObject(id));
  } catch {
    throw new ConfigError(
      `getMetric: unknown metric '${id}'. Expected a Metric, a function (yTrue, yPred) => Tensor, one of ` +
        `${METRIC_IDS.join(', ')}, or a loss id (e.g. 'binary_crossentropy'). snake_case is accepted.`,
    );
  }
  return new MeanMetricWrapper(lossFn, id);
}
