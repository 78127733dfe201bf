// Spatial resizing layers for images: ZeroPadding2D, Cropping2D and UpSampling2D.
import { ConfigError } from '../core/errors.js';
import { image, pad, slice } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import {
  type DataFormat,
  checkDataFormat,
  checkSpatialRank,
  fromChannelsLast,
  joinSpatial,
  normalizeTuple,
  splitSpatial,
  toChannelsLast,
} from './conv-common.js';
import { singleInput, singleShape } from './core.js';
import { type ConfigDict, Layer, type LayerArgs, type ShapeOrShapes } from './layer.js';
import { registerLayer } from './registry.js';
import type { CallKwargs, SymbolicShape } from './symbolic.js';

/** Per-side amounts of a 2-D spatial layer: `n` everywhere, `[h, w]` symmetric, or `[[top, bottom], [left, right]]`. */
export type SpatialAmounts = number | [number, number] | [[number, number], [number, number]];

/** Expands a SpatialAmounts option to [[top, bottom], [left, right]] of non-negative integers. */
function normalizeAmounts(value: unknown, option: string, where: string): [[number, number], [number, number]] {
  const ok = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
  if (ok(value)) return [[value, value], [value, value]];
  if (Array.isArray(value) && value.length === 2) {
    if (value.every(ok)) {
      const [h, w] = value as [number, number];
      return [[h, h], [w, w]];
    }
    if (value.every((p) => Array.isArray(p) && p.length === 2 && p.every(ok))) {
      const [a, b] = value as [[number, number], [number, number]];
      return [[a[0], a[1]], [b[0], b[1]]];
    }
  }
  throw new ConfigError(
    `${where}: ${option} must be a non-negative integer, [height, width] or [[top, bottom], [left, right]], received ${JSON.stringify(value)}.`,
  );
}

/** Base of the 2-D spatial layers: a data format, rank-4 inputs. */
abstract class Spatial2D extends Layer {
  readonly dataFormat: DataFormat;

  constructor(args: LayerArgs & { dataFormat?: DataFormat }) {
    super(args);
    this.dataFormat = checkDataFormat(args.dataFormat, this.where);
    this.inputSpec = [{ ndim: 4 }];
  }

  protected get where(): string {
    return `${this.getClassName()} (${this.name})`;
  }

  protected override assertInputCompatible(shapes: SymbolicShape[]): void {
    for (const s of shapes) checkSpatialRank(s, 4, this.dataFormat, this.where);
  }

  /** Maps the spatial sizes (height, width) of the input to those of the output. */
  protected abstract outSize(size: number | null, axis: 0 | 1): number | null;

  override computeOutputShape(inputShape: ShapeOrShapes): SymbolicShape {
    const shape = singleShape(inputShape, this.name);
    checkSpatialRank(shape, 4, this.dataFormat, this.where);
    const { batch, spatial, channels } = splitSpatial(shape, this.dataFormat);
    return joinSpatial(batch, spatial.map((d, i) => this.outSize(d, i as 0 | 1)), channels, this.dataFormat);
  }

  /** Computes on a channels-last tensor. */
  protected abstract compute(x: Tensor): Tensor;

  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    return fromChannelsLast(this.compute(toChannelsLast(singleInput(inputs, this.name), this.dataFormat)), this.dataFormat);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), dataFormat: this.dataFormat };
  }
}

/** Options of `ZeroPadding2D`. */
export interface ZeroPadding2DLayerArgs extends LayerArgs {
  /** Zeros added on each side; default 1. */
  padding?: SpatialAmounts;
  dataFormat?: DataFormat;
}

/**
 * Adds rows and columns of zeros around images.
 * @example zeroPadding2d({ padding: [[1, 0], [1, 0]] })
 */
export class ZeroPadding2D extends Spatial2D {
  static override className = 'ZeroPadding2D';
  /** [[top, bottom], [left, right]]. */
  readonly padding: [[number, number], [number, number]];

  constructor(args: ZeroPadding2DLayerArgs = {}) {
    super(args);
    this.padding = normalizeAmounts(args.padding ?? 1, 'padding', this.where);
  }

