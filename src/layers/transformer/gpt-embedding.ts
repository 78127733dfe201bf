// GPT-2's input embedding (token table wte [V, D] plus learned positions wpe [L, D], then dropout) and the output
// head tied to it (logits = h · wteᵀ, Press & Wolf 2017, "Using the Output Embedding to Improve Language Models").
import { ConfigError, ShapeError, ValueError } from '../../core/errors.js';
import { fmtShape } from '../../core/shape.js';
import { add, cast, dropout, expandDims, gather, matMul, reshape, slice } from '../../ops/index.js';
import { Tensor, type Variable } from '../../tensor/tensor.js';
import { type ConfigDict, Layer, type LayerArgs, type ShapeOrShapes } from '../layer.js';
import { registerLayer } from '../registry.js';
import type { InitializerSpec } from '../../initializers/registry.js';
import type { CallKwargs, SymbolicShape } from '../symbolic.js';

/** Options of `GPTEmbedding`. */
export interface GPTEmbeddingArgs extends LayerArgs {
  vocabSize: number;
  /** Longest sequence (rows of the position table). */
  contextLength: number;
  /** Model width D. */
  hiddenDim: number;
  /** Dropout after the sum (training only); default 0. */
  dropout?: number;
  /** Standard deviation of the normal initializer; default 0.02. */
  initializerRange?: number;
  seed?: number;
}

function positiveInt(v: unknown, key: string, who: string): number {
  if (!Number.isInteger(v) || (v as number) <= 0) throw new ConfigError(`${who}: ${key} must be a positive integer, received ${JSON.stringify(v)}.`);
  return v as number;
}

/**
 * Token + position embedding of GPT-2: ids [B, T] → wte[ids] + wpe[positions] [B, T, D]. Positions are
 * `startIndex + 0..T-1` (call kwarg, default 0) or an explicit `positionIds` [B, T] tensor (left-padded batches).
 * @example const emb = new GPTEmbedding({ vocabSize: 65, contextLength: 64, hiddenDim: 128 }); emb.apply(ids);
 */
export class GPTEmbedding extends Layer {
  static override className = 'GPTEmbedding';
  readonly vocabSize: number;
  readonly contextLength: number;
  readonly hiddenDim: number;
  readonly dropoutRate: number;
  readonly initializerRange: number;
  readonly seed: number | undefined;
  wte: Variable | null = null;
  wpe: Variable | null = null;

  constructor(args: GPTEmbeddingArgs) {
    super(args);
    const who = `GPTEmbedding (${this.name})`;
    this.vocabSize = positiveInt(args?.vocabSize, 'vocabSize', who);
    this.contextLength = positiveInt(args.contextLength, 'contextLength', who);
    this.hiddenDim = positiveInt(args.hiddenDim, 'hiddenDim', who);
    this.dropoutRate = args.dropout ?? 0;
    if (!(this.dropoutRate >= 0 && this.dropoutRate < 1)) throw new ConfigError(`${who}: dropout must be in [0, 1), received ${this.dropoutRate}.`);
    this.initializerRange = args.initializerRange ?? 0.02;
    this.seed = args.seed;
    this.inputSpec = [{ ndim: 2 }];
  }

  override build(_inputShape: ShapeOrShapes): void {
    const normal = (seed: number | undefined): InitializerSpec => ({ className: 'RandomNormal', config: { mean: 0, stddev: this.initializerRange, ...(seed === undefined ? {} : { seed }) } });
    this.wte = this.addWeight('wte', [this.vocabSize, this.hiddenDim], normal(this.seed));
    this.wpe = this.addWeight('wpe', [this.contextLength, this.hiddenDim], normal(this.seed === undefined ? undefined : this.seed + 1));
  }

