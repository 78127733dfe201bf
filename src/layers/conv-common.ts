// Option parsing and shape arithmetic shared by the convolution, pooling and padding layers: tuples given as a
// number or an array, 'valid'/'same' padding, channelsLast/channelsFirst, and the output-length formulas of Keras.
import { ConfigError, ShapeError } from '../core/errors.js';
import { normalizeId } from '../core/ids.js';
import { transpose } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import type { SymbolicShape } from './symbolic.js';

/** Layout of image-like inputs: channels on the last axis (default) or right after the batch axis. */
export type DataFormat = 'channelsLast' | 'channelsFirst';

/** Padding mode of convolution and pooling layers ('causal' is accepted by Conv1D only). */
export type PaddingMode = 'valid' | 'same' | 'causal';

/** Expands `value` (a number, or an array of `n` numbers) to `n` positive integers, or throws a ConfigError. */
export function normalizeTuple(value: unknown, n: number, option: string, where: string, min = 1): number[] {
  const list = typeof value === 'number' ? new Array<number>(n).fill(value) : value;
  if (!Array.isArray(list) || list.length !== n || !list.every((v) => Number.isInteger(v) && (v as number) >= min)) {
    const kind = min === 0 ? 'non-negative' : 'positive';
    throw new ConfigError(
      `${where}: ${option} must be a ${kind} integer or an array of ${n} of them, received ${JSON.stringify(value)}.`,
    );
  }
  return [...(list as number[])];
}

/** Checks a padding option; 'causal' only where `allowCausal`. */
export function checkPadding(value: unknown, where: string, allowCausal = false): PaddingMode {
  const v = value ?? 'valid';
  if (v === 'valid' || v === 'same' || (allowCausal && v === 'causal')) return v;
  const allowed = allowCausal ? "'valid', 'same' or 'causal'" : "'valid' or 'same'";
  throw new ConfigError(`${where}: padding must be ${allowed}, received ${JSON.stringify(value)}.`);
}

/** Checks a dataFormat option (default channelsLast; Keras snake_case accepted). */
export function checkDataFormat(value: unknown, where: string): DataFormat {
  // Keras spells these 'channels_last' / 'channels_first'.
  const v = typeof value === 'string' ? normalizeId(value) : value ?? 'channelsLast';
  if (v === 'channelsLast' || v === 'channelsFirst') return v;
  throw new ConfigError(`${where}: dataFormat must be 'channelsLast' or 'channelsFirst', received ${JSON.stringify(value)}.`);
}

/** Output length of a convolution/pooling window along one axis (Keras `conv_output_length`); null stays null. */
export function convOutputLength(
  length: number | null | undefined, window: number, padding: PaddingMode, stride: number, dilation = 1,
): number | null {
  if (length === null || length === undefined) return null;
  const effective = (window - 1) * dilation + 1;
  const out = padding === 'valid' ? length - effective + 1 : length;
  return Math.max(0, Math.floor((out + stride - 1) / stride));
}

/** Output length of a transposed convolution along one axis (Keras `deconv_output_length` without outputPadding). */
export function deconvOutputLength(length: number | null | undefined, window: number, padding: PaddingMode, stride: number): number | null {
  if (length === null || length === undefined) return null;
  return padding === 'valid' ? length * stride + Math.max(window - stride, 0) : length * stride;
}

const TO_LAST: Record<number, number[]> = { 3: [0, 2, 1], 4: [0, 2, 3, 1] };
const TO_FIRST: Record<number, number[]> = { 3: [0, 2, 1], 4: [0, 3, 1, 2] };

/** Moves channels to the last axis when the layer's data is channelsFirst (the ops compute in NWC/NHWC). */
export function toChannelsLast(x: Tensor, format: DataFormat): Tensor {
  return format === 'channelsFirst' ? transpose(x, TO_LAST[x.rank]) : x;
}

/** Inverse of `toChannelsLast`. */
export function fromChannelsLast(y: Tensor, format: DataFormat): Tensor {
  return format === 'channelsFirst' ? transpose(y, TO_FIRST[y.rank]) : y;
}

/** Splits a symbolic shape into batch, spatial dims and channels according to the data format. */
export function splitSpatial(shape: SymbolicShape, format: DataFormat): { batch: number | null; spatial: (number | null)[]; channels: number | null } {
  const batch = shape[0] ?? null;
  if (format === 'channelsLast') return { batch, spatial: shape.slice(1, -1), channels: shape[shape.length - 1] ?? null };
  return { batch, spatial: shape.slice(2), channels: shape[1] ?? null };
}

/** Joins batch, spatial dims and channels back into a shape in the given data format. */
export function joinSpatial(batch: number | null, spatial: (number | null)[], channels: number | null, format: DataFormat): SymbolicShape {
  return format === 'channelsLast' ? [batch, ...spatial, channels] : [batch, channels, ...spatial];
}

/** Layout names of inputs of each rank, for error messages. */
function layoutOf(rank: number, format: DataFormat): string {
  const spatial = rank === 3 ? ['steps'] : rank === 4 ? ['height', 'width'] : ['d1', 'd2', 'd3'];
  const dims = format === 'channelsLast' ? ['batch', ...spatial, 'channels'] : ['batch', 'channels', ...spatial];
  return `[${dims.join(', ')}]`;
}

/**
 * Throws a ShapeError naming the layer, the expected rank and layout, the received shape, and the usual fix,
 * when an input of a spatial layer has the wrong rank.
 */
export function checkSpatialRank(shape: SymbolicShape, rank: number, format: DataFormat, where: string): void {
  if (shape.length === rank) return;
  const fmt = `[${shape.map((d) => (d === null ? 'null' : String(d))).join(',')}]`;
  const hint = rank === 4 && shape.length === 3
    ? ' A single-channel image needs a channel axis: reshape it to [batch, height, width, 1] or give the first layer inputShape: [height, width, 1].'
    : ` Reshape the input (e.g. with a Reshape layer) or give the first layer an inputShape of rank ${rank - 1}.`;
  throw new ShapeError(`${where}: expected input of rank ${rank} ${layoutOf(rank, format)}, received shape ${fmt} (rank ${shape.length}).${hint}`);
}

/** The channel count of a built layer's input, or a ShapeError when it is unknown. */
export function knownChannels(shape: SymbolicShape, format: DataFormat, where: string): number {
  const c = splitSpatial(shape, format).channels;
  if (c === null) throw new ShapeError(`${where}: the channel dimension of the input must be known, received shape [${shape.join(',')}].`);
  return c;
}
