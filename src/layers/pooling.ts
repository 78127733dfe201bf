// Pooling layers: windowed max/average pooling in 1-D and 2-D, and global pooling over every spatial axis.
import { avgPool, avgPool1d, cast, div, expandDims, max, maxPool, maxPool1d, mean, mul, sum } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import {
  type DataFormat,
  checkDataFormat,
  checkPadding,
  checkSpatialRank,
  convOutputLength,
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

/** Options of the windowed pooling layers (TF.js names). */
export interface PoolingLayerArgs extends LayerArgs {
  /** Window size: a number, or one per spatial axis. Default 2. */
  poolSize?: number | number[];
  /** Step of the window; default `poolSize` (non-overlapping windows). */
  strides?: number | number[] | null;
  /** 'valid' (default) or 'same'. */
  padding?: 'valid' | 'same';
  /** 'channelsLast' (default) or 'channelsFirst'. */
  dataFormat?: DataFormat;
}

/** Base of MaxPooling1D/2D and AveragePooling1D/2D; `rank` is the number of spatial axes. */
abstract class Pooling extends Layer {
  readonly rank: number;
  readonly poolSize: number[];
  readonly strides: number[];
  readonly padding: 'valid' | 'same';
  readonly dataFormat: DataFormat;

  constructor(rank: number, args: PoolingLayerArgs = {}) {
    super(args);
    const where = this.where;
    this.rank = rank;
    this.poolSize = normalizeTuple(args.poolSize ?? 2, rank, 'poolSize', where);
    this.strides = args.strides === undefined || args.strides === null ? [...this.poolSize] : normalizeTuple(args.strides, rank, 'strides', where);
    this.padding = checkPadding(args.padding, where) as 'valid' | 'same';
    this.dataFormat = checkDataFormat(args.dataFormat, where);
    this.inputSpec = [{ ndim: rank + 2 }];
    this.supportsMasking = false;
  }

  protected get where(): string {
    return `${this.getClassName()} (${this.name})`;
  }

  protected override assertInputCompatible(shapes: SymbolicShape[]): void {
    for (const s of shapes) checkSpatialRank(s, this.rank + 2, this.dataFormat, this.where);
  }

  override computeOutputShape(inputShape: ShapeOrShapes): SymbolicShape {
    const shape = singleShape(inputShape, this.name);
    checkSpatialRank(shape, this.rank + 2, this.dataFormat, this.where);
    const { batch, spatial, channels } = splitSpatial(shape, this.dataFormat);
    const out = spatial.map((d, i) => convOutputLength(d, this.poolSize[i] as number, this.padding, this.strides[i] as number));
    return joinSpatial(batch, out, channels, this.dataFormat);
  }

  /** Pools a channels-last tensor. */
  protected abstract pool(x: Tensor): Tensor;

  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    const x = toChannelsLast(singleInput(inputs, this.name), this.dataFormat);
    return fromChannelsLast(this.pool(x), this.dataFormat);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), poolSize: [...this.poolSize], padding: this.padding, strides: [...this.strides], dataFormat: this.dataFormat };
  }
}

/**
 * Max over windows of `poolSize` steps of [batch, steps, channels] inputs.
 * @example maxPooling1d({ poolSize: 2 })
 */
export class MaxPooling1D extends Pooling {
  static override className = 'MaxPooling1D';
  constructor(args: PoolingLayerArgs = {}) {
    super(1, args);
  }
  protected pool(x: Tensor): Tensor {
    return maxPool1d(x, this.poolSize[0] as number, this.strides[0] as number, this.padding);
  }
}
registerLayer(MaxPooling1D.className, MaxPooling1D);

/**
 * Mean over windows of `poolSize` steps of [batch, steps, channels] inputs.
 * @example averagePooling1d({ poolSize: 2 })
 */
export class AveragePooling1D extends Pooling {
  static override className = 'AveragePooling1D';
  constructor(args: PoolingLayerArgs = {}) {
    super(1, args);
  }
  protected pool(x: Tensor): Tensor {
    return avgPool1d(x, this.poolSize[0] as number, this.strides[0] as number, this.padding);
  }
}
registerLayer(AveragePooling1D.className, AveragePooling1D);

/**
 * Max over [ph, pw] windows of images.
 * @example maxPooling2d({ poolSize: 2 }) // halves height and width
 */
export class MaxPooling2D extends Pooling {
  static override className = 'MaxPooling2D';
  constructor(args: PoolingLayerArgs = {}) {
    super(2, args);
  }
  protected pool(x: Tensor): Tensor {
    return maxPool(x, this.poolSize as [number, number], this.strides as [number, number], this.padding);
  }
}
registerLayer(MaxPooling2D.className, MaxPooling2D);

/**
 * Mean over [ph, pw] windows of images; with 'same' padding border windows average only their in-bounds cells.
 * @example averagePooling2d({ poolSize: [2, 2], strides: 1 })
 */
export class AveragePooling2D extends Pooling {
  static override className = 'AveragePooling2D';
  constructor(args: PoolingLayerArgs = {}) {
    super(2, args);
  }
  protected pool(x: Tensor): Tensor {
    return avgPool(x, this.poolSize as [number, number], this.strides as [number, number], this.padding);
  }
}
registerLayer(AveragePooling2D.className, AveragePooling2D);

