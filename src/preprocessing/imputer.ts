// SimpleImputer (scikit-learn semantics): replaces missing values (null / NaN) with a per-feature statistic
// learned on training data.
import { ConfigError, ValueError } from '../core/errors.js';
import type { Cell } from '../data/csv-values.js';
import { type Matrix, type PreprocessorJSON, quantileSorted, toRows, widthOf } from './matrix.js';

/** How `SimpleImputer` fills missing values. */
export type ImputeStrategy = 'mean' | 'median' | 'mostFrequent' | 'constant';

/** Options of `SimpleImputer`. */
export interface SimpleImputerConfig {
  /** Default 'mean'. `mostFrequent` and `constant` also work for string features. */
  strategy?: ImputeStrategy;
  /** The fill value for 'constant' (default 0 for numbers; pass a string for categorical features). */
  fillValue?: number | string;
}

/** True for null, undefined and NaN. @example isMissing(NaN); // true */
export function isMissing(v: Cell | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

/**
 * The most frequent non-missing value; ties go to the smallest (numbers before strings), like scikit-learn.
 * @example mostFrequent(['b', 'a', 'b', 'a', null]); // 'a'
 */
export function mostFrequent(values: readonly Cell[]): Cell {
  const counts = new Map<Cell, number>();
  for (const v of values) if (!isMissing(v)) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: Cell = null;
  let bestCount = 0;
  for (const [v, c] of counts) {
    const smaller =
      best === null || (typeof v === typeof best ? (v as number | string) < (best as number | string) : typeof v === 'number');
    if (c > bestCount || (c === bestCount && smaller)) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

/**
 * Fills missing values per feature with the training mean, median, most frequent value, or a constant.
 * @example new SimpleImputer({ strategy: 'median' }).fitTransform([[1], [null], [3], [10]]); // [[1], [3], [3], [10]]
 */
export class SimpleImputer {
  readonly className = 'SimpleImputer';
  readonly strategy: ImputeStrategy;
  readonly fillValue: number | string | undefined;
  private stats: Cell[] | null = null;

  constructor(config: SimpleImputerConfig = {}) {
    this.strategy = config.strategy ?? 'mean';
    if (!['mean', 'median', 'mostFrequent', 'constant'].includes(this.strategy)) {
      throw new ConfigError(`SimpleImputer: strategy must be 'mean', 'median', 'mostFrequent' or 'constant', received '${this.strategy}'.`);
    }
    this.fillValue = config.fillValue;
  }

  /** Learns the fill value of each feature. */
  fit(x: Matrix): this {
    const rows = toRows(x, 'SimpleImputer.fit');
    const d = widthOf(rows, 'SimpleImputer.fit');
    this.stats = Array.from({ length: d }, (_, j) => this.statistic(rows.map((r) => r[j] as Cell), j));
    return this;
  }

  private statistic(col: Cell[], j: number): Cell {
    if (this.strategy === 'constant') return this.fillValue ?? 0;
    const present = col.filter((v) => !isMissing(v));
    if (present.length === 0) {
      throw new ValueError(
        `SimpleImputer.fit: feature ${j} has no non-missing values, so its ${this.strategy} is undefined. ` +
          "Drop the feature or use strategy: 'constant'.",
      );
    }
    if (this.strategy === 'mostFrequent') return mostFrequent(present);
    const nums = present.map((v) => {
      if (typeof v !== 'number') {
        throw new ValueError(`SimpleImputer.fit: strategy '${this.strategy}' needs numbers but feature ${j} holds '${String(v)}'; use 'mostFrequent' or 'constant'.`);
      }
      return v;
    });
    if (this.strategy === 'mean') return nums.reduce((a, b) => a + b, 0) / nums.length;
    return quantileSorted(Float64Array.from(nums).sort(), 0.5);
  }

  /** The learned fill values per feature. */
  get statistics(): Cell[] | null {
    return this.stats ? [...this.stats] : null;
  }

  /** Returns rows with missing values replaced (the input is not modified). */
  transform(x: Matrix): Cell[][] {
    if (!this.stats) throw new ValueError('SimpleImputer.transform: call fit() first.');
    const stats = this.stats;
    const rows = toRows(x, 'SimpleImputer.transform');
    widthOf(rows, 'SimpleImputer.transform', stats.length);
    return rows.map((r) => r.map((v, j) => (isMissing(v) ? (stats[j] as Cell) : v)));
  }

  /** Number of missing values per feature in `x` (what `transform` would fill). */
  countMissing(x: Matrix): number[] {
    const rows = toRows(x, 'SimpleImputer.countMissing');
    const d = widthOf(rows, 'SimpleImputer.countMissing');
    const counts = new Array<number>(d).fill(0);
    for (const r of rows) {
      r.forEach((v, j) => {
        if (isMissing(v)) counts[j] = (counts[j] as number) + 1;
      });
    }
    return counts;
  }

  /** `fit(x)` then `transform(x)`. */
  fitTransform(x: Matrix): Cell[][] {
    return this.fit(x).transform(x);
  }

  /** Serialisable config and statistics. */
  toJSON(): PreprocessorJSON {
    const config: Record<string, unknown> = { strategy: this.strategy };
    if (this.fillValue !== undefined) config['fillValue'] = this.fillValue;
    return { className: this.className, config, state: this.stats ? { statistics: this.stats } : null };
  }

  /** Rebuilds an imputer from `toJSON()` output. */
  static fromJSON(json: PreprocessorJSON): SimpleImputer {
    const imp = new SimpleImputer(json.config as SimpleImputerConfig);
    if (json.state) imp.stats = json.state['statistics'] as Cell[];
    return imp;
  }
}
