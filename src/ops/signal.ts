// tf.signal: framing, cosine windows and the short-time Fourier transform (TF.js frame, hannWindow, hammingWindow,
// stft). Built from gather, mul and rfft, so frame and the windowing are differentiable.
import { ShapeError, ValueError } from '../core/errors.js';
import { Tensor } from '../tensor/tensor.js';
import { mul } from './arithmetic.js';
import { concat } from './concat.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { fill } from './creation.js';
import { gather } from './gather.js';
import { reshape } from './reshape.js';
import { rfft } from './spectral.js';

function checkLength(n: number, op: string, name: string): void {
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`${op}: ${name} must be a positive integer, received ${n}.`);
}

// a - b·cos(2πi / d): d = n for even n (periodic), n - 1 for odd n (symmetric), as TF.js.
function cosineWindow(n: number, a: number, b: number, op: string): Tensor {
  checkLength(n, op, 'windowLength');
  const values = new Float32Array(n);
  const d = n % 2 === 0 ? n : n - 1;
  for (let i = 0; i < n; i++) values[i] = d === 0 ? a - b : a - b * Math.cos((2 * Math.PI * i) / d);
  return new Tensor(values, [n], 'float32');
}

/** A Hann window of `windowLength` samples. @example hannWindow(3); // [0, 1, 0] */
export function hannWindow(windowLength: number): Tensor {
  return cosineWindow(windowLength, 0.5, 0.5, 'hannWindow');
}

/** A Hamming window of `windowLength` samples. @example hammingWindow(3); // [0.08, 1, 0.08] */
export function hammingWindow(windowLength: number): Tensor {
  return cosineWindow(windowLength, 0.54, 0.46, 'hammingWindow');
}

/**
 * Slices a 1-D signal into frames of `frameLength` samples every `frameStep` samples: [numFrames, frameLength].
 * With `padEnd`, frames also start past the last full one and are filled with `padValue`.
 * @example frame(tensor1d([1, 2, 3, 4, 5]), 3, 1); // [[1, 2, 3], [2, 3, 4], [3, 4, 5]]
 */
export function frame(signal: TensorLike, frameLength: number, frameStep: number, padEnd = false, padValue = 0): Tensor {
  const x = convertToTensor(signal, 'signal', 'frame');
  if (x.rank !== 1) throw new ShapeError(`frame: signal must be 1-D, received rank ${x.rank}. Frame each row separately.`);
  checkLength(frameLength, 'frame', 'frameLength');
  const n = x.size;
  if (!padEnd && frameLength > n) return Tensor.empty([0, frameLength], x.dtype);
  if (!Number.isInteger(frameStep) || frameStep < 1) throw new ValueError(`frame: frameStep must be a positive integer, received ${frameStep}.`);
  const count = padEnd ? Math.ceil(n / frameStep) : Math.floor((n - frameLength) / frameStep) + 1;
  const needed = (count - 1) * frameStep + frameLength;
  const padded = padEnd && needed > n ? concat([x, fill([needed - n], padValue, x.dtype)]) : x;
  const idx = new Int32Array(count * frameLength);
  for (let f = 0; f < count; f++) for (let k = 0; k < frameLength; k++) idx[f * frameLength + k] = f * frameStep + k;
  return reshape(gather(padded, new Tensor(idx, [count * frameLength], 'int32')), [count, frameLength]);
}

/**
 * Short-time Fourier transform: rfft of each windowed frame, [numFrames, fftLength / 2 + 1] complex64.
 * `fftLength` defaults to the smallest power of two >= frameLength; `windowFn` to hannWindow.
 * @example stft(tensor1d([1, 1, 1, 1, 1]), 3, 1).shape; // [3, 3]
 */
export function stft(
  signal: TensorLike,
  frameLength: number,
  frameStep: number,
  fftLength?: number,
  windowFn: (length: number) => Tensor = hannWindow,
): Tensor {
  checkLength(frameLength, 'stft', 'frameLength');
  const n = fftLength ?? 2 ** Math.ceil(Math.log2(frameLength));
  const frames = frame(signal, frameLength, frameStep);
  return rfft(mul(frames, windowFn(frameLength)), n);
}
