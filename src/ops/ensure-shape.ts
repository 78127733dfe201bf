import { ShapeError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { type TensorLike, convertToTensor } from './convert.js';

/**
 * Returns `x` unchanged after checking its shape against `shape` (a null entry matches any size), as TF.js's
 * `ensureShape` does.
 * @example ensureShape(ones([2, 3]), [null, 3]).shape; // [2, 3]
 */
export function ensureShape(x: TensorLike, shape: ReadonlyArray<number | null>): Tensor {
  const t = convertToTensor(x, 'x', 'ensureShape', 'float32');
  if (t.rank !== shape.length || shape.some((d, i) => d !== null && d !== t.shape[i])) {
    throw new ShapeError(
      `EnsureShape: Shape of tensor ${fmtShape(t.shape)} is not compatible with expected shape [${shape.map((d) => String(d)).join(',')}].`,
    );
  }
  return t;
}
