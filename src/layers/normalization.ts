// Normalization layers: BatchNormalization (batch statistics in training, moving averages at inference) and
// LayerNormalization (per-sample statistics).
import { ConfigError, ShapeError } from '../core/errors.js';
import { add, batchNorm, cast, moments, mul, reshape, rsqrt, sub } from '../ops/index.js';
import { withoutTape } from '../tensor/engine.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { singleInput, singleShape } from './core.js';
import { type ConfigDict, Layer, type LayerArgs, type ShapeOrShapes } from './layer.js';
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

/** Options shared by the normalization layers (TF.js names). */
interface NormalizationArgs extends LayerArgs {
  /** Small constant added to the variance; default 1e-3. */
  epsilon?: number;
  /** Add the learned offset `beta`. Default true. */
  center?: boolean;
  /** Multiply by the learned scale `gamma`. Default true. */
  scale?: boolean;
  betaInitializer?: InitializerArg;
  gammaInitializer?: InitializerArg;
  betaRegularizer?: RegularizerArg;
  gammaRegularizer?: RegularizerArg;
  /** Projection applied to beta after every optimizer update. */
  betaConstraint?: ConstraintArg;
  /** Projection applied to gamma after every optimizer update. */
  gammaConstraint?: ConstraintArg;
}

/** Shared parts: epsilon, center/scale, beta/gamma and their config. */
abstract class Normalization extends Layer {
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  protected readonly inits: { beta: InitializerObject; gamma: InitializerObject };
  protected readonly regs: { beta: RegularizerObject | null; gamma: RegularizerObject | null };
  protected readonly constraints: { beta: ConstraintObject | null; gamma: ConstraintObject | null };
  /** Learned scale; exists once built when `scale`. */
  gamma: Variable | null = null;
  /** Learned offset; exists once built when `center`. */
  beta: Variable | null = null;

  constructor(args: NormalizationArgs) {
    super(args);
    this.epsilon = args.epsilon ?? 1e-3;
    if (typeof this.epsilon !== 'number' || !(this.epsilon >= 0)) {
      throw new ConfigError(`${this.where}: epsilon must be a non-negative number, received ${JSON.stringify(args.epsilon)}.`);
    }
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.inits = { beta: getInitializer(args.betaInitializer, 'zeros'), gamma: getInitializer(args.gammaInitializer, 'ones') };
    this.regs = { beta: resolveRegularizer(args.betaRegularizer), gamma: resolveRegularizer(args.gammaRegularizer) };
    this.constraints = { beta: resolveConstraint(args.betaConstraint), gamma: resolveConstraint(args.gammaConstraint) };
    this.supportsMasking = true;
  }

  protected get where(): string {
    return `${this.getClassName()} (${this.name})`;
  }

  /** Resolves `axes` against `shape`, requiring known sizes; returns the axes and the parameter shape. */
  protected resolveAxes(axes: number[], shape: SymbolicShape): { axes: number[]; paramShape: number[] } {
    const rank = shape.length;
    const resolved = axes.map((a) => {
      const r = a < 0 ? a + rank : a;
      if (!Number.isInteger(a) || r < 0 || r >= rank || r === 0) {
        throw new ConfigError(`${this.where}: axis ${a} is out of range for inputs of rank ${rank} (the batch axis 0 cannot be normalized over); use an axis in [1, ${rank - 1}] or negative.`);
      }
      return r;
    });
    // Ascending order, so parameters of shape paramShape reshape directly to the broadcast shape.
    resolved.sort((p, q) => p - q);
    if (new Set(resolved).size !== resolved.length) {
      throw new ConfigError(`${this.where}: axis ${JSON.stringify(axes)} names the same input axis twice.`);
    }
    const paramShape = resolved.map((r) => {
      const d = shape[r];
      if (d === null || d === undefined) {
        throw new ShapeError(`${this.where}: axis ${r} of the input must have a known size, received shape [${shape.join(',')}].`);
      }
      return d;
    });
    return { axes: resolved, paramShape };
  }

