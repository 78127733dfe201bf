// complex64 tensors: tf.complex, tf.real, tf.imag, and the complex cases of abs and mul. A complex64 tensor keeps
// its real parts in `values` and its imaginary parts in `imag` (float32 each), so Complex, Real and Imag are views
// that need no kernel. Ops that only move elements, and the linear add/sub/neg, run on each part through the
// engine's lift (src/tensor/special-dtypes.ts). Like TF.js, these ops have no gradients.
import { ShapeError } from '../core/errors.js';
import { fmtShape, shapesEqual } from '../core/shape.js';
import { run1 } from '../tensor/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, mul, sub } from './arithmetic.js';
import { cast } from './cast.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { ComplexAbsOp, ComplexOp, ImagOp, RealOp } from './complex-base.js';
import { registerComplexBinary, registerComplexUnary } from './elementwise-base.js';

/**
 * A complex64 tensor from its real and imaginary parts (tensors or arrays of one shape).
 * @example complex([1, 2], [3, 4]).dataSync(); // [1, 3, 2, 4]
 */
export function complex(real: TensorLike, imag: TensorLike): Tensor {
  const re = convertToTensor(real, 'real', 'complex');
  const im = convertToTensor(imag, 'imag', 'complex');
  if (!shapesEqual(re.shape, im.shape)) {
    // TF.js's wording first (its tests match on it).
    throw new ShapeError(
      `real and imag shapes, ${re.shape.join(',')} and ${im.shape.join(',')}, must match in call to tf.complex(); ` +
        `received ${fmtShape(re.shape)} and ${fmtShape(im.shape)}.`,
    );
  }
  return run1(ComplexOp, { real: cast(re, 'float32'), imag: cast(im, 'float32') }, {});
}

/** The real parts of a complex tensor (a real tensor is returned as is). @example real(complex([1], [2])); // [1] */
export function real(input: TensorLike): Tensor {
  const t = convertToTensor(input, 'input', 'real');
  return t.dtype === 'complex64' ? run1(RealOp, { input: t }, {}) : t;
}

/** The imaginary parts of a complex tensor (zeros for a real one). @example imag(complex([1], [2])); // [2] */
export function imag(input: TensorLike): Tensor {
  const t = convertToTensor(input, 'input', 'imag');
  return t.dtype === 'complex64' ? run1(ImagOp, { input: t }, {}) : mul(cast(t, 'float32'), 0);
}

/** The complex conjugate re - im·j. @example conj(complex([1], [2])); // 1 - 2j */
export function conj(input: TensorLike): Tensor {
  const t = convertToTensor(input, 'input', 'conj');
  return t.dtype === 'complex64' ? complex(real(t), mul(imag(t), -1)) : t;
}

// (a + bj)(c + dj) = (ac - bd) + (ad + bc)j; the real ops broadcast.
registerComplexBinary('Multiply', (x, y) => {
  const [a, b, c, d] = [real(x), imag(x), real(y), imag(y)];
  return complex(sub(mul(a, c), mul(b, d)), add(mul(a, d), mul(b, c)));
});
registerComplexUnary('Abs', (x) => run1(ComplexAbsOp, { x }, {}));
