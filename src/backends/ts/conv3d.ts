// Direct-loop kernels of the 3-D convolution and pooling ops (volumes in tests and Conv3D layers are small; the 2-D
// ops carry the GEMM paths).
import { registerKernel } from '../../core/kernel-registry.js';
import type { Conv3DAttrs } from '../../ops/conv3d-util.js';
import { Conv3DBackpropFilterOp, Conv3DBackpropInputOp, Conv3DOp } from '../../ops/conv3d.js';
import { AvgPool3DGradOp, AvgPool3DOp, MaxPool3DGradOp, MaxPool3DOp, type Pool3DAttrs } from '../../ops/pool3d.js';
import { out0 } from './util.js';

/** Visits every (output cell, in-bounds filter tap) pair of a 3-D window op: offsets of x (channel 0), of the tap's filter slice and of the output cell (channel 0). */
function forEachTap3d(
  xShape: readonly number[], fShape: readonly number[], outChannels: number, a: Conv3DAttrs,
  visit: (xOff: number, wOff: number, yOff: number) => void,
): void {
  const [n, d, h, w, c] = [xShape[0] ?? 0, xShape[1] ?? 0, xShape[2] ?? 0, xShape[3] ?? 0, xShape[4] ?? 0];
  const [fd, fh, fw] = [fShape[0] ?? 0, fShape[1] ?? 0, fShape[2] ?? 0];
  const [od, oh, ow] = a.outSize;
  const [sd, sh, sw] = a.strides;
  const [dd, dh, dw] = a.dilations;
  const [front, , top, , left] = a.pads;
  const tapSize = c * outChannels;
  let yOff = 0;
  for (let b = 0; b < n; b++) {
    for (let z = 0; z < od; z++) {
      for (let y = 0; y < oh; y++) {
        for (let x = 0; x < ow; x++, yOff += outChannels) {
          for (let i = 0; i < fd; i++) {
            const zi = z * sd + i * dd - front;
            if (zi < 0 || zi >= d) continue;
            for (let j = 0; j < fh; j++) {
              const yi = y * sh + j * dh - top;
              if (yi < 0 || yi >= h) continue;
              for (let k = 0; k < fw; k++) {
                const xi = x * sw + k * dw - left;
                if (xi < 0 || xi >= w) continue;
                visit((((b * d + zi) * h + yi) * w + xi) * c, ((i * fh + j) * fw + k) * tapSize, yOff);
              }
            }
          }
        }
      }
    }
  }
}

registerKernel(Conv3DOp, 'ts', ({ x, filter }, a, o) => {
  const yv = out0(o).values;
  const [xv, wv] = [x.values, filter.values];
  const c = x.shape[4] ?? 0;
  const oc = filter.shape[4] ?? 0;
  yv.fill(0);
  forEachTap3d(x.shape, filter.shape, oc, a, (xo, wo, yo) => {
    for (let ci = 0; ci < c; ci++) {
      const xval = xv[xo + ci] as number;
      const w0 = wo + ci * oc;
      for (let co = 0; co < oc; co++) yv[yo + co] = (yv[yo + co] as number) + xval * (wv[w0 + co] as number);
    }
  });
});

registerKernel(Conv3DBackpropInputOp, 'ts', ({ dy, filter }, a, o) => {
  const out = out0(o);
  const dx = out.values;
  const [dyv, wv] = [dy.values, filter.values];
  const c = out.shape[4] ?? 0;
  const oc = filter.shape[4] ?? 0;
  dx.fill(0);
  forEachTap3d(out.shape, filter.shape, oc, a, (xo, wo, yo) => {
    for (let ci = 0; ci < c; ci++) {
      let s = 0;
      const w0 = wo + ci * oc;
      for (let co = 0; co < oc; co++) s += (dyv[yo + co] as number) * (wv[w0 + co] as number);
      dx[xo + ci] = (dx[xo + ci] as number) + s;
    }
  });
});

registerKernel(Conv3DBackpropFilterOp, 'ts', ({ x, dy }, a, o) => {
  const out = out0(o);
  const dw = out.values;
  const [xv, dyv] = [x.values, dy.values];
  const c = x.shape[4] ?? 0;
  const oc = out.shape[4] ?? 0;
  dw.fill(0);
  forEachTap3d(x.shape, out.shape, oc, a, (xo, wo, yo) => {
    for (let ci = 0; ci < c; ci++) {
      const xval = xv[xo + ci] as number;
      const w0 = wo + ci * oc;
      for (let co = 0; co < oc; co++) dw[w0 + co] = (dw[w0 + co] as number) + xval * (dyv[yo + co] as number);
    }
  });
});

/**
 * Calls `visit(o, cells)` for every output cell of a 3-D pool with the input offsets of its in-bounds window cells
 * (in depth, height, width order, so "first maximum" is well defined).
 */
function forEachWindow3d(shape: readonly number[], a: Pool3DAttrs, visit: (o: number, cells: number[]) => void): void {
  const c = shape[4] ?? 0;
  const window = [...a.filterSize];
  const cells: number[] = [];
  let last = -1;
  // With one output channel, yo is the output cell index; taps arrive grouped by cell (cells without any in-bounds
  // tap are never visited, so kernels fill their outputs first).
  forEachTap3d(shape, window, 1, a, (xo, _wo, yo) => {
    if (yo !== last) {
      if (last >= 0) flush(last);
      last = yo;
    }
    cells.push(xo);
  });
  if (last >= 0) flush(last);
  function flush(cell: number): void {
    for (let ch = 0; ch < c; ch++) visit(cell * c + ch, cells.map((xo) => xo + ch));
    cells.length = 0;
  }
}

registerKernel(MaxPool3DOp, 'ts', ({ x }, a, o) => {
  const ov = out0(o).values;
  const xv = x.values;
  ov.fill(-Infinity); // a window over padding only
  forEachWindow3d(x.shape, a, (oi, cells) => {
    let m = -Infinity;
    for (const i of cells) {
      const v = xv[i] as number;
      if (v > m) m = v; // NaN never compares greater, so it is skipped (TF.js)
    }
    ov[oi] = m;
  });
});

registerKernel(MaxPool3DGradOp, 'ts', ({ dy, x }, a, o) => {
  const dx = out0(o).values;
  const xv = x.values;
  dx.fill(0);
  forEachWindow3d(x.shape, a, (oi, cells) => {
    let at = -1;
    for (const i of cells) {
      const [v, best] = [xv[i] as number, at < 0 ? NaN : (xv[at] as number)];
      if (at < 0 || v > best || (Number.isNaN(best) && !Number.isNaN(v))) at = i; // NaN is skipped, as in the forward pass
    }
    if (at >= 0) dx[at] = (dx[at] as number) + (dy.values[oi] as number);
  });
});

registerKernel(AvgPool3DOp, 'ts', ({ x }, a, o) => {
  const ov = out0(o).values;
  const xv = x.values;
  ov.fill(0);
  forEachWindow3d(x.shape, a, (oi, cells) => {
    let s = 0;
    for (const i of cells) s += xv[i] as number;
    ov[oi] = s / cells.length;
  });
});

registerKernel(AvgPool3DGradOp, 'ts', ({ dy }, a, o) => {
  const out = out0(o);
  const dx = out.values;
  dx.fill(0);
  forEachWindow3d(out.shape, a, (oi, cells) => {
    const g = (dy.values[oi] as number) / cells.length;
    for (const i of cells) dx[i] = (dx[i] as number) + g;
  });
});
