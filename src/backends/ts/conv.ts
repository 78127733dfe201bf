import { type TypedArray, allocArray } from '../../core/dtype.js';
import { type TensorData, registerKernel } from '../../core/kernel-registry.js';
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
 * Unrolls image `b` of x into rows [row0, row0 + P) of col [*, K]: row p = (oy, ox) holds the receptive field in
 * (i, j, channel) order, zeros where the window reads padding. The (i, j, c) order matches the filter's
 * [fh, fw, C, outC] layout.
 */
function im2col(xv: TypedArray, b: number, g: Geometry, col: TypedArray, row0: number): void {
  const { h, w, c, fh, fw, oh, ow, a } = g;
  const [sh, sw] = a.strides;
  const [dh, dw] = a.dilations;
  const top = a.pads[0];
  const left = a.pads[2];
  const k = fh * fw * c;
  const imgBase = b * h * w * c;
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      let dst = (row0 + oy * ow + ox) * k;
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

/** The adjoint of im2col: adds rows [row0, row0 + P) of col back into image `b` of dx (overlaps accumulate). */
function col2im(col: TypedArray, b: number, g: Geometry, dx: TypedArray, row0: number): void {
  const { h, w, c, fh, fw, oh, ow, a } = g;
  const [sh, sw] = a.strides;
  const [dh, dw] = a.dilations;
  const top = a.pads[0];
  const left = a.pads[2];
  const k = fh * fw * c;
  const imgBase = b * h * w * c;
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      let src = (row0 + oy * ow + ox) * k;
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

/** Most im2col values materialised at once; images are processed in chunks that fit (at least one image). */
const COL_LIMIT = 1 << 22;

/** Images per chunk so that a chunk's col matrix [images·P, K] stays under COL_LIMIT values. */
function chunkImages(g: Geometry, p: number, k: number): number {
  return Math.max(1, Math.min(g.n, Math.floor(COL_LIMIT / Math.max(1, p * k))));
}

// Forward: out[N·P, outC] = col[N·P, K] · filter[K, outC], one GEMM per chunk of images (the filter is packed once
// per chunk rather than once per image, and the GEMM sees tall matrices it can block well).
registerKernel(Conv2DOp, 'ts', ({ x, filter }, a, o) => conv2dForward(x, filter, a, out0(o)));

/** The Conv2D computation into `out` (also the first half of the fused conv kernel). */
export function conv2dForward(x: TensorData, filter: TensorData, a: ConvAttrs, out: TensorData): void {
  const g = geometry(x.shape, filter.shape, a);
  const p = g.oh * g.ow;
  const k = g.fh * g.fw * g.c;
  if (isPointwise(g)) {
    gemm(x.values, 0, filter.values, 0, out.values, 0, g.n * p, k, g.outC, false, false);
    return;
  }
  const nb = chunkImages(g, p, k);
  const col = allocArray(out.dtype, nb * p * k);
  for (let b0 = 0; b0 < g.n; b0 += nb) {
    const cnt = Math.min(nb, g.n - b0);
    for (let b = 0; b < cnt; b++) im2col(x.values, b0 + b, g, col, b * p);
    gemm(col, 0, filter.values, 0, out.values, b0 * p * g.outC, cnt * p, k, g.outC, false, false);
  }
}

// dx: dcol[N·P, K] = dy[N·P, outC] · filter[K, outC]ᵀ per chunk of images, then col2im.
registerKernel(Conv2DBackpropInputOp, 'ts', ({ dy, filter }, a, o) => {
  const out = out0(o);
  const g = geometry(out.shape, filter.shape, a);
  const p = g.oh * g.ow;
  const k = g.fh * g.fw * g.c;
  if (isPointwise(g)) {
    gemm(dy.values, 0, filter.values, 0, out.values, 0, g.n * p, g.outC, k, false, true);
    return;
  }
  out.values.fill(0);
  const nb = chunkImages(g, p, k);
  const dcol = allocArray(out.dtype, nb * p * k);
  for (let b0 = 0; b0 < g.n; b0 += nb) {
    const cnt = Math.min(nb, g.n - b0);
    gemm(dy.values, b0 * p * g.outC, filter.values, 0, dcol, 0, cnt * p, g.outC, k, false, true);
    for (let b = 0; b < cnt; b++) col2im(dcol, b0 + b, g, out.values, b * p);
  }
});

// dW[K, outC] = Σ_chunks col[rows, K]ᵀ · dy[rows, outC]: the GEMM sums over every pixel of every image.
registerKernel(Conv2DBackpropFilterOp, 'ts', ({ x, dy }, a, o) => {
  const out = out0(o);
  const g = geometry(x.shape, out.shape, a);
  const p = g.oh * g.ow;
  const k = g.fh * g.fw * g.c;
  if (isPointwise(g)) {
    gemm(x.values, 0, dy.values, 0, out.values, 0, k, g.n * p, g.outC, true, false);
    return;
  }
  if (g.n === 0) {
    out.values.fill(0); // an empty batch contributes nothing (and the loop below would not write dW)
    return;
  }
  const nb = chunkImages(g, p, k);
  const col = allocArray(out.dtype, nb * p * k);
  for (let b0 = 0; b0 < g.n; b0 += nb) {
    const cnt = Math.min(nb, g.n - b0);
    for (let b = 0; b < cnt; b++) im2col(x.values, b0 + b, g, col, b * p);
    gemm(col, 0, dy.values, b0 * p * g.outC, out.values, 0, k, cnt * p, g.outC, true, false, b0 > 0);
  }
});
