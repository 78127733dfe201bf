// Batching for fit/evaluate/predict: batches are views (subarray) of the caller's tensors when in order, and one
// fresh array per tensor when shuffled. Tensors are immutable, so sharing storage with the caller is safe.
import { ValueError } from '../core/errors.js';
import type { Random } from '../core/random.js';
import { Tensor } from '../tensor/tensor.js';

/** Elements per row (per sample) of `t`. */
export function rowSize(t: Tensor): number {
  let n = 1;
  for (let i = 1; i < t.shape.length; i++) n *= t.shape[i] as number;
  return n;
}

/** Rows [start, end) of `t` as a tensor sharing `t`'s storage. */
export function sliceRows(t: Tensor, start: number, end: number): Tensor {
  const row = rowSize(t);
  const shape = t.shape.slice();
  shape[0] = end - start;
  return new Tensor(t.values.subarray(start * row, end * row), shape, t.dtype);
}

/** Rows `order[start..end)` of `t`, copied into a new tensor. */
export function gatherRows(t: Tensor, order: Int32Array, start: number, end: number): Tensor {
  const row = rowSize(t);
  const out = Tensor.empty([end - start, ...t.shape.slice(1)], t.dtype);
  const src = t.values;
  const dst = out.values;
  if (row === 1) {
    for (let i = start; i < end; i++) dst[i - start] = src[order[i] as number] as number;
  } else {
    for (let i = start; i < end; i++) {
      const r = order[i] as number;
      dst.set(src.subarray(r * row, (r + 1) * row), (i - start) * row);
    }
  }
  return out;
}

/** Rows [start, end) of `t`, in `order` when given (shuffled), else in storage order. */
export function batchRows(t: Tensor, order: Int32Array | null, start: number, end: number): Tensor {
  return order ? gatherRows(t, order, start, end) : sliceRows(t, start, end);
}

/** A random permutation of 0..n-1 (Fisher-Yates) drawn from `rng`. */
export function shuffledOrder(n: number, rng: Random): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = order[i] as number;
    order[i] = order[j] as number;
    order[j] = tmp;
  }
  return order;
}

/** The common number of samples of `tensors`, or a ValueError naming the mismatch. */
export function sampleCount(groups: { what: string; tensors: Tensor[] }[], where: string): number {
  let n: number | null = null;
  let first = '';
  for (const { what, tensors } of groups) {
    tensors.forEach((t, i) => {
      if (t.rank === 0) throw new ValueError(`${where}: ${what} ${i} is a scalar; data must have a batch (first) dimension.`);
      const m = t.shape[0] as number;
      if (n === null) {
        n = m;
        first = `${what} ${i}`;
      } else if (m !== n) {
        throw new ValueError(
          `${where}: all inputs and targets must have the same number of samples; ${first} has ${n} but ${what} ${i} has ${m}.`,
        );
      }
    });
  }
  return n ?? 0;
}

/**
 * Per-sample weights from `classWeight` (a map from class index to weight) for targets `y`: sparse labels
 * ([batch] or [batch, 1]) use the label, one-hot/probability targets use the argmax.
 */
export function classWeightsFor(y: Tensor, classWeight: Record<number, number>): Tensor {
  const n = y.shape[0] as number;
  const row = rowSize(y);
  const out = new Float32Array(n);
  const v = y.values;
  for (let i = 0; i < n; i++) {
    let cls = 0;
    if (row === 1) cls = Math.round(v[i] as number);
    else {
      let best = -Infinity;
      for (let k = 0; k < row; k++) {
        const x = v[i * row + k] as number;
        if (x > best) {
          best = x;
          cls = k;
        }
      }
    }
    const w = classWeight[cls];
    out[i] = w === undefined ? 1 : w;
  }
  return new Tensor(out, [n], 'float32');
}
