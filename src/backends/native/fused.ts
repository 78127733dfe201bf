// Native ReluGrad (the addon's actGrad), _FusedMatMul (the addon's dense: GEMM with bias and activation applied in
// the output tile) and _FusedConv2D (the addon's conv2d with the same epilogue).
import { registerKernel } from '../../core/kernel-registry.js';
import { ReluGradOp } from '../../ops/activations.js';
import { FusedConv2DOp } from '../../ops/fused-conv.js';
import { type FusedActivation, FusedMatMulOp } from '../../ops/fused.js';
import { convGeom } from './nn.js';
import type { NativeAddon } from './addon.js';
import { type NativeOpList, codeOf } from './op-list.js';
import { allF32, f32, first } from './util.js';

/** Registers the native ReluGrad, _FusedMatMul and _FusedConv2D kernels. */
export function registerFused(addon: NativeAddon, list: NativeOpList): void {
  // The addon's code of each fused activation, by name (its list is native/src/ops.def TFN_ACT).
  const code: Record<FusedActivation, number> = {
    linear: codeOf('activation', list.activation, 'linear'),
    relu: codeOf('activation', list.activation, 'relu'),
    sigmoid: codeOf('activation', list.activation, 'sigmoid'),
    tanh: codeOf('activation', list.activation, 'tanh'),
  };
  const relu = code.relu;
  registerKernel(ReluGradOp, 'native', ({ dy, y }, _, outputs) => addon.actGrad(relu, f32(dy), f32(y), f32(first(outputs))), {
    accepts: ({ dy, y }) => relu >= 0 && allF32(dy, y),
  });
  registerKernel(
    FusedMatMulOp,
    'native',
    ({ a, b, bias }, { activation }, outputs) => {
      const m = a.shape[0] ?? 0;
      const k = a.shape[1] ?? 0;
      const n = b.shape[1] ?? 0;
      addon.dense(f32(a), f32(b), f32(bias), f32(first(outputs)), m, n, k, false, code[activation]);
    },
    { accepts: ({ a, b, bias }, { activation }) => code[activation] >= 0 && allF32(a, b, bias) },
  );
  registerKernel(
    FusedConv2DOp,
    'native',
    ({ x, filter, bias }, a, outputs) =>
      addon.conv2d(f32(x), f32(filter), f32(first(outputs)), convGeom(x.shape, filter.shape, a), f32(bias), code[a.activation]),
    { accepts: ({ x, filter, bias }, a) => code[a.activation] >= 0 && allF32(x, filter, bias) && x.shape.length === 4 && filter.shape.length === 4 },
  );
}
