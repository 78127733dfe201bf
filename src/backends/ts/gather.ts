import { computeStrides, sizeFromShape } from '../../core/shape.js';
import { type TensorData, registerKernel } from '../../core/kernel-registry.js';
import { GatherOp, TopKOp, UnsortedSegmentSumOp, gatherDims } from '../../ops/gather.js';
import { GatherNdOp, ScatterNdOp } from '../../ops/gather-nd.js';
import { out0 } from './util.js';

registerKernel(GatherOp, 'ts', ({ x, indices }, { axis, batchDims }, o) => {
  const { B, O, A, I, N } = gatherDims(x.shape, indices.shape, axis, batchDims);
  const xv = x.values;
  const iv = indices.values;
  const ov = out0(o).values;
  let dst = 0;
  for (let b = 0; b < B; b++) {
    for (let r = 0; r < O; r++) {
      const rowBase = (b * O + r) * A * I;
      for (let n = 0; n < N; n++) {
        const k = iv[b * N + n] as number;
        if (k < 0 || k >= A) {
          for (let i = 0; i < I; i++) ov[dst++] = 0;
          continue;
        }
        const src = rowBase + k * I;
        for (let i = 0; i < I; i++) ov[dst++] = xv[src + i] as number;
      }
    }
  }
});

registerKernel(UnsortedSegmentSumOp, 'ts', ({ x, segmentIds }, { numSegments }, o) => {
  const out = out0(o);
  const ov = out.values;
  ov.fill(0);
  const inner = sizeFromShape(x.shape.slice(segmentIds.shape.length));
  const xv = x.values;
  for (let r = 0; r < segmentIds.size; r++) {
    const s = segmentIds.values[r] as number;
    if (s < 0 || s >= numSegments) continue;
    for (let i = 0; i < inner; i++) ov[s * inner + i] = (ov[s * inner + i] as number) + (xv[r * inner + i] as number);
  }
});

registerKernel(TopKOp, 'ts', ({ x }, { k }, outputs) => {
  const [values, indices] = outputs as [TensorData, TensorData];
  const n = x.shape[x.shape.length - 1] ?? 0;
  const rows = n === 0 ? 0 : x.size / n;
  const order = new Array<number>(n);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    for (let j = 0; j < n; j++) order[j] = j;
    // Descending by value, ties by lower index; NaN sorts first like TF (it compares greater than everything).
    order.sort((p, q) => {
      const a = x.values[base + p] as number;
      const b = x.values[base + q] as number;
      if (a === b) return p - q;
      if (Number.isNaN(a)) return Number.isNaN(b) ? p - q : -1;
      if (Number.isNaN(b)) return 1;
      return b - a;
    });
    for (let j = 0; j < k; j++) {
      const src = order[j] as number;
      values.values[r * k + j] = x.values[base + src] as number;
      indices.values[r * k + j] = src;
    }
  }
});

/** Flat offset in `shape` of each index tuple (the last axis of `indices`), and the size of each addressed slice. */
function ndOffsets(indices: TensorData, shape: readonly number[]): { offsets: number[]; slice: number } {
  const m = indices.shape[indices.shape.length - 1] ?? 0;
  const strides = computeStrides(shape);
  const count = m === 0 ? sizeFromShape(indices.shape.slice(0, -1)) : indices.size / m;
  const offsets = new Array<number>(count);
  for (let r = 0; r < count; r++) {
    let off = 0;
    for (let j = 0; j < m; j++) off += (indices.values[r * m + j] as number) * (strides[j] ?? 0);
    offsets[r] = off;
  }
  return { offsets, slice: sizeFromShape(shape.slice(m)) };
}

registerKernel(GatherNdOp, 'ts', ({ x, indices }, _attrs, o) => {
  const ov = out0(o).values;
  const { offsets, slice } = ndOffsets(indices, x.shape);
  offsets.forEach((off, r) => {
    for (let i = 0; i < slice; i++) ov[r * slice + i] = x.values[off + i] as number;
  });
});

registerKernel(ScatterNdOp, 'ts', ({ indices, updates }, { shape }, o) => {
  const ov = out0(o).values;
  ov.fill(0);
  const { offsets, slice } = ndOffsets(indices, shape);
  offsets.forEach((off, r) => {
    for (let i = 0; i < slice; i++) ov[off + i] = (ov[off + i] as number) + (updates.values[r * slice + i] as number);
  });
});
