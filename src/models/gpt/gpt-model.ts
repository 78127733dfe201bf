// A GPT-2-style causal language model as a LayersModel: ids [B, T] → GPTEmbedding → N × TransformerDecoderBlock →
// LayerNorm (ln_f) → logits [B, T, V] through the token table (tied head). Because it is an ordinary model, summary,
// compile/fit, save/load (TF.js layers format) and the optimizers all apply; `forward` adds what fit does not need:
// a KV cache and padding masks for generation.
import { ConfigError } from '../../core/errors.js';
import { input } from '../../layers/input-layer.js';
import { type ConfigDict } from '../../layers/layer.js';
import { LayerNormalization } from '../../layers/normalization.js';
import { registerLayer } from '../../layers/registry.js';
import {
  type AttentionBias, type KVCache, TransformerDecoderBlock, causalAttentionBias,
} from '../../layers/transformer/decoder-block.js';
import { GPTEmbedding, TiedEmbeddingHead } from '../../layers/transformer/gpt-embedding.js';
import type { LoraConfig } from '../../layers/transformer/projection.js';
import { uniqueName } from '../../layers/naming.js';
import { Tensor } from '../../tensor/tensor.js';
import { LayersModel } from '../model.js';
import { type GenerateOptions, generate } from './generate.js';
import { DEFAULT_LORA_TARGETS, type LoraTarget, enableLora, loraWeights, mergeLora } from './lora.js';

/** Architecture of a GPT model. */
export interface GPTConfig {
  vocabSize: number;
  /** Longest sequence the position table covers (GPT-2: 1024). */
  contextLength: number;
  numLayers: number;
  numHeads: number;
  /** Model width D (GPT-2: 768). */
  hiddenDim: number;
  /** MLP hidden width; default 4·hiddenDim. */
  intermediateDim?: number;
  /** Embedding, attention and residual dropout during training; default 0. */
  dropout?: number;
  /** Default 1e-5. */
  layerNormEpsilon?: number;
  /** Std of the normal initializers; default 0.02. */
  initializerRange?: number;
  /** Biases in projections and LayerNorms; default true (GPT-2; Hugging Face checkpoints need them). */
  useBias?: boolean;
  /** MLP activation: 'gelu_new' (tanh approximation, GPT-2, default) or 'gelu' (exact, nanoGPT). */
  activation?: 'gelu_new' | 'gelu';
  /** Seed of all initializers (the same seed gives the same weights). */
  seed?: number;
  name?: string;
}

/** Named architectures: GPT-2's four sizes (OpenAI's release) and minGPT's small ones for CPU experiments. */
export const GPT_PRESETS = {
  gpt2: { vocabSize: 50257, contextLength: 1024, numLayers: 12, numHeads: 12, hiddenDim: 768 },
  'gpt2-medium': { vocabSize: 50257, contextLength: 1024, numLayers: 24, numHeads: 16, hiddenDim: 1024 },
  'gpt2-large': { vocabSize: 50257, contextLength: 1024, numLayers: 36, numHeads: 20, hiddenDim: 1280 },
  'gpt2-xl': { vocabSize: 50257, contextLength: 1024, numLayers: 48, numHeads: 25, hiddenDim: 1600 },
  'gpt-mini': { vocabSize: 50257, contextLength: 1024, numLayers: 6, numHeads: 6, hiddenDim: 192 },
  'gpt-micro': { vocabSize: 50257, contextLength: 1024, numLayers: 4, numHeads: 4, hiddenDim: 128 },
  'gpt-nano': { vocabSize: 50257, contextLength: 1024, numLayers: 3, numHeads: 3, hiddenDim: 48 },
} as const satisfies Record<string, GPTConfig>;

/** A preset's name. */
export type GPTPreset = keyof typeof GPT_PRESETS;

/** Options of one forward pass with `GPTModel.forward`. */
export interface GPTForwardOptions {
  /** One cache per block from an earlier call; the new ids continue those sequences. */
  cache?: KVCache[] | null;
  /** Key padding mask [B, Tpast + T] (1 = token, 0 = padding) for left-padded batches. */
  attentionMask?: Tensor | null;
  /** Positions [B, T]; default Tpast + 0..T-1 (or, with attentionMask, counted over real tokens only). */
  positionIds?: Tensor | null;
  training?: boolean;
}

