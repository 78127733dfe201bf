// Native element-wise kernels: broadcasting binary ops and unary math/activations (float32 only).
import { type KernelOp, registerKernel } from '../../core/kernel-registry.js';
import * as act from '../../ops/activations.js';
import { AddOp, DivOp, MulOp, NegOp, SubOp } from '../../ops/arithmetic.js';
import { MaximumOp, MinimumOp, SquaredDifferenceOp } from '../../ops/binary-math.js';
import * as m from '../../ops/elementwise-math.js';
import type { NativeAddon } from './addon.js';
import { allF32, binaryGeometry, f32, first } from './util.js';
import { binaryLoop } from '../ts/util.js';

/** Binary op codes shared with native/src/common.h (BinaryOp). */
const BINARY: [KernelOp<'a' | 'b', Record<string, never>>, number, (x: number, y: number) => number][] = [
  [AddOp, 0, (x, y) => x + y],
  [SubOp, 1, (x, y) => x - y],
  [MulOp, 2, (x, y) => x * y],
  [DivOp, 3, (x, y) => x / y],
  [MaximumOp, 4, (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : x >= y ? x : y)],
  [MinimumOp, 5, (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : x <= y ? x : y)],
  [SquaredDifferenceOp, 6, (x, y) => (x - y) * (x - y)],
];

/** Unary op codes shared with native/src/common.h (UnaryOp). */
const UNARY: [KernelOp<'x', Record<string, never>>, number][] = [
  [NegOp, 0],
  [act.ReluOp, 1],
  [m.ExpOp, 3],
  [m.LogOp, 4],
  [act.TanhOp, 5],
  [act.SigmoidOp, 6],
  [m.SqrtOp, 7],
  [m.RsqrtOp, 8],
  [m.SquareOp, 9],
  [m.AbsOp, 10],
  [m.ReciprocalOp, 11],
  [act.EluOp, 12],
  [act.SoftplusOp, 13],
  [m.Log1pOp, 18],
  [m.Expm1Op, 19],
  [m.SignOp, 20],
  [m.FloorOp, 21],
  [m.CeilOp, 22],
];
const CLIP = 15;

/** Registers the native element-wise kernels. */
export function registerElementwise(addon: NativeAddon): void {
  for (const [op, code, f] of BINARY) {
    registerKernel(
      op,
      'native',
      ({ a, b }, _, outputs) => {
        const out = first(outputs);
        const geom = binaryGeometry(a.shape, b.shape, out.shape);
        if (geom) addon.binary(code, f32(a), f32(b), f32(out), geom);
        else binaryLoop(a, b, out, f); // more than 8 dimensions that do not merge: rare enough for the reference loop
      },
      { accepts: ({ a, b }) => allF32(a, b) },
    );
  }
  for (const [op, code] of UNARY) {
    registerKernel(op, 'native', ({ x }, _, outputs) => addon.unary(code, f32(x), f32(first(outputs)), 1, 0), {
      accepts: ({ x }) => allF32(x),
    });
  }
  registerKernel(
    m.ClipByValueOp,
    'native',
    ({ x }, { clipValueMin, clipValueMax }, outputs) => addon.unary(CLIP, f32(x), f32(first(outputs)), clipValueMin, clipValueMax),
    // Bounds must survive the float32 round trip unchanged for the result to equal the reference.
    { accepts: ({ x }, { clipValueMin, clipValueMax }) => allF32(x) && Math.fround(clipValueMin) === clipValueMin && Math.fround(clipValueMax) === clipValueMax },
  );
}
