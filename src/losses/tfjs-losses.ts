// TF.js `tf.losses.*`: element-wise losses reduced to a scalar by `computeWeightedLoss` (default
// SUM_BY_NONZERO_WEIGHTS), with optional weights broadcast against the losses.
import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape, shapesEqual } from '../core/shape.js';
import {
  abs,
  add,
  cast,
  convertToTensor,
  div,
  log,
  mean,
  minimum,
  mul,
  neg,
  notEqual,
  ones,
  relu,
  sigmoidCrossEntropyWithLogits,
  softmaxCrossEntropyWithLogits,
  square,
  squaredDifference,
  sub,
  sum,
  type TensorLike,
} from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';

/** How `computeWeightedLoss` reduces (TF.js `tf.losses.Reduction`). */
export enum Reduction {
  NONE = 0,
  MEAN = 1,
  SUM = 2,
  SUM_BY_NONZERO_WEIGHTS = 3,
}

function floatTensor(x: TensorLike, name: string, op: string): Tensor {
  const t = convertToTensor(x, name, op);
  return t.dtype === 'float32' || t.dtype === 'float64' ? t : cast(t, 'float32');
}

/** Converts labels and predictions (named as in the TF.js signature, so errors name the right argument). */
function pair(labels: TensorLike, predictions: TensorLike, op: string, names: [string, string] = ['labels', 'predictions']): [Tensor, Tensor] {
  let l = floatTensor(labels, names[0], op);
  const p = floatTensor(predictions, names[1], op);
  if (l.dtype !== p.dtype) l = cast(l, p.dtype);
  if (!shapesEqual(l.shape, p.shape)) {
    // TF.js's wording first (its tests match on it).
    throw new ShapeError(
      `Error in ${op}: Shapes ${l.shape.join(',')} and ${p.shape.join(',')} must match: ${names[0]} ${fmtShape(l.shape)} and ${names[1]} ${fmtShape(p.shape)} need the same shape.`,
    );
  }
  return [l, p];
}

/** Converts an optional weights argument, naming the loss in errors. */
function weightsOf(weights: TensorLike | undefined, op: string): Tensor | undefined {
  return weights === undefined || weights === null ? undefined : floatTensor(weights, 'weights', op);
}

/**
 * Weights and reduces element-wise losses (TF.js semantics for every Reduction).
 * @example computeWeightedLoss(tensor([1, 2, 3]), tensor([1, 0, 1])); // (1 + 3) / 2 = 2
 */
