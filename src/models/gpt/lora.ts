// LoRA for GPTModel (Hu et al. 2021): adapters on chosen projections of every block, everything else frozen.
// Adapters are exchanged in PEFT's layout so they load into Hugging Face tooling: per module
// `base_model.model.transformer.h.N.<module>.lora_A.weight` [r, in] and `.lora_B.weight` [out, r], with
// adapter_config.json {peft_type: 'LORA', r, lora_alpha, target_modules, fan_in_fan_out: true}. (PEFT's A and B are
// nn.Linear weights, the transposes of the [in, r] and [r, out] matrices Projection multiplies by.)
import { ConfigError, ShapeError } from '../../core/errors.js';
import { fmtShape } from '../../core/shape.js';
import type { LoraConfig } from '../../layers/transformer/projection.js';
import { cast, transpose } from '../../ops/index.js';
import type { Tensor, Variable } from '../../tensor/tensor.js';
import type { GPTModel } from './gpt-model.js';

/** A GPT-2 module path that can carry an adapter. */
export type LoraTarget = 'attn.c_attn' | 'attn.c_proj' | 'mlp.c_fc' | 'mlp.c_proj';

/** The attention projections, as in the LoRA paper's GPT-2 experiments (W_q, W_v there; c_attn holds q, k, v). */
export const DEFAULT_LORA_TARGETS: readonly LoraTarget[] = ['attn.c_attn', 'attn.c_proj'];

/** The settings of the adapters on a model. */
export interface LoraState {
  rank: number;
  alpha: number;
  targets: LoraTarget[];
}

const states = new WeakMap<GPTModel, LoraState>();

/** The adapter settings of a model, or null without adapters. */
export function loraState(model: GPTModel): LoraState | null {
  return states.get(model) ?? null;
}

/**
 * Adds adapters to `targets` in every block and freezes all other weights.
 * @example enableLora(model, { rank: 8, alpha: 16 });
 */
export function enableLora(model: GPTModel, config: LoraConfig, targets: readonly LoraTarget[] = DEFAULT_LORA_TARGETS): void {
  if (states.has(model)) throw new ConfigError('enableLora: the model already has adapters; call mergeLora() first.');
  if (targets.length === 0) throw new ConfigError(`enableLora: give at least one target among ${['attn.c_attn', 'attn.c_proj', 'mlp.c_fc', 'mlp.c_proj'].join(', ')}.`);
  model.blocks.forEach((blk, i) => blk.enableLora(config.seed === undefined ? config : { ...config, seed: config.seed + 100 * i }, targets));
  for (const v of [...model.embedding.weights, ...model.lnF.weights]) v.trainable = false;
  states.set(model, { rank: config.rank, alpha: config.alpha ?? config.rank, targets: [...targets] });
}

/**
 * Folds the adapters into the base kernels (W += alpha/r · A·B) and unfreezes the model.
 * @example mergeLora(model); await saveHFGPT2(model, 'out/');
 */
export function mergeLora(model: GPTModel): void {
  for (const blk of model.blocks) blk.mergeLora();
  for (const v of [...model.embedding.weights, ...model.lnF.weights]) v.trainable = true;
  states.delete(model);
}

function peftName(layer: number, target: string, which: 'A' | 'B'): string {
  return `base_model.model.transformer.h.${layer}.${target}.lora_${which}.weight`;
}

/**
 * The adapter tensors under PEFT names, in PEFT's [r, in] / [out, r] layout.
 * @example await saveSafetensors('adapter_model.safetensors', loraWeights(model));
 */
export function loraWeights(model: GPTModel): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  model.blocks.forEach((blk, i) => {
    for (const [target, p] of Object.entries(blk.projections)) {
      if (!p.lora) continue;
      out[peftName(i, target, 'A')] = transpose(p.lora.a);
      out[peftName(i, target, 'B')] = transpose(p.lora.b);
    }
  });
  return out;
}

/**
 * Sets adapter values from PEFT-named tensors (`loraWeights` output or a PEFT adapter file); adapters with the same
 * rank and targets must be enabled first.
 * @example setLoraWeights(model, (await readSafetensors('adapter_model.safetensors')).tensors);
 */
export function setLoraWeights(model: GPTModel, tensors: Record<string, Tensor>): void {
  if (!states.has(model)) throw new ConfigError('setLoraWeights: the model has no adapters; call model.enableLora({ rank, alpha }, targets) first.');
  const pairs: [Variable, Tensor][] = [];
  const known = new Set<string>();
  model.blocks.forEach((blk, i) => {
    for (const [target, p] of Object.entries(blk.projections)) {
      if (!p.lora) continue;
      for (const [which, v] of [['A', p.lora.a], ['B', p.lora.b]] as const) {
        const name = peftName(i, target, which);
        known.add(name);
        const t = tensors[name];
        if (!t) throw new ConfigError(`setLoraWeights: missing '${name}'; the adapters were saved with other targets or layers.`);
        if (t.rank !== 2 || t.shape[0] !== v.shape[1] || t.shape[1] !== v.shape[0]) {
          throw new ShapeError(`setLoraWeights: '${name}' has shape ${fmtShape(t.shape)}, expected [${v.shape[1]}, ${v.shape[0]}] (rank ${states.get(model)?.rank}).`);
        }
        pairs.push([v, t]);
      }
    }
  });
  const extra = Object.keys(tensors).filter((n) => !known.has(n));
  if (extra.length > 0) throw new ConfigError(`setLoraWeights: '${extra[0]}' has no adapter in this model; enable the same targets that were saved.`);
  for (const [v, t] of pairs) v.assign(transpose(t.dtype === v.dtype ? t : cast(t, v.dtype)));
}
