// TS kernels for op family 'reduction-extra' (argMax/argMin, cumsum).
import type { TensorData } from '../../core/kernel-registry.js';
import { registerKernel } from '../../core/kernel-registry.js';
import { ArgMaxOp, ArgMinOp, CumsumOp } from '../../ops/reduction-extra.js';
import { out0 } from './util.js';

/** Splits `shape` around `axis` into outer * len * inner. */
function around(shape: readonly number[], axis: number): { outer: number; len: number; inner: number } {
  let outer = 1;
  let inner = 1;
  shape.forEach((d, i) => {
    if (i < axis) outer *= d;
    else if (i > axis) inner *= d;
  });
  return { outer, len: shape[axis] ?? 1, inner };
}

/**
 * Writes the index of the first element along `axis` that `better` prefers. NaN is skipped, as in TF.js (NumPy would
 * pick it); an all-NaN row gives index 0.
 */
function argKernel(x: TensorData, axis: number, out: TensorData, better: (v: number, best: number) => boolean): void {
  const { outer, len, inner } = around(x.shape, axis);
  const xv = x.values;
  const ov = out.values;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      let best = xv[base] as number;
      let at = 0;
      for (let k = 1; k < len; k++) {
        const v = xv[base + k * inner] as number;
        if (Number.isNaN(best) ? !Number.isNaN(v) : better(v, best)) {
          best = v;
          at = k;
        }
      }
      ov[o * inner + i] = at;
    }
  }
}

registerKernel(ArgMaxOp, 'ts', ({ x }, { axis }, o) => argKernel(x, axis, out0(o), (v, best) => v > best));
registerKernel(ArgMinOp, 'ts', ({ x }, { axis }, o) => argKernel(x, axis, out0(o), (v, best) => v < best));

registerKernel(CumsumOp, 'ts', ({ x }, { axis, exclusive, reverse }, o) => {
  const { outer, len, inner } = around(x.shape, axis);
  const xv = x.values;
  const ov = out0(o).values;
  for (let p = 0; p < outer; p++) {
    for (let i = 0; i < inner; i++) {
      const base = p * len * inner + i;
      let acc = 0;
      for (let s = 0; s < len; s++) {
        const k = reverse ? len - 1 - s : s;
        const at = base + k * inner;
        const v = xv[at] as number;
        if (exclusive) {
          ov[at] = acc;
          acc += v;
        } else {
          acc += v;
          ov[at] = acc;
        }
      }
    }
  }
});
