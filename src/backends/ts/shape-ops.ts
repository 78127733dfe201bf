import { computeStrides } from '../../core/shape.js';
import { registerKernel } from '../../core/kernel-registry.js';
import { BroadcastToOp, ReverseOp, TileOp, TransposeOp } from '../../ops/shape-ops.js';
import { stridedCopy } from './strided.js';
import { broadcastStrides, out0, permuteValues } from './util.js';

registerKernel(TransposeOp, 'ts', ({ x }, { perm }, o) => permuteValues(x, perm, out0(o).values));

registerKernel(BroadcastToOp, 'ts', ({ x }, { shape }, o) => stridedCopy(x.values, 0, broadcastStrides(x.shape, shape), shape, out0(o).values));

registerKernel(ReverseOp, 'ts', ({ x }, { axes }, o) => {
  const strides = computeStrides(x.shape);
  let offset = 0;
  for (const a of axes) {
    offset += ((x.shape[a] ?? 1) - 1) * (strides[a] ?? 0);
    strides[a] = -(strides[a] ?? 0);
  }
  stridedCopy(x.values, offset, strides, x.shape, out0(o).values);
});

registerKernel(TileOp, 'ts', ({ x }, _attrs, o) => {
  const out = out0(o);
  const rank = x.shape.length;
  const inStrides = computeStrides(x.shape);
  const outStrides = computeStrides(out.shape);
  const xv = x.values;
  const ov = out.values;
  for (let i = 0; i < out.size; i++) {
    let rem = i;
    let src = 0;
    for (let d = 0; d < rank; d++) {
      const c = Math.floor(rem / (outStrides[d] ?? 1));
      rem -= c * (outStrides[d] ?? 1);
      src += (c % (x.shape[d] ?? 1)) * (inStrides[d] ?? 0);
    }
    ov[i] = xv[src] as number;
  }
});
