// A GPT-2 decoder block (Radford et al. 2019): pre-LayerNorm, causal multi-head self-attention with one fused
// query/key/value projection, a GELU MLP, and residual connections:
//   x = x + drop(proj(attn(ln_1(x))));  x = x + drop(mlp(ln_2(x)))
// Weights keep GPT-2's layout (Conv1D kernels are [in, out]), so Hugging Face checkpoints map one to one:
// ln_1/{gamma,beta}, attn/c_attn/{kernel [D,3D], bias}, attn/c_proj, ln_2, mlp/c_fc [D,F], mlp/c_proj [F,D].
import { ConfigError, ShapeError } from '../../core/errors.js';
import { fmtShape } from '../../core/shape.js';
import { add, concat, dropout, gelu, matMul, mul, reshape, softmax, split, transpose } from '../../ops/index.js';
import { Tensor, type Variable } from '../../tensor/tensor.js';
import { type ConfigDict, Layer, type LayerArgs, type ShapeOrShapes } from '../layer.js';
import { registerLayer } from '../registry.js';
import type { InitializerSpec } from '../../initializers/registry.js';
import type { CallKwargs } from '../symbolic.js';
import { type LoraConfig, Projection, layerNorm } from './projection.js';

/** Options of `TransformerDecoderBlock`. */
export interface TransformerDecoderBlockArgs extends LayerArgs {
  /** Attention heads; the model width must be divisible by it. */
  numHeads: number;
  /** Width of the MLP's hidden layer; default (undefined or null) 4 × the model width. */
  intermediateDim?: number | null;
  /** Dropout on attention probabilities and on both residual branches (training only); default 0. */
  dropout?: number;
  /** LayerNorm epsilon; default 1e-5 (GPT-2). */
  layerNormEpsilon?: number;
  /** Standard deviation of the normal kernel initializer; default 0.02 (GPT-2). */
  initializerRange?: number;
  /** Number of blocks in the model: output projections start with std / sqrt(2·numLayers) (GPT-2); default 1. */
  numLayers?: number;
  /** Biases in the projections and LayerNorms; default true (GPT-2). nanoGPT's training recipe uses false. */
  useBias?: boolean;
  /** MLP activation by Hugging Face name: 'gelu_new' (tanh approximation, GPT-2, the default) or 'gelu' (exact erf). */
  activation?: 'gelu_new' | 'gelu';
  /** Seed of the initializers. */
  seed?: number;
}

/** Keys and values of earlier positions, [B, heads, Tpast, headDim] each. */
export interface KVCache {
  k: Tensor;
  v: Tensor;
}

/** Additive attention bias [B|1, 1, Tq, Tk]: 0 where a query may attend, a large negative number elsewhere. */
export type AttentionBias = Tensor;

/** Value added to disallowed attention logits (as Keras and HF use a large finite negative, so no row is NaN). */
const MASKED = -1e9;

/**
 * The additive bias of causal attention for `tq` new queries after `past` cached positions, optionally combined
 * with a key padding mask [B, past + tq] (1 = real token, 0 = padding).
 * @example const bias = causalAttentionBias(4, 0); // [1, 1, 4, 4]
 */
export function causalAttentionBias(tq: number, past: number, keyMask?: Tensor | null, dtype: 'float32' | 'float64' = 'float32'): AttentionBias {
  const tk = past + tq;
  const b = keyMask ? (keyMask.shape[0] as number) : 1;
  if (keyMask && (keyMask.rank !== 2 || keyMask.shape[1] !== tk)) {
    throw new ShapeError(`causalAttentionBias: keyMask must be [batch, ${tk}] (cached + new positions), received ${fmtShape(keyMask.shape)}.`);
  }
  const out = dtype === 'float64' ? new Float64Array(b * tq * tk) : new Float32Array(b * tq * tk);
  const m = keyMask?.values;
  for (let n = 0; n < b; n++) {
    for (let i = 0; i < tq; i++) {
      for (let j = 0; j < tk; j++) {
        const ok = j <= past + i && (!m || m[n * tk + j] !== 0);
        out[(n * tq + i) * tk + j] = ok ? 0 : MASKED;
      }
    }
  }
  return new Tensor(out, [b, 1, tq, tk], dtype);
}

/** Call options of a decoder block used step by step (generation). */
export interface DecoderStepOptions {
  /** Attention bias [B|1, 1, Tq, Tpast+Tq]; default causal with no padding. */
  bias?: AttentionBias;
  /** Keys and values of earlier positions. */
  cache?: KVCache | null;
  training?: boolean;
}

/**
 * Pre-LN GPT-2 decoder block: causal self-attention and a GELU (tanh approximation) MLP with residuals. Input and
 * output are [B, T, D]. Use `step` with a `KVCache` to decode one token at a time.
 * @example const y = tf.layers.transformerDecoderBlock({ numHeads: 4 }).apply(x); // x: [B, T, 128]
 */
