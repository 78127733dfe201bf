import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { type RoundingMode, axisGeometry } from './conv-util.js';

/** A 3-D stride, dilation or window size: one number for every axis or [depth, height, width]. */
export type Triple = number | [number, number, number];

/**
 * Geometry of a 3-D window op over NDHWC input, fully resolved: output position (d, h, w) reads input depth
 * d·strides[0] + i·dilations[0] − pads[0] for filter index i, and likewise for height and width.
 */
export interface Conv3DAttrs {
  strides: [number, number, number];
  dilations: [number, number, number];
  /** Padding [front, back, top, bottom, left, right]. */
  pads: [number, number, number, number, number, number];
  /** Output [depth, height, width]. */
  outSize: [number, number, number];
}

/** Expands a number or [d, h, w] triple, checking for positive integers. */
export function triple(v: Triple, name: string, op: string): [number, number, number] {
  const t: [number, number, number] = typeof v === 'number' ? [v, v, v] : [v[0], v[1], v[2]];
  if (!t.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new ValueError(`${op}: ${name} must be a positive integer or a triple of them, received ${JSON.stringify(v)}.`);
  }
  return t;
}

/** Resolves the geometry of a window `window` = [fd, fh, fw] over an NDHWC input of shape `xShape`. */
export function conv3dGeometry(
  xShape: readonly number[],
  window: readonly [number, number, number],
  strides: [number, number, number],
  dilations: [number, number, number],
  pad: 'same' | 'valid' | number,
  op: string,
  roundingMode?: RoundingMode,
): Conv3DAttrs {
  if (roundingMode !== undefined && typeof pad === 'string') {
    throw new ValueError(`${op}: dimRoundingMode '${roundingMode}' requires a numeric pad, received pad ${JSON.stringify(pad)}.`);
  }
  const out: number[] = [];
  const pads: number[] = [];
  for (let axis = 0; axis < 3; axis++) {
    const eff = ((window[axis] ?? 1) - 1) * (dilations[axis] ?? 1) + 1;
    const [size, before, after] = axisGeometry(xShape[axis + 1] ?? 0, eff, strides[axis] ?? 1, pad, 0, roundingMode, op);
    out.push(size);
    pads.push(before, after);
  }
  return {
    strides, dilations,
    pads: [pads[0] ?? 0, pads[1] ?? 0, pads[2] ?? 0, pads[3] ?? 0, pads[4] ?? 0, pads[5] ?? 0],
    outSize: [out[0] ?? 0, out[1] ?? 0, out[2] ?? 0],
  };
}

/** Checks that `x` is rank 5 NDHWC or rank 4 (one unbatched volume), returning whether a batch axis must be added. */
export function checkNDHWC(x: Tensor, op: string, name = 'x'): boolean {
  if (x.rank !== 5 && x.rank !== 4) {
    throw new ShapeError(
      `${op}: ${name} must be rank 5 [batch, depth, height, width, channels] or rank 4 [depth, height, width, channels], received shape ${fmtShape(x.shape)}.`,
    );
  }
  return x.rank === 4;
}
