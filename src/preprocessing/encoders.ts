// Categorical encoders (scikit-learn semantics): categories are learned by fit, sorted (numbers, then strings,
// then missing), and unseen categories at transform time are handled by `handleUnknown`.
import { ConfigError, ValueError } from '../core/errors.js';
import type { Cell } from '../data/csv-values.js';
import { Tensor } from '../tensor/tensor.js';
import { type Matrix, type PreprocessorJSON, toRows, widthOf } from './matrix.js';

/**
 * What to do with a category not seen by fit: throw ('error', default), encode it as all zeros / `unknownValue`
 * ('ignore'), or give it a dedicated extra index after the known ones ('unknownIndex').
 */
export type HandleUnknown = 'error' | 'ignore' | 'unknownIndex';

function rank(c: Cell): number {
  return c === null ? 2 : typeof c === 'number' ? 0 : 1;
}

/**
 * Sorted distinct categories: numbers ascending, then strings by code point, then null (missing).
 * @example sortedCategories(['b', 2, null, 'a']); // [2, 'a', 'b', null]
 */
export function sortedCategories(values: Iterable<Cell>): Cell[] {
  const set = new Set<Cell>();
  for (const v of values) set.add(typeof v === 'number' && Number.isNaN(v) ? null : v);
  return [...set].sort((a, b) => {
    const d = rank(a) - rank(b);
    if (d !== 0) return d;
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  });
}

function key(c: Cell): string {
  return c === null || (typeof c === 'number' && Number.isNaN(c)) ? 'null' : typeof c === 'number' ? `n${c}` : `s${c}`;
}

function checkHandle(h: string, where: string): HandleUnknown {
  if (h !== 'error' && h !== 'ignore' && h !== 'unknownIndex') {
    throw new ConfigError(`${where}: handleUnknown must be 'error', 'ignore' or 'unknownIndex', received '${h}'.`);
  }
  return h;
}

/** Lookup of one feature's categories. */
class CategoryIndex {
  private readonly map = new Map<string, number>();
  constructor(readonly categories: Cell[]) {
    categories.forEach((c, i) => this.map.set(key(c), i));
  }
  get(c: Cell): number | undefined {
    return this.map.get(key(c));
  }
}

function unknownError(where: string, value: Cell, feature: number, cats: Cell[]): ValueError {
  const shown = cats.slice(0, 10).map((c) => JSON.stringify(c)).join(', ');
  return new ValueError(
    `${where}: unknown category ${JSON.stringify(value)} in feature ${feature} (known: ${shown}${cats.length > 10 ? ', ...' : ''}). ` +
      "Set handleUnknown: 'ignore' or 'unknownIndex' to accept unseen categories.",
  );
}

/** Options of `OneHotEncoder`. */
export interface OneHotEncoderConfig {
  handleUnknown?: HandleUnknown;
}

/**
 * One column per (feature, category); 'ignore' encodes unseen categories as all zeros, 'unknownIndex' adds an
 * extra "unknown" column per feature.
 * @example new OneHotEncoder().fitTransform([['b'], ['a'], ['b']]); // [[0, 1], [1, 0], [0, 1]]
 */
export class OneHotEncoder {
  readonly className = 'OneHotEncoder';
  readonly handleUnknown: HandleUnknown;
  private index: CategoryIndex[] | null = null;

  constructor(config: OneHotEncoderConfig = {}) {
    this.handleUnknown = checkHandle(config.handleUnknown ?? 'error', 'OneHotEncoder');
  }

  /** Learns the categories of each feature. */
  fit(x: Matrix): this {
    const rows = toRows(x, 'OneHotEncoder.fit');
    const d = widthOf(rows, 'OneHotEncoder.fit');
    if (rows.length === 0) throw new ValueError('OneHotEncoder.fit: received 0 rows; fit needs at least one sample.');
    this.index = Array.from({ length: d }, (_, j) => new CategoryIndex(sortedCategories(rows.map((r) => r[j] as Cell))));
    return this;
  }

  /** The learned categories per feature. */
  get categories(): Cell[][] | null {
    return this.index ? this.index.map((ix) => [...ix.categories]) : null;
  }

  private widths(): number[] {
    if (!this.index) throw new ValueError('OneHotEncoder.transform: call fit() first.');
    return this.index.map((ix) => ix.categories.length + (this.handleUnknown === 'unknownIndex' ? 1 : 0));
  }

