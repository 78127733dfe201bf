import { type DataType, assertDType } from '../core/dtype.js';
import { defineOp, run1 } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';
import { type TensorLike, convertToTensor } from './convert.js';

/** Cast op declaration: converts element type (float → int truncates toward zero, nonzero → true). */
export const CastOp = defineOp<'x', { dtype: DataType }>({
  name: 'Cast',
  inputs: ['x'],
  infer: ({ x }, { dtype }) => ({ shape: [...x.shape], dtype }),
  // The gradient passes through unchanged, as in TF.js (sum of a bool tensor casts it, and still has gradient 1);
  // the tape casts it to float32 for int32 and bool inputs.
  grad: (dy, { x }) => ({ x: isFloatType(x.dtype) ? cast(dy, x.dtype) : cast(dy, 'float32') }),
});

function isFloatType(d: DataType): boolean {
  return d === 'float32' || d === 'float64';
}

/**
 * Casts `x` to `dtype`.
 * @example cast(tensor([1.7, -1.7]), 'int32'); // [1, -1]
 */
export function cast(x: TensorLike, dtype: DataType): Tensor {
  assertDType(dtype, 'cast');
  const t = convertToTensor(x, 'x', 'cast');
  if (t.dtype === dtype) return t;
  return run1(CastOp, { x: t }, { dtype });
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    cast(dtype: DataType): Tensor;
    asType(dtype: DataType): Tensor;
    toFloat(): Tensor;
    toInt(): Tensor;
    toBool(): Tensor;
  }
}
Tensor.prototype.cast = function (this: Tensor, dtype: DataType) {
  return cast(this, dtype);
};
Tensor.prototype.asType = Tensor.prototype.cast;
Tensor.prototype.toFloat = function (this: Tensor) {
  return cast(this, 'float32');
};
Tensor.prototype.toInt = function (this: Tensor) {
  return cast(this, 'int32');
};
Tensor.prototype.toBool = function (this: Tensor) {
  return cast(this, 'bool');
};
