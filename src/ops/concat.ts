import { upcastType } from '../core/dtype.js';
import { DTypeError, ShapeError, ValueError } from '../core/errors.js';
import { fmtShape, normalizeAxis } from '../core/shape.js';
import { defineOp, run1, runOp, MOVES_ELEMENTS } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { slice } from './slice.js';
import { expandDims } from './shape-ops.js';

/** Input names of Concat: up to eight tensors per kernel call (longer lists are concatenated in chunks). */
export const CONCAT_INPUTS = ['x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7'] as const;
/** One input name of Concat. */
export type ConcatInput = (typeof CONCAT_INPUTS)[number];

/** The tensors actually given to a Concat call, in order (absent names are unused slots). */
function concatInputs(inputs: Readonly<Partial<Record<ConcatInput, { readonly shape: readonly number[] }>>>): number[][] {
  const shapes: number[][] = [];
  for (const name of CONCAT_INPUTS) {
    const t = inputs[name];
    if (t) shapes.push([...t.shape]);
  }
  return shapes;
}

/** Concat op declaration: joins `x0..x7` (those present) along `axis`. */
export const ConcatOp = defineOp<ConcatInput, { axis: number }>({
  name: 'Concat',
  special: MOVES_ELEMENTS,
  inputs: [...CONCAT_INPUTS],
  infer: (inputs, { axis }) => {
    const shapes = concatInputs(inputs);
    const shape = [...(shapes[0] ?? [])];
    shape[axis] = shapes.reduce((p, s) => p + (s[axis] ?? 0), 0);
    return { shape, dtype: inputs.x0.dtype };
  },
  grad: (dy, inputs, { axis }) => {
    const out: Partial<Record<ConcatInput, Tensor>> = {};
    let begin = 0;
    for (const name of CONCAT_INPUTS) {
      const t: Tensor | undefined = (inputs as Partial<Record<ConcatInput, Tensor>>)[name];
      if (!t) continue;
      const b = dy.shape.map((_, i) => (i === axis ? begin : 0));
      out[name] = slice(dy, b, t.shape);
      begin += t.shape[axis] ?? 0;
    }
    return out;
  },
});

function checkConcat(ts: Tensor[], axis: number, op: string): void {
  const first = ts[0] as Tensor;
  ts.forEach((t, k) => {
    const bad = t.rank !== first.rank || t.shape.some((d, i) => i !== axis && d !== first.shape[i]);
    if (bad) {
      throw new ShapeError(
        `${op}: tensor ${k} has shape ${fmtShape(t.shape)} but tensor 0 has shape ${fmtShape(first.shape)}; ` +
          `all tensors need the same rank and the same size in every dimension except axis ${axis}.`,
      );
    }
  });
}

/**
 * Joins tensors along `axis` (their other dimensions must match).
 * @example concat([tensor([1, 2]), tensor([3])]); // [1, 2, 3]
 */
export function concat(tensors: TensorLike[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new ValueError('concat: expected a non-empty array of tensors; pass at least one tensor.');
  }
  let ts = tensors.map((t, i) => convertToTensor(t, `tensors[${i}]`, 'concat'));
  const dtype = ts.reduce((d, t) => upcastType(d, t.dtype), ts[0]?.dtype ?? 'float32');
  ts = ts.map((t) => cast(t, dtype));
  const first = ts[0] as Tensor;
  if (first.rank === 0) throw new ShapeError('concat: cannot concatenate scalars; use stack() to build a vector from them.');
  const a = normalizeAxis(axis, first.rank, 'concat');
  checkConcat(ts, a, 'concat');
  if (ts.length === 1) return first;
  while (ts.length > 1) {
    const next: Tensor[] = [];
    for (let i = 0; i < ts.length; i += CONCAT_INPUTS.length) {
      const chunk = ts.slice(i, i + CONCAT_INPUTS.length);
      if (chunk.length === 1) {
        next.push(chunk[0] as Tensor);
        continue;
      }
      const inputs: Partial<Record<ConcatInput, Tensor>> = {};
      chunk.forEach((t, k) => (inputs[CONCAT_INPUTS[k] as ConcatInput] = t));
      next.push(run1(ConcatOp, inputs as Record<ConcatInput, Tensor>, { axis: a }));
    }
    ts = next;
  }
  return ts[0] as Tensor;
}

/**
 * Stacks same-shaped tensors along a new axis.
 * @example stack([tensor([1, 2]), tensor([3, 4])]); // [[1, 2], [3, 4]]
 */
export function stack(tensors: TensorLike[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new ValueError('stack: expected a non-empty array of tensors; pass at least one tensor.');
  }
  const ts = tensors.map((t, i) => convertToTensor(t, `tensors[${i}]`, 'stack'));
  const first = ts[0] as Tensor;
  ts.forEach((t, k) => {
    if (t.dtype !== first.dtype) {
      throw new DTypeError(`stack: All tensors passed to stack must have matching dtypes; tensor ${k} is ${t.dtype} but tensor 0 is ${first.dtype}. Cast them to one dtype first.`);
    }
    if (t.rank !== first.rank || t.shape.some((d, i) => d !== first.shape[i])) {
      throw new ShapeError(
        `stack: tensor ${k} has shape ${fmtShape(t.shape)} but tensor 0 has shape ${fmtShape(first.shape)}; stack needs identical shapes.`,
      );
    }
  });
  const a = normalizeAxis(axis, first.rank + 1, 'stack');
  return concat(ts.map((t) => expandDims(t, a)), a);
}

