import { computeStrides } from '../../core/shape.js';
import { type TensorData, registerKernel } from '../../core/kernel-registry.js';
import { CONCAT_INPUTS, ConcatOp, UnpackOp } from '../../ops/concat.js';
import { SliceOp, StridedSliceGradOp, StridedSliceOp } from '../../ops/slice.js';
import { stridedAccumulate, stridedCopy } from './strided.js';
import { out0 } from './util.js';

function window(shape: readonly number[], begin: readonly number[], steps: readonly number[]): { offset: number; strides: number[] } {
  const inStrides = computeStrides(shape);
  let offset = 0;
  const strides = shape.map((_, i) => {
    offset += (begin[i] ?? 0) * (inStrides[i] ?? 0);
    return (steps[i] ?? 1) * (inStrides[i] ?? 0);
  });
  return { offset, strides };
}

registerKernel(SliceOp, 'ts', ({ x }, { begin, size }, o) => {
  const { offset, strides } = window(x.shape, begin, []);
  stridedCopy(x.values, offset, strides, size, out0(o).values);
});

registerKernel(StridedSliceOp, 'ts', ({ x }, { begin, strides: steps, size }, o) => {
  const { offset, strides } = window(x.shape, begin, steps);
  stridedCopy(x.values, offset, strides, size, out0(o).values);
});

registerKernel(StridedSliceGradOp, 'ts', ({ dy }, { shape, begin, strides: steps }, o) => {
  const out = out0(o);
  out.values.fill(0);
  const { offset, strides } = window(shape, begin, steps);
  stridedAccumulate(dy.values, dy.shape, out.values, offset, strides);
});

registerKernel(ConcatOp, 'ts', (inputs, { axis }, o) => {
  const out = out0(o);
  const parts: TensorData[] = [];
  for (const name of CONCAT_INPUTS) {
    const t = (inputs as Partial<Record<string, TensorData>>)[name];
    if (t) parts.push(t);
  }
  // Each input contributes a contiguous run of (its axis size × inner) elements per outer index.
  const outer = out.shape.slice(0, axis).reduce((p, d) => p * d, 1);
  const inner = out.shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const rowLen = (out.shape[axis] ?? 0) * inner;
  const ov = out.values;
  let colOffset = 0;
  for (const t of parts) {
    const len = (t.shape[axis] ?? 0) * inner;
    const tv = t.values;
    for (let r = 0; r < outer; r++) {
      const dst = r * rowLen + colOffset;
      const src = r * len;
      for (let j = 0; j < len; j++) ov[dst + j] = tv[src + j] as number;
    }
    colOffset += len;
  }
});

// Unpack: slice k of x is `outer` contiguous runs of `inner` values, each copied with one set().
registerKernel(UnpackOp, 'ts', ({ x }, { axis }, outs) => {
  const outer = x.shape.slice(0, axis).reduce((p, d) => p * d, 1);
  const n = x.shape[axis] ?? 0;
  const inner = x.shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const xv = x.values;
  outs.forEach((o, k) => {
    const ov = o.values;
    for (let a = 0; a < outer; a++) ov.set(xv.subarray((a * n + k) * inner, (a * n + k + 1) * inner), a * inner);
  });
});
