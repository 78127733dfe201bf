import type { TypedArray } from '../../core/dtype.js';
import { type TensorData, registerKernel } from '../../core/kernel-registry.js';
import {
  type ResizeAttrs, ResizeBilinearGradOp, ResizeBilinearOp, ResizeNearestNeighborGradOp, ResizeNearestNeighborOp,
} from '../../ops/image.js';
import { out0 } from './util.js';

/** Source-to-destination scale of one axis, as TF.js computes it. */
function ratio(inSize: number, outSize: number, alignCorners: boolean): number {
  const effIn = alignCorners && outSize > 1 ? inSize - 1 : inSize;
  const effOut = alignCorners && outSize > 1 ? outSize - 1 : outSize;
  return effOut === 0 ? 0 : effIn / effOut;
}

/** Per output index: lower and upper source index and the weight of the upper one. */
function bilinearTable(inSize: number, outSize: number, a: ResizeAttrs): { lo: Int32Array; hi: Int32Array; frac: Float64Array } {
  const r = ratio(inSize, outSize, a.alignCorners);
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const frac = new Float64Array(outSize);
  for (let i = 0; i < outSize; i++) {
    const src = a.halfPixelCenters ? r * (i + 0.5) - 0.5 : r * i;
    const f = Math.floor(src);
    lo[i] = Math.max(0, f);
    hi[i] = Math.min(inSize - 1, Math.ceil(src));
    frac[i] = src - f;
  }
  return { lo, hi, frac };
}

/** Per output index: the source index nearest-neighbour resizing copies. */
function nearestTable(inSize: number, outSize: number, a: ResizeAttrs): Int32Array {
  const r = ratio(inSize, outSize, a.alignCorners);
  const idx = new Int32Array(outSize);
  for (let i = 0; i < outSize; i++) {
    const src = a.halfPixelCenters ? r * (i + 0.5) : r * i;
    let k = Math.min(inSize - 1, a.alignCorners ? Math.round(src) : Math.floor(src));
    if (a.halfPixelCenters) k = Math.max(0, k);
    idx[i] = k;
  }
  return idx;
}

/** Visits each (output cell, source cell, weight) of a bilinear resize between `small` [N,h,w,C] and size [oh, ow]. */
function forEachBilinear(small: readonly number[], a: ResizeAttrs, visit: (o: number, s: number, weight: number) => void): void {
  const [n, h, w, c] = [small[0] ?? 0, small[1] ?? 0, small[2] ?? 0, small[3] ?? 0];
  const [oh, ow] = a.size;
  const rows = bilinearTable(h, oh, a);
  const cols = bilinearTable(w, ow, a);
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < oh; y++) {
      const [y0, y1, fy] = [rows.lo[y] as number, rows.hi[y] as number, rows.frac[y] as number];
      for (let x = 0; x < ow; x++) {
        const [x0, x1, fx] = [cols.lo[x] as number, cols.hi[x] as number, cols.frac[x] as number];
        const base = b * h * w * c;
        const p00 = base + (y0 * w + x0) * c;
        const p01 = base + (y0 * w + x1) * c;
        const p10 = base + (y1 * w + x0) * c;
        const p11 = base + (y1 * w + x1) * c;
        for (let ch = 0; ch < c; ch++, o++) {
          visit(o, p00 + ch, (1 - fy) * (1 - fx));
          visit(o, p01 + ch, (1 - fy) * fx);
          visit(o, p10 + ch, fy * (1 - fx));
          visit(o, p11 + ch, fy * fx);
        }
      }
    }
  }
}

function forEachNearest(small: readonly number[], a: ResizeAttrs, visit: (o: number, s: number) => void): void {
  const [n, h, w, c] = [small[0] ?? 0, small[1] ?? 0, small[2] ?? 0, small[3] ?? 0];
  const [oh, ow] = a.size;
  const rows = nearestTable(h, oh, a);
  const cols = nearestTable(w, ow, a);
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < oh; y++) {
      for (let x = 0; x < ow; x++) {
        const src = b * h * w * c + ((rows[y] as number) * w + (cols[x] as number)) * c;
        for (let ch = 0; ch < c; ch++) visit(o++, src + ch);
      }
    }
  }
}

function zeroed(o: TensorData[]): TypedArray {
  const v = out0(o).values;
  v.fill(0);
  return v;
}

registerKernel(ResizeBilinearOp, 'ts', ({ images }, a, o) => {
  const ov = zeroed(o);
  const iv = images.values;
  forEachBilinear(images.shape, a, (oi, si, wgt) => {
    if (wgt !== 0) ov[oi] = (ov[oi] as number) + wgt * (iv[si] as number);
  });
});

registerKernel(ResizeBilinearGradOp, 'ts', ({ dy }, a, o) => {
  const dx = zeroed(o);
  const dv = dy.values;
  forEachBilinear(a.inputShape, a, (oi, si, wgt) => {
    if (wgt !== 0) dx[si] = (dx[si] as number) + wgt * (dv[oi] as number);
  });
});

registerKernel(ResizeNearestNeighborOp, 'ts', ({ images }, a, o) => {
  const ov = out0(o).values;
  const iv = images.values;
  forEachNearest(images.shape, a, (oi, si) => (ov[oi] = iv[si] as number));
});

registerKernel(ResizeNearestNeighborGradOp, 'ts', ({ dy }, a, o) => {
  const dx = zeroed(o);
  const dv = dy.values;
  forEachNearest(a.inputShape, a, (oi, si) => (dx[si] = (dx[si] as number) + (dv[oi] as number)));
});
