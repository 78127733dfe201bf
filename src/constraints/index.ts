// Public surface of src/constraints/ (tf.constraints.*): projections applied to a weight after every optimizer
// update (Keras semantics: `w.assign(constraint(w))` once the step has been applied).
// See docs/ARCHITECTURE.md, "Training building blocks".
import { ConfigError } from '../core/errors.js';
import { normalizeId } from '../core/ids.js';
import { add, cast, clipByValue, div, greaterEqual, mul, scalar, sqrt, square, sum } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';

/** Keras' backend epsilon, added to norms before dividing (as Keras and TF.js do). */
const EPSILON = 1e-7;

/** A projection of a weight tensor onto an allowed set, applied after each optimizer update. */
export interface Constraint {
  /** Serialized class name ('MaxNorm', 'UnitNorm', 'NonNeg', 'MinMaxNorm'). */
  readonly className: string;
  /** The constrained value of `w` (same shape and dtype). */
  apply(w: Tensor): Tensor;
  /** Constructor options, for serialization. */
  getConfig(): Record<string, number | number[]>;
}

type Axis = number | number[];

function checkAxis(axis: unknown, where: string): Axis {
  const ok = (a: unknown): boolean => Number.isInteger(a);
  if (ok(axis) || (Array.isArray(axis) && axis.length > 0 && axis.every(ok))) return axis as Axis;
  throw new ConfigError(`${where}: axis must be an integer or a non-empty array of integers, received ${JSON.stringify(axis)}.`);
}

function checkNumber(value: unknown, name: string, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ConfigError(`${where}: ${name} must be a finite number, received ${JSON.stringify(value)}.`);
  }
  return value;
}

function axisConfig(axis: Axis): number | number[] {
  return Array.isArray(axis) ? [...axis] : axis;
}

/** sqrt(sum(w^2)) over `axis`, kept as size-1 dimensions so it broadcasts back over w. */
function norms(w: Tensor, axis: Axis): Tensor {
  return sqrt(sum(square(w), axis, true));
}

/**
 * Moves the norm n of every slice along `axis` towards [lo, hi]: w * desired / (epsilon + n), with
 * desired = rate * clip(n, lo, hi) + (1 - rate) * n (Keras MinMaxNorm; MaxNorm is lo 0, rate 1).
 */
function projectNorms(w: Tensor, axis: Axis, lo: number, hi: number, rate: number): Tensor {
  const n = norms(w, axis);
  const clipped = clipByValue(n, lo, hi);
  const desired = rate === 1 ? clipped : add(mul(scalar(rate, w.dtype), clipped), mul(scalar(1 - rate, w.dtype), n));
  return mul(w, div(desired, add(scalar(EPSILON, w.dtype), n)));
}

/** Options of MaxNorm. */
export interface MaxNormConfig {
  /** Largest allowed norm; default 2. */
  maxValue?: number;
  /** Axis (or axes) the norm is taken over; default 0 (each output unit's incoming weights in a Dense kernel). */
  axis?: Axis;
}

/**
 * Rescales every slice along `axis` whose L2 norm exceeds `maxValue` back to `maxValue`.
 * @example dense({ units: 8, kernelConstraint: maxNorm({ maxValue: 3 }) });
 */
export class MaxNorm implements Constraint {
  readonly className = 'MaxNorm';
  readonly maxValue: number;
  readonly axis: Axis;
  constructor(config: MaxNormConfig = {}) {
    this.maxValue = checkNumber(config.maxValue ?? 2, 'maxValue', 'MaxNorm');
    this.axis = checkAxis(config.axis ?? 0, 'MaxNorm');
  }
  apply(w: Tensor): Tensor {
    return projectNorms(w, this.axis, 0, this.maxValue, 1);
  }
  getConfig(): Record<string, number | number[]> {
    return { maxValue: this.maxValue, axis: axisConfig(this.axis) };
  }
}

/** Options of UnitNorm. */
export interface UnitNormConfig {
  /** Axis (or axes) the norm is taken over; default 0. */
  axis?: Axis;
}

/**
 * Rescales every slice along `axis` to unit L2 norm.
 * @example dense({ units: 8, kernelConstraint: unitNorm({ axis: 0 }) });
 */
export class UnitNorm implements Constraint {
  readonly className = 'UnitNorm';
  readonly axis: Axis;
  constructor(config: UnitNormConfig = {}) {
    this.axis = checkAxis(config.axis ?? 0, 'UnitNorm');
  }
  apply(w: Tensor): Tensor {
    return div(w, add(scalar(EPSILON, w.dtype), norms(w, this.axis)));
  }
  getConfig(): Record<string, number | number[]> {
    return { axis: axisConfig(this.axis) };
  }
}

/**
 * Sets negative weights to zero (`w * (w >= 0)`, so NaN stays NaN).
 * @example dense({ units: 8, kernelConstraint: nonNeg() });
 */
export class NonNeg implements Constraint {
  readonly className = 'NonNeg';
  apply(w: Tensor): Tensor {
    return mul(w, cast(greaterEqual(w, scalar(0, w.dtype)), w.dtype));
  }
  getConfig(): Record<string, number | number[]> {
    return {};
  }
}

