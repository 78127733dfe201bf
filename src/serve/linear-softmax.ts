import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Random } from '../core/random.js';
import { ConfigError, FormatError } from '../core/errors.js';
import { add, mul, sub, div, neg } from '../ops/arithmetic.js';
import { logSoftmax, softmax } from '../ops/activations.js';
import { matMul } from '../ops/matmul.js';
import { sum } from '../ops/reduction.js';
import { oneHot, variable } from '../ops/creation.js';
import { cast } from '../ops/cast.js';
import { reshape } from '../ops/reshape.js';
import { variableGrads } from '../ops/gradients.js';
import { Tensor, type Variable } from '../tensor/tensor.js';
import type { PrivateTrainable } from '../privacy/dp-sgd.js';
import type { FitOptions, HistoryRecord, TensorSpec, Trainable } from './servable.js';
import { writeFileAtomic } from '../core/atomic-write.js';

let instances = 0;

/** The `format` tag of a saved `LinearSoftmax` (`model.json`). */
export const LINEAR_FORMAT = 'tensorforge-linear-softmax';

/** Configuration of `LinearSoftmax`. */
export interface LinearSoftmaxConfig {
  /** Shape of one example, e.g. `[28, 28]` or `[784]`; it is flattened. */
  inputShape: number[];
  classes: number;
  seed?: number;
  learningRate?: number;
}

/**
 * Softmax regression (`softmax(flatten(x) W + b)`) built from ops and trained with `variableGrads` and SGD:
 * the smallest real `Trainable`, used by the server's tests and as the `mnist-linear` workload.
 * @example const m = new LinearSoftmax({ inputShape: [4], classes: 3, seed: 1 }); m.predict(zeros([2, 4]));
 */
export class LinearSoftmax implements Trainable, PrivateTrainable {
  readonly input: TensorSpec;
  readonly output: TensorSpec;
  readonly w: Variable;
  readonly b: Variable;
  private readonly features: number;
  private learningRate: number;

  constructor(private readonly config: LinearSoftmaxConfig, weights?: { w: Float32Array; b: Float32Array }) {
    if (config.classes < 2) throw new ConfigError(`LinearSoftmax: classes must be at least 2, received ${config.classes}.`);
    this.features = config.inputShape.reduce((a, d) => a * d, 1);
    this.input = { name: 'input', dtype: 'float32', shape: [-1, ...config.inputShape] };
    this.output = { name: 'probabilities', dtype: 'float32', shape: [-1, config.classes] };
    this.learningRate = config.learningRate ?? 0.5;
    const rng = new Random(config.seed ?? 1);
    const w = weights?.w ?? Float32Array.from({ length: this.features * config.classes }, () => rng.normal() * 0.01);
    const b = weights?.b ?? new Float32Array(config.classes);
    const id = instances++;
    this.w = variable(new Tensor(w, [this.features, config.classes], 'float32'), true, `linear_softmax_${id}/kernel`);
    this.b = variable(new Tensor(b, [config.classes], 'float32'), true, `linear_softmax_${id}/bias`);
  }

  private logits(x: Tensor): Tensor {
    const flat = reshape(x.dtype === 'float32' ? x : cast(x, 'float32'), [x.shape[0] ?? 0, this.features]);
    return add(matMul(flat, this.w), this.b);
  }

  /** Class probabilities for a batch. */
  predict(x: Tensor): Tensor {
    return softmax(this.logits(x));
  }

  summary(): string {
    const params = this.features * this.config.classes + this.config.classes;
    return [
      'Model: "linear_softmax"',
      '_________________________________________________________________',
      ' Layer (type)                Output Shape              Param #',
      '=================================================================',
      ` flatten (Flatten)           (None, ${this.features})`.padEnd(53) + '0',
      ` dense (Dense)               (None, ${this.config.classes})`.padEnd(53) + String(params),
      '=================================================================',
      `Total params: ${params}`,
      `Trainable params: ${params}`,
      'Non-trainable params: 0',
    ].join('\n');
  }

