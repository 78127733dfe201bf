// Hugging Face GPT-2 checkpoints: a directory with config.json (GPT2Config) and model.safetensors (GPT2Model state
// dict: wte.weight, wpe.weight, h.N.ln_1/attn.c_attn/attn.c_proj/ln_2/mlp.c_fc/mlp.c_proj .weight/.bias, ln_f.*).
// GPT-2's Conv1D keeps kernels as [in, out], the layout TransformerDecoderBlock uses, so tensors copy unchanged.
// Files saved from GPT2LMHeadModel prefix names with 'transformer.' and may add lm_head.weight (tied to wte);
// older hub files also carry the causal-mask buffers h.N.attn.bias / h.N.attn.masked_bias. All are accepted.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, FormatError, ShapeError } from '../core/errors.js';
import { fmtShape, shapesEqual } from '../core/shape.js';
import { GPTModel, type GPTConfig } from '../models/gpt/gpt-model.js';
import { cast } from '../ops/index.js';
import { BytePairTokenizer } from '../preprocessing/bpe.js';
import { loadBpeTokenizer, saveBpeTokenizer } from '../preprocessing/bpe-files.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { readSafetensors, saveSafetensors } from './safetensors.js';

/** The GPT2Config keys Tensorforge reads and writes. */
export interface HFGPT2Config {
  model_type?: string;
  vocab_size: number;
  n_positions: number;
  n_embd: number;
  n_layer: number;
  n_head: number;
  n_inner?: number | null;
  layer_norm_epsilon?: number;
  activation_function?: string;
  initializer_range?: number;
  [key: string]: unknown;
}

/**
 * Converts a GPT2Config object to a GPTConfig.
 * @example gptConfigFromHF({ vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12 });
 */
export function gptConfigFromHF(c: HFGPT2Config, where = 'config.json'): GPTConfig {
  if (c.model_type !== undefined && c.model_type !== 'gpt2') throw new FormatError(`${where}: model_type is ${JSON.stringify(c.model_type)}; only GPT-2 ('gpt2') checkpoints are supported.`);
  const act = c.activation_function ?? 'gelu_new';
  if (act !== 'gelu_new' && act !== 'gelu_pytorch_tanh' && act !== 'gelu') {
    throw new FormatError(`${where}: activation_function ${JSON.stringify(act)} is not supported; use 'gelu_new' (GPT-2's tanh approximation) or 'gelu'.`);
  }
  for (const k of ['vocab_size', 'n_positions', 'n_embd', 'n_layer', 'n_head'] as const) {
    if (!Number.isInteger(c[k]) || c[k] <= 0) throw new FormatError(`${where}: '${k}' must be a positive integer, received ${JSON.stringify(c[k])}.`);
  }
  const cfg: GPTConfig = { vocabSize: c.vocab_size, contextLength: c.n_positions, hiddenDim: c.n_embd, numLayers: c.n_layer, numHeads: c.n_head };
  if (act === 'gelu') cfg.activation = 'gelu';
  if (typeof c.n_inner === 'number') cfg.intermediateDim = c.n_inner;
  if (typeof c.layer_norm_epsilon === 'number') cfg.layerNormEpsilon = c.layer_norm_epsilon;
  if (typeof c.initializer_range === 'number') cfg.initializerRange = c.initializer_range;
  return cfg;
}

/** The GPT2Config of a model. */
export function hfConfigFromGPT(model: GPTModel): HFGPT2Config {
  const c = model.gptConfig;
  return {
    model_type: 'gpt2', architectures: ['GPT2LMHeadModel'], vocab_size: c.vocabSize, n_positions: c.contextLength, n_ctx: c.contextLength,
    n_embd: c.hiddenDim, n_layer: c.numLayers, n_head: c.numHeads, n_inner: c.intermediateDim ?? null, layer_norm_epsilon: c.layerNormEpsilon,
    activation_function: c.activation === 'gelu' ? 'gelu' : 'gelu_new', initializer_range: c.initializerRange, resid_pdrop: c.dropout, embd_pdrop: c.dropout, attn_pdrop: c.dropout,
  };
}

/** Every model variable under its Hugging Face name (no 'transformer.' prefix, no lm_head: the head is tied). */
export function hfGPT2Variables(model: GPTModel): Record<string, Variable> {
  const e = model.embedding;
  const out: Record<string, Variable> = { 'wte.weight': e.wte as Variable, 'wpe.weight': e.wpe as Variable };
  model.blocks.forEach((blk, i) => {
    const h = `h.${i}.`;
    const { ln_1, ln_2 } = blk.norms;
    out[`${h}ln_1.weight`] = ln_1[0];
    if (ln_1[1]) out[`${h}ln_1.bias`] = ln_1[1];
    const p = blk.projections;
    for (const [name, proj] of Object.entries(p)) {
      out[`${h}${name}.weight`] = proj.kernel;
      if (proj.bias) out[`${h}${name}.bias`] = proj.bias;
    }
    out[`${h}ln_2.weight`] = ln_2[0];
    if (ln_2[1]) out[`${h}ln_2.bias`] = ln_2[1];
  });
  const [g, b] = model.lnF.weights as [Variable, Variable | undefined];
  out['ln_f.weight'] = g;
  if (b) out['ln_f.bias'] = b;
  return out;
}

