// Position information for attention models (KerasNLP semantics): a learned PositionEmbedding, the fixed
// SinePositionEncoding, and TokenAndPositionEmbedding (token embedding + learned positions, with maskZero).
import { ConfigError, ShapeError, ValueError } from '../../core/errors.js';
import { fmtShape } from '../../core/shape.js';
import { add, cast, expandDims, gather, max, min, notEqual, reshape, slice, tile } from '../../ops/index.js';
import { Tensor, type Variable } from '../../tensor/tensor.js';
import { type ConfigDict, Layer, type LayerArgs, type ShapeOrShapes } from '../layer.js';
import { registerLayer } from '../registry.js';
import { type InitializerArg, getInitializer, serializeObject } from '../serialization.js';
import type { CallKwargs, SymbolicShape } from '../symbolic.js';

function single(inputs: Tensor | Tensor[]): Tensor {
  return Array.isArray(inputs) ? (inputs[0] as Tensor) : inputs;
}

function shapeOf(inputShape: ShapeOrShapes): SymbolicShape {
  return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as SymbolicShape;
}

function positiveInt(value: unknown, key: string, who: string): number {
  if (!Number.isInteger(value) || (value as number) <= 0) throw new ConfigError(`${who}: ${key} must be a positive integer, received ${JSON.stringify(value)}.`);
  return value as number;
}

/** Rows [start, start+T) of a [L, D] table, broadcast to [B, T, D]; throws when the sequence is too long. */
function positions(table: Tensor, b: number, t: number, start: number, who: string): Tensor {
  const len = table.shape[0] as number;
  if (start + t > len) {
    throw new ShapeError(`${who}: the sequence has ${t} steps (from position ${start}) but sequenceLength is ${len}. Build the layer with sequenceLength >= ${start + t}.`);
  }
  const rows = slice(table, [start, 0], [t, table.shape[1] as number]);
  return tile(expandDims(rows, 0), [b, 1, 1]);
}

/** Options of `PositionEmbedding`. */
export interface PositionEmbeddingArgs extends LayerArgs {
  /** Maximum sequence length (rows of the table). */
  sequenceLength: number;
  /** Initializer of the table; default glorotUniform as in KerasNLP. */
  initializer?: InitializerArg;
}

/**
 * Learned position embeddings: for inputs [B, T, D] returns the first T rows of a trainable [sequenceLength, D]
 * table, broadcast over the batch (add it to the token embeddings). Call kwarg `startIndex` offsets the positions.
 * @example const pos = tf.layers.positionEmbedding({ sequenceLength: 64 }); const y = tf.layers.add().apply([x, pos.apply(x)]);
 */
export class PositionEmbedding extends Layer {
  static override className = 'PositionEmbedding';
  readonly sequenceLength: number;
  private readonly init: InitializerArg;
  embeddings: Variable | null = null;

  constructor(args: PositionEmbeddingArgs) {
    super(args);
    this.sequenceLength = positiveInt(args?.sequenceLength, 'sequenceLength', `PositionEmbedding (${this.name})`);
    this.init = getInitializer(args.initializer, 'glorotUniform');
    this.supportsMasking = true;
    this.inputSpec = [{ minNdim: 3 }];
  }

  override build(inputShape: ShapeOrShapes): void {
    const shape = shapeOf(inputShape);
    const d = shape[shape.length - 1];
    if (typeof d !== 'number') throw new ShapeError(`PositionEmbedding (${this.name}): the feature dimension must be known, received [${shape.join(', ')}].`);
    this.embeddings = this.addWeight('embeddings', [this.sequenceLength, d], this.init);
  }

  override computeOutputShape(inputShape: ShapeOrShapes): ShapeOrShapes {
    return [...shapeOf(inputShape)];
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    const x = single(inputs);
    if (x.rank !== 3) throw new ShapeError(`PositionEmbedding (${this.name}): expected input [batch, time, features], received ${fmtShape(x.shape)}.`);
    const start = typeof kwargs.startIndex === 'number' ? kwargs.startIndex : 0;
    return positions(this.embeddings as Variable, x.shape[0] as number, x.shape[1] as number, start, `PositionEmbedding (${this.name})`);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), sequenceLength: this.sequenceLength, initializer: serializeObject(this.init as object) };
  }
}
registerLayer(PositionEmbedding.className, PositionEmbedding);

/** Options of `SinePositionEncoding`. */
export interface SinePositionEncodingArgs extends LayerArgs {
  /** Longest wavelength of the sinusoids (default 10000, as in the Transformer paper). */
  maxWavelength?: number;
}

/**
 * Fixed sinusoidal position encodings (Vaswani et al. 2017, KerasNLP layout): for inputs [B, T, D], even feature
 * 2i holds sin(p / maxWavelength^(2i/D)) and odd feature 2i+1 the cosine of the same angle. No weights.
 * @example const y = tf.layers.add().apply([x, tf.layers.sinePositionEncoding().apply(x)]);
 */
export class SinePositionEncoding extends Layer {
  static override className = 'SinePositionEncoding';
  readonly maxWavelength: number;