export class TransformerDecoderBlock extends Layer {
  static override className = 'TransformerDecoderBlock';
  readonly numHeads: number;
  readonly intermediateDim: number | null;
  readonly dropoutRate: number;
  readonly layerNormEpsilon: number;
  readonly initializerRange: number;
  readonly numLayers: number;
  readonly seed: number | undefined;
  readonly useBias: boolean;
  readonly activation: 'gelu_new' | 'gelu';
  private w: {
    ln1g: Variable; ln1b: Variable | null; ln2g: Variable; ln2b: Variable | null;
    attn: Projection; attnProj: Projection; fc: Projection; mlpProj: Projection;
  } | null = null;

  constructor(args: TransformerDecoderBlockArgs) {
    super(args);
    const who = `TransformerDecoderBlock (${this.name})`;
    if (!Number.isInteger(args?.numHeads) || args.numHeads <= 0) throw new ConfigError(`${who}: numHeads must be a positive integer, received ${JSON.stringify(args?.numHeads)}.`);
    if (args.intermediateDim !== undefined && args.intermediateDim !== null && (!Number.isInteger(args.intermediateDim) || args.intermediateDim <= 0)) {
      throw new ConfigError(`${who}: intermediateDim must be a positive integer, received ${JSON.stringify(args.intermediateDim)}.`);
    }
    const rate = args.dropout ?? 0;
    if (!(rate >= 0 && rate < 1)) throw new ConfigError(`${who}: dropout must be in [0, 1), received ${rate}.`);
    this.numHeads = args.numHeads;
    this.intermediateDim = args.intermediateDim ?? null;
    this.dropoutRate = rate;
    this.layerNormEpsilon = args.layerNormEpsilon ?? 1e-5;
    this.initializerRange = args.initializerRange ?? 0.02;
    this.numLayers = args.numLayers ?? 1;
    this.seed = args.seed;
    this.useBias = args.useBias ?? true;
    this.activation = args.activation ?? 'gelu_new';
    if (this.activation !== 'gelu_new' && this.activation !== 'gelu') throw new ConfigError(`${who}: activation must be 'gelu_new' or 'gelu', received ${JSON.stringify(args.activation)}.`);
    this.inputSpec = [{ ndim: 3 }];
  }

  override build(inputShape: ShapeOrShapes): void {
    const d = inputShape[inputShape.length - 1];
    if (typeof d !== 'number') throw new ShapeError(`TransformerDecoderBlock (${this.name}): the model width (last input dimension) must be known, received ${JSON.stringify(inputShape)}.`);
    if (d % this.numHeads !== 0) throw new ConfigError(`TransformerDecoderBlock (${this.name}): width ${d} is not divisible by numHeads ${this.numHeads}.`);
    const f = this.intermediateDim ?? 4 * d;
    let seed = this.seed;
    const normal = (std: number): InitializerSpec => ({ className: 'RandomNormal', config: { mean: 0, stddev: std, ...(seed === undefined ? {} : { seed: seed++ }) } });
    const std = this.initializerRange, projStd = std / Math.sqrt(2 * this.numLayers);
    const proj = (name: string, inDim: number, outDim: number, s: number): Projection =>
      new Projection(this.addWeight(`${name}/kernel`, [inDim, outDim], normal(s)), this.useBias ? this.addWeight(`${name}/bias`, [outDim], 'zeros') : null);
    this.w = {
      ln1g: this.addWeight('ln_1/gamma', [d], 'ones'),
      ln1b: this.useBias ? this.addWeight('ln_1/beta', [d], 'zeros') : null,
      attn: proj('attn/c_attn', d, 3 * d, std),
      attnProj: proj('attn/c_proj', d, d, projStd),
      ln2g: this.addWeight('ln_2/gamma', [d], 'ones'),
      ln2b: this.useBias ? this.addWeight('ln_2/beta', [d], 'zeros') : null,
      fc: proj('mlp/c_fc', d, f, std),
      mlpProj: proj('mlp/c_proj', f, d, projStd),
    };
  }

  /** The four projections by GPT-2 module path, for LoRA and checkpoint mapping. */
  get projections(): Record<'attn.c_attn' | 'attn.c_proj' | 'mlp.c_fc' | 'mlp.c_proj', Projection> {
    const w = this.built0();
    return { 'attn.c_attn': w.attn, 'attn.c_proj': w.attnProj, 'mlp.c_fc': w.fc, 'mlp.c_proj': w.mlpProj };
  }

  /** LayerNorm parameters by GPT-2 name. */
  get norms(): { ln_1: [Variable, Variable | null]; ln_2: [Variable, Variable | null] } {
    const w = this.built0();
    return { ln_1: [w.ln1g, w.ln1b], ln_2: [w.ln2g, w.ln2b] };
  }