const BUFFER = /^h\.\d+\.attn\.(bias|masked_bias)$/;

/**
 * Assigns Hugging Face GPT-2 tensors to a model (all-or-nothing: every weight is checked before any is written).
 * @example assignHFGPT2(model, (await readSafetensors('gpt2/model.safetensors')).tensors);
 */
export function assignHFGPT2(model: GPTModel, tensors: Record<string, Tensor>, where = 'model.safetensors'): void {
  const targets = hfGPT2Variables(model);
  const given = new Map<string, Tensor>();
  for (const [raw, t] of Object.entries(tensors)) {
    const name = raw.startsWith('transformer.') ? raw.slice('transformer.'.length) : raw;
    if (BUFFER.test(name)) continue;
    if (name === 'lm_head.weight') continue; // tied to wte; HF writes it only for untied heads or old files
    if (!(name in targets)) throw new FormatError(`${where}: tensor '${raw}' is not part of a GPT-2 with ${model.blocks.length} layers; is config.json from the same checkpoint?`);
    given.set(name, t);
  }
  const missing = Object.keys(targets).filter((n) => !given.has(n));
  if (missing.length > 0) throw new FormatError(`${where}: missing ${missing.slice(0, 4).join(', ')}${missing.length > 4 ? ` and ${missing.length - 4} more` : ''}.`);
  for (const [name, v] of Object.entries(targets)) {
    const t = given.get(name) as Tensor;
    if (!shapesEqual(t.shape, v.shape)) throw new ShapeError(`${where}: '${name}' has shape ${fmtShape(t.shape)}, the model expects ${fmtShape(v.shape)} (from config.json).`);
  }
  for (const [name, v] of Object.entries(targets)) {
    const t = given.get(name) as Tensor;
    v.assign(t.dtype === v.dtype ? t : cast(t, v.dtype));
  }
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await fsp.readFile(path, 'utf8');
  } catch (e) {
    throw new FormatError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'}); a Hugging Face GPT-2 directory holds config.json and model.safetensors.`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new FormatError(`${path}: not valid JSON (${(e as Error).message}).`);
  }
}

/** What `loadHFGPT2` returns. */
export interface HFGPT2 {
  model: GPTModel;
  /** The tokenizer when the directory holds vocab.json + merges.txt (or encoder.json + vocab.bpe), else null. */
  tokenizer: BytePairTokenizer | null;
}

/**
 * Loads a Hugging Face GPT-2 directory (config.json + model.safetensors, optional tokenizer files).
 * @example const { model, tokenizer } = await loadHFGPT2('models/gpt2');
 */
export async function loadHFGPT2(dir: string): Promise<HFGPT2> {
  const configPath = join(dir, 'config.json');
  const raw = await readJson(configPath);
  if (raw === null || typeof raw !== 'object') throw new FormatError(`${configPath}: expected a GPT2Config object.`);
  const model = new GPTModel(gptConfigFromHF(raw as HFGPT2Config, configPath));
  const weightsPath = join(dir, 'model.safetensors');
  const { tensors } = await readSafetensors(weightsPath);
  assignHFGPT2(model, tensors, weightsPath);
  let tokenizer: BytePairTokenizer | null = null;
  try {
    tokenizer = await loadBpeTokenizer(dir);
  } catch (e) {
    if (!(e instanceof FormatError) || !/no tokenizer found/.test(e.message)) throw e;
  }
  return { model, tokenizer };
}

/**
 * Writes a model as a Hugging Face GPT-2 directory: config.json, model.safetensors (F32) and, when given, the
 * tokenizer's vocab.json + merges.txt. Adapters must be merged first (`model.mergeLora()`).
 * @example await saveHFGPT2(model, 'out/gpt2', { tokenizer });
 */
export async function saveHFGPT2(model: GPTModel, dir: string, options: { tokenizer?: BytePairTokenizer } = {}): Promise<void> {
  if (model.gptConfig.useBias === false) throw new ConfigError('saveHFGPT2: the model has no biases (useBias: false); Hugging Face GPT-2 needs them. Save it with saveBundle instead.');
  if (Object.keys(model.loraWeights()).length > 0) throw new ConfigError('saveHFGPT2: the model has LoRA adapters; call model.mergeLora() first, or save the adapters alone with model.loraWeights().');
  await fsp.mkdir(dir, { recursive: true });
  const tensors: Record<string, Tensor> = {};
  for (const [name, v] of Object.entries(hfGPT2Variables(model))) tensors[name] = v.dtype === 'float32' ? v : cast(v, 'float32');
  await saveSafetensors(join(dir, 'model.safetensors'), tensors, { format: 'pt' });
  await fsp.writeFile(join(dir, 'config.json'), `${JSON.stringify(hfConfigFromGPT(model), null, 2)}\n`);
  if (options.tokenizer) await saveBpeTokenizer(options.tokenizer, dir);
}
