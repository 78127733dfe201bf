import { describe, expect, test } from 'vitest';
import * as tf from '../index.js';

// Direct DFT in float64: X[k] = sum_t x[t] e^{-2πi k t / n} (sign +1 and 1/n for the inverse).
function dft(re: number[], im: number[], inverse = false): [number[], number[]] {
  const n = re.length;
  const outRe: number[] = [];
  const outIm: number[] = [];
  const sign = inverse ? 1 : -1;
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let t = 0; t < n; t++) {
      const a = (sign * 2 * Math.PI * k * t) / n;
      sr += (re[t] ?? 0) * Math.cos(a) - (im[t] ?? 0) * Math.sin(a);
      si += (re[t] ?? 0) * Math.sin(a) + (im[t] ?? 0) * Math.cos(a);
    }
    outRe.push(inverse ? sr / n : sr);
    outIm.push(inverse ? si / n : si);
  }
  return [outRe, outIm];
}

function seq(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233) * 3);
}

function expectNear(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs((actual[i] ?? 0) - (expected[i] ?? 0))).toBeLessThan(tol);
}

describe('tf.spectral', () => {
  // 8 and 16 take the radix-2 path, 5, 6 and 7 the direct sum.
  for (const n of [1, 5, 6, 7, 8, 16]) {
    test(`fft of length ${n} matches a float64 DFT, and ifft inverts it`, () => {
      const re = seq(n, 1);
      const im = seq(n, 2);
      const z = tf.complex(tf.tensor2d([re, re], [2, n]), tf.tensor2d([im, im], [2, n]));
      const f = tf.spectral.fft(z);
      const [er, ei] = dft(re, im);
      expectNear(tf.real(f).dataSync(), [...er, ...er], 1e-4);
      expectNear(tf.imag(f).dataSync(), [...ei, ...ei], 1e-4);
      const back = tf.spectral.ifft(f);
      expectNear(tf.real(back).dataSync(), [...re, ...re], 1e-5);
      expectNear(tf.imag(back).dataSync(), [...im, ...im], 1e-5);
    });
  }

  test('rfft keeps the n/2 + 1 non-negative frequencies and irfft inverts it', () => {
    const x = seq(8, 3);
    const r = tf.spectral.rfft(tf.tensor1d(x));
    expect(r.dtype).toBe('complex64');
    expect(r.shape).toEqual([5]);
    const [er, ei] = dft(x, new Array<number>(8).fill(0));
    expectNear(tf.real(r).dataSync(), er.slice(0, 5), 1e-4);
    expectNear(tf.imag(r).dataSync(), ei.slice(0, 5), 1e-4);
    expectNear(tf.spectral.irfft(r).dataSync(), x, 1e-5);
  });

  test('rfft with fftLength crops or zero-pads the rows', () => {
    const x = [1, 2, 3, 4, 5];
    expectNear(tf.real(tf.spectral.rfft(tf.tensor1d(x), 3)).dataSync(), [6, -1.5], 1e-5);
    const padded = tf.spectral.rfft(tf.tensor1d(x), 8);
    const [er] = dft([...x, 0, 0, 0], new Array<number>(8).fill(0));
    expectNear(tf.real(padded).dataSync(), er.slice(0, 5), 1e-4);
  });

  test('fft rejects real input with the dtype it expected', () => {
    expect(() => tf.spectral.fft(tf.tensor1d([1, 2]))).toThrow(/must be complex64 tensor, but got float32/);
  });
});

describe('tf.signal', () => {
  test('hann and hamming windows are periodic for even and symmetric for odd lengths', () => {
    expectNear(tf.signal.hannWindow(4).dataSync(), [0, 0.5, 1, 0.5], 1e-6);
    expectNear(tf.signal.hannWindow(5).dataSync(), [0, 0.5, 1, 0.5, 0], 1e-6);
    expectNear(tf.signal.hammingWindow(3).dataSync(), [0.08, 1, 0.08], 1e-6);
  });

  test('frame slices every frameStep samples and pads the end when asked', () => {
    const x = tf.tensor1d([1, 2, 3, 4, 5]);
    expect(tf.signal.frame(x, 3, 2).arraySync()).toEqual([[1, 2, 3], [3, 4, 5]]);
    expect(tf.signal.frame(x, 4, 2, true, 9).arraySync()).toEqual([[1, 2, 3, 4], [3, 4, 5, 9], [5, 9, 9, 9]]);
    expect(tf.signal.frame(x, 6, 1).shape).toEqual([0, 6]);
  });

  test('stft is rfft of the windowed frames', () => {
    const x = tf.tensor1d(seq(12, 4));
    const s = tf.signal.stft(x, 5, 3, 8);
    const frames = tf.signal.frame(x, 5, 3).arraySync() as number[][];
    const w = tf.signal.hannWindow(5).arraySync() as number[];
    expect(s.shape).toEqual([frames.length, 5]);
    const re = tf.real(s).arraySync() as number[][];
    const im = tf.imag(s).arraySync() as number[][];
    frames.forEach((f, i) => {
      const windowed = [...f.map((v, k) => v * (w[k] ?? 0)), 0, 0, 0];
      const [er, ei] = dft(windowed, new Array<number>(8).fill(0));
      expectNear(re[i] ?? [], er.slice(0, 5), 1e-4);
      expectNear(im[i] ?? [], ei.slice(0, 5), 1e-4);
    });
  });
});
