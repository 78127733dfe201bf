import type { History } from '../callbacks/callback.js';
import { ConfigError, ValueError } from '../core/errors.js';
import type { ConfigDict } from '../layers/layer.js';
import { registerLayer } from '../layers/registry.js';
import { Tensor } from '../tensor/tensor.js';
import { type CompiledState, type ModelCompileArgs, type OptimizerObject, resolveCompileArgs } from './compile.js';
import { Container, type ContainerArgs, type ModelInput } from './container.js';
import { rowSize, sampleCount, sliceRows } from './data.js';
import { LogAccumulator, trainStep } from './train-step.js';
import { type Dataset, type ModelEvaluateDatasetArgs, type ModelFitDatasetArgs, evaluateDataset, fitDataset } from './fit-dataset.js';
import { type ModelEvaluateArgs, type ModelFitArgs, evaluateTensors, fitTensors } from './fit.js';
import { printSummary } from './summary.js';
import { functionalConfig, functionalFromConfig } from './topology-config.js';

/** Arguments of `model.predict`. */
export interface ModelPredictArgs {
  /** Samples per forward pass; default 32. */
  batchSize?: number;
  /** Accepted for compatibility; predict prints nothing. */
  verbose?: boolean | number;
}

/**
 * A model: a graph of layers with training (`compile`, `fit`, `evaluate`, `predict`). Build one with
 * `tf.model({inputs, outputs})` (functional) or `tf.sequential()`.
 * @example const x = tf.input({ shape: [4] }); const m = tf.model({ inputs: x, outputs: tf.layers.dense({ units: 1 }).apply(x) });
 */
export class LayersModel extends Container {
  static override className = 'Model';
  /** Set true (e.g. from a callback) to stop `fit` after the current batch. */
  stopTraining = false;
  /** True while `fit` runs. */
  isTraining = false;
  private compiled: CompiledState | null = null;

  constructor(args: ContainerArgs | { name?: string }) {
    super(args);
    // Subclasses such as Sequential build their graph later; tf.model() must get inputs and outputs now.
    if (!('inputs' in args) && !('outputs' in args) && new.target !== LayersModel) return;
    const full = args as Partial<ContainerArgs>;
    const inputs = full.inputs === undefined ? [] : Array.isArray(full.inputs) ? full.inputs : [full.inputs];
    const outputs = full.outputs === undefined ? [] : Array.isArray(full.outputs) ? full.outputs : [full.outputs];
    if (inputs.length === 0 || outputs.length === 0) {
      throw new ConfigError(`model (${this.name}): give at least one input and one output, e.g. tf.model({ inputs: x, outputs: y }).`);
    }
    this.initGraph(inputs, outputs);
  }

  /** The compiled optimizer (null before `compile`). */
  get optimizer(): OptimizerObject | null {
    return this.compiled?.optimizer ?? null;
  }

  /** The loss given to `compile`. */
  get loss(): ModelCompileArgs['loss'] | null {
    return this.compiled?.loss ?? null;
  }

  /** Names of the values `evaluate` returns and `fit` logs: 'loss', per-output losses, metrics. */
  get metricsNames(): string[] {
    return this.compiled ? [...this.compiled.metricsNames] : [];
  }

  /**
   * Configures training: optimizer, loss(es) and metrics. Ids may be TF.js camelCase or Keras snake_case.
   * @example model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
   */
  compile(args: ModelCompileArgs): void {
    this.compiled = resolveCompileArgs(args, this.outputNames);
  }

  /** The compile state, or a ValueError telling the caller to compile first. */
  compiledState(where: string): CompiledState {
    if (!this.compiled) {
      throw new ValueError(
        `${where}: model '${this.name}' is not compiled. Call model.compile({ optimizer: 'adam', loss: 'meanSquaredError' }) first.`,
      );
    }
    return this.compiled;
  }

  /** Orders targets as the model's outputs (a tensor, a list, or a map by output layer name). */
  standardizeTargets(y: ModelInput, where: string): Tensor[] {
    let list: Tensor[];
    if (y instanceof Tensor) list = [y];
    else if (Array.isArray(y)) list = y;
    else if (y && typeof y === 'object') {
      list = this.outputNames.map((name) => {
        const t = (y as Record<string, Tensor>)[name];
        if (!t) throw new ValueError(`${where}: no targets for output '${name}'. Received keys: ${Object.keys(y).join(', ')}.`);
        return t;
      });
    } else throw new ValueError(`${where}: targets must be a Tensor, an array of Tensors or a map of output name to Tensor.`);
    if (list.length !== this.outputs.length) {
      throw new ValueError(
        `${where}: the model has ${this.outputs.length} output(s) (${this.outputNames.join(', ')}), received ${list.length} target tensor(s). ` +
          'Pass one target tensor per output, in order.',
      );
    }
    list.forEach((t, i) => {
      if (!(t instanceof Tensor)) throw new ValueError(`${where}: target ${i} is not a Tensor; convert it with tf.tensor().`);
    });
    return list;
  }

  /**
   * Trains the model on tensors for a number of epochs.
   * @example const history = await model.fit(xs, ys, { epochs: 10, batchSize: 32, validationSplit: 0.1 });
   */
  fit(x: ModelInput, y: ModelInput, args: ModelFitArgs = {}): Promise<History> {
    return fitTensors(this, x, y, args);
  }

