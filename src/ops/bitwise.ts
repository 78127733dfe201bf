import { DTypeError, ShapeError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { tensor } from './creation.js';

/**
 * Element-wise bitwise AND of two int32 tensors of the same shape (TF.js `bitwiseAnd`; not differentiable).
 * @example bitwiseAnd(tensor([12, 5], [2], 'int32'), tensor([10, 3], [2], 'int32')).arraySync(); // [8, 1]
 */
export function bitwiseAnd(x: TensorLike, y: TensorLike): Tensor {
  const a = convertToTensor(x, 'x', 'bitwiseAnd', 'int32');
  const b = convertToTensor(y, 'y', 'bitwiseAnd', 'int32');
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new ShapeError(`BitwiseAnd: Tensors must have the same shape, received ${fmtShape(a.shape)} and ${fmtShape(b.shape)}.`);
  }
  if (a.dtype !== 'int32' || b.dtype !== 'int32') {
    throw new DTypeError(`BitwiseAnd: Only supports 'int32' values in tensor, found type of x: ${a.dtype} and type of y: ${b.dtype}. Cast both with tf.cast(t, 'int32').`);
  }
  const out = new Int32Array(a.size);
  for (let i = 0; i < out.length; i++) out[i] = (a.values[i] as number) & (b.values[i] as number);
  return tensor(out, [...a.shape], 'int32');
}