/** Options of MinMaxNorm. */
export interface MinMaxNormConfig {
  /** Smallest allowed norm; default 0. */
  minValue?: number;
  /** Largest allowed norm; default 1. */
  maxValue?: number;
  /** How far to move towards the allowed range per update, in [0, 1]; default 1 (all the way). */
  rate?: number;
  /** Axis (or axes) the norm is taken over; default 0. */
  axis?: Axis;
}

/**
 * Keeps the L2 norm of every slice along `axis` in [minValue, maxValue]:
 * desired = rate * clip(norm, minValue, maxValue) + (1 - rate) * norm.
 * @example dense({ units: 8, kernelConstraint: minMaxNorm({ minValue: 0.5, maxValue: 1 }) });
 */
export class MinMaxNorm implements Constraint {
  readonly className = 'MinMaxNorm';
  readonly minValue: number;
  readonly maxValue: number;
  readonly rate: number;
  readonly axis: Axis;
  constructor(config: MinMaxNormConfig = {}) {
    this.minValue = checkNumber(config.minValue ?? 0, 'minValue', 'MinMaxNorm');
    this.maxValue = checkNumber(config.maxValue ?? 1, 'maxValue', 'MinMaxNorm');
    this.rate = checkNumber(config.rate ?? 1, 'rate', 'MinMaxNorm');
    this.axis = checkAxis(config.axis ?? 0, 'MinMaxNorm');
    if (this.minValue > this.maxValue) {
      throw new ConfigError(`MinMaxNorm: minValue (${this.minValue}) must not exceed maxValue (${this.maxValue}).`);
    }
  }
  apply(w: Tensor): Tensor {
    return projectNorms(w, this.axis, this.minValue, this.maxValue, this.rate);
  }
  getConfig(): Record<string, number | number[]> {
    return { minValue: this.minValue, maxValue: this.maxValue, rate: this.rate, axis: axisConfig(this.axis) };
  }
}

/**
 * MaxNorm constraint (TF.js `tf.constraints.maxNorm`).
 * @example maxNorm({ maxValue: 2, axis: 0 });
 */
export function maxNorm(config: MaxNormConfig = {}): Constraint {
  return new MaxNorm(config);
}

/**
 * UnitNorm constraint (TF.js `tf.constraints.unitNorm`).
 * @example unitNorm({ axis: 0 });
 */
export function unitNorm(config: UnitNormConfig = {}): Constraint {
  return new UnitNorm(config);
}

/**
 * NonNeg constraint (TF.js `tf.constraints.nonNeg`).
 * @example nonNeg();
 */
export function nonNeg(): Constraint {
  return new NonNeg();
}

/**
 * MinMaxNorm constraint (TF.js `tf.constraints.minMaxNorm`).
 * @example minMaxNorm({ minValue: 0, maxValue: 1, rate: 1 });
 */
export function minMaxNorm(config: MinMaxNormConfig = {}): Constraint {
  return new MinMaxNorm(config);
}

/** A serialized constraint (TF.js `{className, config}`; Keras snake_case config keys are accepted). */
export interface ConstraintSpec {
  className: string;
  config?: Record<string, unknown>;
}

const BY_KEY: Record<string, (config: Record<string, unknown>) => Constraint> = {
  maxnorm: (c) => new MaxNorm(c),
  unitnorm: (c) => new UnitNorm(c),
  nonneg: () => new NonNeg(),
  minmaxnorm: (c) => new MinMaxNorm(c),
};

/**
 * Resolves a constraint from an id ('maxNorm', 'max_norm', 'unitNorm', 'nonNeg', 'minMaxNorm', with default
 * options), a `{className, config}` object or a Constraint; undefined/null give null (unconstrained).
 * @example getConstraint('nonNeg'); getConstraint({ className: 'MaxNorm', config: { max_value: 3, axis: 0 } });
 */
export function getConstraint(id: string | ConstraintSpec | Constraint | undefined | null): Constraint | null {
  if (id === undefined || id === null) return null;
  if (typeof id === 'object' && 'apply' in id && typeof id.apply === 'function') return id;
  const name: unknown = typeof id === 'string' ? id : (id as ConstraintSpec).className;
  const key = typeof name === 'string' ? name.toLowerCase().replace(/_/g, '') : '';
  const make = BY_KEY[key];
  if (!make) {
    throw new ConfigError(
      `getConstraint: unknown constraint ${JSON.stringify(name ?? id)}. Expected 'maxNorm', 'unitNorm', 'nonNeg', ` +
        "'minMaxNorm', a {className: 'MaxNorm', config} object, or a Constraint.",
    );
  }
  const config: Record<string, unknown> = {};
  if (typeof id !== 'string') for (const [k, v] of Object.entries((id as ConstraintSpec).config ?? {})) config[normalizeId(k)] = v;
  return make(config);
}

/**
 * Serializes a constraint as `{className, config}`.
 * @example serializeConstraint(maxNorm()); // { className: 'MaxNorm', config: { maxValue: 2, axis: 0 } }
 */
export function serializeConstraint(c: Constraint): { className: string; config: Record<string, number | number[]> } {
  return { className: c.className, config: c.getConfig() };
}
