// Native comparisons, casts and select: the relu / elu gradients build masks with them on every training step.
import { type TensorData, registerKernel } from '../../core/kernel-registry.js';
import { CastOp } from '../../ops/cast.js';
import { SelectOp } from '../../ops/compare.js';
import type { NativeAddon } from './addon.js';
import { type NativeOpList, declaredOps } from './op-list.js';
import { allF32, binaryGeometry, f32, first } from './util.js';

/** The addon's cast code for a dtype pair, or -1 when it has none (its list names pairs as 'from:to'). */
function castCode(list: NativeOpList, from: string, to: string): number {
  return list.cast.indexOf(`${from}:${to}`);
}

function sameShape(x: TensorData, y: TensorData): boolean {
  return x.shape.length === y.shape.length && x.shape.every((d, i) => d === y.shape[i]);
}

function u8(t: TensorData): Uint8Array {
  return t.values as Uint8Array;
}

/** The storage of a bool, int32 or float32 tensor, as the addon's cast takes it. */
function storage(t: TensorData): Uint8Array | Int32Array | Float32Array {
  const v = t.values;
  if (v instanceof Uint8Array || v instanceof Int32Array || v instanceof Float32Array) return v;
  throw new TypeError(`native cast: ${t.dtype} storage is not one the addon converts`);
}

/** Registers the native comparison, cast and select kernels. */
export function registerCompare(addon: NativeAddon, list: NativeOpList): void {
  for (const { op, code } of declaredOps('compare', list.compare, ['a', 'b'] as const)) {
    registerKernel(
      op,
      'native',
      ({ a, b }, _, outputs) => {
        const out = first(outputs);
        const geom = binaryGeometry(a.shape, b.shape, out.shape);
        if (!geom) throw new Error(`${op.name}: native kernel got more than 8 unmergeable dimensions (accepts should have declined)`);
        addon.compare(code, f32(a), f32(b), u8(out), geom);
      },
      { accepts: ({ a, b }) => allF32(a, b) && Math.max(a.shape.length, b.shape.length) <= 8 },
    );
  }
  registerKernel(
    CastOp,
    'native',
    ({ x }, { dtype }, outputs) => {
      const out = first(outputs);
      if (dtype === 'bfloat16') return addon.castToBf16(f32(x), out.values as Uint16Array);
      if (x.dtype === 'bfloat16') return addon.castFromBf16(x.values as Uint16Array, f32(out));
      const code = castCode(list, x.dtype, dtype);
      // The addon checks each array's type against the pair, so the typed views below cannot lie to it.
      addon.cast(code, storage(x), storage(out));
    },
    {
      accepts: ({ x }, { dtype }) =>
        castCode(list, x.dtype, dtype) >= 0 || (x.dtype === 'float32' && dtype === 'bfloat16') || (x.dtype === 'bfloat16' && dtype === 'float32'),
    },
  );
  registerKernel(
    SelectOp,
    'native',
    ({ condition, a, b }, _, outputs) => {
      const out = first(outputs);
      addon.select(u8(condition), f32(a), f32(b), f32(out));
    },
    // Only the common case where nothing broadcasts; the reference kernel handles the rest.
    { accepts: ({ condition, a, b }) => condition.dtype === 'bool' && allF32(a, b) && sameShape(condition, a) && sameShape(a, b) },
  );
}
