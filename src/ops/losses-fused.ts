// Fused cross-entropy ops. Computing the loss from logits in one kernel (log-sum-exp with the row max subtracted)
// keeps it finite for any logits, and the gradient (softmax - labels) is exact and cheap.
import { DTypeError, ShapeError, ValueError } from '../core/errors.js';
import { type DataType, floatType } from '../core/dtype.js';
import { fmtShape, shapesEqual } from '../core/shape.js';
import { defineOp, run1 } from '../tensor/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import { neg, mul, sub } from './arithmetic.js';
import { cast } from './cast.js';
import { oneHot } from './creation.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { logSoftmax, sigmoid, softmax } from './activations.js';
import { expandDims } from './shape-ops.js';

function floatOf(t: Tensor): DataType {
  return floatType(t.dtype);
}

/** Per-row softmax cross-entropy of `logits` [..., C] against label distributions of the same shape; output [...]. */
export const SoftmaxCrossEntropyWithLogitsOp = defineOp<'labels' | 'logits'>({
  name: 'SoftmaxCrossEntropyWithLogits',
  inputs: ['labels', 'logits'],
  infer: ({ labels, logits }) => {
    if (!shapesEqual(labels.shape, logits.shape) || logits.rank < 1) {
      throw new ShapeError(
        `softmaxCrossEntropyWithLogits: labels and logits must have the same shape of rank >= 1, received labels ` +
          `${fmtShape(labels.shape)} and logits ${fmtShape(logits.shape)}. Pass one-hot labels (use oneHot) or the sparse variant.`,
      );
    }
    return { shape: logits.shape.slice(0, -1), dtype: logits.dtype };
  },
  grad: (dy, { labels, logits }) => {
    const g = expandDims(dy, -1);
    return { logits: mul(sub(softmax(logits), labels), g), labels: mul(neg(logSoftmax(logits)), g) };
  },
});

/** Per-row softmax cross-entropy of `logits` [..., C] against integer class ids [...]; output [...]. */
export const SparseSoftmaxCrossEntropyWithLogitsOp = defineOp<'labels' | 'logits'>({
  name: 'SparseSoftmaxCrossEntropyWithLogits',
  inputs: ['labels', 'logits'],
  infer: ({ labels, logits }) => {
    if (logits.rank < 1 || !shapesEqual(labels.shape, logits.shape.slice(0, -1))) {
      throw new ShapeError(
        `sparseSoftmaxCrossEntropyWithLogits: labels must have the logits' shape without the class axis; received labels ` +
          `${fmtShape(labels.shape)} and logits ${fmtShape(logits.shape)}. Squeeze a trailing label axis of size 1.`,
      );
    }
    if (labels.dtype !== 'int32') throw new DTypeError(`sparseSoftmaxCrossEntropyWithLogits: labels must be int32, received ${labels.dtype}.`);
    return { shape: [...labels.shape], dtype: logits.dtype };
  },
  grad: (dy, { labels, logits }) => {
    const classes = logits.shape[logits.rank - 1] as number;
    const target = oneHot(labels, classes, 1, 0, logits.dtype);
    return { logits: mul(sub(softmax(logits), target), expandDims(dy, -1)) };
  },
});

/** Element-wise sigmoid cross-entropy max(x, 0) - x z + log(1 + exp(-|x|)) of logits x against labels z. */
export const SigmoidCrossEntropyWithLogitsOp = defineOp<'labels' | 'logits'>({
  name: 'SigmoidCrossEntropyWithLogits',
  inputs: ['labels', 'logits'],
  infer: ({ labels, logits }) => {
    if (!shapesEqual(labels.shape, logits.shape)) {
      throw new ShapeError(
        `sigmoidCrossEntropyWithLogits: labels and logits must have the same shape, received ${fmtShape(labels.shape)} ` +
          `and ${fmtShape(logits.shape)}.`,
      );
    }
    return { shape: [...logits.shape], dtype: logits.dtype };
  },
  grad: (dy, { labels, logits }) => ({ logits: mul(sub(sigmoid(logits), labels), dy), labels: mul(neg(logits), dy) }),
});

function prepare(labels: TensorLike, logits: TensorLike, op: string): [Tensor, Tensor] {
  let lg = convertToTensor(logits, 'logits', op);
  if (lg.dtype !== 'float32' && lg.dtype !== 'float64') lg = cast(lg, floatOf(lg));
  let lb = convertToTensor(labels, 'labels', op);
  if (lb.dtype !== lg.dtype) lb = cast(lb, lg.dtype);
  return [lb, lg];
}

/**
 * Softmax cross-entropy per row: -sum(labels * logSoftmax(logits), -1), computed stably; gradient softmax - labels.
 * @example softmaxCrossEntropyWithLogits(tensor([[0, 1]]), tensor([[2, 1]])); // [1.3133]
 */
export function softmaxCrossEntropyWithLogits(labels: TensorLike, logits: TensorLike): Tensor {
  const [lb, lg] = prepare(labels, logits, 'softmaxCrossEntropyWithLogits');
  return run1(SoftmaxCrossEntropyWithLogitsOp, { labels: lb, logits: lg }, {});
}

/**
 * Softmax cross-entropy per row against integer class ids (labels shape = logits shape without the last axis).
 * @example sparseSoftmaxCrossEntropyWithLogits(tensor([1], [1], 'int32'), tensor([[2, 1]])); // [1.3133]
 */
export function sparseSoftmaxCrossEntropyWithLogits(labels: TensorLike, logits: TensorLike): Tensor {
  const op = 'sparseSoftmaxCrossEntropyWithLogits';
  let lg = convertToTensor(logits, 'logits', op);
  if (lg.dtype !== 'float32' && lg.dtype !== 'float64') lg = cast(lg, floatOf(lg));
  let lb = convertToTensor(labels, 'labels', op);
  if (lb.dtype !== 'int32') {
    if (lb.dtype === 'bool') throw new DTypeError(`${op}: labels must be integer class ids, received bool.`);
    lb = cast(lb, 'int32');
  }
  const classes = lg.shape[lg.rank - 1] ?? 0;
  for (const k of lb.values) {
    if (!(k >= 0 && k < classes)) {
      throw new ValueError(`${op}: label ${k} is out of range for ${classes} classes; labels must be integers in [0, ${classes - 1}].`);
    }
  }
  return run1(SparseSoftmaxCrossEntropyWithLogitsOp, { labels: lb, logits: lg }, {});
}

/**
 * Element-wise sigmoid cross-entropy of logits against labels in [0, 1], computed stably.
 * @example sigmoidCrossEntropyWithLogits(tensor([1, 0]), tensor([0, 0])); // [0.6931, 0.6931]
 */
export function sigmoidCrossEntropyWithLogits(labels: TensorLike, logits: TensorLike): Tensor {
  const [lb, lg] = prepare(labels, logits, 'sigmoidCrossEntropyWithLogits');
  return run1(SigmoidCrossEntropyWithLogitsOp, { labels: lb, logits: lg }, {});
}