  /** Creates gamma and beta of `paramShape`. */
  protected buildAffine(paramShape: number[]): void {
    if (this.scale) this.gamma = this.addWeight('gamma', paramShape, this.inits.gamma, { regularizer: this.regs.gamma, constraint: this.constraints.gamma });
    if (this.center) this.beta = this.addWeight('beta', paramShape, this.inits.beta, { regularizer: this.regs.beta, constraint: this.constraints.beta });
  }

  override computeOutputShape(inputShape: ShapeOrShapes): SymbolicShape {
    return singleShape(inputShape, this.name);
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: serializeObject(this.inits.beta),
      gammaInitializer: serializeObject(this.inits.gamma),
      betaRegularizer: serializeObject(this.regs.beta),
      gammaRegularizer: serializeObject(this.regs.gamma),
      betaConstraint: serializeObject(this.constraints.beta),
      gammaConstraint: serializeObject(this.constraints.gamma),
    };
  }
}

/** Shape that broadcasts parameters of the normalized `axes` against an input of `rank`. */
function broadcastShape(rank: number, axes: number[], x: Tensor): number[] {
  return Array.from({ length: rank }, (_, i) => (axes.includes(i) ? (x.shape[i] as number) : 1));
}

/** Options of `BatchNormalization` (TF.js names). */
export interface BatchNormalizationLayerArgs extends NormalizationArgs {
  /** The feature axis (normally the channels); default -1. Keras configs may hold a list of axes, e.g. [3]. */
  axis?: number | number[];
  /** Weight of the old value in the moving averages; default 0.99. */
  momentum?: number;
  movingMeanInitializer?: InitializerArg;
  movingVarianceInitializer?: InitializerArg;
}

/**
 * Batch normalization: in training (fit) normalizes with the batch's mean and variance over every axis but
 * `axis` (each feature has its own statistics), and updates the non-trainable moving averages `moving = moving·momentum + batch·(1 − momentum)`; at
 * inference (predict/evaluate) normalizes with the moving averages. Like Keras, a frozen layer
 * (`trainable = false`) always runs in inference mode.
 * @example batchNormalization({ axis: -1, momentum: 0.9 })
 */
export class BatchNormalization extends Normalization {
  static override className = 'BatchNormalization';
  readonly axis: number | number[];
  readonly momentum: number;
  private readonly movingInits: { mean: InitializerObject; variance: InitializerObject };
  /** Moving mean of the batch means (non-trainable); exists once built. */
  movingMean: Variable | null = null;
  /** Moving mean of the batch variances (non-trainable); exists once built. */
  movingVariance: Variable | null = null;
  private resolvedAxes: number[] = [];

  constructor(args: BatchNormalizationLayerArgs = {}) {
    super(args);
    const axis = args.axis ?? -1;
    const list = Array.isArray(axis) ? axis : [axis];
    if (list.length === 0 || !list.every((a) => Number.isInteger(a))) {
      throw new ConfigError(`${this.where}: axis must be an integer such as -1 or 1 (or a list of them), received ${JSON.stringify(args.axis)}.`);
    }
    this.axis = Array.isArray(axis) ? [...axis] : axis;
    this.momentum = args.momentum ?? 0.99;
    if (typeof this.momentum !== 'number' || !(this.momentum >= 0 && this.momentum <= 1)) {
      throw new ConfigError(`${this.where}: momentum must be a number in [0, 1], received ${JSON.stringify(args.momentum)}.`);
    }
    this.movingInits = {
      mean: getInitializer(args.movingMeanInitializer, 'zeros'),
      variance: getInitializer(args.movingVarianceInitializer, 'ones'),
    };
  }

