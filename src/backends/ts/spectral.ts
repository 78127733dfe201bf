// Reference kernels of the complex64 ops: |z| and the discrete Fourier transforms. Each innermost row is
// transformed in float64: radix-2 Cooley-Tukey when its length is a power of two, the direct O(n²) sum otherwise.
import { registerKernel } from '../../core/kernel-registry.js';
import { ComplexAbsOp } from '../../ops/complex-base.js';
import { FFTOp, type FFTAttrs, IFFTOp } from '../../ops/spectral.js';
import type { TensorData } from '../../core/kernel-registry.js';

registerKernel(ComplexAbsOp, 'ts', ({ x }, _attrs, [out]) => {
  if (!out) return;
  const im = x.imag;
  for (let i = 0; i < x.size; i++) out.values[i] = Math.hypot(x.values[i] ?? 0, im?.[i] ?? 0);
});

/** In-place radix-2 transform of (re, im), whose length is a power of two. */
function radix2(re: Float64Array, im: Float64Array, sign: number): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j] ?? 0, re[i] ?? 0];
      [im[i], im[j]] = [im[j] ?? 0, im[i] ?? 0];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (sign * 2 * Math.PI) / len;
    for (let start = 0; start < n; start += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(ang * k);
        const wi = Math.sin(ang * k);
        const a = start + k;
        const b = a + len / 2;
        const xr = (re[b] ?? 0) * wr - (im[b] ?? 0) * wi;
        const xi = (re[b] ?? 0) * wi + (im[b] ?? 0) * wr;
        re[b] = (re[a] ?? 0) - xr;
        im[b] = (im[a] ?? 0) - xi;
        re[a] = (re[a] ?? 0) + xr;
        im[a] = (im[a] ?? 0) + xi;
      }
    }
  }
}

/** Direct DFT of (re, im) for any length. */
function direct(re: Float64Array, im: Float64Array, sign: number): [Float64Array, Float64Array] {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let t = 0; t < n; t++) {
      // (k·t) mod n keeps the angle small, so large rows lose no precision to the argument of cos/sin.
      const ang = (sign * 2 * Math.PI * ((k * t) % n)) / n;
      const c = Math.cos(ang);
      const s = Math.sin(ang);
      sr += (re[t] ?? 0) * c - (im[t] ?? 0) * s;
      si += (re[t] ?? 0) * s + (im[t] ?? 0) * c;
    }
    outRe[k] = sr;
    outIm[k] = si;
  }
  return [outRe, outIm];
}

function transform(input: TensorData, out: TensorData | undefined, { inverse }: FFTAttrs): void {
  if (!out?.imag) return;
  const n = input.shape[input.shape.length - 1] ?? 0;
  if (n === 0) return;
  const rows = input.size / n;
  const sign = inverse ? 1 : -1;
  const scale = inverse ? 1 / n : 1;
  const pow2 = (n & (n - 1)) === 0;
  for (let r = 0; r < rows; r++) {
    let re: Float64Array = Float64Array.from(input.values.subarray(r * n, (r + 1) * n));
    let im: Float64Array = Float64Array.from((input.imag ?? new Float32Array(input.size)).subarray(r * n, (r + 1) * n));
    if (pow2) radix2(re, im, sign);
    else [re, im] = direct(re, im, sign);
    for (let k = 0; k < n; k++) {
      out.values[r * n + k] = (re[k] ?? 0) * scale;
      out.imag[r * n + k] = (im[k] ?? 0) * scale;
    }
  }
}

registerKernel(FFTOp, 'ts', ({ input }, attrs, [out]) => transform(input, out, attrs));
registerKernel(IFFTOp, 'ts', ({ input }, attrs, [out]) => transform(input, out, attrs));
