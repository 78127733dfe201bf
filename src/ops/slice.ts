import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { type OpDef, defineOp, run1, MOVES_ELEMENTS } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { reshape } from './reshape.js';

/** Attrs of a strided window: start index, step and element count per axis (all resolved, one per axis). */
export interface StridedAttrs {
  begin: number[];
  strides: number[];
  size: number[];
}

/** Slice op declaration: a contiguous window (TF.js 'Slice'). */
export const SliceOp = defineOp<'x', { begin: number[]; size: number[] }>({
  name: 'Slice',
  special: MOVES_ELEMENTS,
  inputs: ['x'],
  infer: ({ x }, { size }) => ({ shape: [...size], dtype: x.dtype }),
  grad: (dy, { x }, { begin, size }) => ({
    x: run1(StridedSliceGradOp, { dy }, { shape: [...x.shape], begin, size, strides: begin.map(() => 1) }),
  }),
});

/** StridedSlice op declaration: every `strides[i]`-th element from `begin[i]`, `size[i]` of them (strides may be negative). */
export const StridedSliceOp: OpDef<'x', StridedAttrs> = defineOp<'x', StridedAttrs>({
  name: 'StridedSlice',
  special: MOVES_ELEMENTS,
  inputs: ['x'],
  infer: ({ x }, { size }) => ({ shape: [...size], dtype: x.dtype }),
  grad: (dy, { x }, attrs) => ({ x: run1(StridedSliceGradOp, { dy }, { ...attrs, shape: [...x.shape] }) }),
});

/** StridedSliceGrad op declaration: scatters `dy` into zeros of `shape` at a strided window (the adjoint of StridedSlice). */
export const StridedSliceGradOp: OpDef<'dy', StridedAttrs & { shape: number[] }> = defineOp<'dy', StridedAttrs & { shape: number[] }>({
  name: 'StridedSliceGrad',
  inputs: ['dy'],
  infer: ({ dy }, { shape }) => ({ shape: [...shape], dtype: dy.dtype }),
  grad: (ddx, _inputs, { begin, strides, size }) => ({ dy: run1(StridedSliceOp, { x: ddx }, { begin, strides, size }) }),
});

/**
 * Extracts a window of `x` starting at `begin` with extent `size` (-1 or a missing entry means "to the end").
 * @example slice(tensor([[1, 2, 3], [4, 5, 6]]), [0, 1], [2, -1]); // [[2, 3], [5, 6]]
 */
export function slice(x: TensorLike, begin: number | number[], size?: number | number[]): Tensor {
  const t = convertToTensor(x, 'x', 'slice');
  const b = typeof begin === 'number' ? [begin] : [...begin];
  const s = size === undefined ? [] : typeof size === 'number' ? [size] : [...size];
  if (b.length > t.rank || s.length > t.rank) {
    throw new ShapeError(`slice: begin [${b.join(',')}] and size [${s.join(',')}] may have at most one entry per axis of x ${fmtShape(t.shape)}.`);
  }
  const rb = t.shape.map((_, i) => b[i] ?? 0);
  const rs = t.shape.map((d, i) => {
    const bi = rb[i] ?? 0;
    const si = s[i] ?? -1;
    if (bi < 0) {
      throw new ValueError(`slice() does not support negative begin indexing. slice: begin[${i}] = ${bi} for x of shape ${fmtShape(t.shape)}; use a begin in [0, ${d}].`);
    }
    if (!Number.isInteger(bi) || bi > d) {
      throw new ValueError(`slice: begin[${i}] = ${bi} is outside [0, ${d}] for x of shape ${fmtShape(t.shape)}.`);
    }
    const resolved = si === -1 ? d - bi : si;
    if (!Number.isInteger(resolved) || resolved < 0 || bi + resolved > d) {
      throw new ValueError(
        `slice: begin[${i}] + size[${i}] = ${bi} + ${si} exceeds dimension ${i} of x ${fmtShape(t.shape)}; use size -1 to take the rest.`,
      );
    }
    return resolved;
  });
  if (rs.every((d, i) => d === t.shape[i])) return t;
  return run1(SliceOp, { x: t }, { begin: rb, size: rs });
}

/** Python-style resolution of one axis of a strided slice. */
function resolveAxis(dim: number, begin: number | undefined, end: number | undefined, stride: number): [number, number] {
  const norm = (v: number): number => (v < 0 ? v + dim : v);
  if (stride > 0) {
    const b = begin === undefined ? 0 : Math.min(Math.max(norm(begin), 0), dim);
    const e = end === undefined ? dim : Math.min(Math.max(norm(end), 0), dim);
    return [b, Math.max(0, Math.ceil((e - b) / stride))];
  }
  const b = begin === undefined ? dim - 1 : Math.min(Math.max(norm(begin), -1), dim - 1);
  const e = end === undefined ? -1 : Math.min(Math.max(norm(end), -1), dim - 1);
  return [b, Math.max(0, Math.ceil((e - b) / stride))];
}

