import { ConfigError, ShapeError } from '../core/errors.js';
import { add, cast, fusedMatMul, matMul, mixedMatMul, reshape } from '../ops/index.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { type ConfigDict, Layer, type LayerArgs, type ShapeOrShapes, isShapeList } from './layer.js';
import { registerLayer } from './registry.js';
import {
  type ActivationArg,
  type ActivationObject,
  type ConstraintArg,
  type ConstraintObject,
  type InitializerArg,
  type RegularizerArg,
  fusableActivation,
  getActivation,
  getInitializer,
  resolveConstraint,
  resolveRegularizer,
  serializeActivation,
  serializeObject,
} from './serialization.js';
import type { CallKwargs, SymbolicShape } from './symbolic.js';

/** The single input shape of a one-input layer, or a ShapeError naming the layer. */
export function singleShape(inputShape: ShapeOrShapes, layer: string): SymbolicShape {
  if (isShapeList(inputShape)) {
    if (inputShape.length !== 1) {
      throw new ShapeError(`${layer}: expected one input, received ${inputShape.length}. Merge them first (e.g. concatenate).`);
    }
    return inputShape[0] as SymbolicShape;
  }
  return inputShape;
}

/** The single input tensor of a one-input layer. */
export function singleInput(inputs: Tensor | Tensor[], layer: string): Tensor {
  if (Array.isArray(inputs)) {
    if (inputs.length !== 1) throw new ShapeError(`${layer}: expected one input tensor, received ${inputs.length}.`);
    return inputs[0] as Tensor;
  }
  return inputs;
}

/** Options of `Dense` (TF.js names). */
export interface DenseLayerArgs extends LayerArgs {
  /** Output size (positive integer). */
  units: number;
  /** Activation applied to the output; default linear. */
  activation?: ActivationArg;
  /** Whether to add a bias vector. Default true. */
  useBias?: boolean;
  /** Kernel initializer; default glorotUniform. */
  kernelInitializer?: InitializerArg;
  /** Bias initializer; default zeros. */
  biasInitializer?: InitializerArg;
  kernelRegularizer?: RegularizerArg;
  biasRegularizer?: RegularizerArg;
  activityRegularizer?: RegularizerArg;
  /** Projection applied to the kernel after every optimizer update (e.g. `maxNorm()`). */
  kernelConstraint?: ConstraintArg;
  /** Projection applied to the bias after every optimizer update. */
  biasConstraint?: ConstraintArg;
  /** Shorthand for `inputShape: [inputDim]`. */
  inputDim?: number;
}

/**
 * A fully connected layer: `activation(x · kernel + bias)`, applied to the last axis of inputs of any rank.
 * @example const layer = dense({ units: 8, activation: 'relu', inputShape: [4] });
 */
export class Dense extends Layer {
  static override className = 'Dense';
  readonly units: number;
  readonly activation: ActivationObject;
  readonly useBias: boolean;
  private readonly kernelInitializer: ReturnType<typeof getInitializer>;
  private readonly biasInitializer: ReturnType<typeof getInitializer>;
  private readonly kernelRegularizer: ReturnType<typeof resolveRegularizer>;
  private readonly biasRegularizer: ReturnType<typeof resolveRegularizer>;
  private readonly constraints: { kernel: ConstraintObject | null; bias: ConstraintObject | null };
  /** The weight matrix, [inputDim, units]; exists once built. */
  kernel: Variable | null = null;
  /** The bias vector, [units]; exists once built when useBias. */
  bias: Variable | null = null;
  /** The activation the fused dense kernel applies itself, or null when it runs as a separate op. */
  private readonly fusedActivation: 'linear' | 'relu' | 'tanh' | null;

  constructor(args: DenseLayerArgs) {
    const base: LayerArgs = { ...args };
    if (args.inputDim !== undefined && !args.inputShape && !args.batchInputShape) base.inputShape = [args.inputDim];
    super(base);
    if (!Number.isInteger(args?.units) || args.units <= 0) {
      throw new ConfigError(`Dense (${this.name}): units must be a positive integer, received ${JSON.stringify(args?.units)}.`);
    }
    this.units = args.units;
    this.activation = getActivation(args.activation);
    this.fusedActivation = fusableActivation(args.activation, this.activation);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = getInitializer(args.kernelInitializer, 'glorotUniform');
    this.biasInitializer = getInitializer(args.biasInitializer, 'zeros');
    this.kernelRegularizer = resolveRegularizer(args.kernelRegularizer);
    this.biasRegularizer = resolveRegularizer(args.biasRegularizer);
    this.activityRegularizer = resolveRegularizer(args.activityRegularizer);
    this.constraints = { kernel: resolveConstraint(args.kernelConstraint), bias: resolveConstraint(args.biasConstraint) };
    this.inputSpec = [{ minNdim: 2 }];
    this.supportsMasking = true;
  }

