import { ShapeError, ValueError } from './errors.js';

/** A tensor shape: one non-negative integer per dimension. */
export type Shape = number[];

/** Number of elements in a tensor of `shape` (1 for a scalar). */
export function sizeFromShape(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** Row-major strides of `shape`, in elements. */
export function computeStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i] ?? 1;
  }
  return strides;
}

/** Formats a shape as `[2, 3]` for error messages. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** True when both shapes have the same rank and dimensions. */
export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Maps a possibly negative axis into [0, rank); throws naming `op` when out of range. */
export function normalizeAxis(axis: number, rank: number, op: string): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= Math.max(rank, 1)) {
    throw new ValueError(
      `${op}: axis ${axis} is out of range for a tensor of rank ${rank}; expected an integer in [${-rank}, ${Math.max(rank - 1, 0)}].`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/** Normalises `axis` (a number, a list, or undefined meaning every axis) to sorted unique axes. */
export function normalizeAxes(axis: number | readonly number[] | undefined | null, rank: number, op: string): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  const out = [...new Set(list.map((a) => normalizeAxis(a, rank, op)))];
  return out.sort((x, y) => x - y);
}

/** NumPy broadcasting of two shapes; throws a ShapeError naming `op` when incompatible. */
export function broadcastShapes(a: readonly number[], b: readonly number[], op: string): Shape {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast together (dimension ${i} of the result: ${da} vs ${db}). ` +
          'Each trailing dimension must match or be 1; reshape or expandDims one operand.',
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Axes of `outShape` along which `inShape` was broadcast (for summing gradients back). */
export function broadcastedAxes(inShape: readonly number[], outShape: readonly number[]): number[] {
  const axes: number[] = [];
  const offset = outShape.length - inShape.length;
  for (let i = 0; i < outShape.length; i++) {
    const d = i < offset ? 1 : (inShape[i - offset] ?? 1);
    if (d === 1 && (outShape[i] ?? 1) !== 1) axes.push(i);
    else if (i < offset) axes.push(i);
  }
  return axes;
}

/** Resolves one `-1` in a reshape target against `size`. */
export function inferReshape(shape: readonly number[], size: number, op: string): Shape {
  let unknown = -1;
  let known = 1;
  shape.forEach((d, i) => {
    if (d === -1) {
      if (unknown >= 0) throw new ShapeError(`${op}: at most one dimension may be -1, received ${fmtShape(shape)}.`);
      unknown = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(`${op}: dimensions must be non-negative integers or -1, received ${fmtShape(shape)}.`);
    } else known *= d;
  });
  const out = [...shape];
  if (unknown >= 0) {
    if (known === 0 || size % known !== 0) {
      throw new ShapeError(`${op}: cannot reshape ${size} elements into ${fmtShape(shape)}; the known dimensions multiply to ${known}.`);
    }
    out[unknown] = size / known;
  } else if (known !== size) {
    throw new ShapeError(
      `${op}: cannot reshape a tensor of ${size} elements into ${fmtShape(shape)} (${known} elements). Use -1 for one dimension to infer it.`,
    );
  }
  return out;
}
