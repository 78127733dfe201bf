import { type TypedArray, bf16BitsToF32, f32ToBf16Bits } from '../../core/dtype.js';
import { type TensorData, registerKernel } from '../../core/kernel-registry.js';
import { AddOp, DivOp, MulOp, NegOp, SubOp } from '../../ops/arithmetic.js';
import { CastOp } from '../../ops/cast.js';
import { binaryLoop, isTrailing, out0, unaryLoop } from './util.js';

const enum Arith { Add, Sub, Mul, Div }

const ARITH_FNS: Record<Arith, (x: number, y: number) => number> = {
  [Arith.Add]: (x, y) => x + y,
  [Arith.Sub]: (x, y) => x - y,
  [Arith.Mul]: (x, y) => x * y,
  [Arith.Div]: (x, y) => x / y,
};

// The four arithmetic ops run on every training step (bias add, gradients, optimizer-free updates), so their
// common layouts get their own closure-free loops: a callback shared by four ops is a megamorphic call per element.

/** ov[i] = av[i] ∘ bv[i % m]: equal shapes (m = n) or a trailing row such as a bias (m = channels). */
function rowLoop(kind: Arith, av: TypedArray, bv: TypedArray, ov: TypedArray, n: number, m: number): void {
  switch (kind) {
    case Arith.Add:
      for (let i = 0; i < n; i += m) for (let j = 0; j < m; j++) ov[i + j] = (av[i + j] as number) + (bv[j] as number);
      return;
    case Arith.Sub:
      for (let i = 0; i < n; i += m) for (let j = 0; j < m; j++) ov[i + j] = (av[i + j] as number) - (bv[j] as number);
      return;
    case Arith.Mul:
      for (let i = 0; i < n; i += m) for (let j = 0; j < m; j++) ov[i + j] = (av[i + j] as number) * (bv[j] as number);
      return;
    case Arith.Div:
      for (let i = 0; i < n; i += m) for (let j = 0; j < m; j++) ov[i + j] = (av[i + j] as number) / (bv[j] as number);
      return;
  }
}

/** ov[i] = av[i] ∘ y for a scalar right operand. */
function scalarLoop(kind: Arith, av: TypedArray, y: number, ov: TypedArray, n: number): void {
  switch (kind) {
    case Arith.Add:
      for (let i = 0; i < n; i++) ov[i] = (av[i] as number) + y;
      return;
    case Arith.Sub:
      for (let i = 0; i < n; i++) ov[i] = (av[i] as number) - y;
      return;
    case Arith.Mul:
      for (let i = 0; i < n; i++) ov[i] = (av[i] as number) * y;
      return;
    case Arith.Div:
      for (let i = 0; i < n; i++) ov[i] = (av[i] as number) / y;
      return;
  }
}

function arith(kind: Arith, a: TensorData, b: TensorData, out: TensorData): void {
  const n = out.size;
  if (a.size === n) {
    if (b.size === n) return rowLoop(kind, a.values, b.values, out.values, n, n);
    if (b.size === 1) return scalarLoop(kind, a.values, b.values[0] as number, out.values, n);
    if (b.size > 0 && isTrailing(b.shape, out.shape)) return rowLoop(kind, a.values, b.values, out.values, n, b.size);
  }
  binaryLoop(a, b, out, ARITH_FNS[kind]);
}

registerKernel(AddOp, 'ts', ({ a, b }, _, o) => arith(Arith.Add, a, b, out0(o)));
registerKernel(SubOp, 'ts', ({ a, b }, _, o) => arith(Arith.Sub, a, b, out0(o)));
registerKernel(MulOp, 'ts', ({ a, b }, _, o) => arith(Arith.Mul, a, b, out0(o)));
registerKernel(DivOp, 'ts', ({ a, b }, _, o) => {
  const out = out0(o);
  if (out.dtype === 'int32') binaryLoop(a, b, out, (x, y) => Math.floor(x / y)); // TF.js's int32 div is FloorDiv
  else arith(Arith.Div, a, b, out);
});
registerKernel(NegOp, 'ts', ({ x }, _, o) => unaryLoop(x, out0(o), (v) => -v));
registerKernel(CastOp, 'ts', ({ x }, { dtype }, o) => {
  const out = out0(o);
  // bfloat16 holds bits: decode them first, and round to them last (src/core/dtype.ts).
  if (x.dtype === 'bfloat16' && dtype !== 'bfloat16') {
    for (let i = 0; i < x.size; i++) {
      const v = bf16BitsToF32(x.values[i] as number);
      out.values[i] = dtype === 'bool' ? (v !== 0 ? 1 : 0) : dtype === 'int32' ? Math.trunc(v) : v;
    }
  } else if (dtype === 'bfloat16') for (let i = 0; i < x.size; i++) out.values[i] = f32ToBf16Bits(x.values[i] as number);
  else if (dtype === 'bool') unaryLoop(x, out, (v) => (v !== 0 ? 1 : 0));
  else if (dtype === 'int32') unaryLoop(x, out, (v) => Math.trunc(v));
  else out.values.set(x.values);
});
