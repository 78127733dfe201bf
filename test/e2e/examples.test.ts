// Fast smoke runs of the tabular examples (examples/housing-regression.ts, breast-cancer.ts, iris.ts): each `main` runs
// with few epochs (and a subset of the housing rows) and must show that the model learned something. One run goes
// through the command line to check that the scripts still start as programs.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main as breastCancer } from '../../examples/breast-cancer.js';
import { main as housing } from '../../examples/housing-regression.js';
import { main as iris } from '../../examples/iris.js';
import { formatConfusion, parseTabularArgs } from '../../examples/lib/tabular.js';
import { hasDatasets, repoRoot } from '../helpers/paths.js';

// The reference backend keeps these runs independent of the native build's state.
const backend = 'ts';

describe('tabular example helpers', () => {
  test('parseTabularArgs reads the flags over the defaults and rejects bad ones', () => {
    const defaults = { epochs: 5, seed: 1, batchSize: 8, verbose: 0 };
    expect(parseTabularArgs(defaults, [])).toEqual({ ...defaults, backend: undefined });
    expect(parseTabularArgs(defaults, ['--epochs', '3', '--seed', '0', '--backend', 'ts'])).toEqual({ epochs: 3, seed: 0, batchSize: 8, verbose: 0, backend: 'ts' });
    expect(() => parseTabularArgs(defaults, ['--epochs', '0'])).toThrow("--epochs: expected an integer >= 1, received '0'.");
    expect(() => parseTabularArgs(defaults, ['--epoch', '3'])).toThrow("Unknown flag '--epoch'");
  });

  test('formatConfusion labels rows with the true class and columns with the prediction', () => {
    expect(formatConfusion([[5, 1], [0, 7]], ['no', 'yes']).split('\n')).toEqual([
      'true \\ predicted     no  yes',
      'no                    5    1',
      'yes                   0    7',
    ]);
  });
});

describe.skipIf(!hasDatasets)('tabular examples learn', () => {
  test('housing-regression: both losses beat the predict-the-mean baseline by a wide margin', async () => {
    const r = await housing({ epochs: 8, limit: 4000, seed: 3, backend, quiet: true });
    expect(r.rows).toBe(4000);
    // 8 numeric columns, then one column per ocean_proximity category of the training part (ISLAND, 5 of 20640
    // districts, may be missing from a subset).
    expect(r.features.slice(0, 8)).toEqual(['longitude', 'latitude', 'housing_median_age', 'total_rooms', 'total_bedrooms', 'population', 'households', 'median_income']);
    expect(r.features.slice(8)).toEqual(expect.arrayContaining(['<1H OCEAN', 'INLAND', 'NEAR BAY', 'NEAR OCEAN'].map((c) => `ocean_proximity_${c}`)));
    // The baseline is the standard deviation of house values (about $115k); a sanity check on the dollar units.
    expect(r.baseline.rmse).toBeGreaterThan(95_000);
    expect(r.baseline.rmse).toBeLessThan(135_000);
    for (const s of [r.mse, r.huber]) {
      expect(s.rmse).toBeLessThan(0.7 * r.baseline.rmse);
      expect(s.mae).toBeLessThan(0.7 * r.baseline.mae);
    }
  }, 60_000);

  test('breast-cancer: >= 90% held-out accuracy; report, confusion matrix and evaluate() agree', async () => {
    const r = await breastCancer({ epochs: 20, seed: 5, backend, quiet: true });
    expect(r.accuracy).toBeGreaterThanOrEqual(0.9);
    const [[tn, fp], [fn, tp]] = r.confusion as [[number, number], [number, number]];
    expect(tn + fp + fn + tp).toBe(114); // 20% of 569, stratified: 42 malignant + 72 benign
    expect(tn + fp).toBe(42);
    expect((tn + tp) / 114).toBeCloseTo(r.accuracy, 10);
    const benign = r.report.perClass[1];
    expect(benign?.name).toBe('benign');
    expect(benign?.precision).toBeCloseTo(tp / (tp + fp), 10);
    // model.evaluate's Precision/Recall metrics (threshold 0.5, positive class 1) match the report.
    expect(r.evaluated.accuracy).toBeCloseTo(r.accuracy, 5);
    expect(r.evaluated.precision).toBeCloseTo(benign?.precision ?? NaN, 5);
    expect(r.evaluated.recall).toBeCloseTo(benign?.recall ?? NaN, 5);
  }, 60_000);

  test('iris: >= 90% held-out accuracy with a softmax output', async () => {
    const r = await iris({ epochs: 40, seed: 2, backend, quiet: true });
    expect(r.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(30);
    expect(r.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([10, 10, 10]); // stratified
    expect(r.report.perClass.map((c) => c.name)).toEqual(['setosa', 'versicolor', 'virginica']);
  }, 60_000);

  test('iris runs from the command line and prints the report', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'examples/iris.ts'), '--epochs', '5', '--backend', backend], {
      cwd: repoRoot, encoding: 'utf8', timeout: 60_000,
    });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/train 120, test 30\./);
    expect(r.stdout).toMatch(/precision +recall +f1-score +support/);
    expect(r.stdout).toMatch(/true \\ predicted +setosa +versicolor +virginica/);
  }, 70_000);
});
