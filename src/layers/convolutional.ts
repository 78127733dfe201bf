// Convolution layers with a plain kernel: Conv1D, Conv2D and Conv2DTranspose (Keras behaviour, TF.js config keys).
import { ConfigError } from '../core/errors.js';
import { cast, conv1d, conv2d, conv2dTranspose, fusedConv2d, mixedConv2d, pad } from '../ops/index.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { BaseConv, type ConvLayerArgs, checkFilters } from './conv-base.js';
import { convOutputLength, deconvOutputLength, fromChannelsLast, joinSpatial, knownChannels, splitSpatial, toChannelsLast } from './conv-common.js';
import { singleInput } from './core.js';
import type { ConfigDict, ShapeOrShapes } from './layer.js';
import { registerLayer } from './registry.js';
import {
  type ConstraintObject,
  type InitializerObject,
  type RegularizerObject,
  getInitializer,
  resolveConstraint,
  resolveRegularizer,
  serializeObject,
} from './serialization.js';
import type { CallKwargs, SymbolicShape } from './symbolic.js';

/** Base of Conv1D/Conv2D/Conv2DTranspose: a `filters` count and one kernel. */
abstract class Conv extends BaseConv {
  readonly filters: number;
  protected readonly kernelInitializer: InitializerObject;
  protected readonly kernelRegularizer: RegularizerObject | null;
  protected readonly kernelConstraint: ConstraintObject | null;
  /** The convolution kernel; exists once built. */
  kernel: Variable | null = null;

  constructor(rank: number, args: ConvLayerArgs) {
    super(rank, args);
    this.filters = checkFilters(args.filters, this.where);
    this.kernelInitializer = getInitializer(args.kernelInitializer, 'glorotUniform');
    this.kernelRegularizer = resolveRegularizer(args.kernelRegularizer);
    this.kernelConstraint = resolveConstraint(args.kernelConstraint);
  }

  /** Kernel shape for `channels` input channels. */
  protected kernelShape(channels: number): number[] {
    return [...this.kernelSize, channels, this.filters];
  }

  override build(inputShape: ShapeOrShapes): void {
    const shape = this.inputShapeOf(inputShape);
    const channels = knownChannels(shape, this.dataFormat, this.where);
    this.kernel = this.addWeight('kernel', this.kernelShape(channels), this.kernelInitializer, {
      regularizer: this.kernelRegularizer,
      constraint: this.kernelConstraint,
    });
    this.buildBias(this.filters);
    const channelAxis = this.dataFormat === 'channelsLast' ? -1 : 1;
    this.inputSpec = [{ ndim: this.rank + 2, axes: { [channelAxis]: channels } }];
  }

  override computeOutputShape(inputShape: ShapeOrShapes): SymbolicShape {
    const { batch, spatial } = splitSpatial(this.inputShapeOf(inputShape), this.dataFormat);
    const out = spatial.map((d, i) =>
      convOutputLength(d, this.kernelSize[i] as number, this.padding, this.strides[i] as number, this.dilationRate[i] as number),
    );
    return joinSpatial(batch, out, this.filters, this.dataFormat);
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelInitializer: serializeObject(this.kernelInitializer),
      kernelRegularizer: serializeObject(this.kernelRegularizer),
      kernelConstraint: serializeObject(this.kernelConstraint),
    };
  }
}

/**
 * 1-D convolution over [batch, steps, channels] inputs (temporal convolution). Padding 'causal' pads only the
 * start, so output step t sees inputs up to t.
 * @example conv1d({ filters: 8, kernelSize: 3, activation: 'relu', inputShape: [100, 4] })
 */
export class Conv1D extends Conv {
  static override className = 'Conv1D';

