import { Policy, globalPolicy } from './policy.js';
import { type DataType, copyArray } from '../core/dtype.js';
import { ConfigError, ShapeError, ValueError } from '../core/errors.js';
import { fmtShape, shapesEqual } from '../core/shape.js';
import { cast, div, scalar } from '../ops/index.js';
import { Tensor, Variable } from '../tensor/tensor.js';
import { toSnakeCase, uniqueName } from './naming.js';
import { type ConstraintObject, type InitializerArg, type RegularizerObject, getInitializer } from './serialization.js';
import { type CallKwargs, Node, SymbolicTensor, type SymbolicShape, isSymbolic } from './symbolic.js';

/** A layer configuration as `getConfig()` returns it: TF.js camelCase keys, JSON-serializable values. */
export type ConfigDict = Record<string, unknown>;

/** Options every layer accepts (TF.js names). */
export interface LayerArgs {
  /** Unique name; default derived from the class (`dense`, `dense_1`, ...). */
  name?: string;
  /** When false the layer's weights are frozen (excluded from `trainableWeights`). Default true. */
  trainable?: boolean;
  /** Input shape without the batch dimension; only meaningful on a model's first layer. */
  inputShape?: SymbolicShape;
  /** Input shape including the batch dimension (`null` for any batch size). */
  batchInputShape?: SymbolicShape;
  /** Fixed batch size used with `inputShape`. */
  batchSize?: number;
  /** Dtype of the layer's weights and outputs. Default float32. */
  dtype?: DataType;
  /** Initial weight values, set right after the layer is built. */
  weights?: Tensor[];
}

/** Constraints a layer puts on its input, checked by `apply` with a clear error. */
export interface InputSpec {
  ndim?: number;
  minNdim?: number;
  /** Required sizes of given axes (negative axes count from the end). */
  axes?: Record<number, number>;
}

/** Options of `Layer.addWeight`. */
export interface AddWeightOptions {
  trainable?: boolean;
  regularizer?: RegularizerObject | null;
  /** Applied to the weight after every optimizer update (a layer's `kernelConstraint` and the like). */
  constraint?: ConstraintObject | null;
  dtype?: DataType;
}

/** Input or output shape(s) of a layer: one shape, or one per tensor for multi-input/multi-output layers. */
export type ShapeOrShapes = SymbolicShape | SymbolicShape[];

/** True when `s` is a list of shapes rather than one shape. */
export function isShapeList(s: ShapeOrShapes): s is SymbolicShape[] {
  return s.length > 0 && Array.isArray(s[0]);
}

/** A layer's stored config: the constructor args plus anything subclasses add. */
type StoredArgs = LayerArgs;

/**
 * Base class of every layer. Subclasses validate and store their config in the constructor, create weights in
 * `build(inputShape)` with `addWeight`, compute in `call(inputs, kwargs)`, describe their output in
 * `computeOutputShape`, and return everything needed to rebuild them from `getConfig()`.
 * `apply` works on concrete Tensors (eager) and on SymbolicTensors (building a functional graph).
 * @example const d = dense({ units: 3 }); d.apply(ones([2, 4])); // Tensor of shape [2, 3]
 */
export class Layer {
  /** Class name used in serialized configs; every subclass sets its own and registers it with `registerLayer`. */
  static className = 'Layer';
  /** Unique layer name (also the prefix of its variables' names). */
  readonly name: string;
  /** Dtype of weights and outputs. */
  readonly dtype: DataType;
  /** True once `build` has created the weights. */
  built = false;
  /** True when the layer passes input masks through or computes its own (see `computeMask`). */
  supportsMasking = false;
  /** Input constraints checked on every `apply`; set in the constructor or in `build`. */
  inputSpec: InputSpec[] | null = null;
  /** Every application of this layer to symbolic tensors, in order. */
  readonly inboundNodes: Node[] = [];
  /** Input shape with batch dimension given in the config (first layer of a model), else null. */
  readonly batchInputShape: SymbolicShape | null;
  /** Regularizer applied to the layer's output; its losses appear in `losses` after each call. */
  activityRegularizer: RegularizerObject | null = null;

  private isTrainable: boolean;
  private readonly ownWeights: Variable[] = [];
  private readonly weightRegularizers: { variable: Variable; regularizer: RegularizerObject }[] = [];
  private activityLosses: Tensor[] = [];
  private initialWeights: Tensor[] | null;

