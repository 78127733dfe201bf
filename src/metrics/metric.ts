// Stateful metrics (Keras Metric API): accumulate over batches with updateState, read with result().
import { ConfigError, ShapeError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { binaryCounts } from './functional.js';

/** A JSON-friendly metric config. */
export type MetricConfig = Record<string, number | string | boolean | null>;

/** A stateful metric: accumulate with `updateState`, read with `result`, clear with `resetState`. */
export interface Metric {
  /** The name used in logs and history ('accuracy', 'acc', 'precision', ...). */
  readonly name: string;
  /** Folds in one batch. */
  updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void;
  /** The value over everything seen since the last reset. */
  result(): number;
  /** Clears the accumulated state. */
  resetState(): void;
  /** Config for serialization. */
  getConfig?(): MetricConfig;
}

/** Per-sample weights as numbers (one per sample of `values`), or undefined for equal weights. */
export function sampleWeights(sampleWeight: Tensor | undefined, samples: number, where: string): Float64Array | undefined {
  if (!sampleWeight) return undefined;
  const w = sampleWeight.dataSync();
  if (w.length === 1) return new Float64Array(samples).fill(w[0] as number);
  if (w.length !== samples) {
    throw new ShapeError(`${where}: sampleWeight must be a scalar or have one weight per sample (${samples}), received shape ${fmtShape(sampleWeight.shape)}.`);
  }
  return Float64Array.from(w);
}

/**
 * Weighted mean of per-sample values produced by `fn` (Keras MeanMetricWrapper); used for accuracies and losses.
 * @example const m = new MeanMetricWrapper(binaryAccuracy, 'accuracy'); m.updateState(yTrue, yPred); m.result();
 */
export class MeanMetricWrapper implements Metric {
  private total = 0;
  private count = 0;
  constructor(
    private readonly fn: (yTrue: Tensor, yPred: Tensor) => Tensor,
    readonly name: string,
  ) {}

  updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void {
    const values = this.fn(yTrue, yPred).dataSync();
    // Sequence outputs give several values per sample ([batch, T]); a sample's weight covers all of them.
    const samples = yPred.rank === 0 ? 1 : (yPred.shape[0] as number);
    const w = sampleWeights(sampleWeight, samples, this.name);
    const per = values.length / Math.max(samples, 1);
    for (let i = 0; i < values.length; i++) {
      const wi = w ? (w[Math.floor(i / per)] as number) : 1;
      this.total += (values[i] as number) * wi;
      this.count += wi;
    }
  }
  result(): number {
    return this.count > 0 ? this.total / this.count : 0;
  }
  resetState(): void {
    this.total = 0;
    this.count = 0;
  }
  getConfig(): MetricConfig {
    return { name: this.name };
  }
}

/**
 * Root of the (weighted) mean squared error over all elements (Keras RootMeanSquaredError).
 * @example const m = new RootMeanSquaredError(); m.updateState(yTrue, yPred); m.result();
 */
export class RootMeanSquaredError implements Metric {
  private total = 0;
  private count = 0;
  constructor(readonly name = 'root_mean_squared_error') {}
  updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void {
    const t = yTrue.dataSync(), p = yPred.dataSync();
    if (t.length !== p.length) throw new ShapeError(`${this.name}: yTrue and yPred must have the same size, received ${t.length} and ${p.length}.`);
    const samples = yPred.rank <= 1 ? p.length : (yPred.shape[0] as number);
    const w = sampleWeights(sampleWeight, samples, this.name);
    const per = p.length / Math.max(samples, 1);
    for (let i = 0; i < p.length; i++) {
      const wi = w ? (w[Math.floor(i / per)] as number) : 1;
      this.total += wi * ((p[i] as number) - (t[i] as number)) ** 2;
      this.count += wi;
    }
  }
  result(): number {
    return this.count > 0 ? Math.sqrt(this.total / this.count) : 0;
  }
  resetState(): void {
    this.total = 0;
    this.count = 0;
  }
  getConfig(): MetricConfig {
    return { name: this.name };
  }
}

/** Options of Precision / Recall. */
export interface ThresholdConfig {
  name?: string;
  thresholds?: number;
}

abstract class CountingMetric implements Metric {
  protected tp = 0;
  protected fp = 0;
  protected fn = 0;
  readonly name: string;
  readonly thresholds: number;
  constructor(config: ThresholdConfig, defaultName: string) {
    this.name = config.name ?? defaultName;
    this.thresholds = config.thresholds ?? 0.5;
  }
  updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void {
    if (yTrue.size !== yPred.size) throw new ShapeError(`${this.name}: yTrue and yPred must have the same size, received ${fmtShape(yTrue.shape)} and ${fmtShape(yPred.shape)}.`);
    const samples = yPred.rank === 0 ? 1 : (yPred.shape[0] as number);
    const c = binaryCounts(yTrue, yPred, this.thresholds, sampleWeights(sampleWeight, samples, this.name));
    this.tp += c.tp;
    this.fp += c.fp;
    this.fn += c.fn;
  }
  abstract result(): number;
  resetState(): void {
    this.tp = this.fp = this.fn = 0;
  }
  getConfig(): MetricConfig {
    return { name: this.name, thresholds: this.thresholds };
  }
}

/**
 * tp / (tp + fp) of binary predictions (yPred > thresholds) over all elements.
 * @example const m = new Precision(); m.updateState(tensor([1, 0]), tensor([0.9, 0.8])); m.result(); // 0.5
 */
export class Precision extends CountingMetric {
  constructor(config: ThresholdConfig = {}) {
    super(config, 'precision');
  }
  result(): number {
    return this.tp + this.fp > 0 ? this.tp / (this.tp + this.fp) : 0;
  }
}

/**
 * tp / (tp + fn) of binary predictions (yPred > thresholds) over all elements.
 * @example const m = new Recall(); m.updateState(tensor([1, 1]), tensor([0.9, 0.2])); m.result(); // 0.5
 */
export class Recall extends CountingMetric {
  constructor(config: ThresholdConfig = {}) {
    super(config, 'recall');
  }
  result(): number {
    return this.tp + this.fn > 0 ? this.tp / (this.tp + this.fn) : 0;
  }
}

/** Options of F1Score. */
export interface F1Config {
  name?: string;
  /** 'binary' pools every element; 'micro' pools classes; 'macro' averages per-class F1 over the last axis. */
  average?: 'binary' | 'macro' | 'micro';
  /** Predictions above it count as positive; null picks the argmax class of each row. */
  threshold?: number | null;
}

/**
 * F1 score (harmonic mean of precision and recall) with binary, micro or macro averaging.
 * @example const f1 = new F1Score({ average: 'macro' }); f1.updateState(oneHot, probs); f1.result();
 */
export class F1Score implements Metric {
  readonly name: string;
  readonly average: 'binary' | 'macro' | 'micro';
  readonly threshold: number | null;
  private tp: number[] = [];
  private fp: number[] = [];
  private fn: number[] = [];

  constructor(config: F1Config = {}) {
    this.name = config.name ?? 'f1_score';
    this.average = config.average ?? 'binary';
    if (!['binary', 'macro', 'micro'].includes(this.average)) {
      throw new ConfigError(`F1Score: average must be 'binary', 'macro' or 'micro', received '${String(this.average)}'.`);
    }
    this.threshold = config.threshold === undefined ? 0.5 : config.threshold;
  }

  updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void {
    if (yTrue.size !== yPred.size) throw new ShapeError(`${this.name}: yTrue and yPred must have the same shape, received ${fmtShape(yTrue.shape)} and ${fmtShape(yPred.shape)}.`);
    const c = this.average === 'binary' || yPred.rank === 0 ? 1 : (yPred.shape[yPred.rank - 1] as number);
    const t = yTrue.dataSync(), p = yPred.dataSync();
    const n = p.length / c;
    const w = sampleWeights(sampleWeight, yPred.rank === 0 ? 1 : (yPred.shape[0] as number), this.name);
    const perSample = p.length / Math.max(w?.length ?? 1, 1);
    for (let j = this.tp.length; j < c; j++) {
      this.tp.push(0);
      this.fp.push(0);
      this.fn.push(0);
    }
    for (let i = 0; i < n; i++) {
      let best = 0;
      if (this.threshold === null) for (let j = 1; j < c; j++) if ((p[i * c + j] as number) > (p[i * c + best] as number)) best = j;
      for (let j = 0; j < c; j++) {
        const k = i * c + j;
        const wi = w ? (w[Math.floor(k / perSample)] as number) : 1;
        const pos = this.threshold === null ? j === best : (p[k] as number) > this.threshold;
        const truth = (t[k] as number) !== 0;
        if (pos && truth) this.tp[j] = (this.tp[j] as number) + wi;
        else if (pos) this.fp[j] = (this.fp[j] as number) + wi;
        else if (truth) this.fn[j] = (this.fn[j] as number) + wi;
      }
    }
  }

  result(): number {
    const f1 = (tp: number, fp: number, fn: number): number => (2 * tp + fp + fn > 0 ? (2 * tp) / (2 * tp + fp + fn) : 0);
    if (this.average === 'macro') {
      if (this.tp.length === 0) return 0;
      return this.tp.reduce((s, tp, j) => s + f1(tp, this.fp[j] as number, this.fn[j] as number), 0) / this.tp.length;
    }
    const total = (a: number[]): number => a.reduce((s, x) => s + x, 0);
    return f1(total(this.tp), total(this.fp), total(this.fn));
  }

  resetState(): void {
    this.tp = [];
    this.fp = [];
    this.fn = [];
  }

  getConfig(): MetricConfig {
    return { name: this.name, average: this.average, threshold: this.threshold };
  }
}
