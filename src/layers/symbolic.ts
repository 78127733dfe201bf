import type { DataType } from '../core/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Layer } from './layer.js';

/** A shape whose dimensions may be unknown (`null`), such as the batch dimension of a model input. */
export type SymbolicShape = (number | null)[];

/** Keyword arguments of `Layer.apply`/`Layer.call`. Layers with extra arguments (RNN `initialState`) add keys. */
export interface CallKwargs {
  /** True while fitting: dropout and noise layers are active, batch normalization uses batch statistics. */
  training?: boolean;
  /** Mask of the input (one per input for multi-input layers); `null` when there is none. */
  mask?: Tensor | (Tensor | null)[] | null;
  [key: string]: unknown;
}

let nextSymbolicId = 0;

/**
 * A placeholder for a tensor in a functional model graph: it has a shape (batch dimension `null`) and dtype but no
 * values. Created by `input()` and by `layer.apply(symbolicTensor)`.
 * @example const x = input({ shape: [4] }); const y = dense({ units: 2 }).apply(x); // y.shape: [null, 2]
 */
export class SymbolicTensor {
  /** Unique id, used as the key when a model executes its graph. */
  readonly id: number;
  /** Readable name, `<layer name>/<output index>` style. */
  readonly name: string;
  readonly shape: SymbolicShape;
  readonly dtype: DataType;

  constructor(
    dtype: DataType,
    shape: SymbolicShape,
    /** The layer whose output this is. */
    readonly sourceLayer: Layer,
    /** Index of the producing node in `sourceLayer.inboundNodes`. */
    readonly nodeIndex: number,
    /** Index among that node's outputs. */
    readonly tensorIndex: number,
  ) {
    this.id = nextSymbolicId++;
    this.dtype = dtype;
    this.shape = [...shape];
    this.name = `${sourceLayer.name}/${tensorIndex}`;
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }
}

/**
 * One application of a layer in a graph: which symbolic tensors went in, which came out, and with which kwargs.
 * A layer applied twice (a shared layer) has two nodes and one set of weights.
 */
export class Node {
  constructor(
    /** The layer that was applied. */
    readonly outboundLayer: Layer,
    readonly inputTensors: SymbolicTensor[],
    readonly outputTensors: SymbolicTensor[],
    /** Keyword arguments given to `apply` (without `mask`/`training`, which are decided at run time). */
    readonly callArgs: Record<string, unknown>,
  ) {}

  /** The layers that produced each input. */
  get inboundLayers(): Layer[] {
    return this.inputTensors.map((t) => t.sourceLayer);
  }
}

/** True when `x` is a SymbolicTensor or a non-empty list of them. */
export function isSymbolic(x: unknown): x is SymbolicTensor | SymbolicTensor[] {
  if (x instanceof SymbolicTensor) return true;
  return Array.isArray(x) && x.length > 0 && x.every((t) => t instanceof SymbolicTensor);
}

/** Formats a symbolic shape like Keras: `(None, 10)`. */
export function fmtSymbolicShape(shape: SymbolicShape): string {
  const dims = shape.map((d) => (d === null ? 'None' : String(d)));
  return `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`;
}
