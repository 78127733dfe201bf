// tf.spectral: discrete Fourier transforms over the innermost axis (TF.js fft, ifft, rfft, irfft). FFT and IFFT
// are kernel ops on complex64 tensors; rfft and irfft are built from them with slicing and concatenation, which
// run on complex tensors through the engine's lift. Like TF.js, the transforms have no gradients.
import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { type OpDef, defineOp, run1 } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { complex, conj, real } from './complex.js';
import { concat } from './concat.js';
import { type TensorLike, convertToTensor, expectDType } from './convert.js';
import { zeros } from './creation.js';
import { reverse } from './shape-ops.js';
import { slice } from './slice.js';

/** Attributes of the FFT kernels: `inverse` selects IFFT (conjugate twiddles, scaled by 1/n). */
export interface FFTAttrs {
  inverse: boolean;
}

function defineTransform(name: string): OpDef<'input', FFTAttrs> {
  return defineOp<'input', FFTAttrs>({
    name,
    inputs: ['input'],
    special: { complex64: 'kernel' },
    infer: ({ input }) => {
      if (input.dtype !== 'complex64') throw new ShapeError(`${name}: input must be complex64, received ${input.dtype}.`);
      return { shape: [...input.shape], dtype: 'complex64' };
    },
    grad: null,
  });
}

/** FFT op declaration: the DFT of each innermost row of a complex64 tensor. */
export const FFTOp = defineTransform('FFT');
/** IFFT op declaration: the inverse DFT of each innermost row (scaled by 1/n). */
export const IFFTOp = defineTransform('IFFT');

function complexInput(input: TensorLike, op: string): Tensor {
  const t = expectDType(convertToTensor(input, 'input', op), 'complex64', 'input', op);
  if (t.rank === 0) throw new ShapeError(`${op}: input must have rank >= 1, received a scalar.`);
  return t;
}

/**
 * The discrete Fourier transform of each innermost row of a complex64 tensor.
 * @example fft(complex([1, 2], [0, 0])).dataSync(); // [3, 0, -1, 0]
 */
export function fft(input: TensorLike): Tensor {
  return run1(FFTOp, { input: complexInput(input, 'fft') }, { inverse: false });
}

/**
 * The inverse discrete Fourier transform of each innermost row of a complex64 tensor.
 * @example ifft(fft(complex([1, 2], [0, 0]))).dataSync(); // [1, 0, 2, 0]
 */
export function ifft(input: TensorLike): Tensor {
  return run1(IFFTOp, { input: complexInput(input, 'ifft') }, { inverse: true });
}

// x cut or zero-padded to `n` along the innermost axis.
function fitInner(x: Tensor, n: number): Tensor {
  const inner = x.shape[x.rank - 1] ?? 0;
  if (n === inner) return x;
  if (n < inner) return slice(x, x.shape.map(() => 0), [...x.shape.slice(0, -1), n]);
  return concat([x, zeros([...x.shape.slice(0, -1), n - inner], x.dtype)], x.rank - 1);
}

/**
 * The DFT of each innermost row of a real tensor: its `fftLength / 2 + 1` non-negative frequencies (complex64).
 * `fftLength` (default: the row length) crops or zero-pads the rows first.
 * @example rfft(tensor1d([1, 2, 3])).shape; // [2]
 */
export function rfft(input: TensorLike, fftLength?: number): Tensor {
  const t = expectDType(convertToTensor(input, 'input', 'rfft'), 'float32', 'input', 'rfft');
  if (t.rank === 0) throw new ShapeError('rfft: input must have rank >= 1, received a scalar.');
  const n = fftLength ?? (t.shape[t.rank - 1] ?? 0);
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`rfft: fftLength must be a positive integer, received ${n}.`);
  const x = fitInner(cast(t, 'float32'), n);
  const spectrum = fft(complex(x, zeros(x.shape)));
  return slice(spectrum, x.shape.map(() => 0), [...x.shape.slice(0, -1), Math.floor(n / 2) + 1]);
}

/**
 * The inverse of rfft: real rows of length 2·(m − 1) from the m non-negative frequencies of each innermost row,
 * the negative ones being their conjugates.
 * @example irfft(rfft(tensor1d([1, 2, 3, 4]))).dataSync(); // [1, 2, 3, 4]
 */
export function irfft(input: TensorLike): Tensor {
  const t = complexInput(input, 'irfft');
  const m = t.shape[t.rank - 1] ?? 0;
  if (m < 1) throw new ShapeError(`irfft: the innermost axis must not be empty, received shape ${fmtShape(t.shape)}.`);
  const axis = t.rank - 1;
  const outer = t.shape.slice(0, -1);
  let full = t;
  if (m > 2) {
    // Frequencies m..2m-3 are the conjugates of m-2..1.
    const middle = slice(t, t.shape.map((_, i) => (i === axis ? 1 : 0)), [...outer, m - 2]);
    full = concat([t, reverse(conj(middle), axis)], axis);
  }
  const n = 2 * (m - 1);
  if (n === 0) return real(slice(t, t.shape.map(() => 0), [...outer, 0]));
  return real(ifft(fitInner(full, n)));
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    fft(): Tensor;
    ifft(): Tensor;
    rfft(): Tensor;
    irfft(): Tensor;
  }
}
Tensor.prototype.fft = function (this: Tensor) {
  return fft(this);
};
Tensor.prototype.ifft = function (this: Tensor) {
  return ifft(this);
};
Tensor.prototype.rfft = function (this: Tensor) {
  return rfft(this);
};
Tensor.prototype.irfft = function (this: Tensor) {
  return irfft(this);
};
