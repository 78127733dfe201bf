// Shared pieces of the loss functions: the LossFn type, rank alignment of targets and predictions, and epsilon.
import { ShapeError } from '../core/errors.js';
import { fmtShape, shapesEqual } from '../core/shape.js';
import { cast, expandDims } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';

/** A Keras-style loss: per-sample losses of shape [batch] (or the batch shape: every axis but the last). */
export type LossFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** Keras `backend.epsilon()`: probabilities are clipped to [EPSILON, 1 - EPSILON] before taking logs. */
export const EPSILON = 1e-7;

/**
 * Makes targets and predictions comparable: casts the target to the prediction's float dtype, treats rank-1 inputs
 * as [batch, 1], and expands a target missing a trailing axis of 1 (Keras `squeeze_or_expand_to_same_rank`).
 * Throws a ShapeError naming `where` when the shapes still differ.
 */
export function align(yTrue: Tensor, yPred: Tensor, where: string): [Tensor, Tensor] {
  let p = yPred.dtype === 'float64' ? yPred : yPred.dtype === 'float32' ? yPred : cast(yPred, 'float32');
  let t = yTrue.dtype === p.dtype ? yTrue : cast(yTrue, p.dtype);
  if (t.rank === p.rank - 1 && p.shape[p.rank - 1] === 1) t = expandDims(t, -1);
  else if (p.rank === t.rank - 1 && t.shape[t.rank - 1] === 1) p = expandDims(p, -1);
  if (p.rank === 1 && t.rank === 1) {
    t = expandDims(t, -1);
    p = expandDims(p, -1);
  }
  if (!shapesEqual(t.shape, p.shape)) {
    throw new ShapeError(
      `${where}: yTrue and yPred must have the same shape, received yTrue ${fmtShape(yTrue.shape)} and yPred ` +
        `${fmtShape(yPred.shape)}. Make the model's output match the targets (e.g. one unit per target column).`,
    );
  }
  return [t, p];
}