  /**
   * Trains the model on a dataset of `{xs, ys}` batches.
   * @example await model.fitDataset(ds, { epochs: 5 });
   */
  fitDataset(dataset: Dataset, args: ModelFitDatasetArgs = {}): Promise<History> {
    return fitDataset(this, dataset, args);
  }

  /**
   * The loss and metrics on the given data, as scalar tensors (`[loss, ...metrics]`, or just the loss).
   * @example const [loss, acc] = model.evaluate(xTest, yTest) as Tensor[];
   */
  evaluate(x: ModelInput, y: ModelInput, args: ModelEvaluateArgs = {}): Tensor | Tensor[] {
    return evaluateTensors(this, x, y, args);
  }

  /**
   * The loss and metrics over a dataset, as scalar tensors.
   * @example const [loss, acc] = (await model.evaluateDataset(ds)) as Tensor[];
   */
  evaluateDataset(dataset: Dataset, args: ModelEvaluateDatasetArgs = {}): Promise<Tensor | Tensor[]> {
    return evaluateDataset(this, dataset, args);
  }

  /**
   * Runs the model in inference mode, batch by batch, and returns the outputs for every sample.
   * @example const probs = model.predict(xTest) as Tensor;
   */
  predict(x: ModelInput, args: ModelPredictArgs = {}): Tensor | Tensor[] {
    const xs = this.standardizeInputs(x, 'predict');
    const batchSize = args.batchSize ?? 32;
    if (!Number.isInteger(batchSize) || batchSize <= 0) throw new ConfigError(`predict: batchSize must be a positive integer, received ${batchSize}.`);
    const n = sampleCount([{ what: 'input', tensors: xs }], 'predict');
    let outs: Tensor[] | null = null;
    for (let start = 0; start < n || (n === 0 && start === 0); start += batchSize) {
      const end = Math.min(start + batchSize, n);
      const preds = this.execute(start === 0 && end === n ? xs : xs.map((t) => sliceRows(t, start, end)), false);
      if (n <= batchSize) return preds.length === 1 ? (preds[0] as Tensor) : preds;
      // Write each batch straight into one preallocated output per model output.
      outs ??= preds.map((p) => Tensor.empty([n, ...p.shape.slice(1)], p.dtype));
      preds.forEach((p, i) => {
        const out = (outs as Tensor[])[i] as Tensor;
        out.values.set(p.values, start * rowSize(out));
      });
    }
    const result = outs ?? [];
    return result.length === 1 ? (result[0] as Tensor) : result;
  }

  /**
   * Runs the model in inference mode on one batch.
   * @example model.predictOnBatch(xBatch);
   */
  predictOnBatch(x: ModelInput): Tensor | Tensor[] {
    const preds = this.execute(this.standardizeInputs(x, 'predictOnBatch'), false);
    return preds.length === 1 ? (preds[0] as Tensor) : preds;
  }

  /**
   * One gradient step on one batch; returns the loss, or `[loss, ...metrics]` when metrics are compiled.
   * @example const loss = model.trainOnBatch(xBatch, yBatch);
   */
  trainOnBatch(x: ModelInput, y: ModelInput): number | number[] {
    const compiled = this.compiledState('trainOnBatch');
    const xs = this.standardizeInputs(x, 'trainOnBatch');
    const ys = this.standardizeTargets(y, 'trainOnBatch');
    const n = sampleCount([{ what: 'input', tensors: xs }, { what: 'target', tensors: ys }], 'trainOnBatch');
    const acc = new LogAccumulator(compiled);
    acc.reset();
    acc.add(trainStep(this, compiled, this.trainableWeights, { xs, ys, weights: ys.map(() => null) }), n);
    const logs = acc.logs();
    const values = compiled.metricsNames.map((k) => logs[k] ?? NaN);
    return values.length === 1 ? (values[0] as number) : values;
  }

  /**
   * Prints a Keras-style table of the layers, output shapes and parameter counts.
   * @example model.summary();
   */
  summary(lineLength?: number, positions?: number[], printFn: (line: string) => void = console.log): void {
    printSummary(this, { lineLength, positions, printFn });
  }

  /** The TF.js functional config: `{name, layers: [{name, className, config, inboundNodes}], inputLayers, outputLayers}`. */
  override getConfig(): ConfigDict {
    return functionalConfig(this);
  }

  /**
   * Rebuilds a functional model (fresh weights) from `getConfig()` output.
   * @example const copy = LayersModel.fromConfig(model.getConfig());
   */
  static override fromConfig<T>(this: new (args: ContainerArgs & ConfigDict) => T, config: ConfigDict): T {
    const { inputs, outputs, name } = functionalFromConfig(config);
    return new this(name === undefined ? { inputs, outputs } : { inputs, outputs, name });
  }
}
registerLayer('Model', LayersModel);
registerLayer('Functional', LayersModel);

/**
 * Creates a functional model from symbolic inputs and outputs (TF.js `tf.model`).
 * @example const x = input({ shape: [8] }); const y = dense({ units: 1 }).apply(x); const m = model({ inputs: x, outputs: y });
 */
export function model(args: ContainerArgs): LayersModel {
  return new LayersModel(args);
}