  protected outSize(size: number | null, axis: 0 | 1): number | null {
    const [a, b] = this.padding[axis];
    return size === null ? null : size + a + b;
  }

  protected compute(x: Tensor): Tensor {
    return pad(x, [[0, 0], this.padding[0], this.padding[1], [0, 0]]);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), padding: this.padding.map((p) => [...p]) };
  }
}
registerLayer(ZeroPadding2D.className, ZeroPadding2D);

/** Options of `Cropping2D`. */
export interface Cropping2DLayerArgs extends LayerArgs {
  /** Rows/columns removed from each side; default 0. */
  cropping?: SpatialAmounts;
  dataFormat?: DataFormat;
}

/**
 * Removes rows and columns from the borders of images.
 * @example cropping2d({ cropping: [[2, 2], [4, 4]] })
 */
export class Cropping2D extends Spatial2D {
  static override className = 'Cropping2D';
  /** [[top, bottom], [left, right]]. */
  readonly cropping: [[number, number], [number, number]];

  constructor(args: Cropping2DLayerArgs = {}) {
    super(args);
    this.cropping = normalizeAmounts(args.cropping ?? 0, 'cropping', this.where);
  }

  protected outSize(size: number | null, axis: 0 | 1): number | null {
    const [a, b] = this.cropping[axis];
    if (size === null) return null;
    if (size - a - b <= 0) {
      throw new ConfigError(
        `${this.where}: cropping ${JSON.stringify(this.cropping)} removes all of the ${axis === 0 ? 'height' : 'width'} (${size}); crop less.`,
      );
    }
    return size - a - b;
  }

  protected compute(x: Tensor): Tensor {
    const [b, h, w, c] = x.shape as [number, number, number, number];
    const [[top], [left]] = this.cropping;
    return slice(x, [0, top, left, 0], [b, this.outSize(h, 0) as number, this.outSize(w, 1) as number, c]);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), cropping: this.cropping.map((p) => [...p]) };
  }
}
registerLayer(Cropping2D.className, Cropping2D);

/** Options of `UpSampling2D`. */
export interface UpSampling2DLayerArgs extends LayerArgs {
  /** Upsampling factors [rows, columns]; default [2, 2]. */
  size?: number | [number, number];
  dataFormat?: DataFormat;
  /** 'nearest' (default: repeat pixels) or 'bilinear'. */
  interpolation?: 'nearest' | 'bilinear';
}

/**
 * Scales images up by integer factors, repeating pixels ('nearest') or interpolating ('bilinear').
 * @example upSampling2d({ size: [2, 2] })
 */
export class UpSampling2D extends Spatial2D {
  static override className = 'UpSampling2D';
  readonly size: [number, number];
  readonly interpolation: 'nearest' | 'bilinear';

  constructor(args: UpSampling2DLayerArgs = {}) {
    super(args);
    this.size = normalizeTuple(args.size ?? 2, 2, 'size', this.where) as [number, number];
    const interp = args.interpolation ?? 'nearest';
    if (interp !== 'nearest' && interp !== 'bilinear') {
      throw new ConfigError(`${this.where}: interpolation must be 'nearest' or 'bilinear', received ${JSON.stringify(args.interpolation)}.`);
    }
    this.interpolation = interp;
  }

  protected outSize(size: number | null, axis: 0 | 1): number | null {
    return size === null ? null : size * this.size[axis];
  }

  protected compute(x: Tensor): Tensor {
    const target: [number, number] = [(x.shape[1] as number) * this.size[0], (x.shape[2] as number) * this.size[1]];
    // Keras resizes with half-pixel centers off for nearest and on for bilinear (tf.image.resize defaults).
    return this.interpolation === 'nearest'
      ? image.resizeNearestNeighbor(x, target, false, false)
      : image.resizeBilinear(x, target, false, true);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), size: [...this.size], interpolation: this.interpolation };
  }
}
registerLayer(UpSampling2D.className, UpSampling2D);
