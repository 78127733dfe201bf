import { floatType, upcastType } from '../core/dtype.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { cast } from './cast.js';

/** Explicit NHWC padding `[[0, 0], [top, bottom], [left, right], [0, 0]]`. */
export type ExplicitPadding = number[][];

/** TF.js padding: 'same' (output = ceil(in / stride)), 'valid' (no padding), a number for every side, or explicit. */
export type PadType = 'same' | 'valid' | number | ExplicitPadding;

/** How output sizes are rounded when `pad` is a number. */
export type RoundingMode = 'floor' | 'round' | 'ceil';

/**
 * Geometry of a 2-D window op (convolution or pooling) in NHWC, fully resolved so kernels need no padding logic:
 * output position (y, x) reads input rows y·strides[0] + i·dilations[0] − pads[0] for filter row i.
 */
export interface ConvAttrs {
  strides: [number, number];
  dilations: [number, number];
  /** Padding [top, bottom, left, right]; windows that run past them (ceil rounding) read padding too. */
  pads: [number, number, number, number];
  outHeight: number;
  outWidth: number;
}

/** A stride, dilation or window size given as one number or a [height, width] pair. */
export type Pair = number | [number, number];

/** Expands a number or [h, w] pair, checking for positive integers. */
export function pair(v: Pair, name: string, op: string): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if (!p.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new ValueError(`${op}: ${name} must be a positive integer or a pair of them, received ${JSON.stringify(v)}.`);
  }
  return p;
}

function roundBy(v: number, mode: RoundingMode | undefined): number {
  if (mode === 'ceil') return Math.ceil(v);
  if (mode === 'round') return Math.round(v);
  return Math.floor(v);
}

/** Output size and [before, after] padding of one spatial axis, following TF exactly (SAME puts the odd pixel after). */
export function axisGeometry(
  inSize: number, window: number, stride: number, pad: PadType, axis: 0 | 1, roundingMode: RoundingMode | undefined, op: string,
): [number, number, number] {
  if (pad === 'same') {
    const out = Math.ceil(inSize / stride);
    const total = Math.max((out - 1) * stride + window - inSize, 0);
    const before = Math.floor(total / 2);
    return [out, before, total - before];
  }
  if (pad === 'valid') return [Math.max(0, Math.ceil((inSize - window + 1) / stride)), 0, 0];
  if (typeof pad === 'number') {
    if (!Number.isInteger(pad) || pad < 0) throw new ValueError(`${op}: numeric pad must be a non-negative integer, received ${pad}.`);
    const out = roundBy((inSize - window + 2 * pad) / stride + 1, roundingMode);
    return [Math.max(0, out), pad, pad];
  }
  const pr = pad[axis + 1];
  if (pad.length !== 4 || !pr || pr.length !== 2 || (pad[0] ?? []).some((v) => v !== 0) || (pad[3] ?? []).some((v) => v !== 0)) {
    throw new ValueError(`${op}: explicit padding must look like [[0, 0], [top, bottom], [left, right], [0, 0]], received ${JSON.stringify(pad)}.`);
  }
  const [before, after] = [pr[0] ?? 0, pr[1] ?? 0];
  if (![before, after].every((v) => Number.isInteger(v) && v >= 0)) {
    throw new ValueError(`${op}: explicit padding values must be non-negative integers, received ${JSON.stringify(pad)}.`);
  }
  return [Math.max(0, roundBy((inSize + before + after - window) / stride + 1, roundingMode)), before, after];
}

/** Resolves the geometry of a window of `window` = [fh, fw] over an NHWC input of shape `xShape`. */
export function convGeometry(
  xShape: readonly number[],
  window: readonly [number, number],
  strides: [number, number],
  dilations: [number, number],
  pad: PadType,
  op: string,
  roundingMode?: RoundingMode,
): ConvAttrs {
  // TF.js applies the rounding mode to numeric and explicit pads (default floor); 'same'/'valid' reject it.
  if (roundingMode !== undefined && typeof pad === 'string') {
    throw new ValueError(`${op}: dimRoundingMode '${roundingMode}' requires a numeric pad, received pad ${JSON.stringify(pad)}.`);
  }
  const effH = (window[0] - 1) * dilations[0] + 1;
  const effW = (window[1] - 1) * dilations[1] + 1;
  const [outHeight, top, bottom] = axisGeometry(xShape[1] ?? 0, effH, strides[0], pad, 0, roundingMode, op);
  const [outWidth, left, right] = axisGeometry(xShape[2] ?? 0, effW, strides[1], pad, 1, roundingMode, op);
  return { strides, dilations, pads: [top, bottom, left, right], outHeight, outWidth };
}

/** Converts `x` (rank 3 or 4) to rank 4, returning whether a batch axis was added. */
export function checkNHWC(x: Tensor, op: string, name = 'x'): boolean {
  if (x.rank !== 4 && x.rank !== 3) {
    throw new ShapeError(`${op}: ${name} must be rank 4 [batch, height, width, channels] or rank 3 [height, width, channels], received shape ${fmtShape(x.shape)}.`);
  }
  return x.rank === 3;
}

/** Throws unless `dataFormat` is the channels-last format this library supports. */
export function checkDataFormat(dataFormat: string, expected: string, op: string): void {
  if (dataFormat !== expected) {
    throw new ValueError(`${op}: dataFormat '${dataFormat}' is not supported; expected '${expected}' (channels last) or its channels-first form.`);
  }
}

/** Casts a pair of tensors to their common floating dtype (float64 wins, ints become float32). */
export function floatPair(a: Tensor, b: Tensor): [Tensor, Tensor] {
  const dtype = floatType(upcastType(a.dtype, b.dtype));
  return [cast(a, dtype), cast(b, dtype)];
}
