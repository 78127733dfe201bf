// Resolution of losses by Keras/TF.js id, class name or serialized config.
import { ConfigError } from '../core/errors.js';
import { normalizeId } from '../core/ids.js';
import type { Tensor } from '../tensor/tensor.js';
import {
  BinaryCrossentropy,
  CategoricalCrossentropy,
  CategoricalHinge,
  CosineSimilarity,
  Hinge,
  Huber,
  KLDivergence,
  LogCosh,
  Loss,
  MeanAbsoluteError,
  MeanAbsolutePercentageError,
  MeanSquaredError,
  MeanSquaredLogarithmicError,
  Poisson,
  SparseCategoricalCrossentropy,
  SquaredHinge,
} from './classes.js';
import type { LossFn } from './common.js';

type Raw = Record<string, unknown>;
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

function crossentropy(c: Raw): { fromLogits?: boolean; labelSmoothing?: number } {
  const out: { fromLogits?: boolean; labelSmoothing?: number } = {};
  const f = bool(c['fromLogits']);
  const s = num(c['labelSmoothing']);
  if (f !== undefined) out.fromLogits = f;
  if (s !== undefined) out.labelSmoothing = s;
  return out;
}

// Keyed by the lower-cased id without underscores: 'sparse_categorical_crossentropy', 'sparseCategoricalCrossentropy'
// and 'SparseCategoricalCrossentropy' all match.
const BUILDERS: Record<string, (c: Raw) => Loss> = {
  meansquarederror: () => new MeanSquaredError(),
  mse: () => new MeanSquaredError(),
  meanabsoluteerror: () => new MeanAbsoluteError(),
  mae: () => new MeanAbsoluteError(),
  meanabsolutepercentageerror: () => new MeanAbsolutePercentageError(),
  mape: () => new MeanAbsolutePercentageError(),
  meansquaredlogarithmicerror: () => new MeanSquaredLogarithmicError(),
  msle: () => new MeanSquaredLogarithmicError(),
  huber: (c) => new Huber(num(c['delta']) === undefined ? {} : { delta: num(c['delta']) as number }),
  huberloss: (c) => new Huber(num(c['delta']) === undefined ? {} : { delta: num(c['delta']) as number }),
  logcosh: () => new LogCosh(),
  binarycrossentropy: (c) => new BinaryCrossentropy(crossentropy(c)),
  categoricalcrossentropy: (c) => new CategoricalCrossentropy(crossentropy(c)),
  sparsecategoricalcrossentropy: (c) => {
    const f = bool(c['fromLogits']);
    return new SparseCategoricalCrossentropy(f === undefined ? {} : { fromLogits: f });
  },
  kld: () => new KLDivergence(),
  kldivergence: () => new KLDivergence(),
  kullbackleiblerdivergence: () => new KLDivergence(),
  hinge: () => new Hinge(),
  squaredhinge: () => new SquaredHinge(),
  categoricalhinge: () => new CategoricalHinge(),
  poisson: () => new Poisson(),
  cosinesimilarity: () => new CosineSimilarity(),
};

/** Canonical camelCase loss ids accepted by `getLoss` (snake_case, short aliases and class names work too). */
export const LOSS_IDS: readonly string[] = [
  'meanSquaredError (mse)',
  'meanAbsoluteError (mae)',
  'meanAbsolutePercentageError (mape)',
  'meanSquaredLogarithmicError (msle)',
  'huber',
  'logCosh',
  'binaryCrossentropy',
  'categoricalCrossentropy',
  'sparseCategoricalCrossentropy',
  'kullbackLeiblerDivergence (kld)',
  'hinge',
  'squaredHinge',
  'categoricalHinge',
  'poisson',
  'cosineSimilarity',
];

/** A serialized loss: `{className, config}`. */
export interface LossSpec {
  className: string;
  config?: Record<string, unknown>;
}

/**
 * The Loss object for an id ('mse', 'binary_crossentropy', 'SparseCategoricalCrossentropy', ...), a serialized
 * `{className, config}`, or a Loss (returned as is). Throws a ConfigError listing valid ids for unknown ones.
 * @example getLossObject('sparse_categorical_crossentropy').name; // 'sparse_categorical_crossentropy'
 */
export function getLossObject(id: string | LossSpec | Loss): Loss {
  if (id instanceof Loss) return id;
  const name = typeof id === 'string' ? id : id?.className;
  const build = typeof name === 'string' ? BUILDERS[name.toLowerCase().replace(/_/g, '')] : undefined;
  if (!build) {
    throw new ConfigError(
      `getLoss: unknown loss ${JSON.stringify(name ?? id)}. Expected a function (yTrue, yPred) => Tensor, a Loss object, ` +
        `or one of: ${LOSS_IDS.join(', ')} (snake_case accepted).`,
    );
  }
  const config: Raw = {};
  if (typeof id !== 'string') for (const [k, v] of Object.entries(id.config ?? {})) config[normalizeId(k)] = v;
  return build(config);
}

/**
 * Resolves a loss to a LossFn returning per-sample losses: a Keras/TF.js id (camelCase or snake_case), a Loss
 * object, a serialized `{className, config}`, or a function (returned as is).
 * @example const lossFn = getLoss('categorical_crossentropy'); lossFn(yTrue, yPred).shape; // [batch]
 */
export function getLoss(id: string | LossFn | Loss | LossSpec): LossFn {
  if (typeof id === 'function') return id;
  const loss = getLossObject(id);
  return (yTrue: Tensor, yPred: Tensor) => loss.call(yTrue, yPred);
}

/**
 * Serializes a Loss as `{className, config}` (the inverse of `getLossObject`).
 * @example serializeLoss(new BinaryCrossentropy({ fromLogits: true }));
 */
export function serializeLoss(loss: Loss): { className: string; config: Record<string, unknown> } {
  return { className: loss.getClassName(), config: loss.getConfig() };
}
