// `loadLayersModel(urlOrHandler)`: builds the model from the TF.js/Keras topology, validates every weight against
// it, then assigns them all at once; restores the compile state and optimizer state when saved.
import { ConfigError, FormatError, TensorforgeError, ValueError } from '../core/errors.js';
import type { Layer } from '../layers/layer.js';
import { deserializeLayer } from '../layers/registry.js';
import { LayersModel } from '../models/model.js';
import type { Tensor } from '../tensor/tensor.js';
import { convertPythonicToTs } from './case-convert.js';
import { shiftNestedNodeIndices } from './nested-nodes.js';
import { getLoadHandlers } from './router.js';
import type { IOHandler, JsonObject, JsonValue, ModelArtifacts, TrainingConfig } from './types.js';
import { assignAll, matchWeights } from './weight-assign.js';
import { decodeWeightList } from './weights-codec.js';
import './file-system.js';
import './http.js';
import { kerasFile } from './keras/keras-import.js';

/** Options of `loadLayersModel`. */
export interface LoadLayersModelOptions {
  /** When true (default) every saved weight must match a model variable and vice versa. */
  strict?: boolean;
}

/** Extra JSON artifacts (`extras.json`) loaded with each model, by model. */
const extrasByModel = new WeakMap<LayersModel, { [name: string]: JsonValue }>();

/** The extra artifacts saved with `model.save(dir, {artifacts})` that came back with this model (empty when none). @example getModelExtras(model).tokenizer; */
export function getModelExtras(model: LayersModel): { [name: string]: JsonValue } {
  return extrasByModel.get(model) ?? {};
}

/** The one load handler for a URL or path, or the handler given. @example resolveLoadHandler('file:///tmp/m/model.json'); */
export function resolveLoadHandler(pathOrHandler: string | IOHandler, where: string): IOHandler {
  if (typeof pathOrHandler !== 'string') {
    if (pathOrHandler === null || typeof pathOrHandler !== 'object' || typeof pathOrHandler.load !== 'function') {
      throw new ValueError(`${where}: expected a path, URL or an IOHandler with a load() method, received ${typeof pathOrHandler}.`);
    }
    return pathOrHandler;
  }
  const handlers = getLoadHandlers(pathOrHandler);
  if (handlers.length !== 1 || handlers[0]?.load === undefined) {
    throw new ValueError(`${where}: ${handlers.length === 0 ? 'no' : 'more than one'} load handler for '${pathOrHandler}'. Use a model.json path, file://, http(s)://, a .keras/.h5 file, or an IOHandler.`);
  }
  return handlers[0];
}

function rethrowWithSource(e: unknown, source: string): never {
  if (e instanceof TensorforgeError) {
    if (e.message.startsWith(source)) throw e;
    const Ctor = e.constructor as new (m: string) => TensorforgeError;
    throw new Ctor(`${source}: ${e.message}`);
  }
  // Anything else while building from a config means the config was malformed (e.g. a wrong type somewhere).
  throw new FormatError(`${source}: invalid model topology (${e instanceof Error ? e.message : String(e)}).`);
}

/** Builds an (untrained) model from a snake_case TF.js/Keras topology. @example modelFromTopology(json.modelTopology, 'model.json'); */
export function modelFromTopology(topology: JsonObject, source: string): LayersModel {
  let t: JsonValue = topology;
  if (t.model_config !== undefined && t.model_config !== null && typeof t.model_config === 'object') t = t.model_config;
  if (t === null || typeof t !== 'object' || Array.isArray(t) || typeof t.class_name !== 'string' || t.config === null || typeof t.config !== 'object') {
    throw new FormatError(`${source}: modelTopology must be {"class_name": "Sequential"|"Model", "config": {...}}.`);
  }
  const ts = convertPythonicToTs(t) as { className: string; config: { [k: string]: JsonValue } };
  shiftNestedNodeIndices(ts.config, -1);
  let model: Layer;
  try {
    model = deserializeLayer({ className: ts.className, config: ts.config });
  } catch (e) {
    rethrowWithSource(e, source);
  }
  if (!(model instanceof LayersModel)) throw new ConfigError(`${source}: top-level class '${ts.className}' is not a model; expected Sequential or Model.`);
  return model;
}