  constructor(args: LayerArgs = {}) {
    const className = (this.constructor as typeof Layer).className;
    this.name = args.name ?? uniqueName(toSnakeCase(className));
    if (typeof this.name !== 'string' || this.name === '') {
      throw new ConfigError(`${className}: name must be a non-empty string, received ${JSON.stringify(args.name)}.`);
    }
    this.isTrainable = args.trainable ?? true;
    this.dtype = args.dtype ?? 'float32';
    // Keras: a layer takes the global policy when created; an explicit float dtype means that plain policy.
    this.dtypePolicy = args.dtype === undefined ? globalPolicy() : new Policy('float32');
    this.batchInputShape = resolveBatchInputShape(args, this.name);
    this.initialWeights = args.weights ?? null;
  }

  /** The layer's dtype policy (Keras `layer.dtype_policy`), fixed when the layer is created. */
  readonly dtypePolicy: Policy;

  /** The dtype its matmuls and convolutions read their operands in ('bfloat16' under 'mixed_bfloat16'). */
  get computeDtype(): DataType {
    return this.dtypePolicy.computeDtype;
  }

  /** The dtype of its weights (float32 under every policy). */
  get variableDtype(): DataType {
    return this.dtypePolicy.variableDtype;
  }

  /** The class name used in serialized configs (`'Dense'`). */
  getClassName(): string {
    return (this.constructor as typeof Layer).className;
  }

  /** Whether the layer's weights are updated by training. Setting false freezes them. */
  get trainable(): boolean {
    return this.isTrainable;
  }

  set trainable(value: boolean) {
    this.isTrainable = value;
  }

  /** Creates the layer's weights for `inputShape`. Subclasses override it and use `addWeight`. */
  build(_inputShape: ShapeOrShapes): void {
    this.built = true;
  }

  /** Computes the layer on concrete tensors. The default returns the inputs unchanged. */
  call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor | Tensor[] {
    return inputs;
  }

  /** Output shape(s) for `inputShape`; the default returns the input shape unchanged. */
  computeOutputShape(inputShape: ShapeOrShapes): ShapeOrShapes {
    return inputShape;
  }

  /**
   * The output mask given the inputs and input mask. The default passes the mask through when `supportsMasking`,
   * and rejects a mask otherwise, like Keras.
   */
  computeMask(_inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null | undefined): Tensor | (Tensor | null)[] | null {
    const present = Array.isArray(mask) ? mask.some((m) => m !== null) : mask !== null && mask !== undefined;
    if (!present) return null;
    if (!this.supportsMasking) {
      throw new ValueError(
        `${this.name} (${this.getClassName()}): received an input mask but does not support masking. ` +
          'Remove the masking layer (e.g. Embedding maskZero) before it, or use a layer that supports masks.',
      );
    }
    return mask ?? null;
  }

  /**
   * Creates a weight variable named `<layer name>/<name>`, initialized by `initializer` (an Initializer, id or
   * `{className, config}`), and tracks it. Call it from `build`.
   */
  addWeight(name: string, shape: number[], initializer: InitializerArg | undefined, options: AddWeightOptions = {}): Variable {
    const dtype = options.dtype ?? this.dtype;
    const init = getInitializer(initializer, 'glorotUniform');
    const variable = new Variable(init.apply(shape, dtype), options.trainable ?? true, `${this.name}/${name}`);
    this.ownWeights.push(variable);
    if (options.regularizer) this.weightRegularizers.push({ variable, regularizer: options.regularizer });
    const constraint = options.constraint;
    if (constraint) variable.constraint = (value) => constraint.apply(value);
    return variable;
  }

  /** Every weight: trainable ones first, then non-trainable ones. */
  get weights(): Variable[] {
    return [...this.trainableWeights, ...this.nonTrainableWeights];
  }

  /** Weights updated by training (empty while `trainable` is false). */
  get trainableWeights(): Variable[] {
    return this.isTrainable ? this.ownWeights.filter((w) => w.trainable) : [];
  }

  /** Weights training leaves alone (all of them while `trainable` is false). */
  get nonTrainableWeights(): Variable[] {
    return this.isTrainable ? this.ownWeights.filter((w) => !w.trainable) : [...this.ownWeights];
  }

  /** Copies of the weight values, in `weights` order. */
  getWeights(): Tensor[] {
    return this.weights.map((w) => new Tensor(copyArray(w.values), w.shape, w.dtype));
  }