  constructor(args: ConvLayerArgs) {
    super(1, args);
  }

  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    let x = toChannelsLast(singleInput(inputs, this.name), this.dataFormat);
    const [k, d, s] = [this.kernelSize[0] as number, this.dilationRate[0] as number, this.strides[0] as number];
    let padding: 'valid' | 'same' = this.padding === 'same' ? 'same' : 'valid';
    if (this.padding === 'causal') {
      x = pad(x, [[0, 0], [(k - 1) * d, 0], [0, 0]]);
      padding = 'valid';
    }
    return this.finish(conv1d(x, this.kernel as Variable, s, padding, 'NWC', d));
  }
}
registerLayer(Conv1D.className, Conv1D);

/**
 * 2-D convolution over images ([batch, height, width, channels] by default).
 * @example conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] })
 */
export class Conv2D extends Conv {
  static override className = 'Conv2D';

  constructor(args: ConvLayerArgs) {
    super(2, args);
  }

  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    const x = toChannelsLast(singleInput(inputs, this.name), this.dataFormat);
    const padding = this.padding === 'same' ? 'same' : 'valid';
    const kernel = this.kernel as Variable;
    const strides = this.strides as [number, number];
    const dilations = this.dilationRate as [number, number];
    const act = this.fusedActivation;
    if (this.computeDtype === 'bfloat16' && x.dtype === 'float32') {
      // mixed_bfloat16: im2col + bf16 GEMM with float32 accumulation; bias and activation in float32.
      return this.finish(mixedConv2d(cast(x, 'bfloat16'), cast(kernel, 'bfloat16'), strides, padding, dilations));
    }
    if (this.bias && x.dtype === kernel.dtype && x.dtype === this.bias.dtype) {
      // One fused op (conv + bias + activation) writes the layer's output once; other activations run after it.
      const z = fusedConv2d({ x, filter: kernel, strides, pad: padding, dilations, bias: this.bias, activation: act ?? 'linear' });
      return fromChannelsLast(act ? z : this.activation.apply(z), this.dataFormat);
    }
    return this.finish(conv2d(x, kernel, strides, padding, 'NHWC', dilations));
  }
}
registerLayer(Conv2D.className, Conv2D);

/**
 * Transposed 2-D convolution ("deconvolution"): the gradient of Conv2D with respect to its input, used to
 * upsample. The kernel is [kh, kw, filters, inChannels]; each spatial size becomes size·stride ('same') or
 * size·stride + max(kernel − stride, 0) ('valid').
 * @example conv2dTranspose({ filters: 16, kernelSize: 3, strides: 2, padding: 'same' })
 */
export class Conv2DTranspose extends Conv {
  static override className = 'Conv2DTranspose';

  constructor(args: ConvLayerArgs) {
    super(2, args);
    if (this.dilationRate.some((d) => d !== 1)) {
      throw new ConfigError(`${this.where}: dilationRate must be 1 for a transposed convolution, received ${JSON.stringify(args.dilationRate)}.`);
    }
  }

  protected override kernelShape(channels: number): number[] {
    return [...this.kernelSize, this.filters, channels];
  }

  override computeOutputShape(inputShape: ShapeOrShapes): SymbolicShape {
    const { batch, spatial } = splitSpatial(this.inputShapeOf(inputShape), this.dataFormat);
    const out = spatial.map((d, i) => deconvOutputLength(d, this.kernelSize[i] as number, this.padding, this.strides[i] as number));
    return joinSpatial(batch, out, this.filters, this.dataFormat);
  }

  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    const x = toChannelsLast(singleInput(inputs, this.name), this.dataFormat);
    const [b, h, w] = x.shape as [number, number, number, number];
    const outShape = [
      b,
      deconvOutputLength(h, this.kernelSize[0] as number, this.padding, this.strides[0] as number) as number,
      deconvOutputLength(w, this.kernelSize[1] as number, this.padding, this.strides[1] as number) as number,
      this.filters,
    ];
    const padding = this.padding === 'same' ? 'same' : 'valid';
    return this.finish(conv2dTranspose(x, this.kernel as Variable, outShape, this.strides as [number, number], padding));
  }
}
registerLayer(Conv2DTranspose.className, Conv2DTranspose);
