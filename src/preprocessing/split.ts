// Dataset splits: seeded train/validation/test splits (optionally stratified) and k-fold cross-validation indices.
import { ConfigError } from '../core/errors.js';
import { Random, rngFor } from '../core/random.js';
import type { Cell } from '../data/csv-values.js';

/** Options of `trainTestSplit`. */
export interface SplitOptions {
  /** Fraction (0..1) or count of items for the test split (default 0.25 when validationSize is not given either). */
  testSize?: number;
  /** Fraction or count for a validation split (default 0). */
  validationSize?: number;
  /** Labels, one per item: each split keeps the label proportions. */
  stratify?: readonly Cell[];
  /** Seed of the shuffle (default: the global generator). */
  seed?: number;
  /** Shuffle before splitting (default true; stratify requires it). */
  shuffle?: boolean;
}

/** The three parts of a split; `validation` is empty unless requested. */
export interface Split<T> {
  train: T[];
  validation: T[];
  test: T[];
}

function amount(x: number | undefined, n: number, name: string): number {
  if (x === undefined) return 0;
  if (!(x >= 0)) throw new ConfigError(`trainTestSplit: ${name} must be a fraction in [0, 1) or a count, received ${x}.`);
  return x < 1 ? Math.round(x * n) : Math.floor(x);
}

function permutation(n: number, rng: Random): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [p[i], p[j]] = [p[j] as number, p[i] as number];
  }
  return p;
}

function groupsOf(labels: readonly Cell[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const k = JSON.stringify(l);
    const g = groups.get(k);
    if (g) g.push(i);
    else groups.set(k, [i]);
  });
  return groups;
}

/**
 * Splits items into train / validation / test parts. Fractions are of the whole; stratified splits keep each
 * label's proportion in every part (rounded per label). Seeded, so the same seed gives the same split.
 * @example const { train, test } = trainTestSplit(table.rows, { testSize: 0.2, stratify: labels, seed: 42 });
 */
export function trainTestSplit<T>(items: readonly T[], options: SplitOptions = {}): Split<T> {
  const n = items.length;
  const testSize = options.testSize ?? (options.validationSize === undefined ? 0.25 : 0);
  const nTest = amount(testSize, n, 'testSize');
  const nVal = amount(options.validationSize, n, 'validationSize');
  if (nTest + nVal > n) throw new ConfigError(`trainTestSplit: test (${nTest}) + validation (${nVal}) exceed the ${n} items.`);
  const shuffle = options.shuffle ?? true;
  const rng = options.seed === undefined ? new Random(rngFor().nextUint32()) : new Random(options.seed);
  const pick = (idx: number[]): T[] => idx.map((i) => items[i] as T);
  if (!options.stratify) {
    const order = shuffle ? permutation(n, rng) : Array.from({ length: n }, (_, i) => i);
    return { test: pick(order.slice(0, nTest)), validation: pick(order.slice(nTest, nTest + nVal)), train: pick(order.slice(nTest + nVal)) };
  }
  if (options.stratify.length !== n) {
    throw new ConfigError(`trainTestSplit: stratify has ${options.stratify.length} labels but there are ${n} items; pass one label per item.`);
  }
  if (!shuffle) throw new ConfigError('trainTestSplit: stratify requires shuffle: true.');
  const test: number[] = [];
  const val: number[] = [];
  const train: number[] = [];
  for (const group of groupsOf(options.stratify).values()) {
    const g = permutation(group.length, rng).map((k) => group[k] as number);
    const t = Math.round((g.length * nTest) / Math.max(1, n));
    const v = Math.round((g.length * nVal) / Math.max(1, n));
    test.push(...g.slice(0, t));
    val.push(...g.slice(t, t + v));
    train.push(...g.slice(t + v));
  }
  // Shuffle within each part so the classes are interleaved.
  const mix = (idx: number[]): T[] => pick(permutation(idx.length, rng).map((k) => idx[k] as number));
  return { train: mix(train), validation: mix(val), test: mix(test) };
}

/** One cross-validation fold: indices of the training and held-out items. */
export interface Fold {
  train: number[];
  test: number[];
}

function checkK(k: number, n: number, where: string): void {
  if (!Number.isInteger(k) || k < 2) throw new ConfigError(`${where}: k must be an integer >= 2, received ${k}.`);
  if (k > n) throw new ConfigError(`${where}: k = ${k} folds need at least ${k} items, received ${n}.`);
}

/**
 * K-fold cross-validation indices: fold sizes differ by at most one (the first n % k folds get one more).
 * @example for (const { train, test } of kFold(100, { k: 5, seed: 1 })) { ... }
 */
export function kFold(n: number, options: { k?: number; shuffle?: boolean; seed?: number } = {}): Fold[] {
  const k = options.k ?? 5;
  checkK(k, n, 'kFold');
  const order = options.shuffle ? permutation(n, options.seed === undefined ? new Random(rngFor().nextUint32()) : new Random(options.seed)) : Array.from({ length: n }, (_, i) => i);
  const folds: Fold[] = [];
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    const test = order.slice(start, start + size);
    folds.push({ test, train: [...order.slice(0, start), ...order.slice(start + size)] });
    start += size;
  }
  return folds;
}

/**
 * Stratified k-fold: each fold's held-out part keeps the label proportions (items of each label are dealt
 * round-robin over the folds).
 * @example stratifiedKFold(labels, { k: 5, shuffle: true, seed: 0 });
 */
export function stratifiedKFold(labels: readonly Cell[], options: { k?: number; shuffle?: boolean; seed?: number } = {}): Fold[] {
  const k = options.k ?? 5;
  checkK(k, labels.length, 'stratifiedKFold');
  const rng = options.seed === undefined ? new Random(rngFor().nextUint32()) : new Random(options.seed);
  const testSets: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const group of groupsOf(labels).values()) {
    const g = options.shuffle ? permutation(group.length, rng).map((i) => group[i] as number) : group;
    for (const i of g) {
      (testSets[next % k] as number[]).push(i);
      next++;
    }
  }
  return testSets.map((test) => {
    const held = new Set(test);
    return { test: test.sort((a, b) => a - b), train: labels.map((_, i) => i).filter((i) => !held.has(i)) };
  });
}
