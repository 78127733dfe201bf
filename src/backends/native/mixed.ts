// Native kernels of the mixed-precision ops (src/ops/mixed.ts) for bfloat16 inputs: native/src/bf16_*.cc, on
// AVX512_BF16 where the CPU has it, else widened to float32 for the float32 GEMM (TENSORFORGE_BF16=widen forces
// that). float32/float64 inputs fall back to the 'ts' kernels.
import { type TensorData, registerKernel } from '../../core/kernel-registry.js';
import { MixedConv2DBackpropFilterOp, MixedConv2DBackpropInputOp, MixedConv2DOp, MixedMatMulOp } from '../../ops/mixed.js';
import type { NativeAddon } from './addon.js';
import { convGeom } from './nn.js';
import { f32, first } from './util.js';

const bits = (t: TensorData): Uint16Array => t.values as Uint16Array;
const allBf16 = (...ts: TensorData[]): boolean => ts.every((t) => t.dtype === 'bfloat16');

/** Registers the bf16 matmul and convolutions. */
export function registerMixed(addon: NativeAddon): void {
  registerKernel(
    MixedMatMulOp, 'native',
    ({ a, b }, { transposeA, transposeB }, o) => {
      const out = first(o);
      const k = transposeA ? (a.shape[0] ?? 0) : (a.shape[1] ?? 0);
      addon.matmulBf16(bits(a), bits(b), f32(out), out.shape[0] ?? 0, out.shape[1] ?? 0, k, transposeA, transposeB, 1);
    },
    { accepts: ({ a, b }) => allBf16(a, b) },
  );
  registerKernel(MixedConv2DOp, 'native', ({ x, filter }, a, o) => addon.conv2dBf16(bits(x), bits(filter), f32(first(o)), convGeom(x.shape, filter.shape, a)), {
    accepts: ({ x, filter }) => allBf16(x, filter),
  });
  registerKernel(
    MixedConv2DBackpropInputOp, 'native',
    ({ dy, filter }, a, o) => addon.conv2dBackpropInputBf16(bits(dy), bits(filter), f32(first(o)), convGeom(a.inputShape, filter.shape, a)),
    { accepts: ({ dy, filter }) => allBf16(dy, filter) },
  );
  registerKernel(
    MixedConv2DBackpropFilterOp, 'native',
    ({ x, dy }, a, o) => addon.conv2dBackpropFilterBf16(bits(x), bits(dy), f32(first(o)), convGeom(x.shape, a.filterShape, a)),
    { accepts: ({ x, dy }) => allBf16(x, dy) },
  );
}
