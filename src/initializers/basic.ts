// Constant and plain random initializers (TF.js / Keras classes of the same names).
import type { DataType } from '../core/dtype.js';
import { ConfigError } from '../core/errors.js';
import { fill, randomNormal, randomUniform, truncatedNormal } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';

/** A JSON-friendly initializer config. */
export type InitializerConfig = Record<string, number | string | null>;

/** Creates the initial value of a weight. */
export interface Initializer {
  /** Serialized class name (TF.js / Keras, e.g. 'GlorotUniform'). */
  readonly className: string;
  /** A new tensor of `shape` (default dtype float32). */
  apply(shape: number[], dtype?: DataType): Tensor;
  /** Constructor options, for serialization. */
  getConfig(): InitializerConfig;
}

/** Options of a seeded initializer; without a seed it draws from the global generator (see `setSeed`). */
export interface SeedConfig {
  seed?: number | null;
}

/** Checks a finite number option. */
export function numberOption(v: unknown, name: string, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ConfigError(`${where}: ${name} must be a finite number, received ${String(v)}.`);
  return v;
}

/** The seed of a config, or undefined to use the global generator. */
export function seedOf(config: SeedConfig): number | undefined {
  return config.seed === null || config.seed === undefined ? undefined : config.seed;
}

/**
 * Fills with zeros.
 * @example new Zeros().apply([2, 2]);
 */
export class Zeros implements Initializer {
  readonly className = 'Zeros';
  apply(shape: number[], dtype: DataType = 'float32'): Tensor {
    return fill(shape, 0, dtype);
  }
  getConfig(): InitializerConfig {
    return {};
  }
}

/**
 * Fills with ones.
 * @example new Ones().apply([3]);
 */
export class Ones implements Initializer {
  readonly className = 'Ones';
  apply(shape: number[], dtype: DataType = 'float32'): Tensor {
    return fill(shape, 1, dtype);
  }
  getConfig(): InitializerConfig {
    return {};
  }
}

/**
 * Fills with `value`.
 * @example new Constant({ value: 0.1 }).apply([4]);
 */
export class Constant implements Initializer {
  readonly className = 'Constant';
  readonly value: number;
  constructor(config: { value?: number } = {}) {
    this.value = numberOption(config.value ?? 0, 'value', 'Constant');
  }
  apply(shape: number[], dtype: DataType = 'float32'): Tensor {
    return fill(shape, this.value, dtype);
  }
  getConfig(): InitializerConfig {
    return { value: this.value };
  }
}

/** Options of RandomNormal / TruncatedNormal. */
export interface NormalConfig extends SeedConfig {
  mean?: number;
  stddev?: number;
}

/**
 * Normal samples (Keras defaults mean 0, stddev 0.05).
 * @example new RandomNormal({ stddev: 0.02, seed: 1 }).apply([3, 3]);
 */
export class RandomNormal implements Initializer {
  readonly className: string = 'RandomNormal';
  readonly mean: number;
  readonly stddev: number;
  readonly seed: number | undefined;
  constructor(config: NormalConfig = {}) {
    this.mean = numberOption(config.mean ?? 0, 'mean', this.className);
    this.stddev = numberOption(config.stddev ?? 0.05, 'stddev', this.className);
    if (this.stddev < 0) throw new ConfigError(`${this.className}: stddev must be >= 0, received ${this.stddev}.`);
    this.seed = seedOf(config);
  }
  apply(shape: number[], dtype: DataType = 'float32'): Tensor {
    return randomNormal(shape, this.mean, this.stddev, dtype, this.seed);
  }
  getConfig(): InitializerConfig {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed ?? null };
  }
}

/**
 * Normal samples redrawn beyond two standard deviations (Keras defaults mean 0, stddev 0.05).
 * @example new TruncatedNormal({ stddev: 0.02 }).apply([3, 3]);
 */
export class TruncatedNormal extends RandomNormal {
  override readonly className: string = 'TruncatedNormal';
  override apply(shape: number[], dtype: DataType = 'float32'): Tensor {
    return truncatedNormal(shape, this.mean, this.stddev, dtype, this.seed);
  }
}

/** Options of RandomUniform. */
export interface UniformConfig extends SeedConfig {
  minval?: number;
  maxval?: number;
}

/**
 * Uniform samples in [minval, maxval) (Keras defaults -0.05, 0.05).
 * @example new RandomUniform({ minval: -1, maxval: 1, seed: 3 }).apply([4]);
 */
export class RandomUniform implements Initializer {
  readonly className = 'RandomUniform';
  readonly minval: number;
  readonly maxval: number;
  readonly seed: number | undefined;
  constructor(config: UniformConfig = {}) {
    this.minval = numberOption(config.minval ?? -0.05, 'minval', 'RandomUniform');
    this.maxval = numberOption(config.maxval ?? 0.05, 'maxval', 'RandomUniform');
    if (this.maxval < this.minval) throw new ConfigError(`RandomUniform: maxval (${this.maxval}) must be >= minval (${this.minval}).`);
    this.seed = seedOf(config);
  }
  apply(shape: number[], dtype: DataType = 'float32'): Tensor {
    return randomUniform(shape, this.minval, this.maxval, dtype, this.seed);
  }
  getConfig(): InitializerConfig {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed ?? null };
  }
}

