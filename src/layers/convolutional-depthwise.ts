// Depthwise and depthwise-separable 2-D convolutions (MobileNet-style blocks).
import { ConfigError } from '../core/errors.js';
import { depthwiseConv2d, separableConv2d } from '../ops/index.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { BaseConv, type BaseConvLayerArgs, checkFilters } from './conv-base.js';
import { convOutputLength, joinSpatial, knownChannels, splitSpatial, toChannelsLast } from './conv-common.js';
import { singleInput } from './core.js';
import type { ConfigDict, ShapeOrShapes } from './layer.js';
import { registerLayer } from './registry.js';
import {
  type ConstraintArg,
  type ConstraintObject,
  type InitializerArg,
  type InitializerObject,
  type RegularizerArg,
  type RegularizerObject,
  getInitializer,
  resolveConstraint,
  resolveRegularizer,
  serializeObject,
} from './serialization.js';
import type { CallKwargs, SymbolicShape } from './symbolic.js';

/** Options of `DepthwiseConv2D` (TF.js names). */
export interface DepthwiseConv2DLayerArgs extends BaseConvLayerArgs {
  /** Output channels per input channel; default 1. */
  depthMultiplier?: number;
  /** Initializer of the depthwise kernel [kh, kw, inChannels, depthMultiplier]; default glorotUniform. */
  depthwiseInitializer?: InitializerArg;
  depthwiseRegularizer?: RegularizerArg;
  /** Projection applied to the depthwise kernel after every optimizer update. */
  depthwiseConstraint?: ConstraintArg;
}

/** Options of `SeparableConv2D` (TF.js names). */
export interface SeparableConv2DLayerArgs extends DepthwiseConv2DLayerArgs {
  /** Number of output channels of the pointwise step. */
  filters: number;
  /** Initializer of the pointwise kernel [1, 1, inChannels·depthMultiplier, filters]; default glorotUniform. */
  pointwiseInitializer?: InitializerArg;
  pointwiseRegularizer?: RegularizerArg;
  /** Projection applied to the pointwise kernel after every optimizer update. */
  pointwiseConstraint?: ConstraintArg;
}

function checkMultiplier(value: unknown, where: string): number {
  const m = value ?? 1;
  if (!Number.isInteger(m) || (m as number) <= 0) {
    throw new ConfigError(`${where}: depthMultiplier must be a positive integer, received ${JSON.stringify(value)}.`);
  }
  return m as number;
}

/** Shared part of the depthwise layers: the depthwise kernel. */
abstract class DepthwiseBase extends BaseConv {
  readonly depthMultiplier: number;
  protected readonly depthwiseInitializer: InitializerObject;
  protected readonly depthwiseRegularizer: RegularizerObject | null;
  protected readonly depthwiseConstraint: ConstraintObject | null;
  /** The depthwise kernel [kh, kw, inChannels, depthMultiplier]; exists once built. */
  depthwiseKernel: Variable | null = null;

  constructor(args: DepthwiseConv2DLayerArgs) {
    super(2, args);
    this.depthMultiplier = checkMultiplier(args.depthMultiplier, this.where);
    this.depthwiseInitializer = getInitializer(args.depthwiseInitializer, 'glorotUniform');
    this.depthwiseRegularizer = resolveRegularizer(args.depthwiseRegularizer);
    this.depthwiseConstraint = resolveConstraint(args.depthwiseConstraint);
  }

  /** Output channels of the layer for `channels` input channels. */
  protected abstract outChannels(channels: number): number;
  /** Creates the weights that follow the depthwise kernel. */
  protected abstract buildRest(channels: number): void;

  override build(inputShape: ShapeOrShapes): void {
    const shape = this.inputShapeOf(inputShape);
    const channels = knownChannels(shape, this.dataFormat, this.where);
    this.depthwiseKernel = this.addWeight('depthwise_kernel', [...this.kernelSize, channels, this.depthMultiplier], this.depthwiseInitializer, {
      regularizer: this.depthwiseRegularizer,
      constraint: this.depthwiseConstraint,
    });
    this.buildRest(channels);
    this.inputSpec = [{ ndim: 4, axes: { [this.dataFormat === 'channelsLast' ? -1 : 1]: channels } }];
  }

