import { type TypedArray, allocArray } from '../../core/dtype.js';
import { registerKernel } from '../../backend/registry.js';
import type { ConvAttrs } from '../../ops/conv-util.js';
import { Conv2DBackpropFilterOp, Conv2DBackpropInputOp, Conv2DOp } from '../../ops/conv.js';
import { gemm } from './gemm.js';
import { out0 } from './util.js';

/** Sizes of one conv problem; K = fh·fw·C is the im2col row length and P = outH·outW the number of output pixels. */
interface Geometry {
  n: number;
  h: number;
  w: number;
  c: number;
  fh: number;
  fw: number;
  outC: number;
  oh: number;
  ow: number;
  a: ConvAttrs;
}

function geometry(xShape: readonly number[], fShape: readonly number[], a: ConvAttrs): Geometry {
  return {
    n: xShape[0] ?? 0, h: xShape[1] ?? 0, w: xShape[2] ?? 0, c: xShape[3] ?? 0,
    fh: fShape[0] ?? 0, fw: fShape[1] ?? 0, outC: fShape[3] ?? 0, oh: a.outHeight, ow: a.outWidth, a,
  };
}

/** True when the im2col matrix of an image is the image itself (1×1 filter, stride 1, no padding). */
function isPointwise(g: Geometry): boolean {
  const { a } = g;
  return g.fh === 1 && g.fw === 1 && a.strides[0] === 1 && a.strides[1] === 1 && a.pads.every((p) => p === 0) && g.oh === g.h && g.ow === g.w;
}

/**
 * Unrolls image `b` of x into col [P, K]: row p = (oy, ox) holds the receptive field in (i, j, channel) order,
 * zeros where the window reads padding. The (i, j, c) order matches the filter's [fh, fw, C, outC] layout.
 */
function im2col(xv: TypedArray, b: number, g: Geometry, col: TypedArray): void {
  const { h, w, c, fh, fw, oh, ow, a } = g;
  const [sh, sw] = a.strides;
  const [dh, dw] = a.dilations;
  const top = a.pads[0];
  const left = a.pads[2];
  const k = fh * fw * c;
  const imgBase = b * h * w * c;
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      let dst = (oy * ow + ox) * k;
      for (let i = 0; i < fh; i++) {
        const y = oy * sh + i * dh - top;
        for (let j = 0; j < fw; j++) {
          const x = ox * sw + j * dw - left;
          if (y < 0 || y >= h || x < 0 || x >= w) {
            for (let ch = 0; ch < c; ch++) col[dst++] = 0;
          } else {
            const src = imgBase + (y * w + x) * c;
            for (let ch = 0; ch < c; ch++) col[dst++] = xv[src + ch] as number;
          }
        }
      }
    }
  }
}

/** The adjoint of im2col: adds col [P, K] back into image `b` of dx (overlapping windows accumulate). */
function col2im(col: TypedArray, b: number, g: Geometry, dx: TypedArray): void {
  const { h, w, c, fh, fw, oh, ow, a } = g;
  const [sh, sw] = a.strides;
  const [dh, dw] = a.dilations;
  const top = a.pads[0];
  const left = a.pads[2];
  const k = fh * fw * c;
  const imgBase = b * h * w * c;
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      let src = (oy * ow + ox) * k;
      for (let i = 0; i < fh; i++) {
        const y = oy * sh + i * dh - top;
        for (let j = 0; j < fw; j++) {
          const x = ox * sw + j * dw - left;
          if (y < 0 || y >= h || x < 0 || x >= w) {
            src += c;
            continue;
          }
          const dst = imgBase + (y * w + x) * c;
          for (let ch = 0; ch < c; ch++) dx[dst + ch] = (dx[dst + ch] as number) + (col[src++] as number);
        }
      }
    }
  }
}

// Forward: per image, out[P, outC] = col[P, K] · filter[K, outC] with the blocked GEMM.
registerKernel(Conv2DOp, 'ts', ({ x, filter }, a, o) => {
  const out = out0(o);
  const g = geometry(x.shape, filter.shape, a);
  const p = g.oh * g.ow;
  const k = g.fh * g.fw * g.c;
  const pointwise = isPointwise(g);
  const col = pointwise ? x.values : allocArray(out.dtype, p * k);
  for (let b = 0; b < g.n; b++) {
    if (!pointwise) im2col(x.values, b, g, col);
    gemm(col, pointwise ? b * p * k : 0, filter.values, 0, out.values, b * p * g.outC, p, k, g.outC, false, false);
  }
});

// dx: per image, dcol[P, K] = dy[P, outC] · filter[K, outC]ᵀ, then col2im.
registerKernel(Conv2DBackpropInputOp, 'ts', ({ dy, filter }, a, o) => {
  const out = out0(o);
  const g = geometry(out.shape, filter.shape, a);
  const p = g.oh * g.ow;
  const k = g.fh * g.fw * g.c;
  out.values.fill(0);
  if (isPointwise(g)) {
    for (let b = 0; b < g.n; b++) gemm(dy.values, b * p * g.outC, filter.values, 0, out.values, b * p * k, p, g.outC, k, false, true);
    return;
  }
  const dcol = allocArray(out.dtype, p * k);
  for (let b = 0; b < g.n; b++) {
    gemm(dy.values, b * p * g.outC, filter.values, 0, dcol, 0, p, g.outC, k, false, true);
    col2im(dcol, b, g, out.values);
  }
});

// dW[K, outC] = Σ_images col[P, K]ᵀ · dy[P, outC].
registerKernel(Conv2DBackpropFilterOp, 'ts', ({ x, dy }, a, o) => {
  const out = out0(o);
  const g = geometry(x.shape, out.shape, a);
  const p = g.oh * g.ow;
  const k = g.fh * g.fw * g.c;
  const pointwise = isPointwise(g);
  const col = pointwise ? x.values : allocArray(out.dtype, p * k);
  const part = allocArray(out.dtype, k * g.outC);
  const ov = out.values;
  ov.fill(0);
  for (let b = 0; b < g.n; b++) {
    if (!pointwise) im2col(x.values, b, g, col);
    gemm(col, pointwise ? b * p * k : 0, dy.values, b * p * g.outC, part, 0, k, p, g.outC, true, false);
    for (let i = 0; i < part.length; i++) ov[i] = (ov[i] as number) + (part[i] as number);
  }
});
