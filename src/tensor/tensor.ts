import { type DataType, type DataTypeMap, type NumericDataType, type TypedArray, allocArray, copyArray } from '../core/dtype.js';
import { DTypeError, ShapeError } from '../core/errors.js';
import { computeStrides, fmtShape, shapesEqual, sizeFromShape } from '../core/shape.js';
import type { TensorData } from '../core/kernel-registry.js';
import { formatTensor, toNested } from './format.js';

let nextId = 0;

/** Nested JS arrays of numbers (or strings, for string tensors), as returned by `arraySync()`. */
export type NestedArray<T = number> = T | NestedArray<T>[];

/** The extra storage of string and complex64 tensors (see `Tensor.strings` and `Tensor.imag`). */
export interface TensorExtras {
  strings?: readonly Uint8Array[] | undefined;
  imag?: Float32Array | undefined;
}

// A string tensor made without a table (Tensor.empty) reads index 0: the empty string.
const EMPTY_TABLE: readonly Uint8Array[] = [new Uint8Array(0)];
const decoder = new TextDecoder();

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
  /** Backing storage; kernels read and write it directly (string: table indices; complex64: real parts). */
  values: TypedArray;
  /**
   * string tensors only: the UTF-8 byte strings that `values` indexes. Tables are shared between tensors (reshape,
   * slice, gather copy indices, not bytes) and never mutated; a table may hold entries no element uses.
   */
  strings: readonly Uint8Array[] | undefined;
  /** complex64 tensors only: the imaginary parts (TF.js's backends also keep real and imaginary parts apart). */
  imag: Float32Array | undefined;
  /** Set by `dispose()`; has no other effect. */
  isDisposed = false;
  /**
   * Set on the output of a softmax or sigmoid activation: the logits it was computed from, which cross-entropy
   * losses use for the numerically stable path (read it through `logitsOf` in src/activations).
   */
  activationSource: { kind: 'softmax' | 'sigmoid'; logits: Tensor } | undefined = undefined;

  constructor(values: TypedArray, shape: readonly number[], dtype: DataType, extras: TensorExtras = {}) {
    const size = sizeFromShape(shape);
    if (values.length !== size) {
      throw new ShapeError(`tensor: shape ${fmtShape(shape)} needs ${size} values, received ${values.length}.`);
    }
    this.id = nextId++;
    this.shape = [...shape];
    this.dtype = dtype;
    this.size = size;
    this.values = values;
    this.strings = dtype === 'string' ? (extras.strings ?? EMPTY_TABLE) : undefined;
    this.imag = dtype === 'complex64' ? (extras.imag ?? (allocArray('float32', size) as Float32Array)) : undefined;
    if (this.imag && this.imag.length !== size) {
      throw new ShapeError(`tensor: complex64 shape ${fmtShape(shape)} needs ${size} imaginary parts, received ${this.imag.length}.`);
    }
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** Row-major strides in elements. */
  get strides(): number[] {
    return computeStrides(this.shape);
  }

  /**
   * The values as a flat typed array (shared storage; do not mutate). As in TF.js, complex64 gives a fresh
   * interleaved [re, im, ...] Float32Array and string gives decoded strings: `t.dataSync<'string'>()`.
   */
  dataSync<D extends DataType = NumericDataType>(): DataTypeMap[D] {
    return this.flatData() as DataTypeMap[D];
  }

  private flatData(): TypedArray | string[] {
    if (this.dtype === 'string') return this.bytesSync().map((b) => decoder.decode(b));
    const imag = this.imag;
    if (imag === undefined) return this.values;
    const out = new Float32Array(2 * this.size);
    for (let i = 0; i < this.size; i++) {
      out[2 * i] = this.values[i] ?? 0;
      out[2 * i + 1] = imag[i] ?? 0;
    }
    return out;
  }

  /** Async form of `dataSync()`, for TF.js compatibility. */
  data<D extends DataType = NumericDataType>(): Promise<DataTypeMap[D]> {
    return Promise.resolve(this.dataSync<D>());
  }

  /** The elements of a string tensor as UTF-8 bytes (TF.js `bytes()`); other dtypes give their raw bytes. */
  bytesSync(): Uint8Array[] {
    const table = this.strings;
    if (table === undefined) return [new Uint8Array(this.values.buffer, this.values.byteOffset, this.values.byteLength).slice()];
    const out = new Array<Uint8Array>(this.size);
    for (let i = 0; i < this.size; i++) out[i] = table[this.values[i] ?? 0] ?? new Uint8Array(0);
    return out;
  }

  /** The values as nested arrays (strings for string tensors; complex64 interleaves [re, im] in the last axis). */
  arraySync<T extends number | string = number>(): NestedArray<T> {
    const flat: ArrayLike<number | string> = this.flatData();
    if (this.dtype !== 'complex64') return toNested(flat, this.shape) as NestedArray<T>;
    const shape = this.shape.length === 0 ? [2] : [...this.shape.slice(0, -1), 2 * (this.shape[this.shape.length - 1] ?? 0)];
    return toNested(flat, shape) as NestedArray<T>;
  }

  /** Async form of `arraySync()`. */
  array<T extends number | string = number>(): Promise<NestedArray<T>> {
    return Promise.resolve(this.arraySync<T>());
  }

  /** A new tensor with a copy of the values. */
  clone(): Tensor {
    return new Tensor(copyArray(this.values), this.shape, this.dtype, this.copyExtras());
  }

  /** The string table (shared: tables are immutable) and a copy of the imaginary parts, for copies of this tensor. */
  copyExtras(): TensorExtras {
    return { strings: this.strings, imag: this.imag ? copyArray(this.imag) : undefined };
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
    const head = verbose ? `Tensor\n  dtype: ${this.dtype}\n  rank: ${this.rank}\n  shape: [${this.shape.join(',')}]\n  values:\n` : 'Tensor\n';
    return head + formatTensor(this.flatData(), this.shape, this.dtype);
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
    super(copyArray(initial.values), initial.shape, initial.dtype, initial.copyExtras());
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
    if (value === this) return;
    this.values = copyArray(value.values);
    const extras = value.copyExtras();
    this.strings = extras.strings;
    this.imag = extras.imag;
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
