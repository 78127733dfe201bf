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

/** Mean squared error. @example new MeanSquaredError().call(yTrue, yPred); */
export class MeanSquaredError extends Loss {
  static override className = 'MeanSquaredError';
  readonly name = 'mean_squared_error';
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return meanSquaredErrorPerSample(yTrue, yPred);
  }
}

/** Mean absolute error. @example new MeanAbsoluteError().call(yTrue, yPred); */
export class MeanAbsoluteError extends Loss {
  static override className = 'MeanAbsoluteError';
  readonly name = 'mean_absolute_error';
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return meanAbsoluteError(yTrue, yPred);
  }
}

/** Mean absolute percentage error. @example new MeanAbsolutePercentageError().call(yTrue, yPred); */
export class MeanAbsolutePercentageError extends Loss {
  static override className = 'MeanAbsolutePercentageError';
  readonly name = 'mean_absolute_percentage_error';
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return meanAbsolutePercentageError(yTrue, yPred);
  }
}

/** Mean squared logarithmic error. @example new MeanSquaredLogarithmicError().call(yTrue, yPred); */
export class MeanSquaredLogarithmicError extends Loss {
  static override className = 'MeanSquaredLogarithmicError';
  readonly name = 'mean_squared_logarithmic_error';
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return meanSquaredLogarithmicError(yTrue, yPred);
  }
}

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
export class LogCosh extends Loss {
  static override className = 'LogCosh';
  readonly name = 'log_cosh';
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return logCosh(yTrue, yPred);
  }
}

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
export class KLDivergence extends Loss {
  static override className = 'KLDivergence';
  readonly name = 'kl_divergence';
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return kullbackLeiblerDivergence(yTrue, yPred);
  }
}

/** Hinge loss. @example new Hinge().call(yTrue, yPred); */
export class Hinge extends Loss {
  static override className = 'Hinge';
  readonly name = 'hinge';
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return hinge(yTrue, yPred);
  }
}

/** Squared hinge loss. @example new SquaredHinge().call(yTrue, yPred); */
export class SquaredHinge extends Loss {
  static override className = 'SquaredHinge';
  readonly name = 'squared_hinge';
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return squaredHinge(yTrue, yPred);
  }
}

/** Categorical hinge loss. @example new CategoricalHinge().call(yTrue, yPred); */
export class CategoricalHinge extends Loss {
  static override className = 'CategoricalHinge';
  readonly name = 'categorical_hinge';
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return categoricalHinge(yTrue, yPred);
  }
}

/** Poisson loss. @example new Poisson().call(counts, rates); */
export class Poisson extends Loss {
  static override className = 'Poisson';
  readonly name = 'poisson';
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return poisson(yTrue, yPred);
  }
}

/** Negative cosine similarity loss. @example new CosineSimilarity().call(a, b); */
export class CosineSimilarity extends Loss {
  static override className = 'CosineSimilarity';
  readonly name = 'cosine_similarity';
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return cosineSimilarity(yTrue, yPred);
  }
}
