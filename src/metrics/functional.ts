// Functional metrics (TF.js `tf.metrics.*`): per-sample accuracy scores computed on the host (they have no
// gradient), plus TF.js's scalar precision / recall / r2Score and the loss-backed metrics.
import { ShapeError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { tensor, type TensorLike, convertToTensor } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';

/** Values as float64 numbers with the row length (last axis) and the batch shape. */
export function rows(t: Tensor): { v: ArrayLike<number>; n: number; c: number; batchShape: number[] } {
  const c = t.rank === 0 ? 1 : (t.shape[t.rank - 1] as number);
  return { v: t.dataSync(), n: c === 0 ? 0 : t.size / c, c, batchShape: t.shape.slice(0, -1) };
}

function argmaxRow(v: ArrayLike<number>, base: number, c: number): number {
  let best = 0;
  for (let j = 1; j < c; j++) if ((v[base + j] as number) > (v[base + best] as number)) best = j;
  return best;
}

function toT(x: TensorLike, name: string, op: string): Tensor {
  return convertToTensor(x, name, op);
}

/** Treats rank-1 inputs as [batch, 1] and checks equal shapes (what the binary metrics compare element-wise). */
function sameShape(yTrue: Tensor, yPred: Tensor, op: string): void {
  const a = yTrue.rank === 1 ? [yTrue.shape[0], 1] : yTrue.shape;
  const b = yPred.rank === 1 ? [yPred.shape[0], 1] : yPred.shape;
  if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
    throw new ShapeError(`${op}: yTrue and yPred must have the same shape, received ${fmtShape(yTrue.shape)} and ${fmtShape(yPred.shape)}.`);
  }
}

/**
 * Per-sample fraction of elements where (yPred > threshold) equals yTrue (mean over the last axis).
 * @example binaryAccuracy(tensor([[1], [0]]), tensor([[0.7], [0.6]])); // [1, 0]
 */
export function binaryAccuracy(yTrue: TensorLike, yPred: TensorLike, threshold = 0.5): Tensor {
  const t = toT(yTrue, 'yTrue', 'binaryAccuracy');
  const p = toT(yPred, 'yPred', 'binaryAccuracy');
  sameShape(t, p, 'binaryAccuracy');
  const { v: tv } = rows(t);
  const { v: pv, n, c } = rows(p.rank === 1 ? p.reshape([p.size, 1]) : p);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let hits = 0;
    for (let j = 0; j < c; j++) hits += ((pv[i * c + j] as number) > threshold ? 1 : 0) === (tv[i * c + j] as number) ? 1 : 0;
    out[i] = hits / c;
  }
  return tensor(out, p.rank <= 1 ? [n] : p.shape.slice(0, -1));
}

/**
 * Per-sample 1 when argmax(yPred) equals argmax(yTrue) (one-hot targets).
 * @example categoricalAccuracy(tensor([[0, 1]]), tensor([[0.2, 0.8]])); // [1]
 */
export function categoricalAccuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const t = toT(yTrue, 'yTrue', 'categoricalAccuracy');
  const p = toT(yPred, 'yPred', 'categoricalAccuracy');
  sameShape(t, p, 'categoricalAccuracy');
  const { v: tv } = rows(t);
  const { v: pv, n, c, batchShape } = rows(p);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = argmaxRow(tv, i * c, c) === argmaxRow(pv, i * c, c) ? 1 : 0;
  return tensor(out, batchShape);
}

function sparseLabels(t: Tensor, p: Tensor, op: string): ArrayLike<number> {
  const batch = p.shape.slice(0, -1);
  const ok = t.size === batch.reduce((a, b) => a * b, 1) && (t.rank === batch.length || (t.rank === batch.length + 1 && t.shape[t.rank - 1] === 1));
  if (!ok) {
    throw new ShapeError(
      `${op}: expected integer labels of shape ${fmtShape(batch)} (or with a trailing 1) for predictions ${fmtShape(p.shape)}, ` +
        `received ${fmtShape(t.shape)}. For one-hot targets use the categorical metric.`,
    );
  }
  return t.dataSync();
}

/**
 * Per-sample 1 when argmax(yPred) equals the integer label.
 * @example sparseCategoricalAccuracy(tensor([1, 0]), tensor([[0.2, 0.8], [0.6, 0.4]])); // [1, 1]
 */
export function sparseCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const p = toT(yPred, 'yPred', 'sparseCategoricalAccuracy');
  const labels = sparseLabels(toT(yTrue, 'yTrue', 'sparseCategoricalAccuracy'), p, 'sparseCategoricalAccuracy');
  const { v: pv, n, c, batchShape } = rows(p);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = argmaxRow(pv, i * c, c) === Math.round(labels[i] as number) ? 1 : 0;
  return tensor(out, batchShape);
}

