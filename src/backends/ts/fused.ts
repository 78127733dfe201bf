// TS kernels for ReluGrad, _FusedMatMul and _FusedConv2D (gemm or conv, then bias and activation in one pass over
// the output).
import { type TensorData, registerKernel } from '../../core/kernel-registry.js';
import { ReluGradOp } from '../../ops/activations.js';
import { FusedConv2DOp } from '../../ops/fused-conv.js';
import { type FusedActivation, FusedMatMulOp } from '../../ops/fused.js';
import { conv2dForward } from './conv.js';
import { gemm } from './gemm.js';
import { out0 } from './util.js';

registerKernel(ReluGradOp, 'ts', ({ dy, y }, _, o) => {
  const dv = dy.values;
  const yv = y.values;
  const ov = out0(o).values;
  for (let i = 0; i < ov.length; i++) ov[i] = (yv[i] as number) > 0 ? (dv[i] as number) : 0;
});

/** Sigmoid that never evaluates e^{large} (same formula as the Sigmoid kernel). */
function sigmoidScalar(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

registerKernel(FusedMatMulOp, 'ts', ({ a, b, bias }, { activation }, o) => {
  const out = out0(o);
  const m = a.shape[0] ?? 0;
  const k = a.shape[1] ?? 0;
  const n = b.shape[1] ?? 0;
  gemm(a.values, 0, b.values, 0, out.values, 0, m, k, n, false, false);
  addBiasActivation(out, n, bias, activation);
});

registerKernel(FusedConv2DOp, 'ts', ({ x, filter, bias }, attrs, o) => {
  const out = out0(o);
  conv2dForward(x, filter, attrs, out);
  addBiasActivation(out, filter.shape[3] ?? 0, bias, attrs.activation);
});

/** out = activation(out + bias) in place, bias broadcast along the last axis (length n). */
function addBiasActivation(out: TensorData, n: number, bias: TensorData, activation: FusedActivation): void {
  const ov = out.values;
  const bv = bias.values;
  const rows = n === 0 ? 0 : out.size / n;
  // Rounding the sum to float32 before the activation gives exactly what matMul/conv2d, add and the activation give.
  const round = out.dtype === 'float32' ? Math.fround : (v: number): number => v;
  for (let r = 0; r < rows; r++) {
    const row = r * n;
    for (let j = 0; j < n; j++) {
      const z = round((ov[row + j] as number) + (bv[j] as number));
      switch (activation) {
        case 'relu':
          ov[row + j] = z > 0 || Number.isNaN(z) ? z : 0;
          break;
        case 'sigmoid':
          ov[row + j] = sigmoidScalar(z);
          break;
        case 'tanh':
          ov[row + j] = Math.tanh(z);
          break;
        default:
          ov[row + j] = z;
      }
    }
  }
}