  /** Sets the weight values, in `weights` order; shapes must match exactly. */
  setWeights(values: Tensor[]): void {
    const ws = this.weights;
    if (values.length !== ws.length) {
      throw new ValueError(
        `${this.name}.setWeights: expected ${ws.length} weight tensors (${ws.map((w) => w.name).join(', ') || 'none'}), ` +
          `received ${values.length}. Pass one tensor per entry of layer.weights.`,
      );
    }
    ws.forEach((w, i) => {
      const v = values[i] as Tensor;
      if (!shapesEqual(v.shape, w.shape)) {
        throw new ShapeError(
          `${this.name}.setWeights: weight ${i} (${w.name}) has shape ${fmtShape(w.shape)}, received ${fmtShape(v.shape)}.`,
        );
      }
    });
    ws.forEach((w, i) => {
      const v = values[i] as Tensor;
      w.assign(v.dtype === w.dtype ? v : cast(v, w.dtype));
    });
  }

  /** Number of scalars in the weights; the layer must be built. */
  countParams(): number {
    if (!this.built) {
      throw new ValueError(
        `${this.name}.countParams: the layer is not built yet, so its weights do not exist. ` +
          'Apply it to an input first, or call layer.build(inputShape).',
      );
    }
    return this.weights.reduce((n, w) => n + w.size, 0);
  }

  /** Regularization losses: weight penalties (computed now) plus the activity penalties of the last call. */
  get losses(): Tensor[] {
    return [...this.weightRegularizers.map(({ variable, regularizer }) => regularizer.apply(variable)), ...this.activityLosses];
  }

  /** Forgets the activity losses of earlier calls (models do this before each forward pass). */
  clearActivityLosses(): void {
    this.activityLosses = [];
  }

  /** The layer's serializable config (TF.js camelCase). Subclasses add their own keys to this. */
  getConfig(): ConfigDict {
    const config: ConfigDict = { name: this.name, trainable: this.trainable, dtype: this.dtype };
    if (this.batchInputShape) config.batchInputShape = [...this.batchInputShape];
    return config;
  }

  /**
   * Rebuilds a layer from `getConfig()` output.
   * @example const copy = Dense.fromConfig(layer.getConfig());
   */
  static fromConfig<T extends Layer>(this: new (args: ConfigDict) => T, config: ConfigDict): T {
    return new this(config);
  }

  /** Kept for TF.js compatibility; memory is reclaimed by the garbage collector. */
  dispose(): void {}

  /** Input shape of the layer's first application (a list for multi-input layers). */
  get inputShape(): ShapeOrShapes {
    const node = this.firstNode('inputShape');
    const shapes = node.inputTensors.map((t) => t.shape);
    return shapes.length === 1 ? (shapes[0] as SymbolicShape) : shapes;
  }

  /** Output shape of the layer's first application (a list for multi-output layers). */
  get outputShape(): ShapeOrShapes {
    const node = this.firstNode('outputShape');
    const shapes = node.outputTensors.map((t) => t.shape);
    return shapes.length === 1 ? (shapes[0] as SymbolicShape) : shapes;
  }

  private firstNode(what: string): Node {
    const node = this.inboundNodes[0];
    if (!node) {
      throw new ValueError(`${this.name}.${what}: the layer has not been applied to a symbolic input yet, so it has no ${what}.`);
    }
    return node;
  }

  /**
   * Applies the layer. On Tensors it computes the result now; on SymbolicTensors it records a graph node and
   * returns symbolic outputs for building a functional model.
   * @example const y = dense({ units: 2 }).apply(input({ shape: [3] })); // SymbolicTensor [null, 2]
   */
  apply(inputs: SymbolicTensor | SymbolicTensor[], kwargs?: CallKwargs): SymbolicTensor | SymbolicTensor[];
  apply(inputs: Tensor | Tensor[], kwargs?: CallKwargs): Tensor | Tensor[];
  apply(inputs: Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[], kwargs?: CallKwargs): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[];
  apply(inputs: Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[], kwargs: CallKwargs = {}): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[] {
    if (isSymbolic(inputs)) return this.applySymbolic(inputs, kwargs);
    const list = Array.isArray(inputs) ? inputs : [inputs];
    if (list.some((t) => !(t instanceof Tensor))) {
      throw new ValueError(
        `${this.name}.apply: expected Tensors or SymbolicTensors (not a mix), received ${list.map(describe).join(', ')}.`,
      );
    }
    return this.invoke(inputs as Tensor | Tensor[], kwargs);
  }

  /** Eager application: builds on first use, checks the input, calls, and records activity losses. */
  invoke(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor | Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    this.assertInputCompatible(list.map((t) => t.shape));
    if (!this.built) this.buildOnce(Array.isArray(inputs) ? list.map((t) => t.shape) : (inputs as Tensor).shape);
    const out = this.call(inputs, kwargs);
    if (this.activityRegularizer) {
      for (const o of Array.isArray(out) ? out : [out]) {
        // Keras divides the activity penalty by the batch size so it does not grow with the batch.
        this.activityLosses.push(div(this.activityRegularizer.apply(o), scalar(o.shape[0] ?? 1, o.dtype)));
      }
    }
    return out;
  }