/** 1 when fewer than k classes score strictly higher than `target` (ties count as in the top k, like in_top_k). */
function inTopK(pv: ArrayLike<number>, base: number, c: number, target: number, k: number): number {
  const score = pv[base + target] as number;
  let higher = 0;
  for (let j = 0; j < c; j++) if ((pv[base + j] as number) > score) higher++;
  return higher < k ? 1 : 0;
}

/**
 * Per-sample 1 when the true class (argmax of one-hot yTrue) is among the k highest predictions.
 * @example topKCategoricalAccuracy(tensor([[0, 0, 1]]), tensor([[0.5, 0.3, 0.2]]), 2); // [0]
 */
export function topKCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike, k = 5): Tensor {
  const t = toT(yTrue, 'yTrue', 'topKCategoricalAccuracy');
  const p = toT(yPred, 'yPred', 'topKCategoricalAccuracy');
  sameShape(t, p, 'topKCategoricalAccuracy');
  const { v: tv } = rows(t);
  const { v: pv, n, c, batchShape } = rows(p);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = inTopK(pv, i * c, c, argmaxRow(tv, i * c, c), k);
  return tensor(out, batchShape);
}

/**
 * Per-sample 1 when the integer label is among the k highest predictions.
 * @example sparseTopKCategoricalAccuracy(tensor([2]), tensor([[0.5, 0.3, 0.2]]), 2); // [0]
 */
export function sparseTopKCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike, k = 5): Tensor {
  const p = toT(yPred, 'yPred', 'sparseTopKCategoricalAccuracy');
  const labels = sparseLabels(toT(yTrue, 'yTrue', 'sparseTopKCategoricalAccuracy'), p, 'sparseTopKCategoricalAccuracy');
  const { v: pv, n, c, batchShape } = rows(p);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = inTopK(pv, i * c, c, Math.round(labels[i] as number), k);
  return tensor(out, batchShape);
}

/** True/false positive/negative counts of binary predictions (yPred > threshold) against yTrue != 0. */
export function binaryCounts(yTrue: Tensor, yPred: Tensor, threshold: number, weights?: ArrayLike<number>): { tp: number; fp: number; fn: number; tn: number } {
  const tv = yTrue.dataSync();
  const pv = yPred.dataSync();
  const per = weights ? pv.length / Math.max(weights.length, 1) : 1;
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (let i = 0; i < pv.length; i++) {
    const w = weights ? (weights[Math.floor(i / per)] as number) : 1;
    const pos = (pv[i] as number) > threshold;
    const truth = (tv[i] as number) !== 0;
    if (pos && truth) tp += w;
    else if (pos) fp += w;
    else if (truth) fn += w;
    else tn += w;
  }
  return { tp, fp, fn, tn };
}

/**
 * TF.js `tf.metrics.precision`: tp / (tp + fp) over all elements of binary predictions (scalar).
 * @example precision(tensor([1, 0, 1]), tensor([1, 1, 0])); // 0.5
 */
export function precision(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const t = toT(yTrue, 'yTrue', 'precision');
  const p = toT(yPred, 'yPred', 'precision');
  sameShape(t, p, 'precision');
  const { tp, fp } = binaryCounts(t, p, 0.5);
  return tensor(tp + fp > 0 ? tp / (tp + fp) : 0);
}

/**
 * TF.js `tf.metrics.recall`: tp / (tp + fn) over all elements of binary predictions (scalar).
 * @example recall(tensor([1, 0, 1]), tensor([1, 1, 0])); // 0.5
 */
export function recall(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const t = toT(yTrue, 'yTrue', 'recall');
  const p = toT(yPred, 'yPred', 'recall');
  sameShape(t, p, 'recall');
  const { tp, fn } = binaryCounts(t, p, 0.5);
  return tensor(tp + fn > 0 ? tp / (tp + fn) : 0);
}

/**
 * Coefficient of determination 1 - SS_res / SS_tot over all elements (scalar).
 * @example r2Score(tensor([1, 2, 3]), tensor([1, 2, 4])); // 0.5
 */
export function r2Score(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const tv = toT(yTrue, 'yTrue', 'r2Score').dataSync();
  const pv = toT(yPred, 'yPred', 'r2Score').dataSync();
  if (tv.length !== pv.length) throw new ShapeError(`r2Score: yTrue and yPred must have the same size, received ${tv.length} and ${pv.length}.`);
  let m = 0;
  for (const x of tv) m += x / tv.length;
  let res = 0, tot = 0;
  for (let i = 0; i < tv.length; i++) {
    res += ((tv[i] as number) - (pv[i] as number)) ** 2;
    tot += ((tv[i] as number) - m) ** 2;
  }
  return tensor(tot > 0 ? 1 - res / tot : 0);
}
