// Reference kernels for the fused cross-entropy ops (src/ops/losses-fused.ts).
import { registerKernel } from '../../core/kernel-registry.js';
import {
  SigmoidCrossEntropyWithLogitsOp,
  SoftmaxCrossEntropyWithLogitsOp,
  SparseSoftmaxCrossEntropyWithLogitsOp,
} from '../../ops/losses-fused.js';
import { out0 } from './util.js';

/** log(sum(exp(row))) with the row max subtracted first. */
function logSumExp(x: ArrayLike<number>, base: number, n: number): number {
  let max = -Infinity;
  for (let j = 0; j < n; j++) max = Math.max(max, x[base + j] as number);
  if (!Number.isFinite(max)) return max;
  let s = 0;
  for (let j = 0; j < n; j++) s += Math.exp((x[base + j] as number) - max);
  return max + Math.log(s);
}

registerKernel(SoftmaxCrossEntropyWithLogitsOp, 'ts', ({ labels, logits }, _, o) => {
  const out = out0(o).values;
  const c = logits.shape[logits.shape.length - 1] ?? 0;
  const x = logits.values, z = labels.values;
  for (let r = 0; r < out.length; r++) {
    const base = r * c;
    const lse = logSumExp(x, base, c);
    let loss = 0;
    for (let j = 0; j < c; j++) {
      const zj = z[base + j] as number;
      if (zj !== 0) loss += zj * (lse - (x[base + j] as number));
    }
    out[r] = loss;
  }
});

registerKernel(SparseSoftmaxCrossEntropyWithLogitsOp, 'ts', ({ labels, logits }, _, o) => {
  const out = out0(o).values;
  const c = logits.shape[logits.shape.length - 1] ?? 0;
  const x = logits.values, k = labels.values;
  for (let r = 0; r < out.length; r++) {
    const label = k[r] as number;
    out[r] = label >= 0 && label < c ? logSumExp(x, r * c, c) - (x[r * c + label] as number) : NaN;
  }
});

registerKernel(SigmoidCrossEntropyWithLogitsOp, 'ts', ({ labels, logits }, _, o) => {
  const out = out0(o).values;
  const x = logits.values, z = labels.values;
  for (let i = 0; i < out.length; i++) {
    const v = x[i] as number;
    out[i] = Math.max(v, 0) - v * (z[i] as number) + Math.log1p(Math.exp(-Math.abs(v)));
  }
});
