// Keras loss functions (keras.losses.*): each returns per-sample losses, reducing only the last axis.
import { logitsOf } from '../activations/index.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import {
  abs,
  add,
  cast,
  clipByValue,
  div,
  log,
  log1p,
  max,
  maximum,
  mean,
  mul,
  neg,
  relu,
  sigmoidCrossEntropyWithLogits,
  softmaxCrossEntropyWithLogits,
  softplus,
  sparseSoftmaxCrossEntropyWithLogits,
  sqrt,
  square,
  squeeze,
  sub,
  sum,
  where,
  lessEqual,
} from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { EPSILON, align } from './common.js';

/**
 * mean((yPred - yTrue)^2, -1).
 * @example meanSquaredErrorPerSample(tensor([[0, 1]]), tensor([[1, 1]])); // [0.5]
 */
export function meanSquaredErrorPerSample(yTrue: Tensor, yPred: Tensor): Tensor {
  const [t, p] = align(yTrue, yPred, 'meanSquaredError');
  return mean(square(sub(p, t)), -1);
}

/**
 * mean(|yPred - yTrue|, -1).
 * @example meanAbsoluteError(tensor([[0, 1]]), tensor([[1, 3]])); // [1.5]
 */
export function meanAbsoluteError(yTrue: Tensor, yPred: Tensor): Tensor {
  const [t, p] = align(yTrue, yPred, 'meanAbsoluteError');
  return mean(abs(sub(p, t)), -1);
}

/**
 * 100 * mean(|(yTrue - yPred) / max(|yTrue|, eps)|, -1).
 * @example meanAbsolutePercentageError(tensor([[2, 4]]), tensor([[1, 4]])); // [25]
 */
export function meanAbsolutePercentageError(yTrue: Tensor, yPred: Tensor): Tensor {
  const [t, p] = align(yTrue, yPred, 'meanAbsolutePercentageError');
  return mul(mean(abs(div(sub(t, p), maximum(abs(t), EPSILON))), -1), 100);
}

/**
 * mean((log(max(yPred, eps) + 1) - log(max(yTrue, eps) + 1))^2, -1).
 * @example meanSquaredLogarithmicError(tensor([[0]]), tensor([[Math.E - 1]])); // [1]
 */
export function meanSquaredLogarithmicError(yTrue: Tensor, yPred: Tensor): Tensor {
  const [t, p] = align(yTrue, yPred, 'meanSquaredLogarithmicError');
  return mean(square(sub(log1p(maximum(p, EPSILON)), log1p(maximum(t, EPSILON)))), -1);
}

/**
 * Huber loss: 0.5 e^2 where |e| <= delta, else delta (|e| - 0.5 delta); mean over the last axis.
 * @example huber(tensor([[0, 0]]), tensor([[0.5, 3]])); // [(0.125 + 2.5) / 2]
 */
export function huber(yTrue: Tensor, yPred: Tensor, delta = 1): Tensor {
  const [t, p] = align(yTrue, yPred, 'huber');
  const err = abs(sub(p, t));
  return mean(where(lessEqual(err, delta), mul(square(err), 0.5), sub(mul(err, delta), 0.5 * delta * delta)), -1);
}

/**
 * mean(log(cosh(yPred - yTrue)), -1), computed as x + softplus(-2x) - log 2 (no overflow).
 * @example logCosh(tensor([[0]]), tensor([[1]])); // [0.4338]
 */
export function logCosh(yTrue: Tensor, yPred: Tensor): Tensor {
  const [t, p] = align(yTrue, yPred, 'logCosh');
  const x = sub(p, t);
  return mean(sub(add(x, softplus(mul(x, -2))), Math.LN2), -1);
}

/** Options of the cross-entropy losses. */
export interface CrossentropyOptions {
  /** yPred holds logits rather than probabilities. */
  fromLogits?: boolean;
  /** Smooths targets toward uniform: binary y(1 - s) + s/2, categorical y(1 - s) + s/C. */
  labelSmoothing?: number;
}

