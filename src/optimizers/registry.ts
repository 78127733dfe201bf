// TF.js factory functions (tf.train.adam(...)) and Keras-style lookup by id or serialized config.
import { ConfigError } from '../core/errors.js';
import { normalizeId } from '../core/ids.js';
import { AdadeltaOptimizer, AdagradOptimizer, EPSILON, RMSPropOptimizer } from './adaptive.js';
import { AdamOptimizer, AdamWOptimizer, AdamaxOptimizer, NadamOptimizer } from './adam.js';
import { type LearningRate, Optimizer, type OptimizerOptions } from './optimizer.js';
import { type ScheduleConfig, scheduleFromConfig } from './schedules.js';
import { type MomentumConfig, MomentumOptimizer, SGDOptimizer } from './sgd.js';

/**
 * Plain gradient descent (TF.js `tf.train.sgd`).
 * @example const opt = sgd(0.1); opt.minimize(() => w.square().sum());
 */
export function sgd(learningRate: LearningRate, options: OptimizerOptions = {}): SGDOptimizer {
  return new SGDOptimizer({ ...options, learningRate });
}

/**
 * Momentum gradient descent (TF.js `tf.train.momentum`).
 * @example const opt = momentum(0.1, 0.9, true);
 */
export function momentum(learningRate: LearningRate, momentumValue: number, useNesterov = false, options: OptimizerOptions = {}): MomentumOptimizer {
  return new MomentumOptimizer({ ...options, learningRate, momentum: momentumValue, useNesterov });
}

/**
 * Adagrad (TF.js `tf.train.adagrad`).
 * @example const opt = adagrad(0.1);
 */
export function adagrad(learningRate: LearningRate, initialAccumulatorValue = 0.1, options: OptimizerOptions = {}): AdagradOptimizer {
  return new AdagradOptimizer({ ...options, learningRate, initialAccumulatorValue });
}

/**
 * Adadelta (TF.js `tf.train.adadelta`).
 * @example const opt = adadelta(1.0, 0.95);
 */
export function adadelta(learningRate: LearningRate = 0.001, rho = 0.95, epsilon: number | null = null, options: OptimizerOptions = {}): AdadeltaOptimizer {
  return new AdadeltaOptimizer({ ...options, learningRate, rho, epsilon: epsilon ?? EPSILON });
}

/**
 * RMSprop (TF.js `tf.train.rmsprop`; `decay` is Keras's `rho`).
 * @example const opt = rmsprop(0.001, 0.9, 0.9, 1e-7, true);
 */
export function rmsprop(
  learningRate: LearningRate,
  decay = 0.9,
  momentumValue = 0,
  epsilon: number | null = null,
  centered = false,
  options: OptimizerOptions = {},
): RMSPropOptimizer {
  return new RMSPropOptimizer({ ...options, learningRate, decay, momentum: momentumValue, epsilon: epsilon ?? EPSILON, centered });
}

/**
 * Adam (TF.js `tf.train.adam`).
 * @example const opt = adam(0.001);
 */
export function adam(learningRate: LearningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon: number | null = null, options: OptimizerOptions = {}): AdamOptimizer {
  return new AdamOptimizer({ ...options, learningRate, beta1, beta2, epsilon: epsilon ?? EPSILON });
}

/**
 * Adamax (TF.js `tf.train.adamax`; the legacy `decay` argument is not supported, use a schedule instead).
 * @example const opt = adamax(0.002);
 */
export function adamax(learningRate: LearningRate = 0.002, beta1 = 0.9, beta2 = 0.999, epsilon: number | null = null, options: OptimizerOptions = {}): AdamaxOptimizer {
  return new AdamaxOptimizer({ ...options, learningRate, beta1, beta2, epsilon: epsilon ?? EPSILON });
}

/**
 * AdamW: Adam with decoupled weight decay (Keras `AdamW`, default weightDecay 0.004).
 * @example const opt = adamw(1e-3, 0.01);
 */
export function adamw(learningRate: LearningRate = 0.001, weightDecay = 0.004, beta1 = 0.9, beta2 = 0.999, epsilon: number | null = null, options: OptimizerOptions = {}): AdamWOptimizer {
  return new AdamWOptimizer({ ...options, learningRate, weightDecay, beta1, beta2, epsilon: epsilon ?? EPSILON });
}

/**
 * Nadam: Adam with Nesterov momentum (Keras `Nadam`).
 * @example const opt = nadam(0.001);
 */
