// Native comparisons, casts and select: the relu / elu gradients build masks with them on every training step.
import { type KernelOp, type TensorData, registerKernel } from '../../core/kernel-registry.js';
import { CastOp } from '../../ops/cast.js';
import * as c from '../../ops/compare.js';
import type { NativeAddon } from './addon.js';
import { allF32, binaryGeometry, f32, first } from './util.js';

/** Comparison codes shared with native/src/common.h (CompareOp). */
const COMPARE: [KernelOp<'a' | 'b', Record<string, never>>, number][] = [
  [c.GreaterOp, 0],
  [c.GreaterEqualOp, 1],
  [c.LessOp, 2],
  [c.LessEqualOp, 3],
  [c.EqualOp, 4],
  [c.NotEqualOp, 5],
];

/** Cast kinds shared with native/src/common.h (CastKind). */
const CAST_BOOL_TO_F32 = 0;
const CAST_I32_TO_F32 = 1;
const CAST_F32_TO_BOOL = 2;

function castKind(from: string, to: string): number {
  if (to === 'float32' && from === 'bool') return CAST_BOOL_TO_F32;
  if (to === 'float32' && from === 'int32') return CAST_I32_TO_F32;
  if (to === 'bool' && from === 'float32') return CAST_F32_TO_BOOL;
  return -1;
}

function sameShape(x: TensorData, y: TensorData): boolean {
  return x.shape.length === y.shape.length && x.shape.every((d, i) => d === y.shape[i]);
}

function u8(t: TensorData): Uint8Array {
  return t.values as Uint8Array;
}

/** Registers the native comparison, cast and select kernels. */
export function registerCompare(addon: NativeAddon): void {
  for (const [op, code] of COMPARE) {
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
      const kind = castKind(x.dtype, dtype);
      if (kind === CAST_F32_TO_BOOL) addon.cast(kind, f32(x), u8(out));
      else addon.cast(kind, kind === CAST_BOOL_TO_F32 ? u8(x) : (x.values as Int32Array), f32(out));
    },
    {
      accepts: ({ x }, { dtype }) =>
        castKind(x.dtype, dtype) >= 0 || (x.dtype === 'float32' && dtype === 'bfloat16') || (x.dtype === 'bfloat16' && dtype === 'float32'),
    },
  );
  registerKernel(
    c.SelectOp,
    'native',
    ({ condition, a, b }, _, outputs) => {
      const out = first(outputs);
      addon.select(u8(condition), f32(a), f32(b), f32(out));
    },
    // Only the common case where nothing broadcasts; the reference kernel handles the rest.
    { accepts: ({ condition, a, b }) => condition.dtype === 'bool' && allF32(a, b) && sameShape(condition, a) && sameShape(a, b) },
  );
}