  /** Number of output columns. */
  get outputWidth(): number {
    return this.widths().reduce((a, b) => a + b, 0);
  }

  /** Output column names, `<feature>_<category>` (and `<feature>_<unknown>`). */
  featureNames(inputNames?: readonly string[]): string[] {
    const index = this.index ?? [];
    const out: string[] = [];
    index.forEach((ix, j) => {
      const base = inputNames?.[j] ?? `x${j}`;
      for (const c of ix.categories) out.push(`${base}_${c === null ? 'missing' : String(c)}`);
      if (this.handleUnknown === 'unknownIndex') out.push(`${base}_<unknown>`);
    });
    return out;
  }

  /** Encodes rows into a float32 [rows, outputWidth] tensor of 0/1. */
  transform(x: Matrix): Tensor {
    const widths = this.widths();
    const index = this.index as CategoryIndex[];
    const rows = toRows(x, 'OneHotEncoder.transform');
    widthOf(rows, 'OneHotEncoder.transform', index.length);
    const total = widths.reduce((a, b) => a + b, 0);
    const out = new Float32Array(rows.length * total);
    rows.forEach((r, i) => {
      let base = i * total;
      index.forEach((ix, j) => {
        const v = r[j] as Cell;
        const k = ix.get(v);
        if (k !== undefined) out[base + k] = 1;
        else if (this.handleUnknown === 'unknownIndex') out[base + ix.categories.length] = 1;
        else if (this.handleUnknown === 'error') throw unknownError('OneHotEncoder.transform', v, j, ix.categories);
        base += widths[j] as number;
      });
    });
    return new Tensor(out, [rows.length, total], 'float32');
  }

  /** `fit(x)` then `transform(x)`. */
  fitTransform(x: Matrix): Tensor {
    return this.fit(x).transform(x);
  }

  /** Serialisable config and categories. */
  toJSON(): PreprocessorJSON {
    return { className: this.className, config: { handleUnknown: this.handleUnknown }, state: this.index ? { categories: this.categories } : null };
  }

  /** Rebuilds an encoder from `toJSON()` output. */
  static fromJSON(json: PreprocessorJSON): OneHotEncoder {
    const enc = new OneHotEncoder(json.config as OneHotEncoderConfig);
    if (json.state) enc.index = (json.state['categories'] as Cell[][]).map((c) => new CategoryIndex(c));
    return enc;
  }
}

/** Options of `OrdinalEncoder` and `LabelEncoder`. */
export interface OrdinalEncoderConfig {
  handleUnknown?: HandleUnknown;
  /** Code for unseen categories under 'ignore' (default -1). */
  unknownValue?: number;
}

function encodeValue(ix: CategoryIndex, v: Cell, j: number, where: string, cfg: { handleUnknown: HandleUnknown; unknownValue: number }): number {
  const k = ix.get(v);
  if (k !== undefined) return k;
  if (cfg.handleUnknown === 'unknownIndex') return ix.categories.length;
  if (cfg.handleUnknown === 'ignore') return cfg.unknownValue;
  throw unknownError(where, v, j, ix.categories);
}

/**
 * Each category becomes its index in the sorted category list, per feature (float32 [rows, features]).
 * @example new OrdinalEncoder().fitTransform([['b', 1], ['a', 2]]); // [[1, 0], [0, 1]]
 */
export class OrdinalEncoder {
  readonly className: string = 'OrdinalEncoder';
  readonly handleUnknown: HandleUnknown;
  readonly unknownValue: number;
  protected index: CategoryIndex[] | null = null;

  constructor(config: OrdinalEncoderConfig = {}) {
    this.handleUnknown = checkHandle(config.handleUnknown ?? 'error', new.target.name);
    this.unknownValue = config.unknownValue ?? -1;
  }

  /** Learns the categories of each feature. */
  fit(x: Matrix): this {
    const rows = toRows(x, `${this.className}.fit`);
    const d = widthOf(rows, `${this.className}.fit`);
    if (rows.length === 0) throw new ValueError(`${this.className}.fit: received 0 rows; fit needs at least one sample.`);
    this.index = Array.from({ length: d }, (_, j) => new CategoryIndex(sortedCategories(rows.map((r) => r[j] as Cell))));
    return this;
  }

