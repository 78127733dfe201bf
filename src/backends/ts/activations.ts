// TS kernels for op family 'activations' (the hot ones; the rest are composites).
import type { TensorData } from '../../core/kernel-registry.js';
import { registerKernel } from '../../core/kernel-registry.js';
import * as a from '../../ops/activations.js';
import { binaryLoop, out0, unaryLoop } from './util.js';

/** Sigmoid that never evaluates e^{large}: for x < 0 it uses e^x / (1 + e^x). */
function sigmoidScalar(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

// Relu runs after every hidden layer: a direct loop, not unaryLoop's shared callback. NaN passes through.
registerKernel(a.ReluOp, 'ts', ({ x }, _, o) => {
  const xv = x.values;
  const ov = out0(o).values;
  for (let i = 0; i < ov.length; i++) {
    const v = xv[i] as number;
    ov[i] = v > 0 || Number.isNaN(v) ? v : 0;
  }
});
registerKernel(a.SigmoidOp, 'ts', ({ x }, _, o) => unaryLoop(x, out0(o), sigmoidScalar));
registerKernel(a.TanhOp, 'ts', ({ x }, _, o) => unaryLoop(x, out0(o), Math.tanh));
registerKernel(a.EluOp, 'ts', ({ x }, _, o) => unaryLoop(x, out0(o), (v) => (v > 0 ? v : Math.expm1(v))));
registerKernel(a.GeluTanhOp, 'ts', ({ x }, _, o) =>
  unaryLoop(x, out0(o), (v) => {
    if (v === -Infinity) return -0; // -Inf * (1 + tanh(-Inf)) would be -Inf * 0 = NaN
    const u = a.GELU_C * (v + a.GELU_K * v * v * v);
    return 0.5 * v * (1 + Math.tanh(u));
  }),
);
registerKernel(a.GeluTanhGradOp, 'ts', ({ a: dy, b: x }, _, o) => binaryLoop(dy, x, out0(o), a.geluTanhGradScalar));
registerKernel(a.SoftplusOp, 'ts', ({ x }, _, o) =>
  unaryLoop(x, out0(o), (v) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)))),
);

/** Visits each 1-D slice along `dim` as (start offset, stride, length). */
function forEachSlice(x: TensorData, dim: number, f: (start: number, stride: number, len: number) => void): void {
  const len = x.shape[dim] ?? 1;
  let inner = 1;
  for (let i = dim + 1; i < x.shape.length; i++) inner *= x.shape[i] ?? 1;
  const outer = len * inner === 0 ? 0 : x.size / (len * inner);
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) f(o * len * inner + i, inner, len);
}

registerKernel(a.SoftmaxOp, 'ts', ({ logits }, { dim }, o) => {
  const xv = logits.values;
  const ov = out0(o).values;
  forEachSlice(logits, dim, (start, stride, len) => {
    let max = -Infinity;
    for (let k = 0; k < len; k++) max = Math.max(max, xv[start + k * stride] as number);
    if (max === -Infinity) max = 0;
    let total = 0;
    for (let k = 0; k < len; k++) {
      const e = Math.exp((xv[start + k * stride] as number) - max);
      ov[start + k * stride] = e;
      total += e;
    }
    for (let k = 0; k < len; k++) ov[start + k * stride] = (ov[start + k * stride] as number) / total;
  });
});

registerKernel(a.LogSoftmaxOp, 'ts', ({ logits }, { dim }, o) => {
  const xv = logits.values;
  const ov = out0(o).values;
  forEachSlice(logits, dim, (start, stride, len) => {
    let max = -Infinity;
    for (let k = 0; k < len; k++) max = Math.max(max, xv[start + k * stride] as number);
    if (max === -Infinity) max = 0;
    let total = 0;
    for (let k = 0; k < len; k++) total += Math.exp((xv[start + k * stride] as number) - max);
    const lse = max + Math.log(total);
    for (let k = 0; k < len; k++) ov[start + k * stride] = (xv[start + k * stride] as number) - lse;
  });
});
