// `model.compile` argument resolution: the optimizer, one loss per output, the metrics of each output, and the
// names every logged value gets (Keras: 'loss', 'acc', '<output>_loss', 'val_...').
import { type DataParallelStrategy, currentStrategy } from './data-parallel.js';
import { ConfigError } from '../core/errors.js';
import { getLoss } from '../losses/index.js';
import { getMetric } from '../metrics/index.js';
import { getOptimizer } from '../optimizers/index.js';

/** What compile accepts for one loss: an id ('categoricalCrossentropy', 'categorical_crossentropy') or a function. */
export type LossArg = Parameters<typeof getLoss>[0];
/** What compile accepts for one metric: an id ('accuracy', 'acc', 'mse'), a Metric, or a function. */
export type MetricArg = Parameters<typeof getMetric>[0];
/** What compile accepts for the optimizer: an id ('adam'), an Optimizer, or `{className, config}`. */
export type OptimizerArg = Parameters<typeof getOptimizer>[0];
/** A resolved optimizer. */
export type OptimizerObject = ReturnType<typeof getOptimizer>;
/** A resolved per-sample loss function. */
export type LossFunction = ReturnType<typeof getLoss>;
/** A resolved stateful metric. */
export type MetricObject = ReturnType<typeof getMetric>;

/** Arguments of `model.compile` (TF.js names). */
export interface ModelCompileArgs {
  optimizer: OptimizerArg;
  /** One loss, one per output (array), or a map from output layer name to loss. */
  loss: LossArg | LossArg[] | Record<string, LossArg>;
  /** Metrics for every output (array), or a map from output layer name to its metrics. */
  metrics?: MetricArg | MetricArg[] | Record<string, MetricArg | MetricArg[]>;
  /** Weights of each output's loss in the total (array or map by output name); default 1. */
  lossWeights?: number[] | Record<string, number>;
}

/** Everything the training loop needs about one model output. */
export interface CompiledOutput {
  /** Output layer name. */
  name: string;
  lossFn: LossFunction;
  lossWeight: number;
  /** The loss's display name (the id given, or the function's name). */
  lossName: string;
  /** Metrics with their log names ('acc', or '<output>_acc' for multi-output models). */
  metrics: { name: string; metric: MetricObject }[];
}

/** The resolved compile state. */
export interface CompiledState {
  optimizer: OptimizerObject;
  outputs: CompiledOutput[];
  /** Names of the logged values in order: 'loss', per-output losses (multi-output), then metrics. */
  metricsNames: string[];
  /** The loss argument as given (for `model.loss`). */
  loss: ModelCompileArgs['loss'];
  /** The data-parallel strategy whose scope `compile` ran in (null: one process). */
  strategy: DataParallelStrategy | null;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype;
}

function perOutput<T>(value: T | T[] | Record<string, T> | undefined, names: string[], what: string, isMap: (v: unknown) => boolean): (T | undefined)[] {
  if (value === undefined) return names.map(() => undefined);
  if (Array.isArray(value)) {
    if (value.length !== names.length) {
      throw new ConfigError(
        `compile: ${what} has ${value.length} entries but the model has ${names.length} outputs (${names.join(', ')}). Give one per output.`,
      );
    }
    return value;
  }
  if (isMap(value)) {
    const map = value as Record<string, T>;
    for (const key of Object.keys(map)) {
      if (!names.includes(key)) {
        throw new ConfigError(`compile: ${what} names output '${key}', but the model's outputs are ${names.join(', ')}.`);
      }
    }
    return names.map((n) => map[n]);
  }
  return names.map(() => value as T);
}

function displayName(arg: unknown, fallback: string): string {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'function' && arg.name) return arg.name;
  if (typeof arg === 'object' && arg !== null && typeof (arg as { name?: unknown }).name === 'string') {
    return (arg as { name: string }).name;
  }
  return fallback;
}

/** Resolves `compile` arguments for a model whose outputs are named `outputNames`. */
export function resolveCompileArgs(args: ModelCompileArgs, outputNames: string[]): CompiledState {
  if (!args || args.optimizer === undefined || args.optimizer === null) {
    throw new ConfigError("compile: optimizer is required, e.g. model.compile({ optimizer: 'adam', loss: 'meanSquaredError' }).");
  }
  if (args.loss === undefined || args.loss === null) {
    throw new ConfigError("compile: loss is required, e.g. { loss: 'sparseCategoricalCrossentropy' } or 'categorical_crossentropy'.");
  }
  const optimizer = getOptimizer(args.optimizer);
  const multi = outputNames.length > 1;
  // A plain object is a per-output map for losses only when the model has several outputs or the keys are output
  // names; otherwise it may be a serialized {className, config} loss.
  const lossIsMap = (v: unknown): boolean => isPlainObject(v) && Object.keys(v).some((k) => outputNames.includes(k));
  const losses = perOutput<LossArg>(args.loss as LossArg | LossArg[] | Record<string, LossArg>, outputNames, 'loss', lossIsMap);
  const weights = perOutput<number>(args.lossWeights, outputNames, 'lossWeights', isPlainObject);
  const metricIsMap = (v: unknown): boolean => isPlainObject(v) && Object.keys(v).some((k) => outputNames.includes(k));
  const metricArg = args.metrics;
  const metricLists: (MetricArg[] | undefined)[] =
    metricArg === undefined
      ? outputNames.map(() => undefined)
      : Array.isArray(metricArg)
        ? outputNames.map(() => metricArg)
        : metricIsMap(metricArg)
          ? perOutput(metricArg as Record<string, MetricArg | MetricArg[]>, outputNames, 'metrics', () => true).map((m) =>
              m === undefined ? undefined : Array.isArray(m) ? m : [m],
            )
          : outputNames.map(() => [metricArg as MetricArg]);

  const outputs: CompiledOutput[] = outputNames.map((name, i) => {
    const lossArg = losses[i];
    if (lossArg === undefined) {
      throw new ConfigError(`compile: no loss for output '${name}'. Give a loss for every output (outputs: ${outputNames.join(', ')}).`);
    }
    const lossId = typeof lossArg === 'string' ? lossArg : undefined;
    const metrics = (metricLists[i] ?? []).map((m, k) => {
      const metric = getMetric(m, lossId);
      const base = displayName(m, metric.name ?? `metric_${k}`);
      return { name: multi ? `${name}_${base}` : base, metric };
    });
    return { name, lossFn: getLoss(lossArg), lossWeight: weights[i] ?? 1, lossName: displayName(lossArg, 'loss'), metrics };
  });
  const metricsNames = ['loss'];
  if (multi) for (const o of outputs) metricsNames.push(`${o.name}_loss`);
  for (const o of outputs) for (const m of o.metrics) metricsNames.push(m.name);
  const dup = metricsNames.find((n, i) => metricsNames.indexOf(n) !== i);
  if (dup) throw new ConfigError(`compile: two logged values would both be named '${dup}'. Give each metric only once per output.`);
  const strategy = currentStrategy();
  if (strategy) strategy.compiledModels++;
  return { optimizer, outputs, metricsNames, loss: args.loss, strategy };
}