  constructor(args: SinePositionEncodingArgs = {}) {
    super(args);
    this.maxWavelength = args.maxWavelength ?? 10000;
    if (!(this.maxWavelength > 0)) throw new ConfigError(`SinePositionEncoding (${this.name}): maxWavelength must be positive, received ${this.maxWavelength}.`);
    this.supportsMasking = true;
    this.inputSpec = [{ minNdim: 3 }];
  }

  override computeOutputShape(inputShape: ShapeOrShapes): ShapeOrShapes {
    return [...shapeOf(inputShape)];
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    const x = single(inputs);
    const [b, t, d] = x.shape as [number, number, number];
    const start = typeof kwargs.startIndex === 'number' ? kwargs.startIndex : 0;
    const table = new Float64Array(t * d);
    for (let p = 0; p < t; p++) {
      for (let i = 0; i < d; i++) {
        const angle = (p + start) * Math.pow(this.maxWavelength, -(2 * Math.floor(i / 2)) / d);
        table[p * d + i] = i % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
      }
    }
    const enc = cast(new Tensor(table, [1, t, d], 'float64'), x.dtype === 'float64' ? 'float64' : 'float32');
    return tile(enc, [b, 1, 1]);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), maxWavelength: this.maxWavelength };
  }
}
registerLayer(SinePositionEncoding.className, SinePositionEncoding);

/** Options of `TokenAndPositionEmbedding`. */
export interface TokenAndPositionEmbeddingArgs extends LayerArgs {
  vocabularySize: number;
  sequenceLength: number;
  embeddingDim: number;
  /** Treat id 0 as padding and emit a mask (id != 0) for later layers. Default false. */
  maskZero?: boolean;
  /** Initializer of both tables; default uniform(-0.05, 0.05) for tokens, glorotUniform for positions. */
  embeddingsInitializer?: InitializerArg | null;
}

/**
 * Token embedding plus learned position embedding (KerasNLP `TokenAndPositionEmbedding`): ids [B, T] →
 * [B, T, embeddingDim]. Weights: token_embedding/embeddings [vocabularySize, D], position_embedding/embeddings
 * [sequenceLength, D].
 * @example tf.layers.tokenAndPositionEmbedding({ vocabularySize: 10000, sequenceLength: 100, embeddingDim: 32, maskZero: true })
 */
export class TokenAndPositionEmbedding extends Layer {
  static override className = 'TokenAndPositionEmbedding';
  readonly vocabularySize: number;
  readonly sequenceLength: number;
  readonly embeddingDim: number;
  readonly maskZero: boolean;
  private readonly init: InitializerArg | undefined;
  tokenEmbeddings: Variable | null = null;
  positionEmbeddings: Variable | null = null;

  constructor(args: TokenAndPositionEmbeddingArgs) {
    super(args);
    const who = `TokenAndPositionEmbedding (${this.name})`;
    this.vocabularySize = positiveInt(args?.vocabularySize, 'vocabularySize', who);
    this.sequenceLength = positiveInt(args.sequenceLength, 'sequenceLength', who);
    this.embeddingDim = positiveInt(args.embeddingDim, 'embeddingDim', who);
    this.maskZero = args.maskZero ?? false;
    this.init = args.embeddingsInitializer === undefined || args.embeddingsInitializer === null ? undefined : getInitializer(args.embeddingsInitializer);
    this.inputSpec = [{ ndim: 2 }];
  }

  override build(): void {
    const tokInit = this.init ?? getInitializer({ className: 'RandomUniform', config: { minval: -0.05, maxval: 0.05 } });
    this.tokenEmbeddings = this.addWeight('token_embedding/embeddings', [this.vocabularySize, this.embeddingDim], tokInit);
    this.positionEmbeddings = this.addWeight('position_embedding/embeddings', [this.sequenceLength, this.embeddingDim], this.init ?? 'glorotUniform');
  }

  override computeOutputShape(inputShape: ShapeOrShapes): ShapeOrShapes {
    const s = shapeOf(inputShape);
    return [s[0] ?? null, s[1] ?? null, this.embeddingDim];
  }

  override computeMask(inputs: Tensor | Tensor[]): Tensor | null {
    return this.maskZero ? notEqual(single(inputs), 0) : null;
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const ids = single(inputs);
    const [b, t] = ids.shape as [number, number];
    if (ids.size > 0) {
      const lo = min(ids).dataSync()[0] as number, hi = max(ids).dataSync()[0] as number;
      if (lo < 0 || hi >= this.vocabularySize) {
        throw new ValueError(`TokenAndPositionEmbedding (${this.name}): ids must be in [0, ${this.vocabularySize}), received values in [${lo}, ${hi}]. Raise vocabularySize or clip the ids.`);
      }
    }
    const tokens = reshape(gather(this.tokenEmbeddings as Variable, reshape(cast(ids, 'int32'), [b * t])), [b, t, this.embeddingDim]);
    return add(tokens, positions(this.positionEmbeddings as Variable, b, t, 0, `TokenAndPositionEmbedding (${this.name})`));
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      vocabularySize: this.vocabularySize,
      sequenceLength: this.sequenceLength,
      embeddingDim: this.embeddingDim,
      maskZero: this.maskZero,
      embeddingsInitializer: this.init === undefined ? null : serializeObject(this.init as object),
    };
  }
}
registerLayer(TokenAndPositionEmbedding.className, TokenAndPositionEmbedding);
