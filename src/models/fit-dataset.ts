// model.fitDataset / model.evaluateDataset over any object shaped like a TF.js tf.data.Dataset: it only needs
// `iterator()` resolving to `{ next(): Promise<{value, done}> }` with values `{xs, ys}` or `[xs, ys]`.
import type { CallbackArg, History, Logs } from '../callbacks/callback.js';
import { ConfigError, ValueError } from '../core/errors.js';
import { scalar } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import type { ModelInput } from './container.js';
import { classWeightsFor } from './data.js';
import { type Batch, LogAccumulator, testStep, trainStep } from './train-step.js';
import { type FitModel, buildCallbacks, evaluateData } from './fit.js';

/** One dataset element: inputs and targets (optionally per-sample weights as a third entry). */
export type DatasetElement = { xs: ModelInput; ys: ModelInput } | [ModelInput, ModelInput] | [ModelInput, ModelInput, Tensor];

/** An iterator over dataset elements (TF.js LazyIterator shape). */
export interface DatasetIterator {
  next(): Promise<{ value: DatasetElement | undefined; done: boolean }>;
}

/** The minimal dataset contract fitDataset needs (a TF.js tf.data.Dataset satisfies it). */
export interface Dataset {
  iterator(): Promise<DatasetIterator>;
}

/** Arguments of `model.fitDataset` (TF.js names). */
export interface ModelFitDatasetArgs {
  /** Number of epochs; default 1. */
  epochs?: number;
  /** Batches per epoch; default: until the dataset ends (a fresh iterator per epoch). */
  batchesPerEpoch?: number;
  verbose?: number;
  callbacks?: CallbackArg;
  /** A dataset, or `[x, y]` tensors. */
  validationData?: Dataset | [ModelInput, ModelInput];
  /** Validation batches per epoch; default the whole validation dataset. */
  validationBatches?: number;
  /** Batch size for tensor validation data; default 32. */
  validationBatchSize?: number;
  initialEpoch?: number;
  classWeight?: Record<number, number>;
  yieldEvery?: unknown;
}

/** Arguments of `model.evaluateDataset`. */
export interface ModelEvaluateDatasetArgs {
  /** Batches to evaluate; default the whole dataset. */
  batches?: number;
  verbose?: number;
}

function isDataset(x: unknown): x is Dataset {
  return typeof x === 'object' && x !== null && typeof (x as Partial<Dataset>).iterator === 'function';
}

function toBatch(model: FitModel, value: DatasetElement | undefined, where: string): Batch {
  if (value === undefined || value === null) throw new ValueError(`${where}: the dataset produced an empty element; expected {xs, ys} or [xs, ys].`);
  let x: ModelInput;
  let y: ModelInput;
  let w: Tensor | undefined;
  if (Array.isArray(value)) [x, y, w] = value;
  else if ('xs' in value && 'ys' in value) ({ xs: x, ys: y } = value);
  else {
    throw new ValueError(
      `${where}: dataset elements must be {xs, ys} or [xs, ys], received an object with keys ${Object.keys(value).join(', ')}. ` +
        'Map the dataset, e.g. ds.map(e => ({ xs: e.image, ys: e.label })).',
    );
  }
  const xs = model.standardizeInputs(x, where);
  const ys = model.standardizeTargets(y, where);
  return { xs, ys, weights: ys.map(() => w ?? null) };
}

async function runDatasetEval(model: FitModel, dataset: Dataset, batches: number | undefined, prefix: string): Promise<Logs> {
  const compiled = model.compiledState('evaluateDataset');
  const acc = new LogAccumulator(compiled);
  acc.reset();
  const it = await dataset.iterator();
  for (let b = 0; batches === undefined || b < batches; b++) {
    const r = await it.next();
    if (r.done) break;
    const batch = toBatch(model, r.value, 'evaluateDataset');
    acc.add(testStep(model, compiled, batch), batch.xs[0]?.shape[0] ?? 0);
  }
  return acc.logs(prefix);
}

