import { registerKernel } from '../../core/kernel-registry.js';
import type { ConvAttrs } from '../../ops/conv-util.js';
import { DepthwiseBackpropFilterOp, DepthwiseBackpropInputOp, DepthwiseConv2dOp } from '../../ops/depthwise.js';
import { out0 } from './util.js';

/**
 * Visits every (input element, filter element, output element) triple of a depthwise conv. The three kernels differ
 * only in which of the three they accumulate into, so one loop nest serves all (flat, no per-element allocation).
 */
function forEachTap(
  xShape: readonly number[], fShape: readonly number[], a: ConvAttrs,
  visit: (xi: number, fi: number, oi: number) => void,
): void {
  const [n, h, w, c] = [xShape[0] ?? 0, xShape[1] ?? 0, xShape[2] ?? 0, xShape[3] ?? 0];
  const [fh, fw, m] = [fShape[0] ?? 0, fShape[1] ?? 0, fShape[3] ?? 0];
  const [sh, sw] = a.strides;
  const [dh, dw] = a.dilations;
  const top = a.pads[0];
  const left = a.pads[2];
  const oc = c * m;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < a.outHeight; oy++) {
      for (let ox = 0; ox < a.outWidth; ox++) {
        const oBase = ((b * a.outHeight + oy) * a.outWidth + ox) * oc;
        for (let i = 0; i < fh; i++) {
          const y = oy * sh + i * dh - top;
          if (y < 0 || y >= h) continue;
          for (let j = 0; j < fw; j++) {
            const x = ox * sw + j * dw - left;
            if (x < 0 || x >= w) continue;
            const xBase = ((b * h + y) * w + x) * c;
            const fBase = (i * fw + j) * oc;
            for (let ch = 0; ch < c; ch++) {
              for (let q = 0; q < m; q++) visit(xBase + ch, fBase + ch * m + q, oBase + ch * m + q);
            }
          }
        }
      }
    }
  }
}

registerKernel(DepthwiseConv2dOp, 'ts', ({ x, filter }, a, o) => {
  const ov = out0(o).values;
  const xv = x.values;
  const fv = filter.values;
  ov.fill(0);
  forEachTap(x.shape, filter.shape, a, (xi, fi, oi) => {
    ov[oi] = (ov[oi] as number) + (xv[xi] as number) * (fv[fi] as number);
  });
});

registerKernel(DepthwiseBackpropInputOp, 'ts', ({ dy, filter }, a, o) => {
  const out = out0(o);
  const dx = out.values;
  const dv = dy.values;
  const fv = filter.values;
  dx.fill(0);
  forEachTap(out.shape, filter.shape, a, (xi, fi, oi) => {
    dx[xi] = (dx[xi] as number) + (dv[oi] as number) * (fv[fi] as number);
  });
});

registerKernel(DepthwiseBackpropFilterOp, 'ts', ({ x, dy }, a, o) => {
  const out = out0(o);
  const dw = out.values;
  const dv = dy.values;
  const xv = x.values;
  dw.fill(0);
  forEachTap(x.shape, out.shape, a, (xi, fi, oi) => {
    dw[fi] = (dw[fi] as number) + (dv[oi] as number) * (xv[xi] as number);
  });
});
