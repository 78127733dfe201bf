import { ConfigError, ShapeError } from '../core/errors.js';
import { expandDims, reshape, tile, transpose } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { singleInput, singleShape } from './core.js';
import { type ConfigDict, Layer, type LayerArgs, type ShapeOrShapes } from './layer.js';
import { registerLayer } from './registry.js';
import type { CallKwargs, SymbolicShape } from './symbolic.js';

function product(dims: SymbolicShape): number | null {
  let p = 1;
  for (const d of dims) {
    if (d === null) return null;
    p *= d;
  }
  return p;
}

/** Options of `Flatten`. */
export interface FlattenLayerArgs extends LayerArgs {
  /** 'channelsLast' (default) or 'channelsFirst' (flattened in channels-last order, like Keras). */
  dataFormat?: 'channelsLast' | 'channelsFirst';
}

/**
 * Flattens every non-batch dimension: [batch, d1, d2, ...] → [batch, d1·d2·...].
 * @example flatten({ inputShape: [28, 28] }); // output [null, 784]
 */
export class Flatten extends Layer {
  static override className = 'Flatten';
  readonly dataFormat: 'channelsLast' | 'channelsFirst';

  constructor(args: FlattenLayerArgs = {}) {
    super(args);
    this.dataFormat = args.dataFormat ?? 'channelsLast';
    if (this.dataFormat !== 'channelsLast' && this.dataFormat !== 'channelsFirst') {
      throw new ConfigError(`Flatten (${this.name}): dataFormat must be 'channelsLast' or 'channelsFirst', received '${String(this.dataFormat)}'.`);
    }
    this.inputSpec = [{ minNdim: 1 }];
  }

  override computeOutputShape(inputShape: ShapeOrShapes): SymbolicShape {
    const shape = singleShape(inputShape, this.name);
    return [shape[0] ?? null, product(shape.slice(1))];
  }

  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    let x = singleInput(inputs, this.name);
    if (this.dataFormat === 'channelsFirst' && x.rank > 2) {
      const perm = [0, ...Array.from({ length: x.rank - 2 }, (_, i) => i + 2), 1];
      x = transpose(x, perm);
    }
    return reshape(x, [x.shape[0] ?? 0, x.shape.slice(1).reduce((p, d) => p * d, 1)]);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), dataFormat: this.dataFormat };
  }
}
registerLayer(Flatten.className, Flatten);

/** Options of `Reshape`. */
export interface ReshapeLayerArgs extends LayerArgs {
  /** Target shape without the batch dimension; one entry may be -1. */
  targetShape: number[];
}

/**
 * Reshapes the non-batch dimensions to `targetShape` (one entry may be -1).
 * @example reshape({ targetShape: [2, -1], inputShape: [6] }); // output [null, 2, 3]
 */
export class Reshape extends Layer {
  static override className = 'Reshape';
  readonly targetShape: number[];

  constructor(args: ReshapeLayerArgs) {
    super(args);
    const t = args?.targetShape;
    if (!Array.isArray(t) || t.some((d) => !Number.isInteger(d) || d < -1) || t.filter((d) => d === -1).length > 1) {
      throw new ConfigError(
        `Reshape (${this.name}): targetShape must be an array of positive integers with at most one -1, received ${JSON.stringify(t)}.`,
      );
    }
    this.targetShape = [...t];
  }

  private resolve(inShape: SymbolicShape): SymbolicShape {
    const total = product(inShape.slice(1));
    const known = this.targetShape.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
    const hasUnknown = this.targetShape.includes(-1);
    if (total === null) return this.targetShape.map((d) => (d === -1 ? null : d));
    if (hasUnknown ? known === 0 || total % known !== 0 : known !== total) {
      throw new ShapeError(
        `Reshape (${this.name}): cannot reshape an input of shape [${inShape.join(',')}] (${total} values per sample) ` +
          `into targetShape [${this.targetShape.join(',')}]. The target must hold exactly ${total} values per sample.`,
      );
    }
    return this.targetShape.map((d) => (d === -1 ? total / known : d));
  }

  override computeOutputShape(inputShape: ShapeOrShapes): SymbolicShape {
    const shape = singleShape(inputShape, this.name);
    return [shape[0] ?? null, ...this.resolve(shape)];
  }

  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    const x = singleInput(inputs, this.name);
    const target = this.resolve(x.shape) as number[];
    return reshape(x, [x.shape[0] ?? 0, ...target]);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), targetShape: [...this.targetShape] };
  }
}
registerLayer(Reshape.className, Reshape);

/** Options of `Permute`. */
export interface PermuteLayerArgs extends LayerArgs {
  /** Permutation of the non-batch axes, 1-based like Keras: [2, 1] swaps the two axes after the batch. */
  dims: number[];
}

/**
 * Permutes the non-batch axes (1-based `dims`, like Keras).
 * @example permute({ dims: [2, 1], inputShape: [10, 64] }); // output [null, 64, 10]
 */
export class Permute extends Layer {
  static override className = 'Permute';
  readonly dims: number[];

  constructor(args: PermuteLayerArgs) {
    super(args);
    const dims = args?.dims;
    const sorted = Array.isArray(dims) ? [...dims].sort((a, b) => a - b) : [];
    if (!Array.isArray(dims) || sorted.some((d, i) => d !== i + 1)) {
      throw new ConfigError(
        `Permute (${this.name}): dims must be a permutation of 1..n (1-based, the batch axis excluded), received ${JSON.stringify(dims)}.`,
      );
    }
    this.dims = [...dims];
    this.inputSpec = [{ ndim: dims.length + 1 }];
  }

  override computeOutputShape(inputShape: ShapeOrShapes): SymbolicShape {
    const shape = singleShape(inputShape, this.name);
    return [shape[0] ?? null, ...this.dims.map((d) => shape[d] ?? null)];
  }

  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    return transpose(singleInput(inputs, this.name), [0, ...this.dims]);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), dims: [...this.dims] };
  }
}
registerLayer(Permute.className, Permute);

/** Options of `RepeatVector`. */
export interface RepeatVectorLayerArgs extends LayerArgs {
  /** Number of repetitions. */
  n: number;
}

/**
 * Repeats a [batch, features] input n times: output [batch, n, features].
 * @example repeatVector({ n: 3, inputShape: [4] }); // output [null, 3, 4]
 */
export class RepeatVector extends Layer {
  static override className = 'RepeatVector';
  readonly n: number;

  constructor(args: RepeatVectorLayerArgs) {
    super(args);
    if (!Number.isInteger(args?.n) || args.n <= 0) {
      throw new ConfigError(`RepeatVector (${this.name}): n must be a positive integer, received ${JSON.stringify(args?.n)}.`);
    }
    this.n = args.n;
    this.inputSpec = [{ ndim: 2 }];
  }

  override computeOutputShape(inputShape: ShapeOrShapes): SymbolicShape {
    const shape = singleShape(inputShape, this.name);
    return [shape[0] ?? null, this.n, shape[1] ?? null];
  }

  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    return tile(expandDims(singleInput(inputs, this.name), 1), [1, this.n, 1]);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), n: this.n };
  }
}
registerLayer(RepeatVector.className, RepeatVector);