function check(cfg: GPTConfig): Required<Omit<GPTConfig, 'seed' | 'name' | 'intermediateDim'>> & GPTConfig {
  if (cfg?.activation !== undefined && cfg.activation !== 'gelu_new' && cfg.activation !== 'gelu') {
    throw new ConfigError(`GPTModel: activation must be 'gelu_new' or 'gelu', received ${JSON.stringify(cfg.activation)}.`);
  }
  for (const key of ['vocabSize', 'contextLength', 'numLayers', 'numHeads', 'hiddenDim'] as const) {
    if (!Number.isInteger(cfg?.[key]) || cfg[key] <= 0) throw new ConfigError(`GPTModel: ${key} must be a positive integer, received ${JSON.stringify(cfg?.[key])}.`);
  }
  if (cfg.hiddenDim % cfg.numHeads !== 0) throw new ConfigError(`GPTModel: hiddenDim ${cfg.hiddenDim} must be divisible by numHeads ${cfg.numHeads}.`);
  return { dropout: 0, layerNormEpsilon: 1e-5, initializerRange: 0.02, useBias: true, activation: 'gelu_new', ...cfg };
}

function buildGraph(cfg: ReturnType<typeof check>, name: string) {
  const ids = input({ batchShape: [null, null], dtype: 'int32', name: `${name}_input_ids` });
  const seed = cfg.seed;
  const embedding = new GPTEmbedding({
    name: `${name}_embeddings`, vocabSize: cfg.vocabSize, contextLength: cfg.contextLength, hiddenDim: cfg.hiddenDim,
    dropout: cfg.dropout, initializerRange: cfg.initializerRange, ...(seed === undefined ? {} : { seed }),
  });
  let x = embedding.apply(ids);
  const blocks: TransformerDecoderBlock[] = [];
  for (let i = 0; i < cfg.numLayers; i++) {
    const block = new TransformerDecoderBlock({
      name: `${name}_h_${i}`, numHeads: cfg.numHeads, dropout: cfg.dropout, layerNormEpsilon: cfg.layerNormEpsilon,
      initializerRange: cfg.initializerRange, numLayers: cfg.numLayers, useBias: cfg.useBias, activation: cfg.activation,
      ...(cfg.intermediateDim === undefined ? {} : { intermediateDim: cfg.intermediateDim }),
      ...(seed === undefined ? {} : { seed: seed + 10 * (i + 1) }),
    });
    blocks.push(block);
    x = block.apply(x);
  }
  const lnF = new LayerNormalization({ name: `${name}_ln_f`, epsilon: cfg.layerNormEpsilon, center: cfg.useBias });
  const logits = new TiedEmbeddingHead({ name: `${name}_lm_head`, embedding }).apply(lnF.apply(x));
  return { ids, logits, embedding, blocks, lnF };
}

/**
 * A GPT-2-style decoder-only language model. `new GPTModel('gpt2')` builds the 124M architecture (random
 * weights; load a checkpoint with `loadHFGPT2`); pass a config or a preset plus overrides for other sizes.
 * @example const m = new GPTModel({ vocabSize: 65, contextLength: 64, numLayers: 4, numHeads: 4, hiddenDim: 128 });
 */
export class GPTModel extends LayersModel {
  static override className = 'GPTModel';
  readonly gptConfig: ReturnType<typeof check>;
  readonly embedding: GPTEmbedding;
  readonly blocks: TransformerDecoderBlock[];
  readonly lnF: LayerNormalization;

  constructor(config: GPTConfig | GPTPreset, overrides: Partial<GPTConfig> = {}) {
    let base: GPTConfig;
    if (typeof config === 'string') {
      const preset = GPT_PRESETS[config];
      if (!preset) throw new ConfigError(`GPTModel: unknown preset ${JSON.stringify(config)}; choose from ${Object.keys(GPT_PRESETS).join(', ')}.`);
      base = { ...preset };
    } else {
      base = config;
    }
    const cfg = check({ ...base, ...overrides });
    const name = cfg.name ?? uniqueName('gpt');
    const g = buildGraph(cfg, name);
    super({ inputs: g.ids, outputs: g.logits, name });
    this.gptConfig = { ...cfg, name };
    this.embedding = g.embedding;
    this.blocks = g.blocks;
    this.lnF = g.lnF;
  }

  /**
   * Logits [B, T, V] of new ids [B, T] and the extended KV caches. Without options this equals `predict`.
   * @example const { logits, cache } = model.forward(ids); model.forward(next, { cache });
   */
  forward(ids: Tensor, options: GPTForwardOptions = {}): { logits: Tensor; cache: KVCache[] } {
    const [b, t] = ids.shape as [number, number];
    const past = options.cache?.[0]?.k.shape[2] ?? 0;
    if (options.cache && options.cache.length !== this.blocks.length) {
      throw new ConfigError(`GPTModel.forward: cache must hold one entry per block (${this.blocks.length}), received ${options.cache.length}.`);
    }
    const mask = options.attentionMask ?? null;
    let positionIds = options.positionIds ?? null;
    if (!positionIds && mask) positionIds = positionsFromMask(mask, b, t);
    const bias: AttentionBias = causalAttentionBias(t, past, mask, this.embedding.dtype === 'float64' ? 'float64' : 'float32');
    const training = options.training === true;
    let x = this.embedding.apply(ids, { training, ...(positionIds ? { positionIds } : { startIndex: past }) }) as Tensor;
    const cache: KVCache[] = [];
    this.blocks.forEach((block, i) => {
      const out = block.step(x, { bias, cache: options.cache?.[i] ?? null, training });
      x = out.y;
      cache.push(out.cache);
    });
    return { logits: this.embedding.logits(this.lnF.apply(x) as Tensor), cache };
  }

