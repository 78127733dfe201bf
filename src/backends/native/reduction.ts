// Native reductions over contiguous axes ([outer, reduce, inner] split); other axis sets use the TS kernel.
import { registerKernel } from '../../core/kernel-registry.js';
import type { ReduceAttrs } from '../../ops/reduce-base.js';
import { reduceSplit } from '../ts/util.js';
import type { NativeAddon } from './addon.js';
import { type NativeOpList, declaredOps } from './op-list.js';
import { allF32, f32, first } from './util.js';

/** The reduced axes of ReduceAttrs (the declarations are matched by name, so their attrs type is checked here). */
function axesOf(attrs: unknown): ReduceAttrs['axes'] {
  const axes: unknown = typeof attrs === 'object' && attrs !== null ? Reflect.get(attrs, 'axes') : undefined;
  if (!Array.isArray(axes) || !axes.every((a) => typeof a === 'number')) throw new TypeError('native reduce: attrs.axes must be a number array');
  return axes;
}

/** Registers the native reduction kernels the addon lists. */
export function registerReductions(addon: NativeAddon, list: NativeOpList): void {
  for (const { op, code } of declaredOps('reduce', list.reduce, ['x'] as const)) {
    registerKernel(
      op,
      'native',
      ({ x }, attrs, outputs) => {
        const split = reduceSplit(x.shape, axesOf(attrs));
        if (!split) throw new Error(`${op.name}: native kernel received non-contiguous axes (accepts should have declined)`);
        addon.reduce(code, f32(x), f32(first(outputs)), split.outer, split.reduce, split.inner);
      },
      { accepts: ({ x }, attrs) => allF32(x) && x.size > 0 && reduceSplit(x.shape, axesOf(attrs)) !== null },
    );
  }
}
