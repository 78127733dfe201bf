// The part every convolution layer shares (Keras `BaseConv`): kernel size, strides, padding, data format,
// dilation, activation, bias and their config keys. Subclasses create their kernels and run the op.
import { ConfigError } from '../core/errors.js';
import { add } from '../ops/index.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import {
  type DataFormat,
  type PaddingMode,
  checkDataFormat,
  checkPadding,
  checkSpatialRank,
  fromChannelsLast,
  normalizeTuple,
} from './conv-common.js';
import { singleShape } from './core.js';
import { type ConfigDict, Layer, type LayerArgs, type ShapeOrShapes } from './layer.js';
import {
  type ActivationArg,
  type ActivationObject,
  type ConstraintArg,
  type ConstraintObject,
  type InitializerArg,
  type InitializerObject,
  type RegularizerArg,
  type RegularizerObject,
  fusableActivation,
  getActivation,
  getInitializer,
  resolveConstraint,
  resolveRegularizer,
  serializeActivation,
  serializeObject,
} from './serialization.js';
import type { SymbolicShape } from './symbolic.js';

/** Options shared by every convolution layer (TF.js names). */
export interface BaseConvLayerArgs extends LayerArgs {
  /** Window size: one number for every spatial axis, or one per axis. */
  kernelSize: number | number[];
  /** Step of the window; default 1. */
  strides?: number | number[];
  /** 'valid' (default: no padding) or 'same' (output size = ceil(input / stride)); Conv1D also takes 'causal'. */
  padding?: PaddingMode;
  /** 'channelsLast' (default) or 'channelsFirst'. */
  dataFormat?: DataFormat;
  /** Spacing between kernel taps; default 1. */
  dilationRate?: number | number[];
  /** Activation applied to the output; default linear. */
  activation?: ActivationArg;
  /** Whether to add a bias per output channel. Default true. */
  useBias?: boolean;
  /** Bias initializer; default zeros. */
  biasInitializer?: InitializerArg;
  biasRegularizer?: RegularizerArg;
  activityRegularizer?: RegularizerArg;
  /** Projection applied to the bias after every optimizer update. */
  biasConstraint?: ConstraintArg;
}

/** Options of layers with a `filters` count and a plain kernel (Conv1D, Conv2D, Conv2DTranspose). */
export interface ConvLayerArgs extends BaseConvLayerArgs {
  /** Number of output channels (positive integer). */
  filters: number;
  /** Kernel initializer; default glorotUniform. */
  kernelInitializer?: InitializerArg;
  kernelRegularizer?: RegularizerArg;
  /** Projection applied to the kernel after every optimizer update (e.g. `maxNorm({ axis: [0, 1, 2] })`). */
  kernelConstraint?: ConstraintArg;
}

/** Base class of the convolution layers; `rank` is the number of spatial axes. */
export abstract class BaseConv extends Layer {
  /** Number of spatial axes (1 for Conv1D, 2 for Conv2D). */
  readonly rank: number;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: PaddingMode;
  readonly dataFormat: DataFormat;
  readonly dilationRate: number[];
  readonly activation: ActivationObject;
  readonly useBias: boolean;
  protected readonly biasInitializer: InitializerObject;
  protected readonly biasRegularizer: RegularizerObject | null;
  protected readonly biasConstraint: ConstraintObject | null;
  /** The bias vector, [outputChannels]; exists once built when useBias. */
  bias: Variable | null = null;
  /** The activation a fused conv kernel applies itself, or null when it runs as a separate op. */
  protected readonly fusedActivation: 'linear' | 'relu' | 'tanh' | null;

  constructor(rank: number, args: BaseConvLayerArgs) {
    super(args);
    const where = `${this.getClassName()} (${this.name})`;
    this.rank = rank;
    if (args?.kernelSize === undefined) {
      throw new ConfigError(`${where}: kernelSize is required, e.g. {kernelSize: 3}.`);
    }
    this.kernelSize = normalizeTuple(args.kernelSize, rank, 'kernelSize', where);
    this.strides = normalizeTuple(args.strides ?? 1, rank, 'strides', where);
    this.padding = checkPadding(args.padding, where, rank === 1);
    this.dataFormat = checkDataFormat(args.dataFormat, where);
    this.dilationRate = normalizeTuple(args.dilationRate ?? 1, rank, 'dilationRate', where);
    if (this.dilationRate.some((d) => d > 1) && this.strides.some((s) => s > 1)) {
      throw new ConfigError(
        `${where}: dilationRate ${JSON.stringify(args.dilationRate)} and strides ${JSON.stringify(args.strides)} cannot both exceed 1 (as in Keras); use one or the other.`,
      );
    }
    this.activation = getActivation(args.activation);
    this.fusedActivation = fusableActivation(args.activation, this.activation);
    this.useBias = args.useBias ?? true;
    this.biasInitializer = getInitializer(args.biasInitializer, 'zeros');
    this.biasRegularizer = resolveRegularizer(args.biasRegularizer);
    this.activityRegularizer = resolveRegularizer(args.activityRegularizer);
    this.biasConstraint = resolveConstraint(args.biasConstraint);
  }

  /** `Name (ClassName)`, the prefix of every error this layer throws. */
  protected get where(): string {
    return `${this.getClassName()} (${this.name})`;
  }

  protected override assertInputCompatible(shapes: SymbolicShape[]): void {
    for (const s of shapes) checkSpatialRank(s, this.rank + 2, this.dataFormat, this.where);
    super.assertInputCompatible(shapes);
  }

  /** The one input shape, rank-checked. */
  protected inputShapeOf(inputShape: ShapeOrShapes): SymbolicShape {
    const shape = singleShape(inputShape, this.name);
    checkSpatialRank(shape, this.rank + 2, this.dataFormat, this.where);
    return shape;
  }

  /** Creates the bias for `channels` outputs when useBias. */
  protected buildBias(channels: number): void {
    if (this.useBias) {
      this.bias = this.addWeight('bias', [channels], this.biasInitializer, { regularizer: this.biasRegularizer, constraint: this.biasConstraint });
    }
  }

  /** Adds the bias to a channels-last result, applies the activation and restores the data format. */
  protected finish(y: Tensor): Tensor {
    const biased = this.bias ? add(y, this.bias) : y;
    return fromChannelsLast(this.activation.apply(biased), this.dataFormat);
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      dataFormat: this.dataFormat,
      dilationRate: [...this.dilationRate],
      activation: serializeActivation(this.activation),
      useBias: this.useBias,
      biasInitializer: serializeObject(this.biasInitializer),
      biasRegularizer: serializeObject(this.biasRegularizer),
      activityRegularizer: serializeObject(this.activityRegularizer),
      biasConstraint: serializeObject(this.biasConstraint),
    };
  }
}

/** Checks a `filters` option. */
export function checkFilters(value: unknown, where: string): number {
  if (!Number.isInteger(value) || (value as number) <= 0) {
    throw new ConfigError(`${where}: filters must be a positive integer, received ${JSON.stringify(value)}.`);
  }
  return value as number;
}
