// Feature scalers (scikit-learn semantics): fit per-feature statistics on training data, apply to any split.
// Missing values (NaN/null) are ignored by fit and stay NaN. A constant feature gets scale 1, never 0.
import { ConfigError, ValueError } from '../core/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { type Matrix, type PreprocessorJSON, columnsToTensor, numericColumns, quantileSorted, sortedFinite } from './matrix.js';

/** Shared fit/transform plumbing: y = (x - offset) * scale + shift, per feature. */
abstract class AffineScaler {
  protected offset: number[] | null = null;
  protected scale: number[] | null = null;
  protected shift: number[] | null = null;
  abstract readonly className: string;

  protected abstract stats(cols: Float64Array[]): { offset: number[]; scale: number[]; shift: number[] };

  /** Learns the per-feature statistics. */
  fit(x: Matrix): this {
    const { rows, cols } = numericColumns(x, `${this.className}.fit`);
    if (rows === 0) throw new ValueError(`${this.className}.fit: received 0 rows; fit needs at least one sample.`);
    const s = this.stats(cols);
    this.offset = s.offset;
    this.scale = s.scale;
    this.shift = s.shift;
    return this;
  }

  private fitted(where: string): { offset: number[]; scale: number[]; shift: number[] } {
    if (!this.offset || !this.scale || !this.shift) throw new ValueError(`${this.className}.${where}: call fit() first.`);
    return { offset: this.offset, scale: this.scale, shift: this.shift };
  }

  /** Scales `x` with the fitted statistics; returns a float32 [rows, features] tensor. */
  transform(x: Matrix): Tensor {
    const { offset, scale, shift } = this.fitted('transform');
    const { rows, cols } = numericColumns(x, `${this.className}.transform`, offset.length);
    cols.forEach((c, j) => {
      const o = offset[j] as number;
      const s = scale[j] as number;
      const t = shift[j] as number;
      for (let i = 0; i < rows; i++) c[i] = ((c[i] as number) - o) * s + t;
    });
    return columnsToTensor(rows, cols);
  }

  /** `fit(x)` then `transform(x)`. */
  fitTransform(x: Matrix): Tensor {
    return this.fit(x).transform(x);
  }

  /** Maps scaled values back to the original units. */
  inverseTransform(y: Matrix): Tensor {
    const { offset, scale, shift } = this.fitted('inverseTransform');
    const { rows, cols } = numericColumns(y, `${this.className}.inverseTransform`, offset.length);
    cols.forEach((c, j) => {
      for (let i = 0; i < rows; i++) c[i] = ((c[i] as number) - (shift[j] as number)) / (scale[j] as number) + (offset[j] as number);
    });
    return columnsToTensor(rows, cols);
  }

  /** Number of features seen by fit (null before fit). */
  get numFeatures(): number | null {
    return this.offset?.length ?? null;
  }

  protected abstract configJSON(): Record<string, unknown>;

  /** Serialisable config and fitted state (round-trips through `fromJSON`). */
  toJSON(): PreprocessorJSON {
    return {
      className: this.className,
      config: this.configJSON(),
      state: this.offset ? { offset: this.offset, scale: this.scale, shift: this.shift } : null,
    };
  }

  protected restore(state: PreprocessorJSON['state']): this {
    if (state) {
      this.offset = (state['offset'] as number[]).map(Number);
      this.scale = (state['scale'] as number[]).map(Number);
      this.shift = (state['shift'] as number[]).map(Number);
    }
    return this;
  }
}

/** 1 where a spread is 0 (or not finite), so constant features never divide by zero (scikit-learn's rule). */
function safe(spread: number): number {
  return spread === 0 || !Number.isFinite(spread) ? 1 : spread;
}

/** Options of `MinMaxScaler`. */
export interface MinMaxScalerConfig {
  /** Target range, e.g. [0, 1] (default) or [-1, 1]. */
  featureRange?: [number, number];
}

/**
 * Rescales each feature to `featureRange` using the training minimum and maximum; a constant feature maps to the
 * range's lower end.
 * @example new MinMaxScaler({ featureRange: [-1, 1] }).fitTransform([[0], [5], [10]]); // [[-1], [0], [1]]
 */
export class MinMaxScaler extends AffineScaler {
  readonly className = 'MinMaxScaler';
  readonly featureRange: [number, number];

  constructor(config: MinMaxScalerConfig = {}) {
    super();
    this.featureRange = config.featureRange ?? [0, 1];
    const [lo, hi] = this.featureRange;
    if (!(lo < hi)) throw new ConfigError(`MinMaxScaler: featureRange must be [min, max] with min < max, received [${lo}, ${hi}].`);
  }

  protected stats(cols: Float64Array[]): { offset: number[]; scale: number[]; shift: number[] } {
    const [lo, hi] = this.featureRange;
    const mins = cols.map((c) => sortedFinite(c)[0] ?? NaN);
    const maxs = cols.map((c) => c.reduce((m, v) => (v > m ? v : m), -Infinity));
    return { offset: mins, scale: mins.map((m, j) => (hi - lo) / safe((maxs[j] as number) - m)), shift: mins.map(() => lo) };
  }

