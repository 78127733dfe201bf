// Configurable loss objects (keras.losses.BinaryCrossentropy, ...). `call` gives per-sample losses (a LossFn);
// `apply` gives the Keras `__call__` result, the (sample-weighted) mean over the batch.
import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { div, mean, mul, reshape, sum } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import type { LossFn } from './common.js';
import {
  type CrossentropyOptions,
  binaryCrossentropy,
  categoricalCrossentropy,
  categoricalHinge,
  cosineSimilarity,
  hinge,
  huber,
  kullbackLeiblerDivergence,
  logCosh,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredErrorPerSample,
  meanSquaredLogarithmicError,
  poisson,
  sparseCategoricalCrossentropy,
  squaredHinge,
} from './keras-losses.js';

/** A JSON-friendly loss config. */
export type LossConfig = Record<string, number | boolean | string>;

/**
 * Base class of the loss objects. Subclasses implement `call` (per-sample losses); `fn` is the same as a LossFn,
 * which is what `getLoss` returns for a Loss instance.
 */
export abstract class Loss {
  /** Serialized class name (Keras). */
  static className = 'Loss';
  /** Keras snake_case name, used for logs ('binary_crossentropy'). */
  abstract readonly name: string;

  /** Per-sample losses, shape [batch] (every axis but the last). */
  abstract call(yTrue: Tensor, yPred: Tensor): Tensor;

  /** The class name used in serialized configs. */
  getClassName(): string {
    return (this.constructor as typeof Loss).className;
  }

  /** Constructor options, for serialization (`getLoss({className, config})` inverts it). */
  getConfig(): LossConfig {
    return { name: this.name };
  }

  /** `call` as a plain LossFn. */
  get fn(): LossFn {
    return (yTrue, yPred) => this.call(yTrue, yPred);
  }

  /**
   * Keras `loss(yTrue, yPred, sampleWeight)`: the weighted sum of per-sample losses divided by the number of samples.
   * @example new BinaryCrossentropy().apply(yTrue, yPred);
   */
  apply(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): Tensor {
    const losses = this.call(yTrue, yPred);
    if (!sampleWeight) return mean(losses);
    if (sampleWeight.size !== 1 && sampleWeight.size !== losses.size) {
      throw new ShapeError(
        `${this.getClassName()}: sampleWeight must be a scalar or have one weight per sample (${fmtShape(losses.shape)}), ` +
          `received ${fmtShape(sampleWeight.shape)}.`,
      );
    }
    const w = sampleWeight.size === 1 ? sampleWeight : reshape(sampleWeight, losses.shape);
    return div(sum(mul(losses, w)), Math.max(losses.size, 1));
  }
}

/** A loss class without options around a per-sample function (Keras's LossFunctionWrapper). */
function functionLoss(className: string, name: string, perSample: LossFn) {
  return class extends Loss {
    static override className = className;
    readonly name = name;
    call(yTrue: Tensor, yPred: Tensor): Tensor {
      return perSample(yTrue, yPred);
    }
  };
}

/** Mean squared error. @example new MeanSquaredError().call(yTrue, yPred); */
export const MeanSquaredError = functionLoss('MeanSquaredError', 'mean_squared_error', meanSquaredErrorPerSample);
/** Instance type of MeanSquaredError. */
export type MeanSquaredError = InstanceType<typeof MeanSquaredError>;

/** Mean absolute error. @example new MeanAbsoluteError().call(yTrue, yPred); */
export const MeanAbsoluteError = functionLoss('MeanAbsoluteError', 'mean_absolute_error', meanAbsoluteError);
/** Instance type of MeanAbsoluteError. */
export type MeanAbsoluteError = InstanceType<typeof MeanAbsoluteError>;

/** Mean absolute percentage error. @example new MeanAbsolutePercentageError().call(yTrue, yPred); */
export const MeanAbsolutePercentageError = functionLoss('MeanAbsolutePercentageError', 'mean_absolute_percentage_error', meanAbsolutePercentageError);
/** Instance type of MeanAbsolutePercentageError. */
export type MeanAbsolutePercentageError = InstanceType<typeof MeanAbsolutePercentageError>;

/** Mean squared logarithmic error. @example new MeanSquaredLogarithmicError().call(yTrue, yPred); */
export const MeanSquaredLogarithmicError = functionLoss('MeanSquaredLogarithmicError', 'mean_squared_logarithmic_error', meanSquaredLogarithmicError);
/** Instance type of MeanSquaredLogarithmicError. */
export type MeanSquaredLogarithmicError = InstanceType<typeof MeanSquaredLogarithmicError>;