  override computeOutputShape(inputShape: ShapeOrShapes): ShapeOrShapes {
    const s = inputShape as SymbolicShape;
    return [s[0] ?? null, s[1] ?? null, this.hiddenDim];
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    const ids = Array.isArray(inputs) ? (inputs[0] as Tensor) : inputs;
    const who = `GPTEmbedding (${this.name})`;
    if (ids.rank !== 2) throw new ShapeError(`${who}: expected token ids [batch, time], received ${fmtShape(ids.shape)}.`);
    const [b, t] = ids.shape as [number, number];
    const intIds = ids.dtype === 'int32' ? ids : cast(ids, 'int32');
    for (const id of intIds.values) {
      if (id < 0 || id >= this.vocabSize) throw new ValueError(`${who}: token id ${id} is outside the vocabulary [0, ${this.vocabSize}).`);
    }
    const wte = this.wte as Variable, wpe = this.wpe as Variable;
    const tokens = gather(wte, intIds);
    let pos: Tensor;
    if (kwargs.positionIds instanceof Tensor) {
      const p = kwargs.positionIds;
      if (p.rank !== 2 || p.shape[0] !== b || p.shape[1] !== t) throw new ShapeError(`${who}: positionIds must be [${b}, ${t}] like the ids, received ${fmtShape(p.shape)}.`);
      for (const v of p.values) if (v < 0 || v >= this.contextLength) throw new ValueError(`${who}: position ${v} is outside the context [0, ${this.contextLength}).`);
      pos = gather(wpe, p.dtype === 'int32' ? p : cast(p, 'int32'));
    } else {
      const start = typeof kwargs.startIndex === 'number' ? kwargs.startIndex : 0;
      if (start + t > this.contextLength) {
        throw new ShapeError(`${who}: positions ${start}..${start + t - 1} exceed the context length ${this.contextLength}; shorten the input or crop it to the last ${this.contextLength} tokens.`);
      }
      pos = expandDims(slice(wpe, [start, 0], [t, this.hiddenDim]), 0);
    }
    const y = add(tokens, pos);
    return kwargs.training === true && this.dropoutRate > 0 ? dropout(y, this.dropoutRate) : y;
  }

  /** Logits of hidden states h [..., D] against the token table: h · wteᵀ → [..., V]. */
  logits(h: Tensor): Tensor {
    const lead = h.shape.slice(0, -1);
    return reshape(matMul(reshape(h, [-1, this.hiddenDim]), this.wte as Variable, false, true), [...lead, this.vocabSize]);
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      vocabSize: this.vocabSize,
      contextLength: this.contextLength,
      hiddenDim: this.hiddenDim,
      dropout: this.dropoutRate,
      initializerRange: this.initializerRange,
      ...(this.seed === undefined ? {} : { seed: this.seed }),
    };
  }
}
registerLayer(GPTEmbedding.className, GPTEmbedding);

/** Options of `TiedEmbeddingHead`. */
export interface TiedEmbeddingHeadArgs extends LayerArgs {
  /** The embedding whose token table the head reuses. */
  embedding: GPTEmbedding;
}

/**
 * Output head with no weights of its own: logits = h · wteᵀ with the token table of `embedding`, so the input and
 * output embeddings stay one tensor (GPT-2). Only models that own the embedding (GPTModel) can rebuild it.
 * @example const logits = new TiedEmbeddingHead({ embedding: emb }).apply(h);
 */
export class TiedEmbeddingHead extends Layer {
  static override className = 'TiedEmbeddingHead';
  readonly embedding: GPTEmbedding;

  constructor(args: TiedEmbeddingHeadArgs) {
    super(args);
    if (!(args?.embedding instanceof GPTEmbedding)) throw new ConfigError(`TiedEmbeddingHead (${this.name}): embedding must be a GPTEmbedding layer.`);
    this.embedding = args.embedding;
  }

  override computeOutputShape(inputShape: ShapeOrShapes): ShapeOrShapes {
    return [...(inputShape as SymbolicShape).slice(0, -1), this.embedding.vocabSize];
  }

  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    return this.embedding.logits(Array.isArray(inputs) ? (inputs[0] as Tensor) : inputs);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), embedding: this.embedding.name };
  }
}
