// Learning-rate schedules with Keras semantics: a schedule maps the optimizer's step count (iterations before the
// update) to a learning rate. Serialized as {className, config} with Keras's class names.
import { ConfigError } from '../core/errors.js';

/** A learning rate that depends on the optimizer step; usable wherever a learning rate is accepted. */
export interface LearningRateSchedule {
  /** Keras class name ('ExponentialDecay', 'PiecewiseConstantDecay', 'CosineDecay'). */
  readonly className: string;
  /** The learning rate at `step` (0-based number of updates already applied). */
  valueAt(step: number): number;
  /** Constructor options, for serialization. */
  getConfig(): Record<string, number | boolean | number[]>;
}

/** Options of `exponentialDecay` (Keras ExponentialDecay). */
export interface ExponentialDecayConfig {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  staircase?: boolean;
}

function positive(v: number, name: string, where: string): number {
  if (!(typeof v === 'number' && v > 0 && Number.isFinite(v))) {
    throw new ConfigError(`${where}: ${name} must be a positive number, received ${String(v)}.`);
  }
  return v;
}

/**
 * lr = initialLearningRate * decayRate ^ (step / decaySteps), with the exponent floored when `staircase`.
 * @example const opt = adam(exponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5 }));
 */
export function exponentialDecay(config: ExponentialDecayConfig): LearningRateSchedule {
  const { initialLearningRate, decayRate, staircase = false } = config;
  const decaySteps = positive(config.decaySteps, 'decaySteps', 'exponentialDecay');
  return {
    className: 'ExponentialDecay',
    valueAt(step) {
      const p = step / decaySteps;
      return initialLearningRate * decayRate ** (staircase ? Math.floor(p) : p);
    },
    getConfig: () => ({ initialLearningRate, decaySteps, decayRate, staircase }),
  };
}

/** Options of `piecewiseConstantDecay`: `values` has one more entry than `boundaries`. */
export interface PiecewiseConstantDecayConfig {
  boundaries: number[];
  values: number[];
}

/**
 * values[0] while step <= boundaries[0], values[i] while boundaries[i-1] < step <= boundaries[i], then the last value.
 * @example sgd(piecewiseConstantDecay({ boundaries: [100], values: [0.1, 0.01] }));
 */
export function piecewiseConstantDecay(config: PiecewiseConstantDecayConfig): LearningRateSchedule {
  const boundaries = [...config.boundaries];
  const values = [...config.values];
  if (values.length !== boundaries.length + 1) {
    throw new ConfigError(
      `piecewiseConstantDecay: values needs exactly one more entry than boundaries; received ${values.length} values ` +
        `for ${boundaries.length} boundaries.`,
    );
  }
  return {
    className: 'PiecewiseConstantDecay',
    valueAt(step) {
      for (let i = 0; i < boundaries.length; i++) if (step <= (boundaries[i] as number)) return values[i] as number;
      return values[values.length - 1] as number;
    },
    getConfig: () => ({ boundaries: [...boundaries], values: [...values] }),
  };
}

/** Options of `cosineDecay` (Keras CosineDecay, including linear warmup to `warmupTarget`). */
export interface CosineDecayConfig {
  initialLearningRate: number;
  decaySteps: number;
  alpha?: number;
  warmupTarget?: number | null;
  warmupSteps?: number;
}

/**
 * Cosine decay from the initial rate (or from `warmupTarget` after `warmupSteps` of linear warmup) down to
 * alpha * that rate over `decaySteps`.
 * @example adamw(cosineDecay({ initialLearningRate: 0, warmupTarget: 1e-3, warmupSteps: 100, decaySteps: 1000 }));
 */
export function cosineDecay(config: CosineDecayConfig): LearningRateSchedule {
  const { initialLearningRate, alpha = 0, warmupTarget = null, warmupSteps = 0 } = config;
  const decaySteps = positive(config.decaySteps, 'decaySteps', 'cosineDecay');
  const decay = (step: number, from: number): number => {
    const fraction = Math.min(step, decaySteps) / decaySteps;
    const cosine = 0.5 * (1 + Math.cos(Math.PI * fraction));
    return from * ((1 - alpha) * cosine + alpha);
  };
  return {
    className: 'CosineDecay',
    valueAt(step) {
      if (warmupTarget === null) return decay(step, initialLearningRate);
      if (step < warmupSteps) return initialLearningRate + ((warmupTarget - initialLearningRate) * step) / warmupSteps;
      return decay(step - warmupSteps, warmupTarget);
    },
    getConfig: () => {
      const c: Record<string, number> = { initialLearningRate, decaySteps, alpha, warmupSteps };
      if (warmupTarget !== null) c['warmupTarget'] = warmupTarget;
      return c;
    },
  };
}

/** A serialized schedule. */
export interface ScheduleConfig {
  className: string;
  config: Record<string, unknown>;
}

function num(c: Record<string, unknown>, key: string, snake: string, where: string, fallback?: number): number {
  const v = c[key] ?? c[snake] ?? fallback;
  if (typeof v !== 'number') throw new ConfigError(`${where}: config needs a number '${key}', received ${JSON.stringify(v)}.`);
  return v;
}

/**
 * Rebuilds a schedule from `{className, config}` (camelCase or Keras snake_case keys).
 * @example scheduleFromConfig({ className: 'ExponentialDecay', config: { initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9 } });
 */
export function scheduleFromConfig(s: ScheduleConfig): LearningRateSchedule {
  const c = s.config;
  switch (s.className) {
    case 'ExponentialDecay':
      return exponentialDecay({
        initialLearningRate: num(c, 'initialLearningRate', 'initial_learning_rate', s.className),
        decaySteps: num(c, 'decaySteps', 'decay_steps', s.className),
        decayRate: num(c, 'decayRate', 'decay_rate', s.className),
        staircase: Boolean(c['staircase']),
      });
    case 'PiecewiseConstantDecay':
      return piecewiseConstantDecay({ boundaries: c['boundaries'] as number[], values: c['values'] as number[] });
    case 'CosineDecay': {
      const target = c['warmupTarget'] ?? c['warmup_target'];
      return cosineDecay({
        initialLearningRate: num(c, 'initialLearningRate', 'initial_learning_rate', s.className),
        decaySteps: num(c, 'decaySteps', 'decay_steps', s.className),
        alpha: num(c, 'alpha', 'alpha', s.className, 0),
        warmupSteps: num(c, 'warmupSteps', 'warmup_steps', s.className, 0),
        warmupTarget: typeof target === 'number' ? target : null,
      });
    }
    default:
      throw new ConfigError(
        `learning-rate schedule: unknown className '${s.className}'. Expected ExponentialDecay, PiecewiseConstantDecay or CosineDecay.`,
      );
  }
}

/** True when `x` is a schedule object rather than a number. */
export function isSchedule(x: unknown): x is LearningRateSchedule {
  return typeof x === 'object' && x !== null && typeof (x as { valueAt?: unknown }).valueAt === 'function';
}