/**
 * Rewrites a spec with an ellipsis (bit set in ellipsisMask: as many full axes as the other entries leave) and new
 * axes (bits in newAxisMask: a size-1 axis inserted into x, taken whole) as one entry per axis of the reshaped x.
 */
function densify(
  shape: readonly number[], begin: number[], end: number[], strides: number[],
  beginMask: number, endMask: number, ellipsisMask: number, newAxisMask: number, shrinkAxisMask: number,
) {
  const n = Math.max(begin.length, end.length, strides.length);
  let consumed = 0;
  for (let k = 0; k < n; k++) if (!((ellipsisMask | newAxisMask) & (1 << k))) consumed++;
  const out = { shape: [] as number[], begin: [] as number[], end: [] as number[], strides: [] as number[], beginMask: 0, endMask: 0, shrinkAxisMask: 0 };
  let axis = 0;
  let seenEllipsis = false;
  const full = (size: number): void => {
    const i = out.shape.length;
    out.shape.push(size);
    out.begin.push(0);
    out.end.push(0);
    out.strides.push(1);
    out.beginMask |= 1 << i;
    out.endMask |= 1 << i;
  };
  for (let k = 0; k < n; k++) {
    const bit = 1 << k;
    if (ellipsisMask & bit && !seenEllipsis) {
      seenEllipsis = true;
      for (let e = 0; e < shape.length - consumed; e++) full(shape[axis++] ?? 0);
    } else if (newAxisMask & bit) {
      full(1);
    } else {
      const i = out.shape.length;
      out.shape.push(shape[axis++] ?? 0);
      out.begin.push(begin[k] ?? 0);
      out.end.push(end[k] ?? 0);
      out.strides.push(strides[k] ?? 1);
      if (beginMask & bit) out.beginMask |= 1 << i;
      if (endMask & bit) out.endMask |= 1 << i;
      if (shrinkAxisMask & bit) out.shrinkAxisMask |= 1 << i;
    }
  }
  while (axis < shape.length) full(shape[axis++] ?? 0);
  return out;
}

/**
 * Extracts a strided slice (Python `x[b:e:s]` per axis). Bit i of `beginMask`/`endMask` ignores begin[i]/end[i];
 * bit i of `shrinkAxisMask` takes the single element at begin[i] and drops the axis.
 * @example stridedSlice(tensor([0, 1, 2, 3, 4, 5]), [1], [6], [2]); // [1, 3, 5]
 */
export function stridedSlice(
  x: TensorLike,
  begin: number[],
  end: number[],
  strides?: number[],
  beginMask = 0,
  endMask = 0,
  ellipsisMask = 0,
  newAxisMask = 0,
  shrinkAxisMask = 0,
): Tensor {
  const t = convertToTensor(x, 'x', 'stridedSlice');
  if (ellipsisMask !== 0 || newAxisMask !== 0) {
    const d = densify(t.shape, begin, end, strides ?? [], beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask);
    return stridedSlice(reshape(t, d.shape), d.begin, d.end, d.strides, d.beginMask, d.endMask, 0, 0, d.shrinkAxisMask);
  }
  if (begin.length > t.rank || end.length > t.rank || (strides?.length ?? 0) > t.rank) {
    throw new ShapeError(`stridedSlice: begin, end and strides may have at most ${t.rank} entries for x ${fmtShape(t.shape)}.`);
  }
  const rb: number[] = [];
  const rs: number[] = [];
  const rn: number[] = [];
  const kept: number[] = [];
  t.shape.forEach((d, i) => {
    const s = strides?.[i] ?? 1;
    if (!Number.isInteger(s) || s === 0) throw new ValueError(`stridedSlice: strides[${i}] is ${s}; strides must be non-zero integers.`);
    const bit = 1 << i;
    if (shrinkAxisMask & bit) {
      const b0 = begin[i] ?? 0;
      const b = b0 < 0 ? b0 + d : b0;
      if (b < 0 || b >= d) throw new ValueError(`stridedSlice: begin[${i}] = ${b0} is out of range for dimension ${d} with shrinkAxisMask set.`);
      rb.push(b);
      rs.push(1);
      rn.push(1);
      return;
    }
    const [b, n] = resolveAxis(d, beginMask & bit ? undefined : begin[i], endMask & bit ? undefined : end[i], s);
    rb.push(n === 0 ? 0 : b);
    rs.push(s);
    rn.push(n);
    kept.push(n);
  });
  const out = run1(StridedSliceOp, { x: t }, { begin: rb, strides: rs, size: rn });
  return shrinkAxisMask ? reshape(out, kept) : out;
}

type StridedSliceRest = typeof stridedSlice extends (x: never, ...rest: infer R) => Tensor ? R : never;

declare module '../tensor/tensor.js' {
  interface Tensor {
    slice(begin: number | number[], size?: number | number[]): Tensor;
    stridedSlice(...args: StridedSliceRest): Tensor;
  }
}
Tensor.prototype.slice = function (this: Tensor, begin: number | number[], size?: number | number[]) {
  return slice(this, begin, size);
};
Tensor.prototype.stridedSlice = function (this: Tensor, ...args: StridedSliceRest) {
  return stridedSlice(this, ...args);
};