/** `model.fitDataset(dataset, args)`. */
export async function fitDataset(model: FitModel, dataset: Dataset, args: ModelFitDatasetArgs = {}): Promise<History> {
  const where = 'fitDataset';
  if (!isDataset(dataset)) throw new ConfigError(`${where}: expected a dataset with an iterator() method (e.g. tf.data.array(...).batch(32)).`);
  const compiled = model.compiledState(where);
  if (compiled.strategy && compiled.strategy.numReplicasInSync > 1) {
    // TODO(#19): shard datasets by rank (each rank would need its own, equally long, slice of the stream).
    throw new ConfigError(`${where}: data-parallel training runs through model.fit on tensors; this model was compiled in a strategy scope with ${compiled.strategy.numReplicasInSync} ranks. Load the data as tensors and call model.fit(x, y).`);
  }
  if (model.isTraining) throw new ValueError(`${where}: this model is already training; wait for the running fit to finish.`);
  const epochs = args.epochs ?? 1;
  const verbose = args.verbose ?? 1;
  const { list, history } = buildCallbacks(model, args.callbacks, verbose);
  const doValidation = args.validationData !== undefined;
  const metrics = [...compiled.metricsNames, ...(doValidation ? compiled.metricsNames.map((m) => `val_${m}`) : [])];
  const params = { epochs, initialEpoch: args.initialEpoch ?? 0, steps: args.batchesPerEpoch ?? null, samples: null, batchSize: null, verbose, doValidation, metrics };
  list.setParams(params);
  const vars = model.trainableWeights;
  const acc = new LogAccumulator(compiled);
  model.stopTraining = false;
  model.isTraining = true;
  let iterator = args.batchesPerEpoch !== undefined ? await dataset.iterator() : null;
  try {
    await list.onTrainBegin();
    for (let epoch = args.initialEpoch ?? 0; epoch < epochs && !model.stopTraining; epoch++) {
      await list.onEpochBegin(epoch);
      acc.reset();
      // Without batchesPerEpoch each epoch is one full pass (fresh iterator); with it, one iterator spans epochs.
      const it = iterator ?? (await dataset.iterator());
      let b = 0;
      for (; args.batchesPerEpoch === undefined || b < args.batchesPerEpoch; b++) {
        const r = await it.next();
        if (r.done) {
          if (args.batchesPerEpoch !== undefined) {
            console.warn(`${where}: the dataset ran out after ${b} batches of epoch ${epoch + 1}; stopping. Use dataset.repeat() for more epochs.`);
            model.stopTraining = true;
          }
          break;
        }
        const batch = toBatch(model, r.value, where);
        if (args.classWeight) {
          if (batch.ys.length > 1) throw new ValueError(`${where}: classWeight needs a single-output model; use per-sample weights instead.`);
          batch.weights = [classWeightsFor(batch.ys[0] as Tensor, args.classWeight)];
        }
        const size = batch.xs[0]?.shape[0] ?? 0;
        if (list.hasBatchHooks) await list.onBatchBegin(b, { batch: b, size });
        acc.add(trainStep(model, compiled, vars, batch), size);
        if (list.hasBatchHooks) await list.onBatchEnd(b, { batch: b, size, ...acc.logs() });
        if (model.stopTraining) break;
      }
      if (params.steps === null && b > 0) params.steps = b;
      if (b === 0) break;
      const logs = acc.logs();
      const v = args.validationData;
      if (v !== undefined) {
        if (isDataset(v)) Object.assign(logs, await runDatasetEval(model, v, args.validationBatches, 'val_'));
        else {
          const vxs = model.standardizeInputs(v[0], `${where} (validationData)`);
          const vys = model.standardizeTargets(v[1], `${where} (validationData)`);
          const n = vxs[0]?.shape[0] ?? 0;
          Object.assign(logs, evaluateData(model, { xs: vxs, ys: vys, weights: vys.map(() => null), n }, args.validationBatchSize ?? 32, 'val_'));
        }
      }
      await list.onEpochEnd(epoch, logs);
    }
    await list.onTrainEnd();
  } finally {
    model.isTraining = false;
    iterator = null;
  }
  return history;
}

/** `model.evaluateDataset(dataset, {batches})`: the loss and metrics as scalar tensors. */
export async function evaluateDataset(model: FitModel, dataset: Dataset, args: ModelEvaluateDatasetArgs = {}): Promise<Tensor | Tensor[]> {
  if (!isDataset(dataset)) throw new ConfigError('evaluateDataset: expected a dataset with an iterator() method.');
  const compiled = model.compiledState('evaluateDataset');
  const logs = await runDatasetEval(model, dataset, args.batches, '');
  const values = compiled.metricsNames.map((k) => scalar(logs[k] ?? NaN));
  return values.length === 1 ? (values[0] as Tensor) : values;
}