  override build(inputShape: ShapeOrShapes): void {
    const shape = singleShape(inputShape, this.name);
    const inDim = shape[shape.length - 1];
    if (inDim === null || inDim === undefined) {
      throw new ShapeError(`Dense (${this.name}): the last dimension of the input must be known, received shape [${shape.join(',')}].`);
    }
    this.kernel = this.addWeight('kernel', [inDim, this.units], this.kernelInitializer, {
      regularizer: this.kernelRegularizer,
      constraint: this.constraints.kernel,
    });
    if (this.useBias) {
      this.bias = this.addWeight('bias', [this.units], this.biasInitializer, { regularizer: this.biasRegularizer, constraint: this.constraints.bias });
    }
    this.inputSpec = [{ minNdim: 2, axes: { [-1]: inDim } }];
  }

  override computeOutputShape(inputShape: ShapeOrShapes): SymbolicShape {
    const shape = singleShape(inputShape, this.name);
    return [...shape.slice(0, -1), this.units];
  }

  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    const x = singleInput(inputs, this.name);
    const kernel = this.kernel as Variable;
    let y: Tensor;
    if (this.computeDtype === 'bfloat16' && x.dtype === 'float32') {
      // mixed_bfloat16: bf16 operands, float32 accumulation; bias and activation in float32 (layers/policy.ts).
      const inDim = kernel.shape[0] as number;
      const x2 = x.rank === 2 ? x : reshape(x, [-1, inDim]);
      y = mixedMatMul(cast(x2, 'bfloat16'), cast(kernel, 'bfloat16'));
      if (x.rank !== 2) y = reshape(y, [...x.shape.slice(0, -1), this.units]);
      if (this.bias) y = add(y, this.bias);
      return this.activation.apply(y);
    }
    if (x.rank === 2 && this.bias && x.dtype === kernel.dtype) {
      // One fused op (matMul + bias + activation); the activation is fused only when it is a plain built-in
      // one the kernel knows, and sigmoid stays separate so losses can still find its logits (logitsOf).
      const act = this.fusedActivation;
      const z = fusedMatMul({ a: x, b: kernel, bias: this.bias, activation: act ?? 'linear' });
      return act ? z : this.activation.apply(z);
    }
    if (x.rank === 2) y = matMul(x, kernel);
    else {
      const inDim = kernel.shape[0] as number;
      y = reshape(matMul(reshape(x, [-1, inDim]), kernel), [...x.shape.slice(0, -1), this.units]);
    }
    if (this.bias) y = add(y, this.bias);
    return this.activation.apply(y);
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: serializeActivation(this.activation),
      useBias: this.useBias,
      kernelInitializer: serializeObject(this.kernelInitializer),
      biasInitializer: serializeObject(this.biasInitializer),
      kernelRegularizer: serializeObject(this.kernelRegularizer),
      biasRegularizer: serializeObject(this.biasRegularizer),
      activityRegularizer: serializeObject(this.activityRegularizer),
      kernelConstraint: serializeObject(this.constraints.kernel),
      biasConstraint: serializeObject(this.constraints.bias),
    };
  }
}
registerLayer(Dense.className, Dense);

/** Options of `Activation`. */
export interface ActivationLayerArgs extends LayerArgs {
  /** The activation to apply (`'relu'`, `'softmax'`, ...). */
  activation: ActivationArg;
}

/**
 * Applies an activation function element-wise (softmax along the last axis).
 * @example activation({ activation: 'relu' }).apply(tensor([-1, 2])); // [0, 2]
 */
export class Activation extends Layer {
  static override className = 'Activation';
  readonly activation: ActivationObject;

  constructor(args: ActivationLayerArgs) {
    super(args);
    if (args?.activation === undefined) {
      throw new ConfigError(`Activation (${this.name}): the activation option is required, e.g. {activation: 'relu'}.`);
    }
    this.activation = getActivation(args.activation);
    this.supportsMasking = true;
  }

  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    return this.activation.apply(singleInput(inputs, this.name));
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), activation: serializeActivation(this.activation) };
  }
}
registerLayer(Activation.className, Activation);
