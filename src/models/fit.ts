// model.fit / model.evaluate on in-memory tensors: validation split, shuffling, sample and class weights, the
// epoch/batch loop and callbacks.
import { type Callback, type CallbackArg, CallbackList, type CallbackModel, History, type Logs, toCallbacks } from '../callbacks/callback.js';
import { ProgbarLogger } from '../callbacks/progbar.js';
import { ConfigError, ValueError } from '../core/errors.js';
import { rngFor } from '../core/random.js';
import { scalar } from '../ops/index.js';
import { Tensor, type Variable } from '../tensor/tensor.js';
import type { CompiledState } from './compile.js';
import type { ModelInput } from './container.js';
import { batchRows, classWeightsFor, sampleCount, shuffledOrder, sliceRows } from './data.js';
import { activeStrategy, distributedStep, localRows } from './fit-distributed.js';
import { type Batch, LogAccumulator, type StepModel, testStep, trainStep } from './train-step.js';

/** The model as fit/evaluate use it. */
export interface FitModel extends StepModel, CallbackModel {
  compiledState(where: string): CompiledState;
  standardizeInputs(x: ModelInput, where: string): Tensor[];
  standardizeTargets(y: ModelInput, where: string): Tensor[];
  readonly trainableWeights: Variable[];
  readonly weights: Variable[];
  isTraining: boolean;
}

/** Arguments of `model.fit` (TF.js names; Keras semantics). */
export interface ModelFitArgs {
  /** Samples per gradient step; default 32. */
  batchSize?: number;
  /** Last epoch (exclusive, counting from 0 like Keras: epochs - initialEpoch epochs run); default 1. */
  epochs?: number;
  /** 0 quiet, 1 progress bar, 2 one line per epoch; default 1. */
  verbose?: number;
  callbacks?: CallbackArg;
  /** Fraction of the data (the last samples, taken before shuffling) held out for validation. */
  validationSplit?: number;
  /** Validation data `[x, y]` or `[x, y, sampleWeight]`; overrides validationSplit. */
  validationData?: [ModelInput, ModelInput] | [ModelInput, ModelInput, Tensor];
  /** Shuffle the training samples each epoch (seeded by the global generator, see setSeed); default true. */
  shuffle?: boolean;
  /** Weight of each class in the loss, by class index. */
  classWeight?: Record<number, number>;
  /** Weight of each sample in the loss, shape [samples]. */
  sampleWeight?: Tensor;
  /** Epoch to start from (for resuming); default 0. */
  initialEpoch?: number;
  /** Batches per epoch; the data is cycled when it runs out. Default: one pass over the data. */
  stepsPerEpoch?: number;
  /** Validation batches per epoch; default all. */
  validationSteps?: number;
  /** Validation batch size; default batchSize. */
  validationBatchSize?: number;
  /** Accepted for TF.js compatibility; ignored (Node needs no yielding). */
  yieldEvery?: unknown;
}

/** Arguments of `model.evaluate`. */
export interface ModelEvaluateArgs {
  batchSize?: number;
  verbose?: number;
  sampleWeight?: Tensor;
  /** Batches to evaluate; default all. */
  steps?: number;
}

function checkPositiveInt(v: number | undefined, name: string, where: string): void {
  if (v !== undefined && (!Number.isInteger(v) || v <= 0)) {
    throw new ConfigError(`${where}: ${name} must be a positive integer, received ${JSON.stringify(v)}.`);
  }
}

/** The fit callbacks in Keras order: progress bar first, the user's, then History last. */
export function buildCallbacks(model: CallbackModel, arg: CallbackArg | undefined, verbose: number): { list: CallbackList; history: History } {
  const history = new History();
  const cbs: Callback[] = [];
  if (verbose > 0) cbs.push(new ProgbarLogger({ verbose }));
  cbs.push(...toCallbacks(arg), history);
  const list = new CallbackList(cbs);
  list.setModel(model);
  return { list, history };
}

/** Data held as tensors, with optional per-output sample weights. */
interface TensorData {
  xs: Tensor[];
  ys: Tensor[];
  weights: (Tensor | null)[];
  n: number;
}