  private buildOnce(inputShape: ShapeOrShapes): void {
    this.build(inputShape);
    this.built = true;
    if (this.initialWeights) {
      this.setWeights(this.initialWeights);
      this.initialWeights = null;
    }
  }

  private applySymbolic(inputs: SymbolicTensor | SymbolicTensor[], kwargs: CallKwargs): SymbolicTensor | SymbolicTensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    this.assertInputCompatible(list.map((t) => t.shape));
    const inShape: ShapeOrShapes = Array.isArray(inputs) ? list.map((t) => t.shape) : (inputs as SymbolicTensor).shape;
    if (!this.built) this.buildOnce(inShape);
    const outShape = this.computeOutputShape(inShape);
    const outShapes = isShapeList(outShape) ? outShape : [outShape];
    const nodeIndex = this.inboundNodes.length;
    const outputs = outShapes.map((s, i) => new SymbolicTensor(this.outputDType(list), s, this, nodeIndex, i));
    const { mask: _mask, ...callArgs } = kwargs;
    this.inboundNodes.push(new Node(this, list, outputs, callArgs));
    return isShapeList(outShape) ? outputs : (outputs[0] as SymbolicTensor);
  }

  /** Dtype of symbolic outputs; layers whose output dtype differs from `dtype` override it. */
  protected outputDType(_inputs: SymbolicTensor[]): DataType {
    return this.dtype;
  }

  /** Checks `shapes` against `inputSpec`, throwing a ShapeError that names the layer and the fix. */
  protected assertInputCompatible(shapes: SymbolicShape[]): void {
    const specs = this.inputSpec;
    if (!specs) return;
    // Runs on every eager call: messages are built only when a check fails.
    for (let i = 0; i < shapes.length; i++) {
      const shape = shapes[i] as SymbolicShape;
      const spec = specs[Math.min(i, specs.length - 1)];
      if (!spec) continue;
      const where = (): string => `${this.name} (${this.getClassName()})${shapes.length > 1 ? ` input ${i}` : ''}`;
      if (spec.ndim !== undefined && shape.length !== spec.ndim) {
        throw new ShapeError(
          `${where()}: expected input of rank ${spec.ndim}, received shape ${fmtSym(shape)} (rank ${shape.length}). ` +
            'Check the previous layer or the inputShape given to the first layer.',
        );
      }
      if (spec.minNdim !== undefined && shape.length < spec.minNdim) {
        throw new ShapeError(
          `${where()}: expected input of rank >= ${spec.minNdim}, received rank ${shape.length} (shape ${fmtSym(shape)}). ` +
            'Give the first layer an inputShape that includes every non-batch dimension.',
        );
      }
      if (!spec.axes) continue;
      for (const axisStr in spec.axes) {
        const size = spec.axes[Number(axisStr)];
        const axis = Number(axisStr);
        const d = shape[axis < 0 ? shape.length + axis : axis];
        if (d !== null && d !== undefined && d !== size) {
          throw new ShapeError(
            `${where()}: expected axis ${axis} of the input to have size ${size}, received shape ${fmtSym(shape)}. ` +
              `The layer was built for inputs of that size; reshape the input (e.g. add a Flatten layer) or create a new layer.`,
          );
        }
      }
    }
  }
}

function fmtSym(shape: SymbolicShape): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(',')}]`;
}

function describe(x: unknown): string {
  if (x instanceof Tensor) return `Tensor${fmtShape(x.shape)}`;
  if (x instanceof SymbolicTensor) return `SymbolicTensor${fmtSym(x.shape)}`;
  return typeof x;
}

function resolveBatchInputShape(args: StoredArgs, name: string): SymbolicShape | null {
  if (args.batchInputShape) {
    if (!Array.isArray(args.batchInputShape)) {
      throw new ConfigError(`${name}: batchInputShape must be an array such as [null, 28, 28], received ${JSON.stringify(args.batchInputShape)}.`);
    }
    return [...args.batchInputShape];
  }
  if (args.inputShape) {
    if (!Array.isArray(args.inputShape)) {
      throw new ConfigError(`${name}: inputShape must be an array without the batch dimension, such as [28, 28], received ${JSON.stringify(args.inputShape)}.`);
    }
    return [args.batchSize ?? null, ...args.inputShape];
  }
  return null;
}
