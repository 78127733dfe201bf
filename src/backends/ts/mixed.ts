// Reference kernels of the mixed-precision ops (src/ops/mixed.ts): bfloat16 inputs are widened to float32 (exact)
// and the float32 reference GEMM / convolutions run on them; float32 and float64 inputs run as they are.
import { bf16BitsToF32 } from '../../core/dtype.js';
import { type TensorData, findKernel, registerKernel } from '../../core/kernel-registry.js';
import { MixedConv2DBackpropFilterOp, MixedConv2DBackpropInputOp, MixedConv2DOp, MixedMatMulOp } from '../../ops/mixed.js';
import { conv2dForward } from './conv.js';
import { gemm } from './gemm.js';
import { out0 } from './util.js';

/** `t` with float32 values when it is bfloat16. */
export function widen(t: TensorData): TensorData {
  if (t.dtype !== 'bfloat16') return t;
  const v = new Float32Array(t.size);
  for (let i = 0; i < t.size; i++) v[i] = bf16BitsToF32(t.values[i] as number);
  return { shape: t.shape, dtype: 'float32', size: t.size, values: v };
}

registerKernel(MixedMatMulOp, 'ts', ({ a, b }, { transposeA, transposeB }, o) => {
  const out = out0(o);
  const k = transposeA ? (a.shape[0] ?? 0) : (a.shape[1] ?? 0);
  gemm(widen(a).values, 0, widen(b).values, 0, out.values, 0, out.shape[0] ?? 0, k, out.shape[1] ?? 0, transposeA, transposeB);
});

registerKernel(MixedConv2DOp, 'ts', ({ x, filter }, a, o) => conv2dForward(widen(x), widen(filter), a, out0(o)));

function viaTs(opName: string, inputs: Record<string, TensorData>, attrs: unknown, o: TensorData[]): void {
  const fn = findKernel(opName, 'ts', inputs, attrs);
  if (!fn) throw new Error(`${opName}: the TypeScript reference kernel is not registered`);
  fn(inputs, attrs, o);
}

registerKernel(MixedConv2DBackpropInputOp, 'ts', ({ dy, filter }, a, o) =>
  viaTs('Conv2DBackpropInput', { dy: widen(dy), filter: widen(filter) }, a, o));
registerKernel(MixedConv2DBackpropFilterOp, 'ts', ({ x, dy }, a, o) => viaTs('Conv2DBackpropFilter', { x: widen(x), dy: widen(dy) }, a, o));