function weightsFor(ys: Tensor[], sampleWeight: Tensor | undefined, classWeight: Record<number, number> | undefined, where: string): (Tensor | null)[] {
  if (classWeight && ys.length > 1) {
    throw new ValueError(`${where}: classWeight is supported for single-output models only; use sampleWeight for each output instead.`);
  }
  return ys.map((y) => {
    let w: Tensor | null = sampleWeight ?? null;
    if (w && (w.rank !== 1 || w.shape[0] !== y.shape[0])) {
      throw new ValueError(`${where}: sampleWeight must have shape [${y.shape[0]}] (one weight per sample), received [${w.shape.join(',')}].`);
    }
    if (classWeight) {
      const cw = classWeightsFor(y, classWeight);
      w = w ? new Tensor(mulArrays(cw.values, w.values), cw.shape, 'float32') : cw;
    }
    return w;
  });
}

function mulArrays(a: ArrayLike<number>, b: ArrayLike<number>): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) * (b[i] as number);
  return out;
}

function rowsOf(d: TensorData, start: number, end: number): TensorData {
  return {
    xs: d.xs.map((t) => sliceRows(t, start, end)),
    ys: d.ys.map((t) => sliceRows(t, start, end)),
    weights: d.weights.map((t) => (t ? sliceRows(t, start, end) : null)),
    n: end - start,
  };
}

function batchOf(d: TensorData, order: Int32Array | null, start: number, end: number): Batch {
  return {
    xs: d.xs.map((t) => batchRows(t, order, start, end)),
    ys: d.ys.map((t) => batchRows(t, order, start, end)),
    weights: d.weights.map((t) => (t ? batchRows(t, order, start, end) : null)),
  };
}

/** Runs `model` in test mode over `d` and returns the averaged logs (keys prefixed by `prefix`). */
export function evaluateData(model: FitModel, d: TensorData, batchSize: number, prefix: string, steps?: number): Logs {
  const compiled = model.compiledState('evaluate');
  const acc = new LogAccumulator(compiled);
  acc.reset();
  const nBatches = Math.min(Math.ceil(d.n / batchSize), steps ?? Infinity);
  for (let b = 0; b < nBatches; b++) {
    const start = b * batchSize;
    const end = Math.min(start + batchSize, d.n);
    acc.add(testStep(model, compiled, batchOf(d, null, start, end)), end - start);
  }
  return acc.logs(prefix);
}

