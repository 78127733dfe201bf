// Native element-wise kernels: broadcasting binary ops and unary math/activations (float32 only). Which ops are
// native is the addon's list (native/src/ops.def); each is registered here by its TF.js name.
import { findKernel, registerKernel } from '../../core/kernel-registry.js';
import type { NativeAddon } from './addon.js';
import { type NativeOpList, declaredOps, numberAttr } from './op-list.js';
import { allF32, binaryGeometry, f32, first } from './util.js';

/** Registers the native element-wise kernels the addon lists. */
export function registerElementwise(addon: NativeAddon, list: NativeOpList): void {
  for (const { op, code } of declaredOps('binary', list.binary, ['a', 'b'] as const)) {
    registerKernel(
      op,
      'native',
      (inputs, attrs, outputs) => {
        const { a, b } = inputs;
        const out = first(outputs);
        const geom = binaryGeometry(a.shape, b.shape, out.shape);
        if (geom) return addon.binary(code, f32(a), f32(b), f32(out), geom);
        // More than 8 dimensions that do not merge: rare enough for the reference kernel.
        const reference = findKernel(op.name, 'ts', inputs, attrs);
        if (!reference) throw new Error(`${op.name}: no 'ts' kernel to fall back to for more than 8 unmergeable dimensions`);
        reference(inputs, attrs, outputs);
      },
      { accepts: ({ a, b }) => allF32(a, b) },
    );
  }
  const params = list.unary.map(([, p1, p2]) => [p1, p2]);
  const unary = declaredOps('unary', list.unary.map(([name]) => name), ['x'] as const, params);
  for (const { op, code, params: [p1, p2] } of unary) {
    const value = (attrs: unknown, key: string | undefined): number => (key ? numberAttr(attrs, key) : 0);
    registerKernel(op, 'native', ({ x }, attrs, outputs) => addon.unary(code, f32(x), f32(first(outputs)), value(attrs, p1), value(attrs, p2)), {
      // The kernel computes in float32: a parameter must survive that round trip for the result to equal the reference.
      accepts: ({ x }, attrs) => allF32(x) && [p1, p2].every((k) => !k || Math.fround(numberAttr(attrs, k)) === numberAttr(attrs, k)),
    });
  }
}
