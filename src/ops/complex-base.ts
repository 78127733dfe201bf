// The complex64 op declarations (views of the parts, and |z|); src/ops/complex.ts holds the public functions.
// Kept apart so that cast.ts can build and split complex tensors without importing the arithmetic ops.
import { defineOp } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';

/** The values of a float tensor as a Float32Array (shared when they already are one). */
export function asFloat32(t: Tensor): Float32Array {
  return t.values instanceof Float32Array ? t.values : Float32Array.from(t.values);
}

/** Complex op declaration: a complex64 tensor from real and imaginary parts of one shape. */
export const ComplexOp = defineOp<'real' | 'imag'>({
  name: 'Complex',
  inputs: ['real', 'imag'],
  infer: ({ real }) => ({ shape: [...real.shape], dtype: 'complex64' }),
  compute: ({ real, imag }) => [new Tensor(asFloat32(real), real.shape, 'complex64', { imag: asFloat32(imag) })],
  grad: null,
});

/** Real op declaration: the real parts of a complex64 tensor (a view). */
export const RealOp = defineOp<'input'>({
  name: 'Real',
  inputs: ['input'],
  special: { complex64: 'kernel' },
  infer: ({ input }) => ({ shape: [...input.shape], dtype: 'float32' }),
  compute: ({ input }) => [new Tensor(input.values, input.shape, 'float32')],
  grad: null,
});

/** Imag op declaration: the imaginary parts of a complex64 tensor (a view). */
export const ImagOp = defineOp<'input'>({
  name: 'Imag',
  inputs: ['input'],
  special: { complex64: 'kernel' },
  infer: ({ input }) => ({ shape: [...input.shape], dtype: 'float32' }),
  compute: ({ input }) => [new Tensor(input.imag ?? new Float32Array(input.size), input.shape, 'float32')],
  grad: null,
});

/** ComplexAbs op declaration: |re + im·j| computed without overflow or underflow (hypot). */
export const ComplexAbsOp = defineOp<'x'>({
  name: 'ComplexAbs',
  inputs: ['x'],
  special: { complex64: 'kernel' },
  infer: ({ x }) => ({ shape: [...x.shape], dtype: 'float32' }),
  grad: null,
});

