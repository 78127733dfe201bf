// California housing: regression on a tabular CSV with missing values and a categorical column.
// Read -> seeded train/validation/test split -> impute (median) + standardise numbers, one-hot ocean_proximity (all
// fitted on the training part) -> Dense(64, relu) -> Dense(64, relu) -> Dense(1), trained twice: with MSE and with
// Huber loss (metric: mae). Prints test RMSE and MAE in dollars for both and for the predict-the-mean baseline.
// Run: npx tsx examples/housing-regression.ts [--epochs 30] [--seed 42] [--batch-size 64] [--verbose 0] [--backend ts]
// Expected: test RMSE about $50-60k for both losses vs about $115k for the baseline.
import { join } from 'node:path';
import * as tf from '../src/index.js';
import { datasetsDir } from '../test/helpers/paths.js';
import { type TabularArgs, isMain, parseTabularArgs, useBackend } from './lib/tabular.js';

/** Test-split errors in dollars. */
export interface RegressionScores {
  rmse: number;
  mae: number;
}

/** What `main` measured. */
export interface HousingResult {
  rows: number;
  features: string[];
  baseline: RegressionScores;
  mse: RegressionScores;
  huber: RegressionScores;
}

/** Options of `main`: the command-line flags, plus `limit` (use a seeded subset of the rows, for quick runs). */
export interface HousingOptions extends TabularArgs {
  limit?: number | undefined;
  quiet?: boolean;
}

/** Default options of the example. */
export const defaults: TabularArgs = { epochs: 30, seed: 42, batchSize: 64, verbose: 0 };

const numeric = ['longitude', 'latitude', 'housing_median_age', 'total_rooms', 'total_bedrooms', 'population', 'households', 'median_income'];
const target = 'median_house_value';
/** The network learns house values in units of $100,000 (targets of order 1 keep Adam's default step size right). */
const unit = 100_000;

function scores(truth: ArrayLike<number>, predicted: ArrayLike<number>): RegressionScores {
  let se = 0, ae = 0;
  for (let i = 0; i < truth.length; i++) {
    const e = ((predicted[i] as number) - (truth[i] as number)) * unit;
    se += e * e;
    ae += Math.abs(e);
  }
  return { rmse: Math.sqrt(se / truth.length), mae: ae / truth.length };
}

function buildModel(inputs: number, loss: 'meanSquaredError' | 'huber'): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 64, activation: 'relu', inputShape: [inputs] }),
      tf.layers.dense({ units: 64, activation: 'relu' }),
      tf.layers.dense({ units: 1 }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.001), loss, metrics: ['mae'] });
  return model;
}

/** Reads, preprocesses, trains with both losses and returns the test-split errors (printed unless `quiet`). */
export async function main(options: Partial<HousingOptions> = {}): Promise<HousingResult> {
  const args = { ...defaults, ...options };
  const log = options.quiet ? (): void => undefined : console.log;
  useBackend(args.backend);
  tf.setSeed(args.seed);

  // 1. Read. Empty fields become null (207 in total_bedrooms); ocean_proximity is read as strings.
  const table = await tf.data.readCsv(join(datasetsDir, 'tabular', 'california_housing', 'housing.csv'));
  const missing = tf.data.column(table, 'total_bedrooms').filter((v) => v === null).length;
  const all = table.rows.map((_, i) => i);
  const rows = args.limit === undefined ? all : tf.preprocessing.trainTestSplit(all, { testSize: args.limit, seed: args.seed }).test;

  // 2. Seeded 70/15/15 split of the rows.
  const split = tf.preprocessing.trainTestSplit(rows, { testSize: 0.15, validationSize: 0.15, seed: args.seed });
  const part = (idx: number[]): tf.data.Table => ({ columns: table.columns, rows: idx.map((i) => table.rows[i] as tf.data.Cell[]) });
  const [train, val, test] = [part(split.train), part(split.validation), part(split.test)];

  // 3. Features, fitted on the training part only: median imputation then standard scaling for the numbers,
  //    one-hot for ocean_proximity ('ignore' gives all-zero rows to a category the training part never saw, e.g. ISLAND).
  const features = new tf.preprocessing.ColumnTransformer([
    { name: 'numeric', columns: numeric, transformer: [new tf.preprocessing.SimpleImputer({ strategy: 'median' }), new tf.preprocessing.StandardScaler()] },
    { name: 'ocean', columns: ['ocean_proximity'], transformer: new tf.preprocessing.OneHotEncoder({ handleUnknown: 'ignore' }) },
  ]);
  const xTrain = features.fitTransform(train);
  const [xVal, xTest] = [features.transform(val), features.transform(test)];
  const y = (t: tf.data.Table): tf.Tensor => tf.tensor(tf.data.column(t, target).map((v) => Number(v) / unit), [t.rows.length, 1], 'float32');
  const [yTrain, yVal, yTest] = [y(train), y(val), y(test)];
  log(`Backend: ${tf.getBackend()}; ${rows.length} districts (${missing} with total_bedrooms missing in the file); ` +
    `train ${train.rows.length}, validation ${val.rows.length}, test ${test.rows.length}; ${xTrain.shape[1]} features:\n  ` +
    features.featureNames().join(', '));

  // 4. Baseline: predict the training mean for every district.
  const truth = yTest.dataSync();
  const trainMean = yTrain.mean().dataSync()[0] as number;
  const baseline = scores(truth, new Float32Array(truth.length).fill(trainMean));
  log(`\nBaseline (predict the training mean, $${Math.round(trainMean * unit).toLocaleString('en-US')}): ` +
    `test RMSE $${Math.round(baseline.rmse).toLocaleString('en-US')}, MAE $${Math.round(baseline.mae).toLocaleString('en-US')}`);

  // 5. The same network trained with each loss, starting from the same seeded initial weights.
  const results: Record<'mse' | 'huber', RegressionScores> = { mse: baseline, huber: baseline };
  for (const [key, loss] of [['mse', 'meanSquaredError'], ['huber', 'huber']] as const) {
    tf.setSeed(args.seed);
    const model = buildModel(xTrain.shape[1] as number, loss);
    const t0 = performance.now();
    const history = await model.fit(xTrain, yTrain, {
      epochs: args.epochs, batchSize: args.batchSize, validationData: [xVal, yVal], shuffle: true, verbose: args.verbose,
    });
    const seconds = (performance.now() - t0) / 1000;
    results[key] = scores(truth, (model.predict(xTest) as tf.Tensor).dataSync());
    const valMae = (history.history['val_mae']?.at(-1) ?? NaN) * unit;
    log(`${loss.padEnd(16)} ${args.epochs} epochs in ${seconds.toFixed(1)} s: validation MAE $${Math.round(valMae).toLocaleString('en-US')}; ` +
      `test RMSE $${Math.round(results[key].rmse).toLocaleString('en-US')}, MAE $${Math.round(results[key].mae).toLocaleString('en-US')}`);
  }
  return { rows: rows.length, features: features.featureNames(), baseline, ...results };
}

if (isMain(import.meta.url)) await main(parseTabularArgs(defaults));
