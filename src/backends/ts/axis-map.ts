import type { TypedArray } from '../../core/dtype.js';
import { computeStrides } from '../../core/shape.js';

/**
 * For kernels whose output element maps to an input element axis by axis: `maps[d][j]` is the input index along
 * axis d of output index j, or -1 for "no source". Gathers `src` (shaped `srcShape`) into `out` (fill for -1).
 */
export function gatherByAxisMaps(src: TypedArray, srcShape: readonly number[], maps: readonly Int32Array[], out: TypedArray, fill: number): void {
  const rank = maps.length;
  const strides = computeStrides(srcShape);
  const outShape = maps.map((m) => m.length);
  const n = out.length;
  if (n === 0) return;
  if (rank === 0) {
    out[0] = src[0] as number;
    return;
  }
  const idx = new Array<number>(rank).fill(0);
  for (let o = 0; o < n; o++) {
    let s = 0;
    let valid = true;
    for (let d = 0; d < rank; d++) {
      const k = (maps[d] as Int32Array)[idx[d] ?? 0] as number;
      if (k < 0) {
        valid = false;
        break;
      }
      s += k * (strides[d] ?? 0);
    }
    out[o] = valid ? (src[s] as number) : fill;
    for (let d = rank - 1; d >= 0; d--) {
      idx[d] = (idx[d] ?? 0) + 1;
      if ((idx[d] ?? 0) < (outShape[d] ?? 1)) break;
      idx[d] = 0;
    }
  }
}

/** The adjoint of `gatherByAxisMaps`: adds each element of `src` (shaped by the maps) into `out` (shaped `outShape`). */
export function scatterByAxisMaps(src: TypedArray, maps: readonly Int32Array[], out: TypedArray, outShape: readonly number[]): void {
  const rank = maps.length;
  const strides = computeStrides(outShape);
  const srcShape = maps.map((m) => m.length);
  const n = src.length;
  if (n === 0) return;
  if (rank === 0) {
    out[0] = (out[0] as number) + (src[0] as number);
    return;
  }
  const idx = new Array<number>(rank).fill(0);
  for (let o = 0; o < n; o++) {
    let s = 0;
    let valid = true;
    for (let d = 0; d < rank; d++) {
      const k = (maps[d] as Int32Array)[idx[d] ?? 0] as number;
      if (k < 0) {
        valid = false;
        break;
      }
      s += k * (strides[d] ?? 0);
    }
    if (valid) out[s] = (out[s] as number) + (src[o] as number);
    for (let d = rank - 1; d >= 0; d--) {
      idx[d] = (idx[d] ?? 0) + 1;
      if ((idx[d] ?? 0) < (srcShape[d] ?? 1)) break;
      idx[d] = 0;
    }
  }
}