/** `model.fit(x, y, args)`: trains on tensors and resolves to the History. */
export async function fitTensors(model: FitModel, x: ModelInput, y: ModelInput, args: ModelFitArgs = {}): Promise<History> {
  const where = 'fit';
  const compiled = model.compiledState(where);
  if (model.isTraining) throw new ValueError('fit: this model is already training; wait for the running fit() to finish.');
  const batchSize = args.batchSize ?? 32;
  checkPositiveInt(batchSize, 'batchSize', where);
  checkPositiveInt(args.epochs, 'epochs', where);
  checkPositiveInt(args.stepsPerEpoch, 'stepsPerEpoch', where);
  const epochs = args.epochs ?? 1;
  const verbose = args.verbose ?? 1;
  const xs = model.standardizeInputs(x, where);
  const ys = model.standardizeTargets(y, where);
  const n = sampleCount([{ what: 'input', tensors: xs }, { what: 'target', tensors: ys }], where);
  let data: TensorData = { xs, ys, weights: weightsFor(ys, args.sampleWeight, args.classWeight, where), n };
  let val: TensorData | null = null;
  if (args.validationData) {
    const [vx, vy, vw] = args.validationData;
    const vxs = model.standardizeInputs(vx, 'fit (validationData)');
    const vys = model.standardizeTargets(vy, 'fit (validationData)');
    const vn = sampleCount([{ what: 'validation input', tensors: vxs }, { what: 'validation target', tensors: vys }], where);
    val = { xs: vxs, ys: vys, weights: weightsFor(vys, vw, undefined, where), n: vn };
  } else if (args.validationSplit !== undefined && args.validationSplit > 0) {
    if (!(args.validationSplit < 1)) throw new ConfigError(`fit: validationSplit must be in [0, 1), received ${args.validationSplit}.`);
    // Keras: the last fraction of the samples, taken before any shuffling.
    const splitAt = Math.floor(n * (1 - args.validationSplit));
    if (splitAt === 0 || splitAt === n) {
      throw new ValueError(`fit: validationSplit ${args.validationSplit} of ${n} samples leaves an empty training or validation set.`);
    }
    val = rowsOf(data, splitAt, n);
    data = rowsOf(data, 0, splitAt);
  }
  if (data.n === 0) throw new ValueError('fit: the training data is empty; pass at least one sample.');
  const steps = args.stepsPerEpoch ?? Math.ceil(data.n / batchSize);
  // Data parallel: every rank runs this loop in lockstep; only the chief runs callbacks, logs and validation.
  const strategy = activeStrategy(compiled, batchSize);
  const chief = !strategy || strategy.isChief;
  if (!chief) val = null;
  const { list, history } = buildCallbacks(model, chief ? args.callbacks : undefined, chief ? verbose : 0);
  const metrics = [...compiled.metricsNames, ...(val ? compiled.metricsNames.map((m) => `val_${m}`) : [])];
  list.setParams({ epochs, initialEpoch: args.initialEpoch ?? 0, steps, samples: data.n, batchSize, verbose, doValidation: val !== null, metrics });
  const vars = model.trainableWeights;
  const acc = new LogAccumulator(compiled);
  const shuffle = args.shuffle ?? true;
  model.stopTraining = false;
  model.isTraining = true;
  strategy?.broadcastVariables(model.weights);
  try {
    await list.onTrainBegin();
    for (let epoch = args.initialEpoch ?? 0; epoch < epochs; epoch++) {
      await list.onEpochBegin(epoch);
      acc.reset();
      const shuffled = shuffle ? shuffledOrder(data.n, rngFor()) : null;
      const order = strategy && shuffled ? strategy.broadcastOrder(shuffled) : shuffled;
      let syncedStop = false;
      for (let b = 0; b < steps; b++) {
        const start = (b * batchSize) % data.n;
        const end = Math.min(start + batchSize, data.n);
        if (list.hasBatchHooks) await list.onBatchBegin(b, { batch: b, size: end - start });
        if (strategy) {
          const [lo, hi] = localRows(strategy, start, end);
          const r = distributedStep(strategy, model, compiled, vars, hi > lo ? batchOf(data, order, lo, hi) : null, hi - lo, end - start, model.stopTraining);
          acc.add(r, end - start);
          syncedStop = r.stop;
          if (r.stop) model.stopTraining = true;
        } else acc.add(trainStep(model, compiled, vars, batchOf(data, order, start, end)), end - start);
        if (list.hasBatchHooks) await list.onBatchEnd(b, { batch: b, size: end - start, ...acc.logs() });
        // Under a strategy, a stop the chief asks for travels with the next step's gradients, so all ranks stop together.
        if (strategy ? syncedStop : model.stopTraining) break;
      }
      const logs = acc.logs();
      if (val) Object.assign(logs, evaluateData(model, val, args.validationBatchSize ?? batchSize, 'val_', args.validationSteps));
      await list.onEpochEnd(epoch, logs);
      if (strategy) model.stopTraining = (strategy.sum([chief && model.stopTraining ? 1 : 0])[0] ?? 0) > 0;
      if (model.stopTraining) break;
    }
    await list.onTrainEnd();
  } finally {
    model.isTraining = false;
  }
  return history;
}

/** `model.evaluate(x, y, args)`: the loss and metrics as scalar tensors (one scalar when there are no metrics). */
export function evaluateTensors(model: FitModel, x: ModelInput, y: ModelInput, args: ModelEvaluateArgs = {}): Tensor | Tensor[] {
  const where = 'evaluate';
  const compiled = model.compiledState(where);
  const batchSize = args.batchSize ?? 32;
  checkPositiveInt(batchSize, 'batchSize', where);
  const xs = model.standardizeInputs(x, where);
  const ys = model.standardizeTargets(y, where);
  const n = sampleCount([{ what: 'input', tensors: xs }, { what: 'target', tensors: ys }], where);
  const logs = evaluateData(model, { xs, ys, weights: weightsFor(ys, args.sampleWeight, undefined, where), n }, batchSize, '', args.steps);
  const values = compiled.metricsNames.map((name) => scalar(logs[name] ?? NaN));
  if ((args.verbose ?? 0) > 0) console.log(compiled.metricsNames.map((k) => `${k}: ${(logs[k] ?? NaN).toFixed(4)}`).join(' - '));
  return values.length === 1 ? (values[0] as Tensor) : values;
}
