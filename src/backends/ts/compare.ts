// TS kernels for op family 'compare' (comparisons, logic, NaN tests and select).
import type { TypedArray } from '../../core/dtype.js';
import { registerKernel } from '../../core/kernel-registry.js';
import type { OpDef } from '../../tensor/engine.js';
import * as c from '../../ops/compare.js';
import { binaryLoop, broadcastStrides, out0, unaryLoop } from './util.js';

const binary: [OpDef<'a' | 'b', Record<string, never>>, (x: number, y: number) => boolean][] = [
  [c.EqualOp, (x, y) => x === y],
  [c.NotEqualOp, (x, y) => x !== y],
  [c.LessOp, (x, y) => x < y],
  [c.LessEqualOp, (x, y) => x <= y],
  [c.GreaterOp, (x, y) => x > y],
  [c.GreaterEqualOp, (x, y) => x >= y],
  [c.LogicalAndOp, (x, y) => x !== 0 && y !== 0],
  [c.LogicalOrOp, (x, y) => x !== 0 || y !== 0],
];
// Comparison with a scalar (relu's gradient mask is greater(x, 0)) as closure-free loops over the whole tensor.
function greaterScalar(xv: TypedArray, y: number, ov: TypedArray, n: number): void {
  for (let i = 0; i < n; i++) ov[i] = (xv[i] as number) > y ? 1 : 0;
}
function lessScalar(xv: TypedArray, y: number, ov: TypedArray, n: number): void {
  for (let i = 0; i < n; i++) ov[i] = (xv[i] as number) < y ? 1 : 0;
}
const scalarLoops = new Map<unknown, typeof greaterScalar>([
  [c.GreaterOp, greaterScalar],
  [c.LessOp, lessScalar],
]);

for (const [op, f] of binary) {
  const fast = scalarLoops.get(op);
  registerKernel(op, 'ts', ({ a, b }, _, o) => {
    const out = out0(o);
    if (fast && b.size === 1 && a.size === out.size) fast(a.values, b.values[0] as number, out.values, out.size);
    else binaryLoop(a, b, out, (x, y) => (f(x, y) ? 1 : 0));
  });
}

const unary: [OpDef<'x', Record<string, never>>, (v: number) => boolean][] = [
  [c.LogicalNotOp, (v) => v === 0],
  [c.IsNanOp, Number.isNaN],
  [c.IsFiniteOp, Number.isFinite],
  [c.IsInfOp, (v) => v === Infinity || v === -Infinity],
];
for (const [op, f] of unary) registerKernel(op, 'ts', ({ x }, _, o) => unaryLoop(x, out0(o), (v) => (f(v) ? 1 : 0)));

registerKernel(c.SelectOp, 'ts', ({ condition, a, b }, _, o) => {
  const out = out0(o);
  const cv = condition.values;
  const av = a.values;
  const bv = b.values;
  const ov = out.values;
  const n = out.size;
  if (condition.size === n && a.size === n && b.size === n) {
    for (let i = 0; i < n; i++) ov[i] = (cv[i] as number) !== 0 ? (av[i] as number) : (bv[i] as number);
    return;
  }
  // General broadcasting: walk the output index and keep one offset per operand.
  const shape = out.shape;
  const rank = shape.length;
  const sc = broadcastStrides(condition.shape, shape);
  const sa = broadcastStrides(a.shape, shape);
  const sb = broadcastStrides(b.shape, shape);
  const idx = new Array<number>(rank).fill(0);
  let ic = 0;
  let ia = 0;
  let ib = 0;
  for (let i = 0; i < n; i++) {
    ov[i] = (cv[ic] as number) !== 0 ? (av[ia] as number) : (bv[ib] as number);
    for (let d = rank - 1; d >= 0; d--) {
      idx[d] = (idx[d] ?? 0) + 1;
      ic += sc[d] ?? 0;
      ia += sa[d] ?? 0;
      ib += sb[d] ?? 0;
      if ((idx[d] ?? 0) < (shape[d] ?? 1)) break;
      ic -= (sc[d] ?? 0) * (shape[d] ?? 1);
      ia -= (sa[d] ?? 0) * (shape[d] ?? 1);
      ib -= (sb[d] ?? 0) * (shape[d] ?? 1);
      idx[d] = 0;
    }
  }
});
