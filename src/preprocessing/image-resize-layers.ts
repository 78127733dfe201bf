// Deterministic Keras image preprocessing layers: Rescaling, Resizing and CenterCrop (active in training and
// inference alike). Channels-last images, rank 3 or 4; outputs are float32 (float64 in a float64 layer). Built from
// ops, so gradients flow through them as through their Keras counterparts.
import { ConfigError, ShapeError } from '../core/errors.js';
import { singleInput } from '../layers/core.js';
import { type ConfigDict, Layer, type LayerArgs, type ShapeOrShapes } from '../layers/layer.js';
import { registerLayer } from '../layers/registry.js';
import type { CallKwargs } from '../layers/symbolic.js';
import { type DataType, floatType } from '../core/dtype.js';
import { add, cast, mul, resizeBilinear, resizeNearestNeighbor, scalar, slice } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { type Interpolation, imageDims } from './image-ops.js';
import { imageShape } from './image-layers.js';

/** Options of `Rescaling`. */
export interface RescalingArgs extends LayerArgs {
  /** Multiplier, e.g. 1/255. */
  scale: number;
  /** Added after scaling (default 0); e.g. scale 1/127.5 with offset -1 maps [0, 255] to [-1, 1]. */
  offset?: number;
}

/**
 * Computes `x * scale + offset` (any input rank).
 * @example rescaling({ scale: 1 / 255 }).apply(images);
 */
export class Rescaling extends Layer {
  static override className = 'Rescaling';
  readonly scale: number;
  readonly offset: number;

  constructor(args: RescalingArgs) {
    super(args);
    if (typeof args?.scale !== 'number' || !Number.isFinite(args.scale)) {
      throw new ConfigError(`Rescaling: scale must be a finite number, received ${JSON.stringify(args?.scale)}.`);
    }
    this.scale = args.scale;
    this.offset = args.offset ?? 0;
  }

  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    const x = floatInput(singleInput(inputs, this.name), this.dtype);
    return add(mul(x, scalar(this.scale, x.dtype)), scalar(this.offset, x.dtype));
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), scale: this.scale, offset: this.offset };
  }
}

function checkSize(v: unknown, what: string, layer: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ConfigError(`${layer}: ${what} must be a positive integer, received ${JSON.stringify(v)}.`);
  return v;
}

/** Options of `Resizing`. */
export interface ResizingArgs extends LayerArgs {
  height: number;
  width: number;
  /** 'bilinear' (default) or 'nearest'. */
  interpolation?: Interpolation;
  /** Crop the largest centred window with the target aspect ratio before resizing (default false). */
  cropToAspectRatio?: boolean;
}

/**
 * Resizes images to [height, width] (half-pixel centres, like TF 2 `tf.image.resize`).
 * @example resizing({ height: 14, width: 14 }).apply(images); // [n, 28, 28, 1] -> [n, 14, 14, 1]
 */
export class Resizing extends Layer {
  static override className = 'Resizing';
  readonly height: number;
  readonly width: number;
  readonly interpolation: Interpolation;
  readonly cropToAspectRatio: boolean;

  constructor(args: ResizingArgs) {
    super(args);
    this.height = checkSize(args?.height, 'height', 'Resizing');
    this.width = checkSize(args.width, 'width', 'Resizing');
    this.interpolation = args.interpolation ?? 'bilinear';
    if (this.interpolation !== 'bilinear' && this.interpolation !== 'nearest') {
      throw new ConfigError(`Resizing: interpolation must be 'bilinear' or 'nearest', received '${String(this.interpolation)}'.`);
    }
    this.cropToAspectRatio = args.cropToAspectRatio ?? false;
  }

  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    let x = floatInput(singleInput(inputs, this.name), this.dtype);
    const img = imageDims(x, this.name); // checks the rank with the layer's own message before the resize op runs
    if (this.cropToAspectRatio) {
      const target = this.width / this.height;
      const cropW = Math.min(img.w, Math.round(img.h * target));
      const cropH = Math.min(img.h, Math.round(img.w / target));
      x = cropCenter(x, cropH, cropW, this.name);
    }
    // Half-pixel centres with TF's floor rule for nearest: the tf.image.resize (TF 2) convention Keras uses.
    const size: [number, number] = [this.height, this.width];
    return this.interpolation === 'nearest' ? resizeNearestNeighbor(x, size, false, true) : resizeBilinear(x, size, false, true);
  }

  override computeOutputShape(inputShape: ShapeOrShapes): ShapeOrShapes {
    return imageShape(inputShape, this.height, this.width);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), height: this.height, width: this.width, interpolation: this.interpolation, cropToAspectRatio: this.cropToAspectRatio };
  }
}

function cropCenter(x: Tensor, height: number, width: number, layer: string): Tensor {
  const img = imageDims(x, layer);
  if (height > img.h || width > img.w) {
    throw new ShapeError(
      `${layer}: cannot crop ${img.h}x${img.w} images to ${height}x${width}; the crop must fit inside the image. Use a Resizing layer first.`,
    );
  }
  const top = Math.floor((img.h - height) / 2);
  const left = Math.floor((img.w - width) / 2);
  // A slice op (not a copy of the values), so gradients flow back to the uncropped pixels.
  return img.batched ? slice(x, [0, top, left, 0], [img.n, height, width, img.c]) : slice(x, [top, left, 0], [height, width, img.c]);
}

/** Float input in the layer's float type: float64 layers keep float64, everything else computes in float32. */
function floatInput(x: Tensor, dtype: DataType): Tensor {
  const want = floatType(dtype);
  return x.dtype === want ? x : cast(x, want);
}

/** Options of `CenterCrop`. */
export interface CenterCropArgs extends LayerArgs {
  height: number;
  width: number;
}

/**
 * Crops the central [height, width] window of each image.
 * @example centerCrop({ height: 24, width: 24 }).apply(images); // [n, 28, 28, c] -> [n, 24, 24, c]
 */
export class CenterCrop extends Layer {
  static override className = 'CenterCrop';
  readonly height: number;
  readonly width: number;

  constructor(args: CenterCropArgs) {
    super(args);
    this.height = checkSize(args?.height, 'height', 'CenterCrop');
    this.width = checkSize(args.width, 'width', 'CenterCrop');
  }

  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    return cropCenter(floatInput(singleInput(inputs, this.name), this.dtype), this.height, this.width, this.name);
  }

  override computeOutputShape(inputShape: ShapeOrShapes): ShapeOrShapes {
    return imageShape(inputShape, this.height, this.width);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), height: this.height, width: this.width };
  }
}

for (const cls of [Rescaling, Resizing, CenterCrop]) registerLayer(cls.className, cls);
