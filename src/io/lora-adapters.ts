// LoRA adapters saved alone, as a PEFT adapter directory: adapter_config.json + adapter_model.safetensors.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, FormatError } from '../core/errors.js';
import type { GPTModel } from '../models/gpt/gpt-model.js';
import { type LoraTarget, enableLora, loraState, loraWeights, setLoraWeights } from '../models/gpt/lora.js';
import { readSafetensors, saveSafetensors } from './safetensors.js';

const TARGETS: readonly LoraTarget[] = ['attn.c_attn', 'attn.c_proj', 'mlp.c_fc', 'mlp.c_proj'];

/**
 * Writes the model's adapters (only) to `dir` in PEFT's layout; the base model is not written.
 * @example await saveLoraAdapters(model, 'out/adapter');
 */
export async function saveLoraAdapters(model: GPTModel, dir: string): Promise<void> {
  const state = loraState(model);
  if (!state) throw new ConfigError('saveLoraAdapters: the model has no adapters; call model.enableLora({ rank, alpha }) first.');
  await fsp.mkdir(dir, { recursive: true });
  await saveSafetensors(join(dir, 'adapter_model.safetensors'), loraWeights(model), { format: 'pt' });
  const config = {
    peft_type: 'LORA', task_type: 'CAUSAL_LM', r: state.rank, lora_alpha: state.alpha, lora_dropout: 0, bias: 'none',
    fan_in_fan_out: true, target_modules: state.targets, base_model_name_or_path: model.name,
  };
  await fsp.writeFile(join(dir, 'adapter_config.json'), `${JSON.stringify(config, null, 2)}\n`);
}

/**
 * Enables adapters on `model` from a PEFT adapter directory and loads their values.
 * @example await loadLoraAdapters(model, 'out/adapter'); model.generate(ids, { maxNewTokens: 20 });
 */
export async function loadLoraAdapters(model: GPTModel, dir: string): Promise<void> {
  const path = join(dir, 'adapter_config.json');
  let c: { peft_type?: unknown; r?: unknown; lora_alpha?: unknown; target_modules?: unknown };
  try {
    c = JSON.parse(await fsp.readFile(path, 'utf8')) as typeof c;
  } catch (e) {
    throw new FormatError(`${path}: cannot read a PEFT adapter config (${(e as Error).message}).`);
  }
  if (c.peft_type !== 'LORA') throw new FormatError(`${path}: peft_type is ${JSON.stringify(c.peft_type)}; only 'LORA' adapters are supported.`);
  if (typeof c.r !== 'number' || typeof c.lora_alpha !== 'number') throw new FormatError(`${path}: 'r' and 'lora_alpha' must be numbers.`);
  const raw = Array.isArray(c.target_modules) ? c.target_modules : [];
  // PEFT matches modules by suffix: 'c_proj' means both attn.c_proj and mlp.c_proj.
  const targets = TARGETS.filter((t) => raw.some((m) => typeof m === 'string' && (t === m || t.endsWith(`.${m}`))));
  if (targets.length === 0) throw new FormatError(`${path}: target_modules ${JSON.stringify(c.target_modules)} names no GPT-2 projection (${TARGETS.join(', ')}).`);
  const { tensors } = await readSafetensors(join(dir, 'adapter_model.safetensors'));
  enableLora(model, { rank: c.r, alpha: c.lora_alpha }, targets);
  setLoraWeights(model, tensors);
}
