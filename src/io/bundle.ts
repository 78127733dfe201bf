// A model plus named preprocessing objects (scalers, encoders, tokenizers) saved as one directory: the TF.js
// layers-model files and `extras.json` = {"format":"tensorforge-extras","version":1,"items":{name: toJSON() output}}.
import { ValueError } from '../core/errors.js';
import type { LayersModel } from '../models/model.js';
import { getModelExtras, loadLayersModel } from './model-load.js';
import './model-save.js';
import type { JsonValue } from './types.js';

/** Anything with a JSON form, like the data package's scalers and tokenizers. */
export interface JsonSerializable {
  toJSON(): unknown;
}

/** What `loadBundle` returns: the model and the raw JSON of each extra (pass each to its class's `fromJSON`). */
export interface LoadedBundle {
  model: LayersModel;
  extras: { [name: string]: JsonValue };
}

function toJsonValue(name: string, x: JsonSerializable | JsonValue): JsonValue {
  const raw = x !== null && typeof x === 'object' && 'toJSON' in x && typeof x.toJSON === 'function' ? x.toJSON() : x;
  try {
    return JSON.parse(JSON.stringify(raw)) as JsonValue;
  } catch (e) {
    throw new ValueError(`saveBundle: extra '${name}' is not JSON-serializable (${(e as Error).message}).`);
  }
}

/**
 * Saves a model and its preprocessing objects into one directory (atomically, as a whole).
 * @example await saveBundle('/tmp/clf', { model, extras: { tokenizer: tok, scaler } });
 */
export async function saveBundle(dir: string, bundle: { model: LayersModel; extras?: { [name: string]: JsonSerializable | JsonValue }; includeOptimizer?: boolean }): Promise<void> {
  const artifacts: { [name: string]: JsonValue } = {};
  for (const [name, x] of Object.entries(bundle.extras ?? {})) artifacts[name] = toJsonValue(name, x);
  await bundle.model.save(dir, { artifacts, includeOptimizer: bundle.includeOptimizer ?? false });
}

/**
 * Loads a directory written by `saveBundle` (or `model.save(dir, {artifacts})`).
 * @example const { model, extras } = await loadBundle('/tmp/clf'); const tok = Tokenizer.fromJSON(extras.tokenizer);
 */
export async function loadBundle(dir: string): Promise<LoadedBundle> {
  const model = await loadLayersModel(dir);
  return { model, extras: getModelExtras(model) };
}
