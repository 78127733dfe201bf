import { type DataType, type TypedArray, allocArray, copyArray } from '../core/dtype.js';
import { DTypeError, ShapeError } from '../core/errors.js';
import { computeStrides, fmtShape, shapesEqual, sizeFromShape } from '../core/shape.js';
import type { TensorData } from '../core/kernel-registry.js';
import { formatTensor, toNested } from './format.js';

let nextId = 0;

/** Nested JS arrays of numbers, as returned by `arraySync()`. */
export type NestedArray = number | NestedArray[];

/**
 * An immutable n-dimensional array with a dtype, stored contiguously in row-major order.
 * Tensors are reclaimed by the garbage collector: `dispose()` exists for TF.js compatibility and is harmless.
 * @example const t = tensor([[1, 2], [3, 4]]); t.shape; // [2, 2]
 */
export class Tensor implements TensorData {
  /** Unique id, used by the gradient tape. */
  readonly id: number;
  readonly shape: number[];
  readonly dtype: DataType;
  readonly size: number;
  /** Backing storage; kernels read and write it directly. */
  values: TypedArray;
  /** Set by `dispose()`; has no other effect. */
  isDisposed = false;
  /**
   * Set on the output of a softmax or sigmoid activation: the logits it was computed from, which cross-entropy
   * losses use for the numerically stable path (read it through `logitsOf` in src/activations).
   */
  activationSource: { kind: 'softmax' | 'sigmoid'; logits: Tensor } | undefined = undefined;

  constructor(values: TypedArray, shape: readonly number[], dtype: DataType) {
    const size = sizeFromShape(shape);
    if (values.length !== size) {
      throw new ShapeError(`tensor: shape ${fmtShape(shape)} needs ${size} values, received ${values.length}.`);
    }
    this.id = nextId++;
    this.shape = [...shape];
    this.dtype = dtype;
    this.size = size;
    this.values = values;
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** Row-major strides in elements. */
  get strides(): number[] {
    return computeStrides(this.shape);
  }

  /** The values as a flat typed array (shared storage; do not mutate). */
  dataSync(): TypedArray {
    return this.values;
  }

  /** Async form of `dataSync()`, for TF.js compatibility. */
  data(): Promise<TypedArray> {
    return Promise.resolve(this.values);
  }

  /** The values as nested arrays. */
  arraySync(): NestedArray {
    return toNested(this.values, this.shape);
  }

  /** Async form of `arraySync()`. */
  array(): Promise<NestedArray> {
    return Promise.resolve(this.arraySync());
  }

  /** A new tensor with a copy of the values. */
  clone(): Tensor {
    return new Tensor(copyArray(this.values), this.shape, this.dtype);
  }

  /** Kept for TF.js compatibility: memory is reclaimed by the garbage collector. */
  dispose(): void {
    this.isDisposed = true;
  }

  /** Writes `toString()` to the console. */
  print(verbose = false): void {
    console.log(this.toString(verbose));
  }

  /** A readable rendering of the values, like TF.js. */
  toString(verbose = false): string {
    const head = verbose ? `Tensor\n  dtype: ${this.dtype}\n  rank: ${this.rank}\n  shape: ${fmtShape(this.shape)}\n  values:\n` : 'Tensor\n';
    return head + formatTensor(this.values, this.shape, this.dtype);
  }

  /** Fresh zero-filled tensor of this shape and dtype (used by kernels' outputs). */
  static empty(shape: readonly number[], dtype: DataType): Tensor {
    return new Tensor(allocArray(dtype, sizeFromShape(shape)), shape, dtype);
  }
}

/**
 * A mutable tensor holding model state; `assign` replaces its value. Trainable variables receive gradients in
 * `variableGrads` and optimizers.
 * @example const w = variable(zeros([2])); w.assign(ones([2]));
 */
export class Variable extends Tensor {
  name: string;
  trainable: boolean;
  /**
   * Projection applied by optimizers after each update of this variable (Keras `variable.constraint`), e.g. a
   * layer's `kernelConstraint`; null when unconstrained.
   */
  constraint: ((value: Tensor) => Tensor) | null = null;

  constructor(initial: Tensor, trainable = true, name?: string) {
    super(copyArray(initial.values), initial.shape, initial.dtype);
    this.trainable = trainable;
    this.name = name ?? `Variable_${this.id}`;
    registerVariable(this);
  }

  /** Replaces the value; the new value must have the same shape and dtype. */
  assign(value: Tensor): void {
    if (!shapesEqual(value.shape, this.shape)) {
      throw new ShapeError(
        `Variable.assign (${this.name}): expected shape ${fmtShape(this.shape)}, received ${fmtShape(value.shape)}.`,
      );
    }
    if (value.dtype !== this.dtype) {
      throw new DTypeError(`Variable.assign (${this.name}): expected dtype ${this.dtype}, received ${value.dtype}; cast it first.`);
    }
    this.values = value === this ? this.values : copyArray(value.values);
  }
}

// Live variables by name, so TF.js-style `optimizer.applyGradients({name: grad})` can find them.
// Weak references: a variable nobody holds is collected and leaves the registry.
const registry = new Map<string, WeakRef<Variable>>();
const cleanup = new FinalizationRegistry<string>((name) => {
  if (registry.get(name)?.deref() === undefined) registry.delete(name);
});

function registerVariable(v: Variable): void {
  registry.set(v.name, new WeakRef(v));
  cleanup.register(v, v.name);
}

/** The live variable called `name`, if any (the most recently created one when names repeat). */
export function findVariable(name: string): Variable | undefined {
  return registry.get(name)?.deref();
}

/** True for trainable variables. */
export function isTrainableVariable(t: Tensor): t is Variable {
  return t instanceof Variable && t.trainable;
}
