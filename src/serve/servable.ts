import type { DataType } from '../core/dtype.js';
import type { Tensor } from '../tensor/tensor.js';

/** Names a model input or output with its dtype and shape; `-1` marks the batch and other variable dimensions. */
export interface TensorSpec {
  name: string;
  dtype: DataType;
  shape: number[];
}

/** What the kind of input a model takes means for the web playground and the `predict` command. */
export type ModelKind = 'image' | 'text' | 'tabular';

/**
 * The small surface the model server needs from a model: one input, one output, a batched `predict`.
 * `fromLayersModel` adapts a Keras-style LayersModel; `LinearSoftmax` is a tiny one built from ops.
 * @example const y = servable.predict(tensor2d([[0, 1, 2]]));
 */
export interface Servable {
  /** The single input; the first dimension is the batch (`-1`). */
  readonly input: TensorSpec;
  /** The single output; the first dimension is the batch (`-1`). */
  readonly output: TensorSpec;
  /** Runs the model on a batch; the result's first dimension matches `x`'s. */
  predict(x: Tensor): Tensor;
  /** A Keras-style text summary of the architecture. */
  summary(): string;
  /** The forward pass on the autograd tape (one batch, no copying), for explanations; `predict` when absent. */
  forward?(x: Tensor): Tensor;
}

/** Per-epoch values of each metric, as in Keras' `History.history`. */
export type HistoryRecord = Record<string, number[]>;

/** Progress callbacks for `Trainable.fit`, in the order Keras calls them. */
export interface FitHooks {
  onBatchEnd?: (batch: number, logs: Record<string, number>) => void | Promise<void>;
  onEpochEnd?: (epoch: number, logs: Record<string, number>) => void | Promise<void>;
}

/** Options for `Trainable.fit`. */
export interface FitOptions extends FitHooks {
  epochs: number;
  batchSize: number;
  validationSplit?: number;
  seed?: number;
  /** Learning rate for fine-tuning, where the model supports changing it. */
  learningRate?: number;
}

/**
 * A servable that can also be fine-tuned, evaluated and saved: what `tforge retrain` needs.
 * @example const history = await model.fit(x, y, { epochs: 1, batchSize: 32 });
 */
export interface Trainable extends Servable {
  /** Trains on `x`, `y` (class indices or one-hot rows, as the model was compiled for). */
  fit(x: Tensor, y: Tensor, options: FitOptions): Promise<HistoryRecord>;
  /** Returns `loss` and each compiled metric (at least `accuracy` for classifiers). */
  evaluate(x: Tensor, y: Tensor, batchSize?: number): Promise<Record<string, number>>;
  /** Writes the model into `dir` (creating it), so that `loadServable(dir)` reads it back. */
  save(dir: string): Promise<void>;
}

/**
 * True when `s` also implements `Trainable`.
 * @example if (isTrainable(servable)) await servable.fit(x, y, { epochs: 1, batchSize: 32 });
 */
export function isTrainable(s: Servable): s is Trainable {
  const t = s as Partial<Trainable>;
  return typeof t.fit === 'function' && typeof t.evaluate === 'function' && typeof t.save === 'function';
}

/** Formats a spec's shape like Keras does, with `null` for variable dimensions. */
export function fmtSpecShape(spec: TensorSpec): string {
  return `[${spec.shape.map((d) => (d < 0 ? 'null' : String(d))).join(',')}]`;
}

/**
 * Number of values in one example (the product of the non-batch dimensions), or -1 when one is variable.
 * @example exampleSize({ name: 'x', dtype: 'float32', shape: [-1, 28, 28] }); // 784
 */
export function exampleSize(spec: TensorSpec): number {
  let n = 1;
  for (const d of spec.shape.slice(1)) {
    if (d < 0) return -1;
    n *= d;
  }
  return n;
}