function compileFromTrainingConfig(model: LayersModel, tc: TrainingConfig, source: string): void {
  const opt = tc.optimizer_config as { class_name?: unknown; config?: unknown } | undefined;
  if (opt === undefined || typeof opt.class_name !== 'string') throw new FormatError(`${source}: trainingConfig.optimizer_config needs a class_name.`);
  const args = { optimizer: { className: opt.class_name, config: (opt.config ?? {}) as Record<string, unknown> }, loss: tc.loss } as Parameters<LayersModel['compile']>[0];
  const m = tc.metrics;
  const hasMetrics = Array.isArray(m) ? m.length > 0 : m !== undefined && m !== null && Object.keys(m).length > 0;
  if (hasMetrics) args.metrics = tc.metrics as NonNullable<Parameters<LayersModel['compile']>[0]['metrics']>;
  try {
    model.compile(args);
  } catch (e) {
    rethrowWithSource(e, `${source} (trainingConfig)`);
  }
}

/**
 * Builds a model from loaded artifacts: topology, weights (validated before any assignment), training config and
 * optimizer state.
 * @example const model = await modelFromArtifacts(await handler.load(), 'model.json');
 */
export async function modelFromArtifacts(artifacts: ModelArtifacts, source: string, options: LoadLayersModelOptions = {}): Promise<LayersModel> {
  const topology = artifacts.modelTopology;
  if (topology === undefined || topology instanceof ArrayBuffer || topology === null || typeof topology !== 'object') {
    throw new FormatError(`${source}: the artifacts have no JSON modelTopology; GraphDef models cannot be loaded as a LayersModel.`);
  }
  const model = modelFromTopology(topology, source);
  const saved = decodeWeightList(artifacts.weightData ?? new ArrayBuffer(0), artifacts.weightSpecs ?? [], source);
  const specs = artifacts.weightSpecs ?? [];
  const modelWeights = saved.filter((_, i) => specs[i]?.group !== 'optimizer');
  const optimizerWeights = saved.filter((_, i) => specs[i]?.group === 'optimizer');
  const pairs = matchWeights(model, modelWeights, source, options.strict ?? true);
  if (artifacts.trainingConfig !== undefined && artifacts.trainingConfig !== null) compileFromTrainingConfig(model, artifacts.trainingConfig, source);
  assignAll(pairs);
  if (optimizerWeights.length > 0 && model.optimizer !== null) {
    try {
      await model.optimizer.setWeights(optimizerWeights.map(({ name, tensor }) => ({ name, tensor: tensor as Tensor })));
    } catch (e) {
      rethrowWithSource(e, `${source} (optimizer weights)`);
    }
  }
  if (artifacts.extras !== undefined) extrasByModel.set(model, artifacts.extras);
  return model;
}

/**
 * Loads a model saved by `model.save`, by TensorFlow.js, or by Keras (`.keras`, `.h5`): a path or URL
 * (`file://`, `http(s)://`) or an IOHandler (e.g. `tf.io.fromMemory(artifacts)`).
 * @example const model = await loadLayersModel('file:///tmp/my-model/model.json');
 */
export async function loadLayersModel(pathOrHandler: string | IOHandler, options: LoadLayersModelOptions = {}): Promise<LayersModel> {
  const source = typeof pathOrHandler === 'string' ? pathOrHandler : 'loadLayersModel';
  const handler = resolveLoadHandler(pathOrHandler, 'loadLayersModel');
  const artifacts = await (handler.load as NonNullable<IOHandler['load']>)();
  return modelFromArtifacts(artifacts, source, options);
}

/**
 * Imports a Keras model file: a Keras 3 `.keras` archive or a legacy Keras 2 `.h5` model.
 * @example const model = await loadKerasModel('model.keras');
 */
export async function loadKerasModel(path: string): Promise<LayersModel> {
  return modelFromArtifacts(await (kerasFile(path).load as NonNullable<IOHandler['load']>)(), path);
}
