// Cache-blocked GEMM for the TypeScript backend (the layout of BLIS/GotoBLAS, scaled to what V8 can do):
//   for each NC-wide block of n and KC-deep slice of k: pack op(B)[KC × NC] into NR-wide column panels (float64)
//     for each MC-tall block of m: pack op(A)[MC × KC] into MR-tall row panels (contiguous, float64)
//       for each NR panel × MR panel: a 4×4 register-blocked micro-kernel over the KC slice.
// Packing converts to float64 once, so the micro-kernel reads one Float64Array type (monomorphic loads) whatever
// the tensor dtype, and the transposes are absorbed by the packing loops instead of branching in the inner loop.
import type { TypedArray } from '../../core/dtype.js';

const MR = 4;
const NR = 4;
/** Depth of one packed slice: a 4-column panel of B (KC·4 doubles = 8 KiB) stays in L1. */
const KC = 256;
/** Rows of A packed at once: MC·KC doubles = 128 KiB, about L2-resident. */
const MC = 64;
/** Columns of B packed at once, which caps the packed-B scratch at KC·NC doubles (8 MiB) for very wide products. */
const NC = 4096;

const packA = new Float64Array(MC * KC);
let packB = new Float64Array(KC * 256);

function ensureB(size: number): Float64Array {
  if (packB.length < size) packB = new Float64Array(Math.min(KC * NC, Math.max(size, packB.length * 2)));
  return packB;
}

/**
 * Packs op(B)[p0:p0+kc, jc:jEnd] into panels of NR columns: panel j holds, for each p, the NR values of row p
 * (zero-padded past jEnd). B is k×n row-major (or n×k when transposed).
 */
function packPanelsB(
  bv: TypedArray, bOff: number, k: number, n: number, p0: number, kc: number, jc: number, jEnd: number, transB: boolean, dst: Float64Array,
): void {
  let d = 0;
  for (let j0 = jc; j0 < jEnd; j0 += NR) {
    const w = Math.min(NR, jEnd - j0);
    if (!transB) {
      let src = bOff + p0 * n + j0;
      if (w === NR) {
        for (let p = 0; p < kc; p++, src += n, d += NR) {
          dst[d] = bv[src] as number;
          dst[d + 1] = bv[src + 1] as number;
          dst[d + 2] = bv[src + 2] as number;
          dst[d + 3] = bv[src + 3] as number;
        }
      } else {
        for (let p = 0; p < kc; p++, src += n, d += NR) {
          for (let c = 0; c < NR; c++) dst[d + c] = c < w ? (bv[src + c] as number) : 0;
        }
      }
    } else {
      // op(B)[p, j] = B[j, p]: row j of B is contiguous in p.
      const src = bOff + j0 * k + p0;
      if (w === NR) {
        for (let p = 0; p < kc; p++, d += NR) {
          dst[d] = bv[src + p] as number;
          dst[d + 1] = bv[src + k + p] as number;
          dst[d + 2] = bv[src + 2 * k + p] as number;
          dst[d + 3] = bv[src + 3 * k + p] as number;
        }
      } else {
        for (let p = 0; p < kc; p++, d += NR) {
          for (let c = 0; c < NR; c++) dst[d + c] = c < w ? (bv[src + c * k + p] as number) : 0;
        }
      }
    }
  }
}

/** Packs op(A)[i0:i0+mc, p0:p0+kc] into panels of MR rows: panel i holds, for each p, the MR values of column p. */
function packPanelsA(av: TypedArray, aOff: number, m: number, k: number, i0: number, mc: number, p0: number, kc: number, transA: boolean, dst: Float64Array): void {
  let d = 0;
  for (let r0 = i0; r0 < i0 + mc; r0 += MR) {
    const h = Math.min(MR, i0 + mc - r0);
    if (!transA) {
      const src = aOff + r0 * k + p0;
      if (h === MR) {
        for (let p = 0; p < kc; p++, d += MR) {
          dst[d] = av[src + p] as number;
          dst[d + 1] = av[src + k + p] as number;
          dst[d + 2] = av[src + 2 * k + p] as number;
          dst[d + 3] = av[src + 3 * k + p] as number;
        }
      } else {
        for (let p = 0; p < kc; p++, d += MR) {
          for (let r = 0; r < MR; r++) dst[d + r] = r < h ? (av[src + r * k + p] as number) : 0;
        }
      }
    } else {
      // op(A)[i, p] = A[p, i]: A is k×m, so the MR values of one p are contiguous.
      let src = aOff + p0 * m + r0;
      if (h === MR) {
        for (let p = 0; p < kc; p++, src += m, d += MR) {
          dst[d] = av[src] as number;
          dst[d + 1] = av[src + 1] as number;
          dst[d + 2] = av[src + 2] as number;
          dst[d + 3] = av[src + 3] as number;
        }
      } else {
        for (let p = 0; p < kc; p++, src += m, d += MR) {
          for (let r = 0; r < MR; r++) dst[d + r] = r < h ? (av[src + r] as number) : 0;
        }
      }
    }
  }
}

