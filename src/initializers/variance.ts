// Variance-scaling initializers (Glorot/He/LeCun), Orthogonal and Identity, following Keras's fan computation.
import type { DataType } from '../core/dtype.js';
import { ConfigError } from '../core/errors.js';
import { normalizeId } from '../core/ids.js';
import { rngFor } from '../core/random.js';
import { fmtShape } from '../core/shape.js';
import { eye, mul, randomNormal, randomUniform, truncatedNormal } from '../ops/index.js';
import { Tensor } from '../tensor/tensor.js';
import { type Initializer, type InitializerConfig, type SeedConfig, numberOption, seedOf } from './basic.js';

/**
 * Keras `compute_fans`: dense kernels [in, out]; conv kernels [...spatial, in, out] multiply by the receptive field.
 * @example computeFans([3, 3, 16, 32]); // { fanIn: 144, fanOut: 288 }
 */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0] as number, fanOut: shape[0] as number };
  if (shape.length === 2) return { fanIn: shape[0] as number, fanOut: shape[1] as number };
  const receptive = shape.slice(0, -2).reduce((p, d) => p * d, 1);
  return { fanIn: (shape[shape.length - 2] as number) * receptive, fanOut: (shape[shape.length - 1] as number) * receptive };
}

/** Which fan divides the scale. */
export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';
/** Sampling distribution of VarianceScaling ('normal' means truncated normal, as in Keras). */
export type Distribution = 'normal' | 'truncatedNormal' | 'untruncatedNormal' | 'uniform';

/** Options of VarianceScaling (Keras snake_case values such as 'fan_in' are accepted). */
export interface VarianceScalingConfig extends SeedConfig {
  scale?: number;
  mode?: FanMode | string;
  distribution?: Distribution | string;
}

const MODES: readonly FanMode[] = ['fanIn', 'fanOut', 'fanAvg'];
const DISTRIBUTIONS: readonly Distribution[] = ['normal', 'truncatedNormal', 'untruncatedNormal', 'uniform'];
// Std of a unit normal truncated to [-2, 2]; dividing by it keeps the requested variance (Keras's constant).
const TRUNCATION_CORRECTION = 0.87962566103423978;

function oneOf<T extends string>(value: string, allowed: readonly T[], name: string, where: string): T {
  const v = normalizeId(value) as T;
  if (!allowed.includes(v)) throw new ConfigError(`${where}: unknown ${name} '${value}'. Expected one of: ${allowed.join(', ')}.`);
  return v;
}

/**
 * Samples with variance scale / fan (fan chosen by `mode`); the base of Glorot, He and LeCun initializers.
 * @example new VarianceScaling({ scale: 2, mode: 'fanIn', distribution: 'truncatedNormal' }).apply([64, 32]);
 */
export class VarianceScaling implements Initializer {
  readonly className: string = 'VarianceScaling';
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: Distribution;
  readonly seed: number | undefined;

  constructor(config: VarianceScalingConfig = {}) {
    this.scale = numberOption(config.scale ?? 1, 'scale', 'VarianceScaling');
    if (!(this.scale > 0)) throw new ConfigError(`VarianceScaling: scale must be > 0, received ${this.scale}.`);
    this.mode = oneOf(config.mode ?? 'fanIn', MODES, 'mode', 'VarianceScaling');
    this.distribution = oneOf(config.distribution ?? 'truncatedNormal', DISTRIBUTIONS, 'distribution', 'VarianceScaling');
    this.seed = seedOf(config);
  }

  apply(shape: number[], dtype: DataType = 'float32'): Tensor {
    const { fanIn, fanOut } = computeFans(shape);
    const fan = this.mode === 'fanIn' ? fanIn : this.mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
    const variance = this.scale / Math.max(1, fan);
    if (this.distribution === 'uniform') {
      const limit = Math.sqrt(3 * variance);
      return randomUniform(shape, -limit, limit, dtype, this.seed);
    }
    if (this.distribution === 'untruncatedNormal') return randomNormal(shape, 0, Math.sqrt(variance), dtype, this.seed);
    return truncatedNormal(shape, 0, Math.sqrt(variance) / TRUNCATION_CORRECTION, dtype, this.seed);
  }

  getConfig(): InitializerConfig {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seed ?? null };
  }
}

/** A named VarianceScaling preset whose config is only the seed. */
function preset(className: string, scale: number, mode: FanMode, distribution: Distribution) {
  return class extends VarianceScaling {
    override readonly className: string = className;
    constructor(config: SeedConfig = {}) {
      super({ scale, mode, distribution, seed: config.seed ?? null });
    }
    override getConfig(): InitializerConfig {
      return { seed: this.seed ?? null };
    }
  };
}

