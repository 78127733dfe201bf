import { allocArray } from '../../core/dtype.js';
import { type TensorData, registerKernel } from '../../core/kernel-registry.js';
import type { ReduceAttrs } from '../../ops/reduce-base.js';
import { AllOp, AnyOp, MaxOp, MinOp, ProdOp, SumOp } from '../../ops/reduction.js';
import { out0, permuteValues, reduceSplit } from './util.js';

/**
 * Runs a reduction as [outer, reduce, inner] loops. Non-contiguous axes are first moved to the end by a permuted copy.
 * `init` starts each accumulator, `step` folds one value in, `finish` maps the accumulator and count to the result.
 */
export function reduceKernel(
  x: TensorData,
  { axes }: ReduceAttrs,
  out: TensorData,
  init: number,
  step: (acc: number, v: number) => number,
  finish: (acc: number, count: number) => number = (acc) => acc,
): void {
  let src = x.values;
  let split = reduceSplit(x.shape, axes);
  if (!split) {
    const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
    const perm = [...kept, ...axes];
    src = allocArray(x.dtype, x.size);
    permuteValues(x, perm, src);
    const outer = kept.reduce((p, i) => p * (x.shape[i] ?? 1), 1);
    split = { outer, reduce: x.size / Math.max(outer, 1), inner: 1 };
    if (outer === 0) split.reduce = 0;
  }
  const { outer, reduce, inner } = split;
  const ov = out.values;
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      let acc = init;
      const base = o * reduce;
      for (let r = 0; r < reduce; r++) acc = step(acc, src[base + r] as number);
      ov[o] = finish(acc, reduce);
    }
    return;
  }
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(init);
    for (let r = 0; r < reduce; r++) {
      const base = (o * reduce + r) * inner;
      for (let i = 0; i < inner; i++) acc[i] = step(acc[i] as number, src[base + i] as number);
    }
    for (let i = 0; i < inner; i++) ov[o * inner + i] = finish(acc[i] as number, reduce);
  }
}

/**
 * Sum over contiguous axes without a per-element callback (the bias gradient, a sum over the batch, runs every
 * step). Accumulates in float64 like `reduceKernel`; non-contiguous axes go through it.
 */
function sumKernel(x: TensorData, attrs: ReduceAttrs, out: TensorData): void {
  const split = reduceSplit(x.shape, attrs.axes);
  if (!split) return reduceKernel(x, attrs, out, 0, (a, v) => a + v);
  const { outer, reduce, inner } = split;
  const xv = x.values;
  const ov = out.values;
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      let acc = 0;
      const base = o * reduce;
      for (let r = 0; r < reduce; r++) acc += xv[base + r] as number;
      ov[o] = acc;
    }
    return;
  }
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    for (let r = 0; r < reduce; r++) {
      const base = (o * reduce + r) * inner;
      for (let i = 0; i < inner; i++) acc[i] = (acc[i] as number) + (xv[base + i] as number);
    }
    ov.set(acc, o * inner);
  }
}

registerKernel(SumOp, 'ts', ({ x }, attrs, o) => sumKernel(x, attrs, out0(o)));

registerKernel(ProdOp, 'ts', ({ x }, attrs, o) => reduceKernel(x, attrs, out0(o), 1, (a, v) => a * v));
registerKernel(MaxOp, 'ts', ({ x }, attrs, o) => reduceKernel(x, attrs, out0(o), -Infinity, (a, v) => (v > a || Number.isNaN(v) ? v : a)));
registerKernel(MinOp, 'ts', ({ x }, attrs, o) => reduceKernel(x, attrs, out0(o), Infinity, (a, v) => (v < a || Number.isNaN(v) ? v : a)));
registerKernel(AllOp, 'ts', ({ x }, attrs, o) => reduceKernel(x, attrs, out0(o), 1, (a, v) => (a !== 0 && v !== 0 ? 1 : 0)));
registerKernel(AnyOp, 'ts', ({ x }, attrs, o) => reduceKernel(x, attrs, out0(o), 0, (a, v) => (a !== 0 || v !== 0 ? 1 : 0)));
