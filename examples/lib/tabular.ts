// Helpers shared by the tabular examples (housing-regression, breast-cancer, iris): command-line flags, scikit-learn's
// bundled CSV format, and small reporting utilities.
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '../../src/index.js';
import { datasetsDir } from '../../test/helpers/paths.js';

/** Options every tabular example accepts (`--epochs`, `--seed`, `--batch-size`, `--verbose`, `--backend`). */
export interface TabularArgs {
  epochs: number;
  seed: number;
  batchSize: number;
  /** 0 = silent, 1 = one line per epoch from `fit`. */
  verbose: number;
  /** Backend to select ('native', 'ts'); default: the library's default. */
  backend?: string | undefined;
}

/** Parses `--epochs N --seed N --batch-size N --verbose N --backend NAME` over the given defaults. */
export function parseTabularArgs(defaults: TabularArgs, argv: string[] = process.argv.slice(2)): TabularArgs {
  const get = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (flag: string, fallback: number, min: number): number => {
    const v = get(flag);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`${flag}: expected an integer >= ${min}, received '${v}'.`);
    return n;
  };
  const known = new Set(['--epochs', '--seed', '--batch-size', '--verbose', '--backend']);
  for (let i = 0; i < argv.length; i += 2) {
    if (!known.has(argv[i] as string)) throw new Error(`Unknown flag '${argv[i]}'; accepted: ${[...known].join(', ')} (each followed by a value).`);
  }
  return {
    epochs: num('--epochs', defaults.epochs, 1),
    seed: num('--seed', defaults.seed, 0),
    batchSize: num('--batch-size', defaults.batchSize, 1),
    verbose: num('--verbose', defaults.verbose, 0),
    backend: get('--backend') ?? defaults.backend,
  };
}

/** Selects `name` when given; throws with the available backends when it is missing. */
export function useBackend(name: string | undefined): void {
  if (name !== undefined && !tf.setBackendSync(name)) {
    throw new Error(`--backend: '${name}' is not available here (have: ${tf.listBackends().join(', ')}).`);
  }
}

/** True when the module at `importMetaUrl` is the script node was started with (not imported by a test). */
export function isMain(importMetaUrl: string): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(importMetaUrl));
  } catch {
    return false;
  }
}

/** A scikit-learn bundled classification dataset: features, class ids and class names. */
export interface SklearnDataset {
  /** [n, features] rows. */
  x: number[][];
  /** Class id per row. */
  y: number[];
  classNames: string[];
}

/**
 * Reads one of scikit-learn's bundled CSVs (iris.csv, breast_cancer.csv, wine_data.csv) from the shared datasets.
 * Their first line is `n_samples,n_features,<class 0>,<class 1>,...`; each following line holds the features and then
 * the class id. The first line is checked against the data so a truncated file fails loudly.
 */
export async function loadSklearnCsv(file: string): Promise<SklearnDataset> {
  const path = join(datasetsDir, 'tabular', 'sklearn', file);
  const firstLine = readFileSync(path, 'utf8').split('\n', 1)[0] ?? '';
  const [nSamples, nFeatures, ...classNames] = firstLine.split(',').map((s) => s.trim());
  const table = await tf.data.readCsv(path, { skipLines: 1, hasHeader: false });
  const n = Number(nSamples);
  const d = Number(nFeatures);
  if (table.rows.length !== n || table.columns.length !== d + 1) {
    throw new Error(`${file}: the first line announces ${n} rows x ${d} features, the file has ${table.rows.length} rows x ${table.columns.length - 1}.`);
  }
  const x = table.rows.map((r) => r.slice(0, d).map(Number));
  const y = table.rows.map((r) => Number(r[d]));
  return { x, y, classNames };
}

/** The elements of `items` at `indices`. */
export function pick<T>(items: readonly T[], indices: readonly number[]): T[] {
  return indices.map((i) => items[i] as T);
}

/** Formats a confusion matrix with row/column labels (rows = true class, columns = predicted class). */
export function formatConfusion(matrix: number[][], names: string[]): string {
  const corner = 'true \\ predicted';
  const first = Math.max(corner.length, ...names.map((s) => s.length)) + 2;
  const width = Math.max(...names.map((s) => s.length), ...matrix.flat().map((v) => String(v).length)) + 2;
  const pad = (s: string): string => s.padStart(width);
  const header = `${corner.padEnd(first)}${names.map(pad).join('')}`;
  const rows = matrix.map((r, i) => `${(names[i] ?? String(i)).padEnd(first)}${r.map((v) => pad(String(v))).join('')}`);
  return [header, ...rows].join('\n');
}