/** Glorot (Xavier) uniform: limit sqrt(6 / (fanIn + fanOut)). @example new GlorotUniform({ seed: 1 }).apply([3, 4]); */
export const GlorotUniform = preset('GlorotUniform', 1, 'fanAvg', 'uniform');
/** Glorot (Xavier) normal, truncated: stddev sqrt(2 / (fanIn + fanOut)). @example new GlorotNormal().apply([3, 4]); */
export const GlorotNormal = preset('GlorotNormal', 1, 'fanAvg', 'truncatedNormal');
/** He normal, truncated: stddev sqrt(2 / fanIn). @example new HeNormal().apply([3, 4]); */
export const HeNormal = preset('HeNormal', 2, 'fanIn', 'truncatedNormal');
/** He uniform: limit sqrt(6 / fanIn). @example new HeUniform().apply([3, 4]); */
export const HeUniform = preset('HeUniform', 2, 'fanIn', 'uniform');
/** LeCun normal, truncated: stddev sqrt(1 / fanIn). @example new LeCunNormal().apply([3, 4]); */
export const LeCunNormal = preset('LeCunNormal', 1, 'fanIn', 'truncatedNormal');
/** LeCun uniform: limit sqrt(3 / fanIn). @example new LeCunUniform().apply([3, 4]); */
export const LeCunUniform = preset('LeCunUniform', 1, 'fanIn', 'uniform');

/**
 * A (semi-)orthogonal matrix from the QR decomposition of a normal sample, reshaped to `shape` (Keras Orthogonal:
 * rows = product of all but the last dimension, columns = last dimension).
 * @example new Orthogonal({ gain: 1, seed: 0 }).apply([4, 4]);
 */
export class Orthogonal implements Initializer {
  readonly className = 'Orthogonal';
  readonly gain: number;
  readonly seed: number | undefined;

  constructor(config: { gain?: number } & SeedConfig = {}) {
    this.gain = numberOption(config.gain ?? 1, 'gain', 'Orthogonal');
    this.seed = seedOf(config);
  }

  apply(shape: number[], dtype: DataType = 'float32'): Tensor {
    if (shape.length < 2) {
      throw new ConfigError(`Orthogonal: needs a shape of rank >= 2, received ${fmtShape(shape)}. Use it for kernels, not biases.`);
    }
    const cols = shape[shape.length - 1] as number;
    const rows = shape.slice(0, -1).reduce((p, d) => p * d, 1);
    // Orthonormalise along the longer side, then transpose back when rows < cols.
    const [n, k] = rows >= cols ? [rows, cols] : [cols, rows];
    const q = orthonormalColumns(n, k, this.seed);
    const out = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) out[i * cols + j] = this.gain * (rows >= cols ? (q[i * k + j] as number) : (q[j * k + i] as number));
    }
    return new Tensor(dtype === 'float64' ? out : Float32Array.from(out), shape, dtype === 'float64' ? 'float64' : 'float32');
  }

  getConfig(): InitializerConfig {
    return { gain: this.gain, seed: this.seed ?? null };
  }
}

/** n x k (n >= k) matrix with orthonormal columns: modified Gram-Schmidt of a normal sample (= Q of QR with diag(R) > 0). */
function orthonormalColumns(n: number, k: number, seed: number | undefined): Float64Array {
  const rng = rngFor(seed);
  const a = new Float64Array(n * k);
  for (let i = 0; i < a.length; i++) a[i] = rng.normal();
  for (let j = 0; j < k; j++) {
    for (let p = 0; p < j; p++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += (a[i * k + j] as number) * (a[i * k + p] as number);
      for (let i = 0; i < n; i++) a[i * k + j] = (a[i * k + j] as number) - dot * (a[i * k + p] as number);
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += (a[i * k + j] as number) ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) a[i * k + j] = (a[i * k + j] as number) / norm;
  }
  return a;
}

/**
 * gain times the identity matrix (2-D shapes only; rectangular shapes get ones on the main diagonal).
 * @example new Identity({ gain: 2 }).apply([3, 3]);
 */
export class Identity implements Initializer {
  readonly className = 'Identity';
  readonly gain: number;

  constructor(config: { gain?: number } = {}) {
    this.gain = numberOption(config.gain ?? 1, 'gain', 'Identity');
  }

  apply(shape: number[], dtype: DataType = 'float32'): Tensor {
    if (shape.length !== 2) {
      throw new ConfigError(`Identity: needs a 2-D shape, received ${fmtShape(shape)}. Use it for square dense kernels.`);
    }
    return mul(eye(shape[0] as number, shape[1] as number, [], dtype), this.gain);
  }

  getConfig(): InitializerConfig {
    return { gain: this.gain };
  }
}
