// Native fused optimizer updates and embedding gather / scatter-add (float32).
import { registerKernel, type TensorData } from '../../core/kernel-registry.js';
import { GatherOp, UnsortedSegmentSumOp } from '../../ops/gather.js';
import { AdagradUpdateOp, AdamUpdateOp, MomentumUpdateOp, RMSPropUpdateOp, SGDUpdateOp } from '../../ops/optimizer-updates.js';
import type { NativeAddon } from './addon.js';
import { allF32, f32, first, i32 } from './util.js';

function out(outputs: TensorData[], i: number): Float32Array {
  const o = outputs[i];
  if (!o) throw new Error(`native optimizer update: the engine allocated no output ${i}`);
  return f32(o);
}

function registerUpdates(addon: NativeAddon): void {
  registerKernel(SGDUpdateOp, 'native', ({ param, grad }, { lr }, o) => addon.sgd(f32(param), f32(grad), out(o, 0), lr), {
    accepts: ({ param, grad }) => allF32(param, grad),
  });
  registerKernel(
    MomentumUpdateOp,
    'native',
    ({ param, grad, accum }, a, o) => addon.momentum(f32(param), f32(grad), f32(accum), out(o, 0), out(o, 1), a.lr, a.momentum, a.nesterov, a.kerasForm),
    { accepts: ({ param, grad, accum }) => allF32(param, grad, accum) },
  );
  registerKernel(
    AdamUpdateOp,
    'native',
    ({ param, grad, m, v }, a, o) => {
      // Bias corrections fold into one step size, computed in double as the reference does.
      const lrT = (a.lr * Math.sqrt(1 - a.beta2 ** a.step)) / (1 - a.beta1 ** a.step);
      addon.adam(f32(param), f32(grad), f32(m), f32(v), out(o, 0), out(o, 1), out(o, 2), lrT, a.beta1, a.beta2, a.epsilon, a.lr * a.weightDecay);
    },
    { accepts: ({ param, grad, m, v }) => allF32(param, grad, m, v) },
  );
  registerKernel(
    RMSPropUpdateOp,
    'native',
    ({ param, grad, ms, mom, mg }, a, o) =>
      addon.rmsprop(f32(param), f32(grad), f32(ms), f32(mom), f32(mg), out(o, 0), out(o, 1), out(o, 2), out(o, 3), a.lr, a.rho, a.momentum, a.epsilon, a.centered),
    { accepts: ({ param, grad, ms, mom, mg }) => allF32(param, grad, ms, mom, mg) },
  );
  registerKernel(
    AdagradUpdateOp,
    'native',
    ({ param, grad, accum }, a, o) => addon.adagrad(f32(param), f32(grad), f32(accum), out(o, 0), out(o, 1), a.lr, a.epsilon),
    { accepts: ({ param, grad, accum }) => allF32(param, grad, accum) },
  );
}

function registerEmbedding(addon: NativeAddon): void {
  registerKernel(
    GatherOp,
    'native',
    ({ x, indices }, _, outputs) => {
      const rows = x.shape[0] ?? 0;
      const ids = i32(indices);
      if (!ids) throw new Error('GatherV2: native kernel needs int32 indices');
      addon.gatherRows(f32(x), rows, rows === 0 ? 0 : x.size / rows, ids, f32(first(outputs)));
    },
    { accepts: ({ x, indices }, { axis, batchDims }) => allF32(x) && indices.dtype === 'int32' && axis === 0 && batchDims === 0 && x.size > 0 },
  );
  registerKernel(
    UnsortedSegmentSumOp,
    'native',
    ({ x, segmentIds }, { numSegments }, outputs) => {
      const o = first(outputs);
      const ids = i32(segmentIds);
      if (!ids) throw new Error('UnsortedSegmentSum: native kernel needs int32 segment ids');
      const dst = f32(o);
      dst.fill(0);
      const cols = numSegments === 0 ? 0 : o.size / numSegments;
      addon.scatterAddRows(f32(x), cols, ids, dst, numSegments);
    },
    { accepts: ({ x, segmentIds }) => allF32(x) && segmentIds.dtype === 'int32' && segmentIds.size > 0 },
  );
}

/** Registers the native optimizer-update and embedding kernels. */
export function registerOptim(addon: NativeAddon): void {
  registerUpdates(addon);
  registerEmbedding(addon);
}