/**
 * Unpack op declaration: splits `x` along `axis` into its slices in one pass. The gradient is one stack of the
 * upstream gradients (zeros for unused slices), not one full-size scatter per slice.
 */
export const UnpackOp = defineOp<'x', { axis: number }>({
  name: 'Unpack',
  special: MOVES_ELEMENTS,
  inputs: ['x'],
  infer: ({ x }, { axis }) => {
    const shape = x.shape.filter((_, i) => i !== axis);
    return Array.from({ length: x.shape[axis] ?? 0 }, () => ({ shape: [...shape], dtype: x.dtype }));
  },
  grad: (_dy, _inputs, { axis }, { dys }) => ({ x: stack(dys, axis) }),
});

/**
 * Splits `x` along `axis` into tensors of one rank lower.
 * @example unstack(tensor([[1, 2], [3, 4]])); // [[1, 2], [3, 4]] as two tensors
 */
export function unstack(x: TensorLike, axis = 0): Tensor[] {
  const t = convertToTensor(x, 'x', 'unstack');
  if (t.rank === 0) throw new ShapeError('unstack: x must have rank >= 1, received a scalar.');
  // TF.js's exact message (its tests compare the whole text).
  if (!Number.isInteger(axis) || axis < -t.rank || axis >= t.rank) throw new ValueError(`Axis = ${axis} is not in [-${t.rank}, ${t.rank})`);
  const a = normalizeAxis(axis, t.rank, 'unstack');
  if ((t.shape[a] ?? 0) === 0) return [];
  return runOp(UnpackOp, { x: t }, { axis: a });
}

/**
 * Splits `x` along `axis` into `numOrSizeSplits` equal parts, or parts of the listed sizes (one may be -1).
 * @example split(tensor([1, 2, 3, 4]), [1, -1]); // [[1], [2, 3, 4]]
 */
export function split(x: TensorLike, numOrSizeSplits: number | number[], axis = 0): Tensor[] {
  const t = convertToTensor(x, 'x', 'split');
  if (t.rank === 0) throw new ShapeError('split: x must have rank >= 1, received a scalar.');
  const a = normalizeAxis(axis, t.rank, 'split');
  const dim = t.shape[a] ?? 0;
  let sizes: number[];
  if (typeof numOrSizeSplits === 'number') {
    if (!Number.isInteger(numOrSizeSplits) || numOrSizeSplits < 1 || dim % numOrSizeSplits !== 0) {
      throw new ValueError(
        `split: axis ${a} of x ${fmtShape(t.shape)} has size ${dim}, which is not divisible by numOrSizeSplits ${numOrSizeSplits}; pass a list of sizes instead.`,
      );
    }
    sizes = new Array<number>(numOrSizeSplits).fill(dim / numOrSizeSplits);
  } else {
    sizes = [...numOrSizeSplits];
    const unknown = sizes.filter((s) => s === -1).length;
    const known = sizes.reduce((p, s) => (s === -1 ? p : p + s), 0);
    if (unknown > 1 || sizes.some((s) => s !== -1 && (!Number.isInteger(s) || s < 0))) {
      throw new ValueError(`split: sizes [${sizes.join(',')}] must be non-negative integers with at most one -1.`);
    }
    if (unknown === 1) sizes = sizes.map((s) => (s === -1 ? dim - known : s));
    if (known > dim || (unknown === 0 && known !== dim)) {
      throw new ValueError(`split: sizes [${numOrSizeSplits.join(',')}] must add up to ${dim}, the size of axis ${a} of x ${fmtShape(t.shape)}.`);
    }
  }
  let begin = 0;
  return sizes.map((s) => {
    const b = t.shape.map((_, i) => (i === a ? begin : 0));
    begin += s;
    return slice(t, b, t.shape.map((d, i) => (i === a ? s : d)));
  });
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    concat(x: TensorLike | TensorLike[], axis?: number): Tensor;
    split(numOrSizeSplits: number | number[], axis?: number): Tensor[];
    unstack(axis?: number): Tensor[];
  }
}
Tensor.prototype.concat = function (this: Tensor, x: TensorLike | TensorLike[], axis?: number) {
  // As in TF.js, an array is a list of tensors (or tensor-likes) to append, never one nested-array tensor.
  const rest: TensorLike[] = x instanceof Tensor || !Array.isArray(x) ? [x as TensorLike] : (x as TensorLike[]);
  return concat([this, ...rest], axis);
};
Tensor.prototype.split = function (this: Tensor, numOrSizeSplits: number | number[], axis?: number) {
  return split(this, numOrSizeSplits, axis);
};
Tensor.prototype.unstack = function (this: Tensor, axis?: number) {
  return unstack(this, axis);
};