  override build(inputShape: ShapeOrShapes): void {
    const shape = singleShape(inputShape, this.name);
    const { axes, paramShape } = this.resolveAxes(Array.isArray(this.axis) ? this.axis : [this.axis], shape);
    this.resolvedAxes = axes;
    this.buildAffine(paramShape);
    this.movingMean = this.addWeight('moving_mean', paramShape, this.movingInits.mean, { trainable: false });
    this.movingVariance = this.addWeight('moving_variance', paramShape, this.movingInits.variance, { trainable: false });
    this.inputSpec = [{ ndim: shape.length, axes: Object.fromEntries(axes.map((a, i) => [a, paramShape[i] as number])) }];
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    const x = singleInput(inputs, this.name);
    const axes = this.resolvedAxes;
    const bshape = broadcastShape(x.rank, axes, x);
    const param = (v: Tensor | null): Tensor | undefined => (v ? reshape(v, bshape) : undefined);
    const movingMean = this.movingMean as Variable;
    const movingVariance = this.movingVariance as Variable;
    if (!(kwargs.training === true && this.trainable)) {
      return batchNorm(x, param(movingMean) as Tensor, param(movingVariance) as Tensor, param(this.beta), param(this.gamma), this.epsilon);
    }
    const reduceAxes = Array.from({ length: x.rank }, (_, i) => i).filter((i) => !axes.includes(i));
    const { mean, variance } = moments(x, reduceAxes, false);
    // The update is state, not part of the loss: keep it off the gradient tape so it cannot affect gradients.
    withoutTape(() => {
      const decay = 1 - this.momentum;
      const update = (v: Variable, batch: Tensor): void =>
        v.assign(cast(sub(v, mul(sub(v, cast(batch, v.dtype)), decay)), v.dtype));
      update(movingMean, mean);
      update(movingVariance, variance);
    });
    return batchNorm(x, reshape(mean, bshape), reshape(variance, bshape), param(this.beta), param(this.gamma), this.epsilon);
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      axis: Array.isArray(this.axis) ? [...this.axis] : this.axis,
      momentum: this.momentum,
      movingMeanInitializer: serializeObject(this.movingInits.mean),
      movingVarianceInitializer: serializeObject(this.movingInits.variance),
    };
  }
}
registerLayer(BatchNormalization.className, BatchNormalization);

/** Options of `LayerNormalization` (TF.js names). */
export interface LayerNormalizationLayerArgs extends NormalizationArgs {
  /** Axis or axes to normalize over (each sample separately); default -1. */
  axis?: number | number[];
}

/**
 * Layer normalization: normalizes each sample over `axis` (default the last) with its own mean and variance,
 * then scales by gamma and shifts by beta. Same behaviour in training and inference.
 * @example layerNormalization({ epsilon: 1e-5 })
 */
export class LayerNormalization extends Normalization {
  static override className = 'LayerNormalization';
  readonly axis: number | number[];
  private resolvedAxes: number[] = [];

  constructor(args: LayerNormalizationLayerArgs = {}) {
    super(args);
    const axis = args.axis ?? -1;
    const list = Array.isArray(axis) ? axis : [axis];
    if (list.length === 0 || !list.every((a) => Number.isInteger(a))) {
      throw new ConfigError(`${this.where}: axis must be an integer or a non-empty array of integers, received ${JSON.stringify(args.axis)}.`);
    }
    this.axis = Array.isArray(axis) ? [...axis] : axis;
  }

  override build(inputShape: ShapeOrShapes): void {
    const shape = singleShape(inputShape, this.name);
    const { axes, paramShape } = this.resolveAxes(Array.isArray(this.axis) ? this.axis : [this.axis], shape);
    this.resolvedAxes = axes;
    this.buildAffine(paramShape);
    this.inputSpec = [{ ndim: shape.length }];
  }

  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    const x = singleInput(inputs, this.name);
    const axes = this.resolvedAxes;
    const bshape = broadcastShape(x.rank, axes, x);
    const { mean, variance } = moments(x, axes, true);
    let y = mul(sub(x, mean), rsqrt(add(variance, this.epsilon)));
    if (this.gamma) y = mul(y, reshape(this.gamma, bshape));
    if (this.beta) y = add(y, reshape(this.beta, bshape));
    return y;
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), axis: Array.isArray(this.axis) ? [...this.axis] : this.axis };
  }
}
registerLayer(LayerNormalization.className, LayerNormalization);