function smoothing(opts: CrossentropyOptions, where: string): number {
  const s = opts.labelSmoothing ?? 0;
  if (!(s >= 0 && s <= 1)) throw new ValueError(`${where}: labelSmoothing must be in [0, 1], received ${s}.`);
  return s;
}

/**
 * Binary cross-entropy averaged over the last axis. Probabilities are clipped to [1e-7, 1 - 1e-7]; with
 * `fromLogits` (or when yPred is a sigmoid activation output) the stable logits formula is used.
 * @example binaryCrossentropy(tensor([[1, 0]]), tensor([[0.9, 0.2]])); // [0.1643]
 */
export function binaryCrossentropy(yTrue: Tensor, yPred: Tensor, opts: CrossentropyOptions = {}): Tensor {
  const ls = smoothing(opts, 'binaryCrossentropy');
  const source = opts.fromLogits ? undefined : logitsOf(yPred);
  const fromLogits = opts.fromLogits === true || source?.kind === 'sigmoid';
  const pred = source?.kind === 'sigmoid' ? source.logits : yPred;
  const aligned = align(yTrue, pred, 'binaryCrossentropy');
  const p = aligned[1];
  let t = aligned[0];
  if (ls > 0) t = add(mul(t, 1 - ls), 0.5 * ls);
  if (fromLogits) return mean(sigmoidCrossEntropyWithLogits(t, p), -1);
  const q = clipByValue(p, EPSILON, 1 - EPSILON);
  return mean(neg(add(mul(t, log(q)), mul(sub(1, t), log(sub(1, q))))), -1);
}

/**
 * Categorical cross-entropy over the last axis against one-hot (or soft) targets. Probabilities are renormalised
 * and clipped like Keras; with `fromLogits` (or a softmax activation output) the fused logits op is used.
 * @example categoricalCrossentropy(tensor([[0, 1]]), tensor([[0.2, 0.8]])); // [0.2231]
 */
export function categoricalCrossentropy(yTrue: Tensor, yPred: Tensor, opts: CrossentropyOptions = {}): Tensor {
  const ls = smoothing(opts, 'categoricalCrossentropy');
  const source = opts.fromLogits ? undefined : logitsOf(yPred);
  const fromLogits = opts.fromLogits === true || source?.kind === 'softmax';
  const pred = source?.kind === 'softmax' ? source.logits : yPred;
  const aligned = align(yTrue, pred, 'categoricalCrossentropy');
  const p = aligned[1];
  let t = aligned[0];
  if (ls > 0) {
    const classes = p.shape[p.rank - 1] as number;
    t = add(mul(t, 1 - ls), ls / classes);
  }
  if (fromLogits) return softmaxCrossEntropyWithLogits(t, p);
  const q = clipByValue(div(p, sum(p, -1, true)), EPSILON, 1 - EPSILON);
  return neg(sum(mul(t, log(q)), -1));
}

/**
 * Cross-entropy against integer class ids (shape [batch] or [batch, 1]) for predictions [batch, C]. Probabilities
 * are clipped and their logs fed to the fused sparse op (as Keras does); `fromLogits` feeds logits directly.
 * @example sparseCategoricalCrossentropy(tensor([1]), tensor([[0.2, 0.8]])); // [0.2231]
 */
export function sparseCategoricalCrossentropy(yTrue: Tensor, yPred: Tensor, opts: { fromLogits?: boolean } = {}): Tensor {
  const source = opts.fromLogits ? undefined : logitsOf(yPred);
  const fromLogits = opts.fromLogits === true || source?.kind === 'softmax';
  const pred = source?.kind === 'softmax' ? source.logits : yPred;
  let labels = yTrue;
  if (labels.rank === pred.rank && labels.shape[labels.rank - 1] === 1) labels = squeeze(labels, [labels.rank - 1]);
  if (labels.rank !== pred.rank - 1) {
    throw new ShapeError(
      `sparseCategoricalCrossentropy: expected integer labels of shape ${fmtShape(pred.shape.slice(0, -1))} (or with a trailing 1) ` +
        `for predictions ${fmtShape(pred.shape)}, received ${fmtShape(yTrue.shape)}. For one-hot targets use categoricalCrossentropy.`,
    );
  }
  const ids = labels.dtype === 'int32' ? labels : cast(labels, 'int32');
  const logits = fromLogits ? pred : log(clipByValue(pred, EPSILON, 1 - EPSILON));
  return sparseSoftmaxCrossEntropyWithLogits(ids, logits);
}

