import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { tensor } from './creation.js';

/**
 * Confusion matrix [numClasses, numClasses] (int32) of 1-D label and prediction class ids: entry (i, j) counts
 * examples of label i predicted as j (TF.js `tf.math.confusionMatrix`; not differentiable).
 * @example confusionMatrix([0, 1, 1], [0, 1, 0], 2).arraySync(); // [[1, 0], [1, 1]]
 */
export function confusionMatrix(labels: TensorLike, predictions: TensorLike, numClasses: number): Tensor {
  const op = 'confusionMatrix';
  const l = cast(convertToTensor(labels, 'labels', op, 'int32'), 'int32');
  const p = cast(convertToTensor(predictions, 'predictions', op, 'int32'), 'int32');
  if (!Number.isInteger(numClasses) || numClasses <= 0) {
    throw new ValueError(`${op}: numClasses is required to be a positive integer, but got ${numClasses}.`);
  }
  for (const [t, name] of [[l, 'labels'], [p, 'predictions']] as const) {
    if (t.rank !== 1) throw new ShapeError(`${op}: expected the rank of ${name} to be 1, but got ${t.rank} (shape ${fmtShape(t.shape)}). Flatten it first.`);
  }
  if (l.size !== p.size) {
    throw new ShapeError(`${op}: Mismatch in the number of examples: ${l.size} vs. ${p.size}. Labels and predictions must have the same length.`);
  }
  const counts = new Int32Array(numClasses * numClasses);
  for (let i = 0; i < l.size; i++) {
    const [a, b] = [l.values[i] as number, p.values[i] as number];
    if (a < 0 || a >= numClasses || b < 0 || b >= numClasses) {
      throw new ValueError(`${op}: class ids must be in [0, ${numClasses}), received label ${a} and prediction ${b} at index ${i}.`);
    }
    counts[a * numClasses + b] = (counts[a * numClasses + b] ?? 0) + 1;
  }
  return tensor(counts, [numClasses, numClasses], 'int32');
}
