// GPT model directories: a tforge bundle (model.json of a GPTModel + extras.json holding the tokenizer) or a Hugging
// Face GPT-2 directory (config.json + model.safetensors + vocab.json/merges.txt). `tforge generate`, `tforge serve`
// and the model host all read them through here.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { loadBundle, loadHFGPT2 } from '../io/index.js';
import { GPTModel } from '../models/index.js';
import { type TextTokenizer, textTokenizerFromJSON } from '../preprocessing/index.js';

/** A GPT and the tokenizer it was trained with. */
export interface LoadedGPT {
  model: GPTModel;
  tokenizer: TextTokenizer;
}

/**
 * True when `dir` holds a GPT: a Hugging Face GPT-2 layout, or a model.json whose topology is a GPTModel.
 * @example if (await isGPTDir('models/char-gpt')) console.log('serves generate');
 */
export async function isGPTDir(dir: string): Promise<boolean> {
  if (existsSync(join(dir, 'model.safetensors')) && existsSync(join(dir, 'config.json'))) return true;
  const path = join(dir, 'model.json');
  if (!existsSync(path)) return false;
  try {
    const json = JSON.parse(await readFile(path, 'utf8')) as { modelTopology?: { class_name?: unknown } };
    return json.modelTopology?.class_name === GPTModel.className;
  } catch {
    return false;
  }
}

/**
 * Loads a GPT and its tokenizer from a directory (see the file comment for the two layouts).
 * @example const { model, tokenizer } = await loadGPTDir('models/char-gpt');
 */
export async function loadGPTDir(dir: string): Promise<LoadedGPT> {
  if (existsSync(join(dir, 'model.safetensors')) && existsSync(join(dir, 'config.json'))) {
    const { model, tokenizer } = await loadHFGPT2(dir);
    if (!tokenizer) throw new ConfigError(`loadGPTDir: ${dir} has no tokenizer; add vocab.json + merges.txt beside model.safetensors.`);
    return { model, tokenizer };
  }
  const { model, extras } = await loadBundle(dir);
  if (!(model instanceof GPTModel)) throw new ConfigError(`loadGPTDir: the model in ${dir} is a ${model.getClassName()}, not a GPTModel.`);
  if (extras.tokenizer === undefined) {
    throw new ConfigError(`loadGPTDir: ${dir} has no tokenizer in extras.json; save the model with saveBundle(dir, { model, extras: { tokenizer } }).`);
  }
  return { model, tokenizer: textTokenizerFromJSON(extras.tokenizer) };
}
