// Public surface of src/metrics/ (tf.metrics.*). See docs/ARCHITECTURE.md, "Training building blocks".
export type { Metric, MetricConfig, ThresholdConfig, F1Config } from './metric.js';
export { MeanMetricWrapper, RootMeanSquaredError, Precision, Recall, F1Score, sampleWeights } from './metric.js';
export { AUC } from './auc.js';
export type { AUCConfig } from './auc.js';
export {
  binaryAccuracy,
  categoricalAccuracy,
  sparseCategoricalAccuracy,
  topKCategoricalAccuracy,
  sparseTopKCategoricalAccuracy,
  precision,
  recall,
  r2Score,
} from './functional.js';
export { getMetric, METRIC_IDS } from './registry.js';
export type { MetricFn, LossHint } from './registry.js';
export { confusionMatrix, classificationReport } from './report.js';
export type { ClassIds, ClassScores, ClassificationReport, ClassificationReportOptions } from './report.js';
// TF.js functional metrics that are losses evaluated per sample (tf.metrics.meanSquaredError returns [batch]).
export {
  meanSquaredErrorPerSample as meanSquaredError,
  meanSquaredErrorPerSample as MSE,
  meanSquaredErrorPerSample as mse,
  meanAbsoluteError,
  meanAbsoluteError as MAE,
  meanAbsoluteError as mae,
  meanAbsolutePercentageError,
  meanAbsolutePercentageError as MAPE,
  meanAbsolutePercentageError as mape,
  binaryCrossentropy,
  categoricalCrossentropy,
  sparseCategoricalCrossentropy,
  cosineSimilarity as cosineProximity,
} from '../losses/index.js';
