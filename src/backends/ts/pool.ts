import { registerKernel } from '../../core/kernel-registry.js';
import { AvgPoolGradOp, AvgPoolOp, MaxPoolGradOp, MaxPoolOp, type PoolAttrs } from '../../ops/pool.js';
import { out0 } from './util.js';

/**
 * Calls `visit(o, start, count, yLo, yHi, xLo, xHi)` for every output cell of a 2-D pool, with the window clipped
 * to the input (rows yLo..yHi-1, cols xLo..xHi-1). `start` is the input offset of (batch, 0, 0, channel).
 */
function forEachWindow(
  shape: readonly number[], a: PoolAttrs,
  visit: (o: number, base: number, yLo: number, yHi: number, xLo: number, xHi: number) => void,
): void {
  const [n, h, w, c] = [shape[0] ?? 0, shape[1] ?? 0, shape[2] ?? 0, shape[3] ?? 0];
  const [sh, sw] = a.strides;
  const [fh, fw] = a.filterSize;
  const top = a.pads[0];
  const left = a.pads[2];
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < a.outHeight; oy++) {
      const y0 = oy * sh - top;
      const yLo = Math.max(0, y0);
      const yHi = Math.min(h, y0 + fh);
      for (let ox = 0; ox < a.outWidth; ox++) {
        const x0 = ox * sw - left;
        const xLo = Math.max(0, x0);
        const xHi = Math.min(w, x0 + fw);
        for (let ch = 0; ch < c; ch++) visit(o++, b * h * w * c + ch, yLo, yHi, xLo, xHi);
      }
    }
  }
}

registerKernel(MaxPoolOp, 'ts', ({ x }, a, o) => {
  const ov = out0(o).values;
  const xv = x.values;
  const [w, c] = [x.shape[2] ?? 0, x.shape[3] ?? 0];
  forEachWindow(x.shape, a, (oi, base, yLo, yHi, xLo, xHi) => {
    let m = -Infinity;
    for (let y = yLo; y < yHi; y++) {
      for (let xx = xLo; xx < xHi; xx++) {
        const v = xv[base + (y * w + xx) * c] as number;
        if (v > m) m = v; // NaN is skipped, as in TF.js
      }
    }
    ov[oi] = m;
  });
});

registerKernel(MaxPoolGradOp, 'ts', ({ dy, x }, a, o) => {
  const dx = out0(o).values;
  const xv = x.values;
  const [w, c] = [x.shape[2] ?? 0, x.shape[3] ?? 0];
  dx.fill(0);
  forEachWindow(x.shape, a, (oi, base, yLo, yHi, xLo, xHi) => {
    let m = -Infinity;
    let at = -1;
    for (let y = yLo; y < yHi; y++) {
      for (let xx = xLo; xx < xHi; xx++) {
        const idx = base + (y * w + xx) * c;
        const v = xv[idx] as number;
        if (at < 0 || v > m || (Number.isNaN(m) && !Number.isNaN(v))) {
          m = v;
          at = idx;
        }
      }
    }
    if (at >= 0) dx[at] = (dx[at] as number) + (dy.values[oi] as number);
  });
});

registerKernel(AvgPoolOp, 'ts', ({ x }, a, o) => {
  const ov = out0(o).values;
  const xv = x.values;
  const [w, c] = [x.shape[2] ?? 0, x.shape[3] ?? 0];
  forEachWindow(x.shape, a, (oi, base, yLo, yHi, xLo, xHi) => {
    let s = 0;
    for (let y = yLo; y < yHi; y++) for (let xx = xLo; xx < xHi; xx++) s += xv[base + (y * w + xx) * c] as number;
    const count = Math.max(0, yHi - yLo) * Math.max(0, xHi - xLo);
    ov[oi] = count > 0 ? s / count : 0;
  });
});

registerKernel(AvgPoolGradOp, 'ts', ({ dy }, a, o) => {
  const out = out0(o);
  const dx = out.values;
  const [w, c] = [out.shape[2] ?? 0, out.shape[3] ?? 0];
  dx.fill(0);
  forEachWindow(out.shape, a, (oi, base, yLo, yHi, xLo, xHi) => {
    const count = Math.max(0, yHi - yLo) * Math.max(0, xHi - xLo);
    if (count === 0) return;
    const g = (dy.values[oi] as number) / count;
    for (let y = yLo; y < yHi; y++) for (let xx = xLo; xx < xHi; xx++) dx[base + (y * w + xx) * c] = (dx[base + (y * w + xx) * c] as number) + g;
  });
});