/** Options of the global pooling layers. */
export interface GlobalPoolingLayerArgs extends LayerArgs {
  /** 'channelsLast' (default) or 'channelsFirst'. */
  dataFormat?: DataFormat;
  /** Keep the pooled spatial axes with size 1 (Keras `keepdims`). Default false. */
  keepDims?: boolean;
}

/** Base of the global pooling layers: reduce every spatial axis. */
abstract class GlobalPooling extends Layer {
  readonly rank: number;
  readonly dataFormat: DataFormat;
  readonly keepDims: boolean;

  constructor(rank: number, args: GlobalPoolingLayerArgs = {}) {
    super(args);
    this.rank = rank;
    this.dataFormat = checkDataFormat(args.dataFormat, `${this.getClassName()} (${this.name})`);
    this.keepDims = args.keepDims ?? false;
    this.inputSpec = [{ ndim: rank + 2 }];
  }

  protected override assertInputCompatible(shapes: SymbolicShape[]): void {
    for (const s of shapes) checkSpatialRank(s, this.rank + 2, this.dataFormat, `${this.getClassName()} (${this.name})`);
  }

  /** The spatial axes of an input of this layer. */
  protected get spatialAxes(): number[] {
    const first = this.dataFormat === 'channelsLast' ? 1 : 2;
    return Array.from({ length: this.rank }, (_, i) => first + i);
  }

  override computeOutputShape(inputShape: ShapeOrShapes): SymbolicShape {
    const shape = singleShape(inputShape, this.name);
    checkSpatialRank(shape, this.rank + 2, this.dataFormat, `${this.getClassName()} (${this.name})`);
    const { batch, spatial, channels } = splitSpatial(shape, this.dataFormat);
    if (!this.keepDims) return [batch, channels];
    return joinSpatial(batch, spatial.map(() => 1), channels, this.dataFormat);
  }

  /** Reduces `x` over `axes`. */
  protected abstract reduce(x: Tensor, axes: number[]): Tensor;

  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    return this.reduce(singleInput(inputs, this.name), this.spatialAxes);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), dataFormat: this.dataFormat, keepDims: this.keepDims };
  }
}

/**
 * Mean over the steps of [batch, steps, channels] inputs, giving [batch, channels].
 * @example globalAveragePooling1d()
 */
export class GlobalAveragePooling1D extends GlobalPooling {
  static override className = 'GlobalAveragePooling1D';
  constructor(args: GlobalPoolingLayerArgs = {}) {
    super(1, args);
    // Like Keras: with a mask (e.g. from Embedding maskZero) the mean covers only the unmasked steps.
    this.supportsMasking = true;
  }
  protected reduce(x: Tensor, axes: number[]): Tensor {
    return mean(x, axes, this.keepDims);
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    const mask = kwargs.mask;
    if (mask === null || mask === undefined || Array.isArray(mask)) return super.call(inputs, kwargs);
    const x = singleInput(inputs, this.name);
    const stepAxis = this.spatialAxes[0] as number;
    // mask [batch, steps] -> broadcastable against x on the step axis.
    const m = expandDims(cast(mask, x.dtype), stepAxis === 1 ? 2 : 1);
    return div(sum(mul(x, m), stepAxis, this.keepDims), sum(m, stepAxis, this.keepDims));
  }

  /** The pooled output has no steps left to mask. */
  override computeMask(): null {
    return null;
  }
}
registerLayer(GlobalAveragePooling1D.className, GlobalAveragePooling1D);

/**
 * Max over the steps of [batch, steps, channels] inputs, giving [batch, channels].
 * @example globalMaxPooling1d()
 */
export class GlobalMaxPooling1D extends GlobalPooling {
  static override className = 'GlobalMaxPooling1D';
  constructor(args: GlobalPoolingLayerArgs = {}) {
    super(1, args);
  }
  protected reduce(x: Tensor, axes: number[]): Tensor {
    return max(x, axes, this.keepDims);
  }
}
registerLayer(GlobalMaxPooling1D.className, GlobalMaxPooling1D);

/**
 * Mean over height and width of images, giving [batch, channels].
 * @example globalAveragePooling2d({ dataFormat: 'channelsLast' })
 */
export class GlobalAveragePooling2D extends GlobalPooling {
  static override className = 'GlobalAveragePooling2D';
  constructor(args: GlobalPoolingLayerArgs = {}) {
    super(2, args);
  }
  protected reduce(x: Tensor, axes: number[]): Tensor {
    return mean(x, axes, this.keepDims);
  }
}
registerLayer(GlobalAveragePooling2D.className, GlobalAveragePooling2D);

/**
 * Max over height and width of images, giving [batch, channels].
 * @example globalMaxPooling2d()
 */
export class GlobalMaxPooling2D extends GlobalPooling {
  static override className = 'GlobalMaxPooling2D';
  constructor(args: GlobalPoolingLayerArgs = {}) {
    super(2, args);
  }
  protected reduce(x: Tensor, axes: number[]): Tensor {
    return max(x, axes, this.keepDims);
  }
}
registerLayer(GlobalMaxPooling2D.className, GlobalMaxPooling2D);