/** Huber loss with threshold `delta` (default 1). @example new Huber({ delta: 2 }).call(yTrue, yPred); */
export class Huber extends Loss {
  static override className = 'Huber';
  readonly name = 'huber_loss';
  readonly delta: number;
  constructor(config: { delta?: number } = {}) {
    super();
    this.delta = config.delta ?? 1;
    if (!(this.delta > 0)) throw new ValueError(`Huber: delta must be > 0, received ${this.delta}.`);
  }
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return huber(yTrue, yPred, this.delta);
  }
  override getConfig(): LossConfig {
    return { ...super.getConfig(), delta: this.delta };
  }
}

/** Log-cosh loss. @example new LogCosh().call(yTrue, yPred); */
export const LogCosh = functionLoss('LogCosh', 'log_cosh', logCosh);
/** Instance type of LogCosh. */
export type LogCosh = InstanceType<typeof LogCosh>;

abstract class CrossentropyLoss extends Loss {
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  constructor(config: CrossentropyOptions) {
    super();
    this.fromLogits = config.fromLogits ?? false;
    this.labelSmoothing = config.labelSmoothing ?? 0;
  }
  override getConfig(): LossConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing };
  }
}

/**
 * Binary cross-entropy with `fromLogits` and `labelSmoothing`.
 * @example new BinaryCrossentropy({ fromLogits: true }).call(yTrue, logits);
 */
export class BinaryCrossentropy extends CrossentropyLoss {
  static override className = 'BinaryCrossentropy';
  readonly name = 'binary_crossentropy';
  constructor(config: CrossentropyOptions = {}) {
    super(config);
  }
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return binaryCrossentropy(yTrue, yPred, { fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing });
  }
}

/**
 * Categorical cross-entropy with `fromLogits` and `labelSmoothing`.
 * @example new CategoricalCrossentropy({ labelSmoothing: 0.1 }).call(oneHot, probs);
 */
export class CategoricalCrossentropy extends CrossentropyLoss {
  static override className = 'CategoricalCrossentropy';
  readonly name = 'categorical_crossentropy';
  constructor(config: CrossentropyOptions = {}) {
    super(config);
  }
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return categoricalCrossentropy(yTrue, yPred, { fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing });
  }
}

/**
 * Sparse categorical cross-entropy (integer targets) with `fromLogits`.
 * @example new SparseCategoricalCrossentropy({ fromLogits: true }).call(labels, logits);
 */
export class SparseCategoricalCrossentropy extends Loss {
  static override className = 'SparseCategoricalCrossentropy';
  readonly name = 'sparse_categorical_crossentropy';
  readonly fromLogits: boolean;
  constructor(config: { fromLogits?: boolean } = {}) {
    super();
    this.fromLogits = config.fromLogits ?? false;
  }
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return sparseCategoricalCrossentropy(yTrue, yPred, { fromLogits: this.fromLogits });
  }
  override getConfig(): LossConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits };
  }
}

/** Kullback-Leibler divergence. @example new KLDivergence().call(p, q); */
export const KLDivergence = functionLoss('KLDivergence', 'kl_divergence', kullbackLeiblerDivergence);
/** Instance type of KLDivergence. */
export type KLDivergence = InstanceType<typeof KLDivergence>;

/** Hinge loss. @example new Hinge().call(yTrue, yPred); */
export const Hinge = functionLoss('Hinge', 'hinge', hinge);
/** Instance type of Hinge. */
export type Hinge = InstanceType<typeof Hinge>;

/** Squared hinge loss. @example new SquaredHinge().call(yTrue, yPred); */
export const SquaredHinge = functionLoss('SquaredHinge', 'squared_hinge', squaredHinge);
/** Instance type of SquaredHinge. */
export type SquaredHinge = InstanceType<typeof SquaredHinge>;

/** Categorical hinge loss. @example new CategoricalHinge().call(yTrue, yPred); */
export const CategoricalHinge = functionLoss('CategoricalHinge', 'categorical_hinge', categoricalHinge);
/** Instance type of CategoricalHinge. */
export type CategoricalHinge = InstanceType<typeof CategoricalHinge>;

/** Poisson loss. @example new Poisson().call(counts, rates); */
export const Poisson = functionLoss('Poisson', 'poisson', poisson);
/** Instance type of Poisson. */
export type Poisson = InstanceType<typeof Poisson>;

/** Negative cosine similarity loss. @example new CosineSimilarity().call(a, b); */
export const CosineSimilarity = functionLoss('CosineSimilarity', 'cosine_similarity', cosineSimilarity);
/** Instance type of CosineSimilarity. */
export type CosineSimilarity = InstanceType<typeof CosineSimilarity>;
