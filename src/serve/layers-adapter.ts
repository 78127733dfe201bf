import type { DataType } from '../core/dtype.js';
import { ConfigError } from '../core/errors.js';
import { getLoss } from '../losses/registry.js';
import { mul, sub } from '../ops/arithmetic.js';
import { variableGrads } from '../ops/gradients.js';
import { sum } from '../ops/reduction.js';
import { Tensor, type Variable } from '../tensor/tensor.js';
import type { PrivateTrainable } from '../privacy/dp-sgd.js';
import { denseStackClipper } from './dense-dp.js';
import type { FitOptions, HistoryRecord, TensorSpec, Trainable } from './servable.js';

/** The part of a symbolic tensor (`model.inputs[i]`) the adapter reads. */
export interface SymbolicLike {
  name?: string;
  shape: readonly (number | null)[];
  dtype?: string;
}

/** The part of TF.js' `LayersModel` API the server and CLI use (structural, so any compatible model works). */
export interface LayersModelLike {
  name?: string;
  inputs: readonly SymbolicLike[];
  outputs: readonly SymbolicLike[];
  metricsNames?: readonly string[];
  predict(x: Tensor, config?: { batchSize?: number }): Tensor | Tensor[];
  summary(lineLength?: number, positions?: number[], printFn?: (message?: string) => void): void;
  fit(x: Tensor, y: Tensor, config: Record<string, unknown>): Promise<{ history: Record<string, unknown[]> }>;
  evaluate(x: Tensor, y: Tensor, config?: { batchSize?: number }): Tensor | Tensor[];
  save(url: string): Promise<unknown>;
  /** For DP-SGD: the variables training updates and the compiled loss (id or function). */
  trainableWeights?: readonly Variable[];
  loss?: unknown;
  /** For vectorised DP-SGD on Dense stacks. */
  layers?: readonly unknown[];
}

/** One example's rows of `t` (keeps the trailing shape). */
function row(t: Tensor, i: number): Tensor {
  const n = t.shape[0] ?? 1;
  const per = t.size / n;
  return new Tensor((t.values as Float32Array).slice(i * per, (i + 1) * per), [1, ...t.shape.slice(1)], t.dtype);
}

/**
 * DP-SGD for any compiled single-output LayersModel: vectorised for Dense stacks (`denseStackClipper`), else one
 * backward pass per example (correct for any architecture), each gradient clipped to `clip` over all trainable
 * weights together, then summed.
 */
function privateTraining(model: LayersModelLike, forward: (x: Tensor) => Tensor): PrivateTrainable | null {
  const vars = model.trainableWeights;
  const lossArg = model.loss;
  if (!vars || vars.length === 0 || (typeof lossArg !== 'string' && typeof lossArg !== 'function')) return null;
  const lossFn = getLoss(lossArg as Parameters<typeof getLoss>[0]);
  const vectorised = denseStackClipper(model.layers, lossFn);
  if (vectorised) return vectorised;
  return {
    clippedGradientSum(x: Tensor, y: Tensor, clip: number) {
      const sums = vars.map((v) => new Float32Array(v.size));
      let clipped = 0;
      let lossSum = 0;
      for (let i = 0; i < (x.shape[0] ?? 0); i++) {
        const xi = row(x, i);
        const yi = row(y, i);
        const { value, grads } = variableGrads(() => sum(lossFn(yi, forward(xi))), [...vars]);
        lossSum += Number(value.values[0]);
        const gs = vars.map((v) => (grads[v.name]?.values ?? new Float32Array(v.size)) as Float32Array);
        let sq = 0;
        for (const g of gs) for (const e of g) sq += e * e;
        const norm = Math.sqrt(sq);
        const scale = norm > clip ? clip / norm : 1;
        if (norm > clip) clipped++;
        gs.forEach((g, k) => {
          const acc = sums[k] as Float32Array;
          for (let j = 0; j < g.length; j++) acc[j] = (acc[j] as number) + scale * (g[j] as number);
        });
      }
      return { sums, clipped, lossSum };
    },
    applyUpdate(update: Float32Array[], lr: number) {
      vars.forEach((v, k) => v.assign(sub(v, mul(new Tensor(update[k] as Float32Array, v.shape, 'float32'), lr))));
    },
  };
}