export function computeWeightedLoss(losses: TensorLike, weights?: TensorLike, reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor {
  const l = floatTensor(losses, 'losses', 'computeWeightedLoss');
  const w = weights === undefined || weights === null ? null : floatTensor(weights, 'weights', 'computeWeightedLoss');
  const weighted = w ? mul(l, w) : l;
  switch (reduction) {
    case Reduction.NONE:
      return weighted;
    case Reduction.SUM:
      return sum(weighted);
    case Reduction.MEAN: {
      if (!w) return mean(weighted);
      const factor = l.size / w.size;
      const result = div(sum(weighted), sum(w));
      return factor > 1 ? div(result, factor) : result;
    }
    case Reduction.SUM_BY_NONZERO_WEIGHTS: {
      if (!w) return div(sum(weighted), l.size);
      const nonZero = cast(sum(notEqual(mul(w, ones(l.shape, w.dtype)), 0)), l.dtype);
      return div(sum(weighted), nonZero);
    }
    default:
      throw new ValueError(`computeWeightedLoss: unknown reduction ${String(reduction)}; use a tf.losses.Reduction value.`);
  }
}

/**
 * Weighted mean of |labels - predictions|.
 * @example absoluteDifference(tensor([1, 2]), tensor([2, 4])); // 1.5
 */
export function absoluteDifference(labels: TensorLike, predictions: TensorLike, weights?: TensorLike, reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor {
  const [l, p] = pair(labels, predictions, 'absoluteDifference');
  return computeWeightedLoss(abs(sub(l, p)), weightsOf(weights, 'absoluteDifference'), reduction);
}

/**
 * Weighted mean of (labels - predictions)^2 (TF.js `tf.losses.meanSquaredError`; scalar by default).
 * @example meanSquaredError(tensor([1, 2]), tensor([2, 4])); // 2.5
 */
export function meanSquaredError(labels: TensorLike, predictions: TensorLike, weights?: TensorLike, reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor {
  const [l, p] = pair(labels, predictions, 'meanSquaredError');
  return computeWeightedLoss(squaredDifference(l, p), weightsOf(weights, 'meanSquaredError'), reduction);
}

/**
 * Weighted Huber loss: 0.5 min(e, delta)^2 + delta (e - min(e, delta)).
 * @example huberLoss(tensor([0, 0]), tensor([0.5, 3])); // (0.125 + 2.5) / 2
 */
export function huberLoss(labels: TensorLike, predictions: TensorLike, weights?: TensorLike, delta = 1, reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor {
  const [l, p] = pair(labels, predictions, 'huberLoss');
  const err = abs(sub(l, p));
  const quadratic = minimum(err, delta);
  return computeWeightedLoss(add(mul(square(quadratic), 0.5), mul(sub(err, quadratic), delta)), weightsOf(weights, 'huberLoss'), reduction);
}

/**
 * Weighted log loss -y log(p + eps) - (1 - y) log(1 - p + eps).
 * @example logLoss(tensor([1, 0]), tensor([0.9, 0.2]));
 */
export function logLoss(labels: TensorLike, predictions: TensorLike, weights?: TensorLike, epsilon = 1e-7, reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor {
  const [l, p] = pair(labels, predictions, 'logLoss');
  const losses = sub(neg(mul(l, log(add(p, epsilon)))), mul(sub(1, l), log(add(sub(1, p), epsilon))));
  return computeWeightedLoss(losses, weightsOf(weights, 'logLoss'), reduction);
}

/**
 * Weighted hinge loss max(0, 1 - (2y - 1) p) for labels in {0, 1}.
 * @example hingeLoss(tensor([1, 0]), tensor([0.5, 0.5])); // (0.5 + 1.5) / 2
 */
export function hingeLoss(labels: TensorLike, predictions: TensorLike, weights?: TensorLike, reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor {
  const [l, p] = pair(labels, predictions, 'hingeLoss');
  return computeWeightedLoss(relu(sub(1, mul(sub(mul(l, 2), 1), p))), weightsOf(weights, 'hingeLoss'), reduction);
}

/**
 * Weighted cosine distance 1 - sum(labels * predictions, axis) for unit-normalised inputs.
 * @example cosineDistance(tensor([[1, 0]]), tensor([[0, 1]]), 1); // 1
 */
export function cosineDistance(labels: TensorLike, predictions: TensorLike, axis: number, weights?: TensorLike, reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor {
  const [l, p] = pair(labels, predictions, 'cosineDistance');
  return computeWeightedLoss(sub(1, sum(mul(l, p), axis, true)), weightsOf(weights, 'cosineDistance'), reduction);
}

/**
 * Weighted sigmoid cross-entropy of logits, with labels smoothed toward 0.5 by `labelSmoothing`.
 * @example sigmoidCrossEntropy(tensor([1, 0]), tensor([2, -1]));
 */
export function sigmoidCrossEntropy(
  multiClassLabels: TensorLike,
  logits: TensorLike,
  weights?: TensorLike,
  labelSmoothing = 0,
  reduction = Reduction.SUM_BY_NONZERO_WEIGHTS,
): Tensor {
  const [labels0, x] = pair(multiClassLabels, logits, 'sigmoidCrossEntropy', ['multiClassLabels', 'logits']);
  let l = labels0;
  if (labelSmoothing > 0) l = add(mul(l, 1 - labelSmoothing), 0.5 * labelSmoothing);
  return computeWeightedLoss(sigmoidCrossEntropyWithLogits(l, x), weightsOf(weights, 'sigmoidCrossEntropy'), reduction);
}

/**
 * Weighted softmax cross-entropy of logits [batch, C] against one-hot labels (one loss per row), with labels smoothed
 * toward uniform by `labelSmoothing`.
 * @example softmaxCrossEntropy(tensor([[0, 1]]), tensor([[2, 1]])); // 1.3133
 */
export function softmaxCrossEntropy(
  onehotLabels: TensorLike,
  logits: TensorLike,
  weights?: TensorLike,
  labelSmoothing = 0,
  reduction = Reduction.SUM_BY_NONZERO_WEIGHTS,
): Tensor {
  const [labels0, x] = pair(onehotLabels, logits, 'softmaxCrossEntropy', ['onehotLabels', 'logits']);
  let l = labels0;
  if (labelSmoothing > 0) {
    const classes = x.shape[x.rank - 1] as number;
    l = add(mul(l, 1 - labelSmoothing), labelSmoothing / classes);
  }
  return computeWeightedLoss(softmaxCrossEntropyWithLogits(l, x), weightsOf(weights, 'softmaxCrossEntropy'), reduction);
}