  /** The learned categories per feature. */
  get categories(): Cell[][] | null {
    return this.index ? this.index.map((ix) => [...ix.categories]) : null;
  }

  /** Encodes rows into a float32 [rows, features] tensor of category indices. */
  transform(x: Matrix): Tensor {
    const where = `${this.className}.transform`;
    if (!this.index) throw new ValueError(`${where}: call fit() first.`);
    const index = this.index;
    const rows = toRows(x, where);
    widthOf(rows, where, index.length);
    const d = index.length;
    const out = new Float32Array(rows.length * d);
    rows.forEach((r, i) => index.forEach((ix, j) => (out[i * d + j] = encodeValue(ix, r[j] as Cell, j, where, this))));
    return new Tensor(out, [rows.length, d], 'float32');
  }

  /** `fit(x)` then `transform(x)`. */
  fitTransform(x: Matrix): Tensor {
    return this.fit(x).transform(x);
  }

  /** Serialisable config and categories. */
  toJSON(): PreprocessorJSON {
    return {
      className: this.className,
      config: { handleUnknown: this.handleUnknown, unknownValue: this.unknownValue },
      state: this.index ? { categories: this.categories } : null,
    };
  }

  /** Rebuilds an encoder from `toJSON()` output. */
  static fromJSON(json: PreprocessorJSON): OrdinalEncoder {
    const enc = new OrdinalEncoder(json.config as OrdinalEncoderConfig);
    if (json.state) enc.index = (json.state['categories'] as Cell[][]).map((c) => new CategoryIndex(c));
    return enc;
  }
}

/**
 * Encodes a 1-D list of labels as int32 class indices (sorted classes), e.g. for sparse categorical losses.
 * @example const le = new LabelEncoder().fit(['>50K', '<=50K']); le.transform(['>50K']); // int32 [1]
 */
export class LabelEncoder {
  readonly className = 'LabelEncoder';
  readonly handleUnknown: HandleUnknown;
  readonly unknownValue: number;
  private index: CategoryIndex | null = null;

  constructor(config: OrdinalEncoderConfig = {}) {
    this.handleUnknown = checkHandle(config.handleUnknown ?? 'error', 'LabelEncoder');
    this.unknownValue = config.unknownValue ?? -1;
  }

  /** Learns the classes. */
  fit(y: readonly Cell[]): this {
    if (!Array.isArray(y)) throw new ValueError(`LabelEncoder.fit: expected an array of labels, received ${typeof y}.`);
    if (y.length === 0) throw new ValueError('LabelEncoder.fit: received 0 labels; fit needs at least one.');
    this.index = new CategoryIndex(sortedCategories(y));
    return this;
  }

  /** The sorted classes. */
  get classes(): Cell[] | null {
    return this.index ? [...this.index.categories] : null;
  }

  /** Labels -> int32 [n] indices. */
  transform(y: readonly Cell[]): Tensor {
    if (!this.index) throw new ValueError('LabelEncoder.transform: call fit() first.');
    const ix = this.index;
    return new Tensor(Int32Array.from(y, (v) => encodeValue(ix, v, 0, 'LabelEncoder.transform', this)), [y.length], 'int32');
  }

  /** `fit(y)` then `transform(y)`. */
  fitTransform(y: readonly Cell[]): Tensor {
    return this.fit(y).transform(y);
  }

  /** Indices -> labels (unknown indices give null). */
  inverseTransform(indices: Tensor | readonly number[]): Cell[] {
    if (!this.index) throw new ValueError('LabelEncoder.inverseTransform: call fit() first.');
    const cats = this.index.categories;
    const vals = indices instanceof Tensor ? Array.from(indices.values) : indices;
    return vals.map((i) => cats[i] ?? null);
  }

  /** Serialisable config and classes. */
  toJSON(): PreprocessorJSON {
    return {
      className: this.className,
      config: { handleUnknown: this.handleUnknown, unknownValue: this.unknownValue },
      state: this.index ? { classes: this.classes } : null,
    };
  }

  /** Rebuilds an encoder from `toJSON()` output. */
  static fromJSON(json: PreprocessorJSON): LabelEncoder {
    const enc = new LabelEncoder(json.config as OrdinalEncoderConfig);
    if (json.state) enc.index = new CategoryIndex(json.state['classes'] as Cell[]);
    return enc;
  }
}
