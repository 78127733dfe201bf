// TS kernels for op family 'elementwise-math' (unary math and the numeric binary ops).
import { registerKernel } from '../../core/kernel-registry.js';
import type { OpDef } from '../../tensor/engine.js';
import * as m from '../../ops/elementwise-math.js';
import * as b from '../../ops/binary-math.js';
import { binaryLoop, out0, unaryLoop } from './util.js';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * The Gauss error function to about 1e-15 relative error (smooth, so finite differences of it are sharp).
 * |x| < 3: erf(x) = 2/sqrt(pi) e^{-x^2} sum_n 2^n x^{2n+1} / (1*3*...*(2n+1)), a series of positive terms (no
 * cancellation). Otherwise erfc(x) from its continued fraction (evaluated with the modified Lentz method).
 */
export function erfScalar(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 3) {
    let term = ax;
    let total = ax;
    for (let n = 1; n < 200 && term > total * 1e-17; n++) {
      term *= (2 * ax * ax) / (2 * n + 1);
      total += term;
    }
    const r = TWO_OVER_SQRT_PI * Math.exp(-ax * ax) * total;
    return x < 0 ? -r : r;
  }
  if (ax > 6) return x < 0 ? -1 : 1;
  // erfc(x) = e^{-x^2}/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
  const tiny = 1e-300;
  let f = ax;
  let c = ax;
  let d = 0;
  for (let k = 1; k < 200; k++) {
    const a = k / 2;
    d = ax + a * d;
    d = d === 0 ? tiny : 1 / d;
    c = ax + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return x < 0 ? erfc - 1 : 1 - erfc;
}

/** Round half to even, as TF.js does. */
function roundHalfEven(v: number): number {
  const base = Math.floor(v);
  const frac = v - base;
  if (frac < 0.5) return base;
  if (frac > 0.5) return base + 1;
  return base % 2 === 0 ? base : base + 1;
}

function signOf(v: number): number {
  return v > 0 ? 1 : v < 0 ? -1 : 0; // sign(NaN) = 0, as in TF.js
}

const unary: [OpDef<'x', Record<string, never>>, (v: number) => number][] = [
  [m.AbsOp, Math.abs],
  [m.SignOp, signOf],
  [m.ExpOp, Math.exp],
  [m.Expm1Op, Math.expm1],
  [m.LogOp, Math.log],
  [m.Log1pOp, Math.log1p],
  [m.SqrtOp, Math.sqrt],
  [m.RsqrtOp, (v) => 1 / Math.sqrt(v)],
  [m.SquareOp, (v) => v * v],
  [m.ReciprocalOp, (v) => 1 / v],
  [m.SinOp, Math.sin],
  [m.CosOp, Math.cos],
  [m.TanOp, Math.tan],
  [m.AsinOp, Math.asin],
  [m.AcosOp, Math.acos],
  [m.AtanOp, Math.atan],
  [m.SinhOp, Math.sinh],
  [m.CoshOp, Math.cosh],
  [m.FloorOp, Math.floor],
  [m.CeilOp, Math.ceil],
  [m.RoundOp, roundHalfEven],
  [m.ErfOp, erfScalar],
];
for (const [op, f] of unary) registerKernel(op, 'ts', ({ x }, _, o) => unaryLoop(x, out0(o), f));

registerKernel(m.ClipByValueOp, 'ts', ({ x }, { clipValueMin: lo, clipValueMax: hi }, o) =>
  unaryLoop(x, out0(o), (v) => (v < lo ? lo : v > hi ? hi : v)),
);

/** Python-style modulo: the result has the sign of the divisor (TF.js `mod`). */
function floorMod(x: number, y: number): number {
  const r = x % y;
  return (x < 0 && y < 0) || (x >= 0 && y >= 0) || r === 0 ? r : (r + y) % y;
}

function maxPropagate(x: number, y: number): number {
  return Number.isNaN(x) || Number.isNaN(y) ? NaN : x >= y ? x : y;
}
function minPropagate(x: number, y: number): number {
  return Number.isNaN(x) || Number.isNaN(y) ? NaN : x <= y ? x : y;
}

const binary: [OpDef<'a' | 'b', Record<string, never>>, (x: number, y: number) => number][] = [
  [b.FloorDivOp, (x, y) => Math.floor(x / y)],
  [b.ModOp, floorMod],
  [b.PowOp, Math.pow],
  [b.MaximumOp, maxPropagate],
  [b.MinimumOp, minPropagate],
  [b.SquaredDifferenceOp, (x, y) => (x - y) * (x - y)],
  [b.Atan2Op, Math.atan2],
];
for (const [op, f] of binary) registerKernel(op, 'ts', ({ a, b: bb }, _, o) => binaryLoop(a, bb, out0(o), f));