  override computeOutputShape(inputShape: ShapeOrShapes): SymbolicShape {
    const { batch, spatial, channels } = splitSpatial(this.inputShapeOf(inputShape), this.dataFormat);
    const out = spatial.map((d, i) =>
      convOutputLength(d, this.kernelSize[i] as number, this.padding, this.strides[i] as number, this.dilationRate[i] as number),
    );
    return joinSpatial(batch, out, channels === null ? null : this.outChannels(channels), this.dataFormat);
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      depthMultiplier: this.depthMultiplier,
      depthwiseInitializer: serializeObject(this.depthwiseInitializer),
      depthwiseRegularizer: serializeObject(this.depthwiseRegularizer),
      depthwiseConstraint: serializeObject(this.depthwiseConstraint),
    };
  }
}

/**
 * Depthwise 2-D convolution: each input channel is convolved with its own `depthMultiplier` filters, giving
 * inChannels·depthMultiplier output channels.
 * @example depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same' })
 */
export class DepthwiseConv2D extends DepthwiseBase {
  static override className = 'DepthwiseConv2D';

  protected outChannels(channels: number): number {
    return channels * this.depthMultiplier;
  }

  protected buildRest(channels: number): void {
    this.buildBias(this.outChannels(channels));
  }

  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    const x = toChannelsLast(singleInput(inputs, this.name), this.dataFormat);
    const padding = this.padding === 'same' ? 'same' : 'valid';
    const y = depthwiseConv2d(x, this.depthwiseKernel as Variable, this.strides as [number, number], padding, 'NHWC', this.dilationRate as [number, number]);
    return this.finish(y);
  }
}
registerLayer(DepthwiseConv2D.className, DepthwiseConv2D);

/**
 * Depthwise-separable 2-D convolution: a depthwise convolution followed by a 1×1 (pointwise) convolution to
 * `filters` channels. Far fewer weights than Conv2D for the same receptive field.
 * @example separableConv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' })
 */
export class SeparableConv2D extends DepthwiseBase {
  static override className = 'SeparableConv2D';
  readonly filters: number;
  protected readonly pointwiseInitializer: InitializerObject;
  protected readonly pointwiseRegularizer: RegularizerObject | null;
  protected readonly pointwiseConstraint: ConstraintObject | null;
  /** The pointwise kernel [1, 1, inChannels·depthMultiplier, filters]; exists once built. */
  pointwiseKernel: Variable | null = null;

  constructor(args: SeparableConv2DLayerArgs) {
    super(args);
    this.filters = checkFilters(args.filters, this.where);
    this.pointwiseInitializer = getInitializer(args.pointwiseInitializer, 'glorotUniform');
    this.pointwiseRegularizer = resolveRegularizer(args.pointwiseRegularizer);
    this.pointwiseConstraint = resolveConstraint(args.pointwiseConstraint);
  }

  protected outChannels(_channels: number): number {
    return this.filters;
  }

  protected buildRest(channels: number): void {
    this.pointwiseKernel = this.addWeight('pointwise_kernel', [1, 1, channels * this.depthMultiplier, this.filters], this.pointwiseInitializer, {
      regularizer: this.pointwiseRegularizer,
      constraint: this.pointwiseConstraint,
    });
    this.buildBias(this.filters);
  }

  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    const x = toChannelsLast(singleInput(inputs, this.name), this.dataFormat);
    const padding = this.padding === 'same' ? 'same' : 'valid';
    const y = separableConv2d(
      x, this.depthwiseKernel as Variable, this.pointwiseKernel as Variable, this.strides as [number, number], padding,
      this.dilationRate as [number, number], 'NHWC',
    );
    return this.finish(y);
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      pointwiseInitializer: serializeObject(this.pointwiseInitializer),
      pointwiseRegularizer: serializeObject(this.pointwiseRegularizer),
      pointwiseConstraint: serializeObject(this.pointwiseConstraint),
    };
  }
}
registerLayer(SeparableConv2D.className, SeparableConv2D);
