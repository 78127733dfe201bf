// Keras AUC: confusion counts at fixed thresholds, integrated with the trapezoid rule (ROC) or the Davis & Goadrich
// interpolation (PR), so results match keras.metrics.AUC(num_thresholds, curve) with summation 'interpolation'.
import { ConfigError, ShapeError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { type Metric, type MetricConfig, sampleWeights } from './metric.js';

/** Options of AUC. */
export interface AUCConfig {
  name?: string;
  /** Number of thresholds (>= 2; Keras default 200). */
  numThresholds?: number;
  curve?: 'ROC' | 'PR';
}

/**
 * Area under the ROC or precision-recall curve of binary predictions in [0, 1], over all elements.
 * @example const auc = new AUC(); auc.updateState(tensor([0, 1]), tensor([0.3, 0.8])); auc.result(); // 1
 */
export class AUC implements Metric {
  readonly name: string;
  readonly numThresholds: number;
  readonly curve: 'ROC' | 'PR';
  private readonly thresholds: number[];
  private tp: Float64Array;
  private fp: Float64Array;
  private tn: Float64Array;
  private fn: Float64Array;

  constructor(config: AUCConfig = {}) {
    this.name = config.name ?? 'auc';
    this.numThresholds = config.numThresholds ?? 200;
    this.curve = (config.curve ?? 'ROC').toUpperCase() as 'ROC' | 'PR';
    if (!Number.isInteger(this.numThresholds) || this.numThresholds < 2) {
      throw new ConfigError(`AUC: numThresholds must be an integer >= 2, received ${this.numThresholds}.`);
    }
    if (this.curve !== 'ROC' && this.curve !== 'PR') throw new ConfigError(`AUC: curve must be 'ROC' or 'PR', received '${String(config.curve)}'.`);
    // Keras: interior thresholds i / (n - 1), plus -eps and 1 + eps so every prediction falls inside.
    const n = this.numThresholds;
    this.thresholds = [-1e-7, ...Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1)), 1 + 1e-7];
    this.tp = new Float64Array(n);
    this.fp = new Float64Array(n);
    this.tn = new Float64Array(n);
    this.fn = new Float64Array(n);
  }

  updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void {
    if (yTrue.size !== yPred.size) throw new ShapeError(`${this.name}: yTrue and yPred must have the same size, received ${fmtShape(yTrue.shape)} and ${fmtShape(yPred.shape)}.`);
    const t = yTrue.dataSync(), p = yPred.dataSync();
    const samples = yPred.rank === 0 ? 1 : (yPred.shape[0] as number);
    const w = sampleWeights(sampleWeight, samples, this.name);
    const per = p.length / Math.max(samples, 1);
    for (let i = 0; i < p.length; i++) {
      const wi = w ? (w[Math.floor(i / per)] as number) : 1;
      const truth = (t[i] as number) !== 0;
      const score = p[i] as number;
      for (let k = 0; k < this.numThresholds; k++) {
        const pos = score > (this.thresholds[k] as number);
        if (pos && truth) this.tp[k] = (this.tp[k] as number) + wi;
        else if (pos) this.fp[k] = (this.fp[k] as number) + wi;
        else if (truth) this.fn[k] = (this.fn[k] as number) + wi;
        else this.tn[k] = (this.tn[k] as number) + wi;
      }
    }
  }

  result(): number {
    const n = this.numThresholds;
    const div = (a: number, b: number): number => (b === 0 ? 0 : a / b);
    const at = (a: Float64Array, k: number): number => a[k] as number;
    let area = 0;
    if (this.curve === 'PR') {
      for (let k = 0; k < n - 1; k++) {
        const dtp = at(this.tp, k) - at(this.tp, k + 1);
        const p0 = at(this.tp, k) + at(this.fp, k);
        const p1 = at(this.tp, k + 1) + at(this.fp, k + 1);
        const slope = div(dtp, Math.max(p0 - p1, 0));
        const intercept = at(this.tp, k + 1) - slope * p1;
        const ratio = p0 > 0 && p1 > 0 ? div(p0, Math.max(p1, 0)) : 1;
        area += div(slope * (dtp + intercept * Math.log(ratio)), Math.max(at(this.tp, k + 1) + at(this.fn, k + 1), 0));
      }
      return area;
    }
    const tpr = (k: number): number => div(at(this.tp, k), at(this.tp, k) + at(this.fn, k));
    const fpr = (k: number): number => div(at(this.fp, k), at(this.fp, k) + at(this.tn, k));
    for (let k = 0; k < n - 1; k++) area += (fpr(k) - fpr(k + 1)) * ((tpr(k) + tpr(k + 1)) / 2);
    return area;
  }

  resetState(): void {
    for (const a of [this.tp, this.fp, this.tn, this.fn]) a.fill(0);
  }

  getConfig(): MetricConfig {
    return { name: this.name, numThresholds: this.numThresholds, curve: this.curve };
  }
}