  /** Per-feature training minima. */
  get dataMin(): number[] | null {
    return this.offset ? [...this.offset] : null;
  }

  protected configJSON(): Record<string, unknown> {
    return { featureRange: this.featureRange };
  }

  /** Rebuilds a scaler from `toJSON()` output. */
  static fromJSON(json: PreprocessorJSON): MinMaxScaler {
    return new MinMaxScaler(json.config as MinMaxScalerConfig).restore(json.state);
  }
}

/** Options of `StandardScaler`. */
export interface StandardScalerConfig {
  /** Subtract the mean (default true). */
  withMean?: boolean;
  /** Divide by the (population) standard deviation (default true). */
  withStd?: boolean;
}

/**
 * Z-score: (x - mean) / std per feature, with the population std (ddof 0) like scikit-learn; constant features become 0.
 * @example new StandardScaler().fitTransform([[1], [3]]); // [[-1], [1]]
 */
export class StandardScaler extends AffineScaler {
  readonly className = 'StandardScaler';
  readonly withMean: boolean;
  readonly withStd: boolean;

  constructor(config: StandardScalerConfig = {}) {
    super();
    this.withMean = config.withMean ?? true;
    this.withStd = config.withStd ?? true;
  }

  protected stats(cols: Float64Array[]): { offset: number[]; scale: number[]; shift: number[] } {
    const means: number[] = [];
    const stds: number[] = [];
    for (const c of cols) {
      let n = 0;
      let sum = 0;
      for (const v of c) {
        if (Number.isNaN(v)) continue;
        n++;
        sum += v;
      }
      const mean = n > 0 ? sum / n : NaN;
      let ss = 0;
      for (const v of c) if (!Number.isNaN(v)) ss += (v - mean) * (v - mean);
      means.push(mean);
      stds.push(n > 0 ? Math.sqrt(ss / n) : NaN);
    }
    return {
      offset: means.map((m) => (this.withMean ? m : 0)),
      scale: stds.map((s) => (this.withStd ? 1 / safe(s) : 1)),
      shift: means.map(() => 0),
    };
  }

  /** Per-feature training means (the offsets; 0 when withMean is false). */
  get mean(): number[] | null {
    return this.offset ? [...this.offset] : null;
  }

  protected configJSON(): Record<string, unknown> {
    return { withMean: this.withMean, withStd: this.withStd };
  }

  /** Rebuilds a scaler from `toJSON()` output. */
  static fromJSON(json: PreprocessorJSON): StandardScaler {
    return new StandardScaler(json.config as StandardScalerConfig).restore(json.state);
  }
}

/** Options of `RobustScaler`. */
export interface RobustScalerConfig {
  /** Subtract the median (default true). */
  withCentering?: boolean;
  /** Divide by the interquantile range (default true). */
  withScaling?: boolean;
  /** Percentiles bounding the range (default [25, 75], the IQR). */
  quantileRange?: [number, number];
}

/**
 * (x - median) / IQR per feature, robust to outliers; quantiles interpolate linearly (numpy's default).
 * @example new RobustScaler().fitTransform([[1], [2], [3], [4], [100]]); // median 3, IQR 2
 */
export class RobustScaler extends AffineScaler {
  readonly className = 'RobustScaler';
  readonly withCentering: boolean;
  readonly withScaling: boolean;
  readonly quantileRange: [number, number];

  constructor(config: RobustScalerConfig = {}) {
    super();
    this.withCentering = config.withCentering ?? true;
    this.withScaling = config.withScaling ?? true;
    this.quantileRange = config.quantileRange ?? [25, 75];
    const [a, b] = this.quantileRange;
    if (!(a >= 0 && a < b && b <= 100)) {
      throw new ConfigError(`RobustScaler: quantileRange must satisfy 0 <= low < high <= 100, received [${a}, ${b}].`);
    }
  }

  protected stats(cols: Float64Array[]): { offset: number[]; scale: number[]; shift: number[] } {
    const [a, b] = this.quantileRange;
    const sorted = cols.map(sortedFinite);
    return {
      offset: sorted.map((s) => (this.withCentering ? quantileSorted(s, 0.5) : 0)),
      scale: sorted.map((s) => (this.withScaling ? 1 / safe(quantileSorted(s, b / 100) - quantileSorted(s, a / 100)) : 1)),
      shift: sorted.map(() => 0),
    };
  }

  protected configJSON(): Record<string, unknown> {
    return { withCentering: this.withCentering, withScaling: this.withScaling, quantileRange: this.quantileRange };
  }

  /** Rebuilds a scaler from `toJSON()` output. */
  static fromJSON(json: PreprocessorJSON): RobustScaler {
    return new RobustScaler(json.config as RobustScalerConfig).restore(json.state);
  }
}
