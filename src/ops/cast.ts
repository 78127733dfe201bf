import { type DataType, assertDType } from '../core/dtype.js';
import { DTypeError } from '../core/errors.js';
import { defineOp, run1 } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';
import { ComplexOp, RealOp } from './complex-base.js';
import { type TensorLike, convertToTensor } from './convert.js';

/** Cast op declaration: converts element type (float → int truncates toward zero, nonzero → true). */
export const CastOp = defineOp<'x', { dtype: DataType }>({
  name: 'Cast',
  inputs: ['x'],
  infer: ({ x }, { dtype }) => ({ shape: [...x.shape], dtype }),
  // As in TF.js, the gradient passes through every cast: float inputs get it in their own dtype, int32 and bool
  // inputs as float32.
  grad: (dy, { x }) => ({ x: cast(dy, isFloatType(x.dtype) ? x.dtype : 'float32') }),
});

function isFloatType(d: DataType): boolean {
  return d === 'float32' || d === 'float64' || d === 'bfloat16';
}

/**
 * Casts `x` to `dtype`.
 * @example cast(tensor([1.7, -1.7]), 'int32'); // [1, -1]
 */
export function cast(x: TensorLike, dtype: DataType): Tensor {
  assertDType(dtype, 'cast');
  const t = convertToTensor(x, 'x', 'cast');
  if (t.dtype === dtype) return t;
  if (t.dtype === 'string' || dtype === 'string') {
    throw new DTypeError(`cast: cannot cast a ${t.dtype} tensor to ${dtype}; strings only convert through tf.string ops.`);
  }
  // complex64 -> real keeps the real part (as TF.js); real -> complex64 adds a zero imaginary part.
  if (t.dtype === 'complex64') return cast(run1(RealOp, { input: t }, {}), dtype);
  if (dtype === 'complex64') {
    const re = cast(t, 'float32');
    return run1(ComplexOp, { real: re, imag: new Tensor(new Float32Array(re.size), re.shape, 'float32') }, {});
  }
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
