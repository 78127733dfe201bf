// Public surface of src/losses/ (tf.losses.*). See docs/ARCHITECTURE.md, "Training building blocks".
// Keras per-sample loss functions share this namespace with TF.js's reduced `tf.losses.*`; the one name both define,
// meanSquaredError, is TF.js's reduced form here, and the per-sample form is `meanSquaredErrorPerSample` (or getLoss('mse')).
export { EPSILON, align } from './common.js';
export type { LossFn } from './common.js';
export {
  meanSquaredErrorPerSample,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredLogarithmicError,
  huber,
  logCosh,
  binaryCrossentropy,
  categoricalCrossentropy,
  sparseCategoricalCrossentropy,
  kullbackLeiblerDivergence,
  hinge,
  squaredHinge,
  categoricalHinge,
  poisson,
  cosineSimilarity,
} from './keras-losses.js';
export type { CrossentropyOptions } from './keras-losses.js';
export {
  Loss,
  MeanSquaredError,
  MeanAbsoluteError,
  MeanAbsolutePercentageError,
  MeanSquaredLogarithmicError,
  Huber,
  LogCosh,
  BinaryCrossentropy,
  CategoricalCrossentropy,
  SparseCategoricalCrossentropy,
  KLDivergence,
  Hinge,
  SquaredHinge,
  CategoricalHinge,
  Poisson,
  CosineSimilarity,
} from './classes.js';
export type { LossConfig } from './classes.js';
export {
  Reduction,
  computeWeightedLoss,
  absoluteDifference,
  meanSquaredError,
  huberLoss,
  logLoss,
  hingeLoss,
  cosineDistance,
  sigmoidCrossEntropy,
  softmaxCrossEntropy,
} from './tfjs-losses.js';
export { getLoss, getLossObject, serializeLoss, LOSS_IDS } from './registry.js';
export type { LossSpec } from './registry.js';
