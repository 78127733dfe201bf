import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { type OpDef, defineOp, run1 } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { slice } from './slice.js';

/** Padding before and after each axis. */
export type Paddings = Array<[number, number]>;

/** Pad op declaration: surrounds `x` with `constantValue` (TF.js 'PadV2'). */
export const PadOp = defineOp<'x', { paddings: Paddings; constantValue: number }>({
  name: 'PadV2',
  inputs: ['x'],
  infer: ({ x }, { paddings }) => ({ shape: x.shape.map((d, i) => d + (paddings[i]?.[0] ?? 0) + (paddings[i]?.[1] ?? 0)), dtype: x.dtype }),
  grad: (dy, { x }, { paddings }) => ({ x: slice(dy, paddings.map((p) => p[0]), x.shape) }),
});

/** Attrs of MirrorPadGrad. */
export interface MirrorPadGradAttrs {
  paddings: Paddings;
  mode: MirrorPadMode;
  shape: number[];
}

/** Mirror-padding mode: 'reflect' excludes the edge element, 'symmetric' repeats it. */
export type MirrorPadMode = 'reflect' | 'symmetric';

/** MirrorPad op declaration. */
export const MirrorPadOp: OpDef<'x', { paddings: Paddings; mode: MirrorPadMode }> = defineOp<'x', { paddings: Paddings; mode: MirrorPadMode }>({
  name: 'MirrorPad',
  inputs: ['x'],
  infer: ({ x }, { paddings }) => ({ shape: x.shape.map((d, i) => d + (paddings[i]?.[0] ?? 0) + (paddings[i]?.[1] ?? 0)), dtype: x.dtype }),
  grad: (dy, { x }, attrs) => ({ x: run1(MirrorPadGradOp, { dy }, { ...attrs, shape: [...x.shape] }) }),
});

/** MirrorPadGrad op declaration: folds the mirrored border of `dy` back onto the `shape`-sized interior (adjoint of MirrorPad). */
export const MirrorPadGradOp: OpDef<'dy', MirrorPadGradAttrs> = defineOp<'dy', MirrorPadGradAttrs>({
  name: 'MirrorPadGrad',
  inputs: ['dy'],
  infer: ({ dy }, { shape }) => ({ shape: [...shape], dtype: dy.dtype }),
  grad: (ddx, _inputs, { paddings, mode }) => ({ dy: run1(MirrorPadOp, { x: ddx }, { paddings, mode }) }),
});

function checkPaddings(t: Tensor, paddings: ReadonlyArray<readonly number[]>, op: string): Paddings {
  if (!Array.isArray(paddings) || paddings.length !== t.rank) {
    throw new ShapeError(`${op}: paddings must have one [before, after] pair per axis of x ${fmtShape(t.shape)} (${t.rank} pairs), received ${JSON.stringify(paddings)}.`);
  }
  return paddings.map((p, i) => {
    const [b, a] = [p[0] ?? -1, p[1] ?? -1];
    if (p.length !== 2 || !Number.isInteger(b) || !Number.isInteger(a) || b < 0 || a < 0) {
      throw new ValueError(`${op}: paddings[${i}] must be a pair of non-negative integers, received ${JSON.stringify(p)}.`);
    }
    return [b, a];
  });
}

/**
 * Pads `x` with `constantValue`; paddings[i] = [before, after] for axis i.
 * @example pad(tensor([1, 2]), [[1, 2]]); // [0, 1, 2, 0, 0]
 */
export function pad(x: TensorLike, paddings: Array<[number, number]> | number[][], constantValue = 0): Tensor {
  const t = convertToTensor(x, 'x', 'pad');
  const p = checkPaddings(t, paddings, 'pad');
  if (p.every(([b, a]) => b === 0 && a === 0)) return t;
  return run1(PadOp, { x: t }, { paddings: p, constantValue });
}

/**
 * Pads `x` by mirroring it: 'reflect' pads [1, 2, 3] by 2 as [3, 2, 1, 2, 3, 2, 1]; 'symmetric' as [2, 1, 1, 2, 3, 3, 2].
 * @example mirrorPad(tensor([1, 2, 3]), [[2, 2]], 'reflect'); // [3, 2, 1, 2, 3, 2, 1]
 */
export function mirrorPad(x: TensorLike, paddings: Array<[number, number]> | number[][], mode: MirrorPadMode): Tensor {
  const t = convertToTensor(x, 'x', 'mirrorPad');
  if (mode !== 'reflect' && mode !== 'symmetric') {
    throw new ValueError(`mirrorPad: mode must be 'reflect' or 'symmetric', received '${String(mode)}'.`);
  }
  const p = checkPaddings(t, paddings, 'mirrorPad');
  p.forEach(([b, a], i) => {
    const d = t.shape[i] ?? 0;
    const limit = mode === 'reflect' ? d - 1 : d;
    if (b > limit || a > limit) {
      throw new ValueError(
        `mirrorPad: paddings[${i}] = [${b}, ${a}] is too large for dimension ${i} of size ${d}; '${mode}' mode allows at most ${limit}.`,
      );
    }
  });
  if (p.every(([b, a]) => b === 0 && a === 0)) return t;
  return run1(MirrorPadOp, { x: t }, { paddings: p, mode });
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    pad(paddings: Array<[number, number]> | number[][], constantValue?: number): Tensor;
    mirrorPad(paddings: Array<[number, number]> | number[][], mode: MirrorPadMode): Tensor;
  }
}
Tensor.prototype.pad = function (this: Tensor, paddings: Array<[number, number]> | number[][], constantValue?: number) {
  return pad(this, paddings, constantValue);
};
Tensor.prototype.mirrorPad = function (this: Tensor, paddings: Array<[number, number]> | number[][], mode: MirrorPadMode) {
  return mirrorPad(this, paddings, mode);
};