/**
 * Kullback-Leibler divergence sum(y log(y / p), -1) with both clipped to [1e-7, 1].
 * @example kullbackLeiblerDivergence(tensor([[0.5, 0.5]]), tensor([[0.25, 0.75]])); // [0.1438]
 */
export function kullbackLeiblerDivergence(yTrue: Tensor, yPred: Tensor): Tensor {
  const [t0, p0] = align(yTrue, yPred, 'kullbackLeiblerDivergence');
  const t = clipByValue(t0, EPSILON, 1);
  const p = clipByValue(p0, EPSILON, 1);
  return sum(mul(t, log(div(t, p))), -1);
}

/** Keras converts {0, 1} targets to {-1, 1} for the hinge losses. */
function hingeTargets(t: Tensor): Tensor {
  const v = t.dataSync();
  let binary = true;
  for (let i = 0; i < v.length && binary; i++) binary = v[i] === 0 || v[i] === 1;
  return binary ? sub(mul(t, 2), 1) : t;
}

/**
 * mean(max(1 - y p, 0), -1) with targets in {-1, 1} ({0, 1} are converted).
 * @example hinge(tensor([[1, -1]]), tensor([[0.5, 0.5]])); // [1]
 */
export function hinge(yTrue: Tensor, yPred: Tensor): Tensor {
  const [t, p] = align(yTrue, yPred, 'hinge');
  return mean(relu(sub(1, mul(hingeTargets(t), p))), -1);
}

/**
 * mean(max(1 - y p, 0)^2, -1) with targets in {-1, 1} ({0, 1} are converted).
 * @example squaredHinge(tensor([[1, -1]]), tensor([[0.5, 0.5]])); // [1.25]
 */
export function squaredHinge(yTrue: Tensor, yPred: Tensor): Tensor {
  const [t, p] = align(yTrue, yPred, 'squaredHinge');
  return mean(square(relu(sub(1, mul(hingeTargets(t), p)))), -1);
}

/**
 * max(max((1 - y) p) - sum(y p) + 1, 0) over the last axis, for one-hot targets.
 * @example categoricalHinge(tensor([[0, 1]]), tensor([[0.3, 0.6]])); // [0.7]
 */
export function categoricalHinge(yTrue: Tensor, yPred: Tensor): Tensor {
  const [t, p] = align(yTrue, yPred, 'categoricalHinge');
  const pos = sum(mul(t, p), -1);
  const negative = max(mul(sub(1, t), p), -1);
  return relu(add(sub(negative, pos), 1));
}

/**
 * mean(p - y log(p + eps), -1).
 * @example poisson(tensor([[1]]), tensor([[2]])); // [2 - log 2]
 */
export function poisson(yTrue: Tensor, yPred: Tensor): Tensor {
  const [t, p] = align(yTrue, yPred, 'poisson');
  return mean(sub(p, mul(t, log(add(p, EPSILON)))), -1);
}

function l2Normalize(x: Tensor): Tensor {
  return div(x, sqrt(maximum(sum(square(x), -1, true), 1e-12)));
}

/**
 * Negative cosine similarity over the last axis (-1 when aligned, so minimising it aligns the vectors).
 * @example cosineSimilarity(tensor([[1, 0]]), tensor([[2, 0]])); // [-1]
 */
export function cosineSimilarity(yTrue: Tensor, yPred: Tensor): Tensor {
  const [t, p] = align(yTrue, yPred, 'cosineSimilarity');
  return neg(sum(mul(l2Normalize(t), l2Normalize(p)), -1));
}

