// Native reductions over contiguous axes ([outer, reduce, inner] split); other axis sets use the TS kernel.
import { type KernelOp, registerKernel } from '../../core/kernel-registry.js';
import type { ReduceAttrs } from '../../ops/reduce-base.js';
import { MaxOp, MinOp, ProdOp, SumOp } from '../../ops/reduction.js';
import { reduceSplit } from '../ts/util.js';
import type { NativeAddon } from './addon.js';
import { allF32, f32, first } from './util.js';

/** Reduction codes shared with native/src/common.h (ReduceOp). */
const REDUCE: [KernelOp<'x', ReduceAttrs>, number][] = [
  [SumOp, 0],
  [MaxOp, 2],
  [MinOp, 3],
  [ProdOp, 4],
];

/** Registers the native reduction kernels. */
export function registerReductions(addon: NativeAddon): void {
  for (const [op, code] of REDUCE) {
    registerKernel(
      op,
      'native',
      ({ x }, { axes }, outputs) => {
        const split = reduceSplit(x.shape, axes);
        if (!split) throw new Error(`${op.name}: native kernel received non-contiguous axes (accepts should have declined)`);
        addon.reduce(code, f32(x), f32(first(outputs)), split.outer, split.reduce, split.inner);
      },
      { accepts: ({ x }, { axes }) => allF32(x) && x.size > 0 && reduceSplit(x.shape, axes) !== null },
    );
  }
}
