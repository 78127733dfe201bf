// Embedding: a trainable lookup table from integer ids to dense vectors.
import { ConfigError, ValueError } from '../core/errors.js';
import { cast, gather, max, min, notEqual } from '../ops/index.js';
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

/** Options of `Embedding` (TF.js names). */
export interface EmbeddingLayerArgs extends LayerArgs {
  /** Vocabulary size: ids must be in [0, inputDim). */
  inputDim: number;
  /** Size of each embedding vector. */
  outputDim: number;
  /** Initializer of the table; default randomUniform(-0.05, 0.05). */
  embeddingsInitializer?: InitializerArg;
  embeddingsRegularizer?: RegularizerArg;
  activityRegularizer?: RegularizerArg;
  /** Projection applied to the embedding matrix after every optimizer update. */
  embeddingsConstraint?: ConstraintArg;
  /** Treat id 0 as padding: the layer outputs a mask (id != 0) for the following layers. Default false. */
  maskZero?: boolean;
  /** Length of the input sequences (a number, or one per input axis), when constant. */
  inputLength?: number | number[] | null;
}

/**
 * Maps integer ids of shape [batch, ...] to vectors, giving [batch, ..., outputDim]. The gradient flows into the
 * rows of the table that were looked up.
 * @example embedding({ inputDim: 1000, outputDim: 16, maskZero: true })
 */
export class Embedding extends Layer {
  static override className = 'Embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly maskZero: boolean;
  readonly inputLength: number | number[] | null;
  private readonly embeddingsInitializer: InitializerObject;
  private readonly embeddingsRegularizer: RegularizerObject | null;
  private readonly embeddingsConstraint: ConstraintObject | null;
  /** The table [inputDim, outputDim]; exists once built. */
  embeddings: Variable | null = null;

  constructor(args: EmbeddingLayerArgs) {
    const base: LayerArgs = { ...args };
    if (!args?.inputShape && !args?.batchInputShape) {
      // Like Keras and TF.js, an Embedding can start a Sequential model: sequences of any length by default.
      const length = args?.inputLength;
      base.inputShape = length === undefined || length === null ? [null] : Array.isArray(length) ? [...length] : [length];
    }
    super(base);
    const where = `Embedding (${this.name})`;
    for (const key of ['inputDim', 'outputDim'] as const) {
      const v: unknown = args?.[key];
      if (!Number.isInteger(v) || (v as number) <= 0) {
        throw new ConfigError(`${where}: ${key} must be a positive integer, received ${JSON.stringify(v)}.`);
      }
    }
    this.inputDim = args.inputDim;
    this.outputDim = args.outputDim;
    this.maskZero = args.maskZero ?? false;
    this.inputLength = args.inputLength ?? null;
    this.embeddingsInitializer = getInitializer(args.embeddingsInitializer ?? { className: 'RandomUniform', config: { minval: -0.05, maxval: 0.05 } });
    this.embeddingsRegularizer = resolveRegularizer(args.embeddingsRegularizer);
    this.activityRegularizer = resolveRegularizer(args.activityRegularizer);
    this.embeddingsConstraint = resolveConstraint(args.embeddingsConstraint);
    this.supportsMasking = this.maskZero;
  }

  override build(_inputShape: ShapeOrShapes): void {
    this.embeddings = this.addWeight('embeddings', [this.inputDim, this.outputDim], this.embeddingsInitializer, {
      regularizer: this.embeddingsRegularizer,
      constraint: this.embeddingsConstraint,
    });
  }

  override computeOutputShape(inputShape: ShapeOrShapes): SymbolicShape {
    const shape = singleShape(inputShape, this.name);
    if (this.inputLength === null) return [...shape, this.outputDim];
    const lengths = Array.isArray(this.inputLength) ? this.inputLength : [this.inputLength];
    if (lengths.length !== shape.length - 1) {
      throw new ValueError(
        `Embedding (${this.name}): inputLength ${JSON.stringify(this.inputLength)} has ${lengths.length} entries but the input shape [${shape.join(',')}] has ${shape.length - 1} non-batch axes.`,
      );
    }
    return [shape[0] ?? null, ...lengths, this.outputDim];
  }

  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    const x = singleInput(inputs, this.name);
    const ids = x.dtype === 'int32' ? x : cast(x, 'int32');
    if (ids.size > 0) {
      const lo = min(ids).values[0] as number;
      const hi = max(ids).values[0] as number;
      if (lo < 0 || hi >= this.inputDim) {
        throw new ValueError(
          `Embedding (${this.name}): ids must be in [0, ${this.inputDim - 1}] (inputDim ${this.inputDim}), received ids from ${lo} to ${hi}. ` +
            'Increase inputDim to cover the vocabulary, or map out-of-range ids to a reserved id.',
        );
      }
    }
    return gather(this.embeddings as Variable, ids, 0);
  }

  /** With maskZero, the mask `ids != 0`; otherwise none. */
  override computeMask(inputs: Tensor | Tensor[], _mask?: Tensor | (Tensor | null)[] | null): Tensor | null {
    if (!this.maskZero) return null;
    return notEqual(singleInput(inputs, this.name), 0);
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      embeddingsInitializer: serializeObject(this.embeddingsInitializer),
      embeddingsRegularizer: serializeObject(this.embeddingsRegularizer),
      activityRegularizer: serializeObject(this.activityRegularizer),
      embeddingsConstraint: serializeObject(this.embeddingsConstraint),
      maskZero: this.maskZero,
      inputLength: this.inputLength,
    };
  }
}
registerLayer(Embedding.className, Embedding);