/**
 * True when `m` has the LayersModel methods the adapter calls.
 * @example isLayersModelLike(tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] })); // true
 */
export function isLayersModelLike(m: unknown): m is LayersModelLike {
  if (typeof m !== 'object' || m === null) return false;
  const o = m as Record<string, unknown>;
  return ['predict', 'summary', 'fit', 'evaluate', 'save'].every((k) => typeof o[k] === 'function') && Array.isArray(o.inputs) && Array.isArray(o.outputs);
}

function specOf(t: SymbolicLike | undefined, fallback: string, where: string): TensorSpec {
  if (!t) throw new ConfigError(`${where}: the model has no ${fallback}; serve a model with one input and one output.`);
  const dtype = (t.dtype ?? 'float32') as DataType;
  // Symbolic tensor names carry a ':0' or '/0' output index ('dense_1/0'); the protocols use the layer's name.
  const name = (t.name ?? fallback).replace(/[:/]\d+$/, '');
  return { name, dtype, shape: t.shape.map((d) => (d === null ? -1 : d)) };
}

function scalarValue(t: Tensor): number {
  return Number(t.dataSync()[0]);
}

/**
 * Adapts a Keras-style LayersModel to the `Trainable` interface the server, registry and `retrain` use.
 * @example const servable = fromLayersModel(await tf.loadLayersModel('file://models/mnist/model.json'));
 */
export function fromLayersModel(model: LayersModelLike): Trainable {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new ConfigError(
      `fromLayersModel: the server handles models with exactly one input and one output, received ${model.inputs.length} inputs and ${model.outputs.length} outputs.`,
    );
  }
  const input = specOf(model.inputs[0], 'input', 'fromLayersModel');
  const output = specOf(model.outputs[0], 'output', 'fromLayersModel');
  const forwardOne = (x: Tensor): Tensor => {
    const y = model.predict(x, { batchSize: Math.max(1, x.shape[0] ?? 1) });
    return Array.isArray(y) ? (y[0] as Tensor) : y;
  };
  const dp = privateTraining(model, forwardOne);
  return {
    input,
    output,
    model,
    ...(dp ? { clippedGradientSum: dp.clippedGradientSum, applyUpdate: dp.applyUpdate } : {}),
    predict(x: Tensor): Tensor {
      const y = model.predict(x);
      return Array.isArray(y) ? (y[0] as Tensor) : y;
    },
    // One batch: predict() stitches larger inputs from copied slices, which would cut the gradient tape.
    forward: forwardOne,
    summary(): string {
      const lines: string[] = [];
      model.summary(undefined, undefined, (m?: string) => lines.push(m ?? ''));
      return lines.join('\n');
    },
    async fit(x: Tensor, y: Tensor, options: FitOptions): Promise<HistoryRecord> {
      const callbacks: Record<string, unknown> = {};
      if (options.onBatchEnd) callbacks.onBatchEnd = options.onBatchEnd;
      if (options.onEpochEnd) callbacks.onEpochEnd = options.onEpochEnd;
      const config: Record<string, unknown> = { epochs: options.epochs, batchSize: options.batchSize, verbose: 0, callbacks };
      if (options.validationSplit) config.validationSplit = options.validationSplit;
      if (options.seed !== undefined) config.seed = options.seed;
      const h = await model.fit(x, y, config);
      const out: HistoryRecord = {};
      for (const [k, v] of Object.entries(h.history)) out[k] = v.map((e) => (typeof e === 'number' ? e : scalarValue(e as Tensor)));
      return out;
    },
    async evaluate(x: Tensor, y: Tensor, batchSize = 256): Promise<Record<string, number>> {
      const r = model.evaluate(x, y, { batchSize });
      const values = Array.isArray(r) ? r : [r];
      const names = model.metricsNames && model.metricsNames.length === values.length ? model.metricsNames : ['loss', 'accuracy'];
      const out: Record<string, number> = {};
      values.forEach((t, i) => {
        const name = names[i] ?? `metric_${i}`;
        out[name === 'acc' ? 'accuracy' : name] = scalarValue(t);
      });
      return out;
    },
    async save(dir: string): Promise<void> {
      await model.save(`file://${dir}`);
    },
  } as Trainable & { model: LayersModelLike };
}