  private lossOf(x: Tensor, labels: Tensor): Tensor {
    const target = labels.rank === 2 ? cast(labels, 'float32') : cast(oneHot(cast(labels, 'int32'), this.config.classes), 'float32');
    const n = x.shape[0] ?? 1;
    return div(neg(sum(mul(target, logSoftmax(this.logits(x))))), n);
  }

  async fit(xAll: Tensor, yAll: Tensor, options: FitOptions): Promise<HistoryRecord> {
    if (options.learningRate !== undefined) this.learningRate = options.learningRate;
    const total = xAll.shape[0] ?? 0;
    const rowX = xAll.size / Math.max(total, 1);
    const rowY = yAll.size / Math.max(total, 1);
    // Like Keras, validationSplit holds out the last fraction of the examples (before shuffling).
    const nVal = Math.floor(total * (options.validationSplit ?? 0));
    const n = total - nVal;
    const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
    const x = nVal > 0 ? gatherRows(xAll, range(0, n), rowX) : xAll;
    const y = nVal > 0 ? gatherRows(yAll, range(0, n), rowY) : yAll;
    const rng = new Random(options.seed ?? 7);
    const history: HistoryRecord = {};
    const record = (logs: Record<string, number>) => {
      for (const [k, v] of Object.entries(logs)) (history[k] ??= []).push(v);
    };
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const order = range(0, n);
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      let lossSum = 0;
      let batches = 0;
      for (let start = 0; start < n; start += options.batchSize) {
        const idx = order.slice(start, start + options.batchSize);
        const bx = gatherRows(x, idx, rowX);
        const by = gatherRows(y, idx, rowY);
        const { value, grads } = variableGrads(() => this.lossOf(bx, by), [this.w, this.b]);
        this.w.assign(sub(this.w, mul(grads[this.w.name] as Tensor, this.learningRate)));
        this.b.assign(sub(this.b, mul(grads[this.b.name] as Tensor, this.learningRate)));
        const loss = value.values[0] ?? NaN;
        lossSum += loss;
        await options.onBatchEnd?.(batches, { loss });
        batches++;
      }
      const logs: Record<string, number> = { loss: lossSum / Math.max(batches, 1), accuracy: (await this.evaluate(x, y)).accuracy ?? NaN };
      if (nVal > 0) {
        const val = await this.evaluate(gatherRows(xAll, range(n, total), rowX), gatherRows(yAll, range(n, total), rowY));
        logs.val_loss = val.loss ?? NaN;
        logs.val_accuracy = val.accuracy ?? NaN;
      }
      record(logs);
      await options.onEpochEnd?.(epoch, logs);
    }
    return history;
  }

  /**
   * Clipped per-example gradients, vectorised: for logits z = xW + b and per-example cross-entropy, example i's
   * gradient is (x_i ⊗ δ_i, δ_i) with δ_i = softmax(z_i) − onehot(y_i), so its squared norm is
   * (‖x_i‖² + 1)·‖δ_i‖² (Goodfellow 2015) and the clipped sum is Xᵀ(c ⊙ δ): two matMuls, no per-example pass.
   */
  clippedGradientSum(x: Tensor, labels: Tensor, clip: number): { sums: Float32Array[]; clipped: number; lossSum: number } {
    const n = x.shape[0] ?? 0;
    const k = this.config.classes;
    const flat = reshape(x.dtype === 'float32' ? x : cast(x, 'float32'), [n, this.features]);
    const target = labels.rank === 2 ? cast(labels, 'float32') : cast(oneHot(cast(labels, 'int32'), k), 'float32');
    const logits = add(matMul(flat, this.w), this.b);
    const delta = sub(softmax(logits), target);
    const lossSum = -(sum(mul(target, logSoftmax(logits))).values[0] ?? NaN);
    const xSq = sum(mul(flat, flat), 1).values;
    const dSq = sum(mul(delta, delta), 1).values;
    const scale = new Float32Array(n);
    let clipped = 0;
    for (let i = 0; i < n; i++) {
      const norm = Math.sqrt(((xSq[i] as number) + 1) * (dSq[i] as number));
      scale[i] = norm > clip ? clip / norm : 1;
      if (norm > clip) clipped++;
    }
    const scaled = mul(delta, new Tensor(scale, [n, 1], 'float32'));
    const gw = matMul(flat, scaled, true, false).values as Float32Array;
    const gb = sum(scaled, 0).values as Float32Array;
    return { sums: [Float32Array.from(gw), Float32Array.from(gb)], clipped, lossSum };
  }

  /** W -= lr·update[0], b -= lr·update[1]. */
  applyUpdate(update: Float32Array[], lr: number): void {
    const [gw, gb] = update;
    if (!gw || !gb || gw.length !== this.w.size || gb.length !== this.b.size) {
      throw new ConfigError(`LinearSoftmax.applyUpdate: expected updates of ${this.w.size} and ${this.b.size} values, received ${gw?.length} and ${gb?.length}.`);
    }
    this.w.assign(sub(this.w, mul(new Tensor(gw, this.w.shape, 'float32'), lr)));
    this.b.assign(sub(this.b, mul(new Tensor(gb, this.b.shape, 'float32'), lr)));
  }

  async evaluate(x: Tensor, y: Tensor): Promise<Record<string, number>> {
    const probs = this.predict(x);
    const n = x.shape[0] ?? 0;
    const k = this.config.classes;
    let correct = 0;
    for (let i = 0; i < n; i++) {
      if (argMaxRow(probs.values, i * k, k) === labelAt(y, i, k)) correct++;
    }
    const loss = this.lossOf(x, y).values[0] ?? NaN;
    return { loss, accuracy: n === 0 ? 0 : correct / n };
  }

  async save(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    const weights = new Float32Array(this.w.size + this.b.size);
    weights.set(this.w.values as Float32Array, 0);
    weights.set(this.b.values as Float32Array, this.w.size);
    await writeFileAtomic(join(dir, 'weights.bin'), Buffer.from(weights.buffer, weights.byteOffset, weights.byteLength));
    const json = { format: LINEAR_FORMAT, inputShape: this.config.inputShape, classes: this.config.classes, weights: 'weights.bin' };
    await writeFileAtomic(join(dir, 'model.json'), JSON.stringify(json, null, 2));
  }

  /** Reads a model written by `save`. */
  static async load(dir: string, json: Record<string, unknown>): Promise<LinearSoftmax> {
    const inputShape = json.inputShape;
    const classes = json.classes;
    if (!Array.isArray(inputShape) || typeof classes !== 'number') {
      throw new FormatError(`LinearSoftmax.load: ${join(dir, 'model.json')} needs 'inputShape' (array) and 'classes' (number).`);
    }
    const shape = inputShape.map(Number);
    const features = shape.reduce((a, d) => a * d, 1);
    const buf = await readFile(join(dir, typeof json.weights === 'string' ? json.weights : 'weights.bin'));
    const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    if (all.length !== features * classes + classes) {
      throw new FormatError(`LinearSoftmax.load: weights.bin holds ${all.length} floats, expected ${features * classes + classes}.`);
    }
    return new LinearSoftmax({ inputShape: shape, classes }, { w: all.slice(0, features * classes), b: all.slice(features * classes) });
  }
}

/** The rows `idx` of `t` (each `row` values long) as a new tensor. */
export function gatherRows(t: Tensor, idx: readonly number[], row: number): Tensor {
  const out = new (t.values.constructor as Float32ArrayConstructor)(idx.length * row);
  idx.forEach((r, i) => out.set(t.values.subarray(r * row, (r + 1) * row) as Float32Array, i * row));
  return new Tensor(out, [idx.length, ...t.shape.slice(1)], t.dtype);
}

/** Index of the largest of `k` values starting at `offset`. */
export function argMaxRow(values: ArrayLike<number>, offset: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if ((values[offset + j] ?? -Infinity) > (values[offset + best] ?? -Infinity)) best = j;
  return best;
}

/** The class of example `i` from class indices (rank 1) or one-hot rows (rank 2). */
export function labelAt(y: Tensor, i: number, k: number): number {
  return y.rank === 2 ? argMaxRow(y.values, i * k, k) : Number(y.values[i]);
}
