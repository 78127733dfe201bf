// Outlier bounds per feature (z-score or IQR rule), learned on training data and used to clip or drop values.
import { ConfigError, ValueError } from '../core/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { type Matrix, type PreprocessorJSON, columnsToTensor, numericColumns, quantileSorted, sortedFinite } from './matrix.js';

/** Options of `OutlierDetector`. */
export interface OutlierDetectorConfig {
  /** 'zscore': outside mean ± threshold·std; 'iqr' (default): outside [Q1 − threshold·IQR, Q3 + threshold·IQR]. */
  method?: 'zscore' | 'iqr';
  /** Default 3 for 'zscore' and 1.5 for 'iqr'. */
  threshold?: number;
}

/**
 * Learns per-feature bounds; `clip` limits values to them, `outlierRows` finds rows to drop. Constant features
 * get the bounds [c, c] and never divide by zero.
 * @example new OutlierDetector({ method: 'iqr' }).fit([[1], [2], [3], [4], [100]]).bounds; // [[-1, 7]]
 */
export class OutlierDetector {
  readonly className = 'OutlierDetector';
  readonly method: 'zscore' | 'iqr';
  readonly threshold: number;
  private lows: number[] | null = null;
  private highs: number[] | null = null;

  constructor(config: OutlierDetectorConfig = {}) {
    this.method = config.method ?? 'iqr';
    if (this.method !== 'zscore' && this.method !== 'iqr') {
      throw new ConfigError(`OutlierDetector: method must be 'zscore' or 'iqr', received '${String(this.method)}'.`);
    }
    this.threshold = config.threshold ?? (this.method === 'zscore' ? 3 : 1.5);
    if (!(this.threshold >= 0)) throw new ConfigError(`OutlierDetector: threshold must be >= 0, received ${this.threshold}.`);
  }

  /** Learns the bounds of each feature (missing values ignored). */
  fit(x: Matrix): this {
    const { rows, cols } = numericColumns(x, 'OutlierDetector.fit');
    if (rows === 0) throw new ValueError('OutlierDetector.fit: received 0 rows; fit needs at least one sample.');
    const t = this.threshold;
    this.lows = [];
    this.highs = [];
    for (const c of cols) {
      const s = sortedFinite(c);
      let lo: number;
      let hi: number;
      if (this.method === 'iqr') {
        const q1 = quantileSorted(s, 0.25);
        const q3 = quantileSorted(s, 0.75);
        lo = q1 - t * (q3 - q1);
        hi = q3 + t * (q3 - q1);
      } else {
        const mean = s.reduce((a, b) => a + b, 0) / s.length;
        const std = Math.sqrt(s.reduce((a, b) => a + (b - mean) * (b - mean), 0) / s.length);
        lo = mean - t * std;
        hi = mean + t * std;
      }
      this.lows.push(lo);
      this.highs.push(hi);
    }
    return this;
  }

  /** [low, high] per feature. */
  get bounds(): [number, number][] {
    if (!this.lows || !this.highs) throw new ValueError('OutlierDetector.bounds: call fit() first.');
    const highs = this.highs;
    return this.lows.map((l, j) => [l, highs[j] as number]);
  }

  /** Clips every value into its feature's bounds; also returns how many values changed per feature. */
  clip(x: Matrix): { values: Tensor; clipped: number[] } {
    const b = this.bounds;
    const { rows, cols } = numericColumns(x, 'OutlierDetector.clip', b.length);
    const clipped = cols.map((c, j) => {
      const [lo, hi] = b[j] as [number, number];
      let n = 0;
      for (let i = 0; i < rows; i++) {
        const v = c[i] as number;
        if (v < lo || v > hi) {
          c[i] = v < lo ? lo : hi;
          n++;
        }
      }
      return n;
    });
    return { values: columnsToTensor(rows, cols), clipped };
  }

  /** Row indices having at least one value outside its bounds (missing values are not outliers). */
  outlierRows(x: Matrix): number[] {
    const b = this.bounds;
    const { rows, cols } = numericColumns(x, 'OutlierDetector.outlierRows', b.length);
    const out: number[] = [];
    for (let i = 0; i < rows; i++) {
      if (cols.some((c, j) => (c[i] as number) < (b[j] as [number, number])[0] || (c[i] as number) > (b[j] as [number, number])[1])) out.push(i);
    }
    return out;
  }

  /** Serialisable config and bounds. */
  toJSON(): PreprocessorJSON {
    return {
      className: this.className,
      config: { method: this.method, threshold: this.threshold },
      state: this.lows ? { lows: this.lows, highs: this.highs } : null,
    };
  }

  /** Rebuilds a detector from `toJSON()` output. */
  static fromJSON(json: PreprocessorJSON): OutlierDetector {
    const d = new OutlierDetector(json.config as OutlierDetectorConfig);
    if (json.state) {
      d.lows = json.state['lows'] as number[];
      d.highs = json.state['highs'] as number[];
    }
    return d;
  }
}