export function nadam(learningRate: LearningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon: number | null = null, options: OptimizerOptions = {}): NadamOptimizer {
  return new NadamOptimizer({ ...options, learningRate, beta1, beta2, epsilon: epsilon ?? EPSILON });
}

type Raw = Record<string, unknown>;

function pick<T extends object>(c: Raw, keys: readonly string[], where: string): T {
  const out: Raw = {};
  for (const k of keys) {
    const v = c[k];
    if (v === undefined || v === null) continue;
    if (k === 'learningRate') out[k] = learningRateFrom(v, where);
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else throw new ConfigError(`${where}: config key '${k}' must be a number or boolean, received ${JSON.stringify(v)}.`);
  }
  return out as T;
}

function learningRateFrom(v: unknown, where: string): LearningRate {
  if (typeof v === 'number') return v;
  if (typeof v === 'object' && v !== null && 'className' in v && 'config' in v) return scheduleFromConfig(v as ScheduleConfig);
  throw new ConfigError(`${where}: learningRate must be a number or a {className, config} schedule, received ${JSON.stringify(v)}.`);
}

const CLIP = ['clipnorm', 'clipvalue', 'globalClipnorm'] as const;
const MOMENTS = ['learningRate', 'beta1', 'beta2', 'epsilon', ...CLIP] as const;

// Keyed by lower-cased id without underscores, so 'Adam', 'adam', 'RMSprop', 'RMSProp', 'rms_prop' all match.
const BUILDERS: Record<string, (c: Raw) => Optimizer> = {
  sgd: (c) => new SGDOptimizer(pick(c, ['learningRate', 'momentum', 'nesterov', ...CLIP], 'SGD')),
  momentum: (c) =>
    new MomentumOptimizer({ momentum: 0, learningRate: 0.01, ...pick<Partial<MomentumConfig>>(c, ['learningRate', 'momentum', 'useNesterov', ...CLIP], 'Momentum') }),
  adagrad: (c) => new AdagradOptimizer(pick(c, ['learningRate', 'initialAccumulatorValue', 'epsilon', ...CLIP], 'Adagrad')),
  adadelta: (c) => new AdadeltaOptimizer(pick(c, ['learningRate', 'rho', 'epsilon', ...CLIP], 'Adadelta')),
  rmsprop: (c) => new RMSPropOptimizer(pick(c, ['learningRate', 'decay', 'rho', 'momentum', 'epsilon', 'centered', ...CLIP], 'RMSProp')),
  adam: (c) => new AdamOptimizer(pick(c, MOMENTS, 'Adam')),
  adamw: (c) => new AdamWOptimizer(pick(c, [...MOMENTS, 'weightDecay'], 'AdamW')),
  adamax: (c) => new AdamaxOptimizer(pick(c, MOMENTS, 'Adamax')),
  nadam: (c) => new NadamOptimizer(pick(c, MOMENTS, 'Nadam')),
};

/** A serialized optimizer, as written by `serializeOptimizer` (and Keras/TF.js model files). */
export interface OptimizerSpec {
  className: string;
  config?: Record<string, unknown>;
}

/**
 * Resolves an optimizer from a Keras/TF.js id ('adam', 'SGD', 'rmsprop', ...; Keras default hyperparameters), a
 * serialized `{className, config}` (camelCase or snake_case keys), or an Optimizer instance (returned as is).
 * @example getOptimizer('adam').learningRate; // 0.001
 */
export function getOptimizer(id: string | Optimizer | OptimizerSpec): Optimizer {
  if (id instanceof Optimizer) return id;
  const name = typeof id === 'string' ? id : id?.className;
  const key = typeof name === 'string' ? name.toLowerCase().replace(/_/g, '') : '';
  const build = BUILDERS[key];
  if (!build) {
    throw new ConfigError(
      `getOptimizer: unknown optimizer ${JSON.stringify(name ?? id)}. Expected an Optimizer, a {className, config} object, ` +
        `or one of: ${Object.keys(BUILDERS).join(', ')}.`,
    );
  }
  const raw = typeof id === 'string' ? {} : (id.config ?? {});
  const config: Raw = {};
  for (const [k, v] of Object.entries(raw)) config[normalizeId(k)] = v;
  return build(config);
}

/**
 * Serializes an optimizer as `{className, config}`; `getOptimizer` rebuilds it (state travels via getWeights).
 * @example const spec = serializeOptimizer(adam(0.01)); getOptimizer(spec);
 */
export function serializeOptimizer(opt: Optimizer): { className: string; config: Record<string, unknown> } {
  return { className: opt.getClassName(), config: opt.getConfig() };
}