  private built0(): NonNullable<typeof this.w> {
    if (!this.w) throw new ShapeError(`TransformerDecoderBlock (${this.name}): not built yet; apply it to an input [B, T, D] first.`);
    return this.w;
  }

  /** Adds LoRA adapters to the named projections (default the attention's c_attn and c_proj). */
  enableLora(config: LoraConfig, targets: readonly string[] = ['attn.c_attn', 'attn.c_proj']): void {
    const p = this.projections as Record<string, Projection>;
    for (const t of targets) {
      const proj = p[t];
      if (!proj) throw new ConfigError(`LoRA: unknown projection '${t}'; choose from ${Object.keys(p).join(', ')}.`);
      proj.enableLora(config.seed === undefined ? config : { ...config, seed: config.seed + Object.keys(p).indexOf(t) });
    }
    this.setBaseTrainable(false);
  }

  /** Freezes or unfreezes every base weight (frozen while adapters train, so only adapters learn). */
  private setBaseTrainable(trainable: boolean): void {
    const w = this.built0();
    for (const v of [w.ln1g, w.ln1b, w.ln2g, w.ln2b]) if (v) v.trainable = trainable;
    for (const p of [w.attn, w.attnProj, w.fc, w.mlpProj]) for (const v of p.variables()) if (!p.lora || (v !== p.lora.a && v !== p.lora.b)) v.trainable = trainable;
  }

  /** Folds every adapter into its kernel. */
  mergeLora(): void {
    for (const p of Object.values(this.projections)) p.mergeLora();
    this.setBaseTrainable(true);
  }

  private allVariables(): Variable[] {
    if (!this.w) return [];
    const w = this.w;
    const opt = (v: Variable | null): Variable[] => (v ? [v] : []);
    return [w.ln1g, ...opt(w.ln1b), ...w.attn.variables(), ...w.attnProj.variables(), w.ln2g, ...opt(w.ln2b), ...w.fc.variables(), ...w.mlpProj.variables()];
  }

  override get trainableWeights(): Variable[] {
    return this.trainable ? this.allVariables().filter((v) => v.trainable) : [];
  }

  override get nonTrainableWeights(): Variable[] {
    return this.trainable ? this.allVariables().filter((v) => !v.trainable) : this.allVariables();
  }

  override computeOutputShape(inputShape: ShapeOrShapes): ShapeOrShapes {
    return [...inputShape] as ShapeOrShapes;
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    const x = Array.isArray(inputs) ? (inputs[0] as Tensor) : inputs;
    const bias = kwargs.attentionBias instanceof Tensor ? kwargs.attentionBias : undefined;
    return this.step(x, { ...(bias ? { bias } : {}), training: kwargs.training === true }).y;
  }

  /** One forward pass over new positions x [B, T, D], attending to the cached ones; returns the extended cache. */
  step(x: Tensor, options: DecoderStepOptions = {}): { y: Tensor; cache: KVCache } {
    const w = this.built0();
    const [b, t, d] = x.shape as [number, number, number];
    const h = this.numHeads, hd = d / h;
    const drop = (y: Tensor): Tensor => (options.training === true && this.dropoutRate > 0 ? dropout(y, this.dropoutRate) : y);
    const heads = (z: Tensor): Tensor => transpose(reshape(z, [b, t, h, hd]), [0, 2, 1, 3]);
    const [q, kNew, vNew] = split(w.attn.apply(layerNorm(x, w.ln1g, w.ln1b, this.layerNormEpsilon)), 3, 2).map(heads) as [Tensor, Tensor, Tensor];
    const past = options.cache ?? null;
    const k = past ? concat([past.k, kNew], 2) : kNew;
    const v = past ? concat([past.v, vNew], 2) : vNew;
    const pastLen = past ? (past.k.shape[2] as number) : 0;
    const bias = options.bias ?? causalAttentionBias(t, pastLen, null, x.dtype === 'float64' ? 'float64' : 'float32');
    const logits = add(mul(matMul(q, k, false, true), 1 / Math.sqrt(hd)), bias);
    const ctx = matMul(drop(softmax(logits)), v); // [B, h, T, hd]
    const merged = reshape(transpose(ctx, [0, 2, 1, 3]), [b, t, d]);
    const x1 = add(x, drop(w.attnProj.apply(merged)));
    const m = w.mlpProj.apply(gelu(w.fc.apply(layerNorm(x1, w.ln2g, w.ln2b, this.layerNormEpsilon)), this.activation === 'gelu_new'));
    return { y: add(x1, drop(m)), cache: { k, v } };
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      intermediateDim: this.intermediateDim,
      dropout: this.dropoutRate,
      layerNormEpsilon: this.layerNormEpsilon,
      initializerRange: this.initializerRange,
      numLayers: this.numLayers,
      useBias: this.useBias,
      activation: this.activation,
      ...(this.seed === undefined ? {} : { seed: this.seed }),
    };
  }
}
registerLayer(TransformerDecoderBlock.className, TransformerDecoderBlock);