/** Scratch for an edge tile: the micro-kernel always computes a full MR×NR tile. */
const edge = new Float64Array(MR * NR);

/**
 * C[i0.., j0..] (+)= Apanel · Bpanel over kc: 16 accumulators in locals, two 4-wide loads per step. `first` says
 * whether this is the first k slice (store) or a later one (accumulate). Full tiles only; see `tileEdge`.
 */
function tile(ap: Float64Array, aIdx: number, bp: Float64Array, bIdx: number, kc: number, cv: TypedArray, c0: number, ldc: number, first: boolean): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  let ai = aIdx;
  let bi = bIdx;
  for (let p = 0; p < kc; p++, ai += MR, bi += NR) {
    const b0 = bp[bi] as number, b1 = bp[bi + 1] as number, b2 = bp[bi + 2] as number, b3 = bp[bi + 3] as number;
    let a = ap[ai] as number;
    c00 += a * b0; c01 += a * b1; c02 += a * b2; c03 += a * b3;
    a = ap[ai + 1] as number;
    c10 += a * b0; c11 += a * b1; c12 += a * b2; c13 += a * b3;
    a = ap[ai + 2] as number;
    c20 += a * b0; c21 += a * b1; c22 += a * b2; c23 += a * b3;
    a = ap[ai + 3] as number;
    c30 += a * b0; c31 += a * b1; c32 += a * b2; c33 += a * b3;
  }
  if (!first) {
    c00 += cv[c0] as number; c01 += cv[c0 + 1] as number; c02 += cv[c0 + 2] as number; c03 += cv[c0 + 3] as number;
    let r = c0 + ldc;
    c10 += cv[r] as number; c11 += cv[r + 1] as number; c12 += cv[r + 2] as number; c13 += cv[r + 3] as number;
    r += ldc;
    c20 += cv[r] as number; c21 += cv[r + 1] as number; c22 += cv[r + 2] as number; c23 += cv[r + 3] as number;
    r += ldc;
    c30 += cv[r] as number; c31 += cv[r + 1] as number; c32 += cv[r + 2] as number; c33 += cv[r + 3] as number;
  }
  cv[c0] = c00; cv[c0 + 1] = c01; cv[c0 + 2] = c02; cv[c0 + 3] = c03;
  let r = c0 + ldc;
  cv[r] = c10; cv[r + 1] = c11; cv[r + 2] = c12; cv[r + 3] = c13;
  r += ldc;
  cv[r] = c20; cv[r + 1] = c21; cv[r + 2] = c22; cv[r + 3] = c23;
  r += ldc;
  cv[r] = c30; cv[r + 1] = c31; cv[r + 2] = c32; cv[r + 3] = c33;
}

/** A partial tile (h < MR rows or w < NR columns): computed into `edge` through `tile`, then the valid part stored. */
function tileEdge(ap: Float64Array, aIdx: number, bp: Float64Array, bIdx: number, kc: number, cv: TypedArray, c0: number, ldc: number, first: boolean, h: number, w: number): void {
  tile(ap, aIdx, bp, bIdx, kc, edge, 0, NR, true);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const v = edge[r * NR + c] as number;
      cv[c0 + r * ldc + c] = first ? v : (cv[c0 + r * ldc + c] as number) + v;
    }
  }
}

/**
 * C[m×n] = op(A) · op(B) for one matrix pair stored at the given offsets (row-major; A is m×k or k×m when
 * `transA`, B is k×n or n×k when `transB`). C is overwritten, or added to when `accumulate`. Sums in float64 for
 * every dtype.
 */
export function gemm(
  av: TypedArray, aOff: number, bv: TypedArray, bOff: number, cv: TypedArray, cOff: number,
  m: number, k: number, n: number, transA: boolean, transB: boolean, accumulate = false,
): void {
  if (m === 0 || n === 0) return;
  if (k === 0) {
    if (!accumulate) cv.fill(0, cOff, cOff + m * n);
    return;
  }
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    const nPanels = Math.ceil(nc / NR);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = Math.min(KC, k - p0);
      const first = p0 === 0 && !accumulate;
      const bp = ensureB(nPanels * NR * kc);
      packPanelsB(bv, bOff, k, n, p0, kc, jc, jc + nc, transB, bp);
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mc = Math.min(MC, m - i0);
        packPanelsA(av, aOff, m, k, i0, mc, p0, kc, transA, packA);
        for (let jp = 0; jp < nPanels; jp++) {
          const j0 = jc + jp * NR;
          const w = Math.min(NR, n - j0);
          const bIdx = jp * NR * kc;
          for (let r0 = 0; r0 < mc; r0 += MR) {
            const h = Math.min(MR, mc - r0);
            const c0 = cOff + (i0 + r0) * n + j0;
            if (h === MR && w === NR) tile(packA, r0 * kc, bp, bIdx, kc, cv, c0, n, first);
            else tileEdge(packA, r0 * kc, bp, bIdx, kc, cv, c0, n, first, h, w);
          }
        }
      }
    }
  }
}