  /**
   * Continues token ids (one prompt or a batch of prompts of any lengths) and returns the new tokens; see
   * `GenerateOptions` for greedy/sampled decoding, stop sequences and streaming.
   * @example const next = model.generate(tok.encode('Hello'), { maxNewTokens: 20, temperature: 0.8, topK: 40, seed: 1 });
   */
  generate(prompt: readonly number[], options: GenerateOptions): number[];
  generate(prompts: readonly (readonly number[])[], options: GenerateOptions): number[][];
  generate(ids: readonly number[] | readonly (readonly number[])[], options: GenerateOptions): number[] | number[][] {
    return typeof ids[0] === 'number' || ids.length === 0 ? generate(this, ids as readonly number[], options) : generate(this, ids as readonly (readonly number[])[], options);
  }

  /**
   * Adds LoRA adapters to every block's projections and freezes everything else, so training updates the adapters
   * only. `targets` names GPT-2 projections: 'attn.c_attn', 'attn.c_proj', 'mlp.c_fc', 'mlp.c_proj' (default the
   * attention's two). See `lora.ts` for merging and saving adapters alone.
   * @example model.enableLora({ rank: 8, alpha: 16 }); model.compile({ optimizer: tf.train.adamw(1e-3), loss });
   */
  enableLora(config: LoraConfig, targets: readonly LoraTarget[] = DEFAULT_LORA_TARGETS): void {
    enableLora(this, config, targets);
  }

  /** Folds every adapter into its base kernel, removes the adapters and makes all weights trainable again. */
  mergeLora(): void {
    mergeLora(this);
  }

  /** The adapters in PEFT's layout and names (`base_model.model.transformer.h.N.attn.c_attn.lora_A.weight` [r, in]). */
  loraWeights(): Record<string, Tensor> {
    return loraWeights(this);
  }

  override getConfig(): ConfigDict {
    const { name, ...rest } = this.gptConfig;
    return { name: name ?? this.name, ...rest } as ConfigDict;
  }

  /** Rebuilds a GPTModel from `getConfig()`. @example const copy = GPTModel.fromConfig(model.getConfig()); */
  static override fromConfig<T>(this: abstract new (...args: never) => T, config: ConfigDict): T {
    // A GPTModel is built from its GPTConfig, not from graph args, so a subclass must override this to be rebuilt.
    const model = new GPTModel(gptConfigFromDict(config));
    if (!(model instanceof this)) throw new ConfigError(`${this.name}.fromConfig: a GPTModel subclass must override fromConfig.`);
    return model;
  }
}
registerLayer(GPTModel.className, GPTModel);

/** Reads a GPTConfig from a serialized config (snake_case keys accepted by the caller's normalising). */
function gptConfigFromDict(d: ConfigDict): GPTConfig {
  const num = (k: string): number => {
    const v = d[k];
    if (typeof v !== 'number') throw new ConfigError(`GPTModel.fromConfig: '${k}' must be a number, received ${JSON.stringify(v)}.`);
    return v;
  };
  const opt = (k: string): number | undefined => (d[k] === undefined || d[k] === null ? undefined : num(k));
  const cfg: GPTConfig = {
    vocabSize: num('vocabSize'), contextLength: num('contextLength'), numLayers: num('numLayers'), numHeads: num('numHeads'), hiddenDim: num('hiddenDim'),
  };
  for (const k of ['intermediateDim', 'dropout', 'layerNormEpsilon', 'initializerRange', 'seed'] as const) {
    const v = opt(k);
    if (v !== undefined) cfg[k] = v;
  }
  if (typeof d.useBias === 'boolean') cfg.useBias = d.useBias;
  if (d.activation === 'gelu' || d.activation === 'gelu_new') cfg.activation = d.activation;
  if (typeof d.name === 'string') cfg.name = d.name;
  return cfg;
}

/** Positions counted over real tokens (cumsum(mask) − 1, clamped at 0), the last T columns of mask [B, Tk]. */
function positionsFromMask(mask: Tensor, b: number, t: number): Tensor {
  const tk = mask.shape[1] as number;
  const out = new Int32Array(b * t);
  for (let n = 0; n < b; n++) {
    let count = 0;
    for (let j = 0; j < tk; j++) {
      if (mask.values[n * tk + j] !== 0) count++;
      if (j >= tk - t) out[n * t + j - (tk - t)] = Math.max(count - 1, 0);
    }
  }
  return new Tensor(out, [b, t], 'int32');
}
