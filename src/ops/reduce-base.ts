import { type DataType } from '../core/dtype.js';
import { normalizeAxes } from '../core/shape.js';
import type { OutputSpec } from '../tensor/engine.js';
import type { Tensor } from '../tensor/tensor.js';

/** Attrs shared by reductions: the (normalised, sorted) axes and whether they are kept as size 1. */
export interface ReduceAttrs {
  axes: number[];
  keepDims: boolean;
}

/** Output shape of reducing `shape` over `axes`. */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepDims) out.push(1);
  });
  return out;
}

/** Shape rule for a reduction with output dtype `dtype`. */
export function reduceInfer(dtype: (x: Tensor) => DataType) {
  return ({ x }: Readonly<Record<'x', Tensor>>, { axes, keepDims }: ReduceAttrs): OutputSpec => ({
    shape: reducedShape(x.shape, axes, keepDims),
    dtype: dtype(x),
  });
}

/** Builds reduction attrs from TF.js-style `axis` (undefined/null means all axes). */
export function reduceAttrs(x: Tensor, axis: number | readonly number[] | undefined | null, keepDims: boolean, op: string): ReduceAttrs {
  return { axes: normalizeAxes(axis, x.rank, op), keepDims };
}

/** The shape `dy` of a reduction must be reshaped to so it broadcasts back over the input. */
export function keptShape(inShape: readonly number[], axes: readonly number[]): number[] {
  return inShape.map((d, i) => (axes.includes(i) ? 1 : d));
}
