import type { TypedArray } from '../../core/dtype.js';

/**
 * Copies a strided view of `src` into contiguous `out`: out[i0, i1, ...] = src[offset + Σ i_d · strides[d]].
 * Strides may be zero (broadcast) or negative (reverse), which covers slice, stridedSlice, broadcastTo and reverse.
 */
export function stridedCopy(src: TypedArray, offset: number, strides: readonly number[], outShape: readonly number[], out: TypedArray): void {
  const n = out.length;
  if (n === 0) return;
  const rank = outShape.length;
  if (rank === 0) {
    out[0] = src[offset] as number;
    return;
  }
  const last = rank - 1;
  const inner = outShape[last] ?? 1;
  const sL = strides[last] ?? 0;
  const idx = new Array<number>(rank).fill(0);
  let base = offset;
  for (let o = 0; o < n; o += inner) {
    if (sL === 1) for (let j = 0; j < inner; j++) out[o + j] = src[base + j] as number;
    else for (let j = 0; j < inner; j++) out[o + j] = src[base + j * sL] as number;
    for (let d = last - 1; d >= 0; d--) {
      idx[d] = (idx[d] ?? 0) + 1;
      base += strides[d] ?? 0;
      if ((idx[d] ?? 0) < (outShape[d] ?? 1)) break;
      base -= (strides[d] ?? 0) * (outShape[d] ?? 1);
      idx[d] = 0;
    }
  }
}

/**
 * The adjoint of `stridedCopy`: adds contiguous `src` (shaped `srcShape`) into `out` at the strided positions.
 * Used by gradient kernels (slice, stridedSlice) that scatter into a zero tensor.
 */
export function stridedAccumulate(src: TypedArray, srcShape: readonly number[], out: TypedArray, offset: number, strides: readonly number[]): void {
  const n = src.length;
  if (n === 0) return;
  const rank = srcShape.length;
  if (rank === 0) {
    out[offset] = (out[offset] as number) + (src[0] as number);
    return;
  }
  const last = rank - 1;
  const inner = srcShape[last] ?? 1;
  const sL = strides[last] ?? 0;
  const idx = new Array<number>(rank).fill(0);
  let base = offset;
  for (let o = 0; o < n; o += inner) {
    for (let j = 0; j < inner; j++) out[base + j * sL] = (out[base + j * sL] as number) + (src[o + j] as number);
    for (let d = last - 1; d >= 0; d--) {
      idx[d] = (idx[d] ?? 0) + 1;
      base += strides[d] ?? 0;
      if ((idx[d] ?? 0) < (srcShape[d] ?? 1)) break;
      base -= (strides[d] ?? 0) * (srcShape[d] ?? 1);
      idx[d] = 0;
    }
  }
}
