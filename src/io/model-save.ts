// `model.save(urlOrHandler, config)` in TF.js's layers-model format, attached to LayersModel from the io layer
// (models/ does not import io/). Optimizer state goes in the same weight buffer with `group: 'optimizer'`.
import { ValueError } from '../core/errors.js';
import { Container } from '../models/container.js';
import { LayersModel } from '../models/model.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { convertTsToPythonic, toSnakeCase } from './case-convert.js';
import { shiftNestedNodeIndices } from './nested-nodes.js';
import { getSaveHandlers } from './router.js';
import type { IOHandler, JsonObject, JsonValue, ModelArtifacts, SaveConfig, SaveResult, TrainingConfig } from './types.js';
import { concatenateArrayBuffers, encodeWeightsSync } from './weights-codec.js';
import './file-system.js';
import './http.js';

/** Library version written into saved files. */
export const TENSORFORGE_VERSION = '0.1.0';

declare module '../models/model.js' {
  interface LayersModel {
    /**
     * Saves topology, weights and (optionally) optimizer state and extra JSON artifacts in the TF.js layers-model
     * format: a directory path / `file://` URL, an `http(s)://` URL, or an IOHandler.
     */
    save(handlerOrURL: string | IOHandler, config?: SaveConfig): Promise<SaveResult>;
  }
}

/** Picks the one handler for a URL, or the handler given. @example resolveSaveHandler('file:///tmp/m'); */
export function resolveSaveHandler(handlerOrURL: string | IOHandler, where: string): IOHandler {
  if (typeof handlerOrURL !== 'string') {
    if (handlerOrURL === null || typeof handlerOrURL !== 'object' || typeof handlerOrURL.save !== 'function') {
      throw new ValueError(`${where}: expected a path, URL or an IOHandler with a save() method, received ${typeof handlerOrURL}.`);
    }
    return handlerOrURL;
  }
  const handlers = getSaveHandlers(handlerOrURL);
  if (handlers.length !== 1 || handlers[0]?.save === undefined) {
    throw new ValueError(
      `${where}: ${handlers.length === 0 ? 'no' : 'more than one'} save handler for '${handlerOrURL}'. Use a directory path, ` +
        'file://dir, http(s)://url, or pass an IOHandler such as tf.io.withSaveHandler(fn).',
    );
  }
  return handlers[0];
}

/** The Keras-style (snake_case) topology TF.js writes for a model. @example modelTopology(model).class_name; */
export function modelTopology(model: LayersModel): JsonObject {
  const config = JSON.parse(JSON.stringify(model.getConfig())) as JsonObject;
  shiftNestedNodeIndices(config, 1);
  const ts = { className: model.getClassName(), config, kerasVersion: `tensorforge ${TENSORFORGE_VERSION}`, backend: 'tensor_flow.js' };
  return convertTsToPythonic(ts) as JsonObject;
}

/** The TF.js trainingConfig of a compiled model (loss/metric ids in snake_case; optimizer config in camelCase). @example trainingConfigOf(model)?.loss; */
export function trainingConfigOf(model: LayersModel): TrainingConfig | null {
  const optimizer = model.optimizer;
  if (optimizer === null) return null;
  const state = model.compiledState('save');
  const losses = state.outputs.map((o) => toSnakeCase(o.lossName));
  const metricNames = (state.outputs[0]?.metrics ?? []).map((m) => m.name);
  const config: TrainingConfig = {
    loss: losses.length === 1 ? (losses[0] as string) : losses,
    optimizer_config: { class_name: optimizer.getClassName(), config: optimizer.getConfig() as { [k: string]: JsonValue } },
  };
  if (state.outputs.length === 1 && metricNames.length > 0) config.metrics = metricNames;
  return config;
}

/**
 * The manifest name of each weight. TF.js names weights `<top-level layer>/.../<weight>`; a wrapper such as
 * TimeDistributed holds its inner layer's variables (`dense/kernel`), which TF.js calls `time_distributed/kernel`,
 * so such weights are renamed to `<top-level layer>/<weight>` when that stays unique.
 */
function savedWeightNames(model: LayersModel): Map<Variable, string> {
  const out = new Map<Variable, string>();
  for (const layer of model.layers) {
    const ws = layer.weights;
    if (layer instanceof Container) {
      // A nested model keeps its own layers' names, as TF.js does.
      for (const w of ws) out.set(w, w.name);
      continue;
    }
    const renamed = ws.map((w) => (w.name.startsWith(`${layer.name}/`) ? w.name : `${layer.name}/${w.name.slice(w.name.lastIndexOf('/') + 1)}`));
    const unique = new Set(renamed).size === renamed.length;
    ws.forEach((w, i) => out.set(w, unique ? (renamed[i] as string) : w.name));
  }
  return out;
}

/**
 * Builds the artifacts `save` hands to a handler.
 * @example const artifacts = await modelArtifacts(model, { includeOptimizer: true });
 */
export async function modelArtifacts(model: LayersModel, config: SaveConfig = {}): Promise<ModelArtifacts> {
  const vars = config.trainableOnly ? model.trainableWeights : model.weights;
  const names = savedWeightNames(model);
  const seen = new Set<string>();
  for (const v of vars) {
    const name = names.get(v) ?? v.name;
    if (seen.has(name)) throw new ValueError(`save: two weights of model '${model.name}' are named '${name}'; weight names must be unique to save.`);
    seen.add(name);
  }
  const { data, specs } = encodeWeightsSync(vars.map((v) => ({ name: names.get(v) ?? v.name, tensor: v as Tensor })));
  const artifacts: ModelArtifacts = {
    modelTopology: modelTopology(model),
    format: 'layers-model',
    generatedBy: `Tensorforge v${TENSORFORGE_VERSION}`,
    convertedBy: null,
    weightSpecs: specs,
    weightData: data,
  };
  const training = trainingConfigOf(model);
  if (config.includeOptimizer && model.optimizer === null) {
    throw new ValueError(`save: includeOptimizer is true but model '${model.name}' is not compiled; call model.compile() first or drop includeOptimizer.`);
  }
  if (training !== null) artifacts.trainingConfig = training;
  if (config.includeOptimizer && model.optimizer !== null) {
    const opt = encodeWeightsSync(await model.optimizer.getWeights(), 'optimizer');
    artifacts.weightSpecs = [...specs, ...opt.specs];
    artifacts.weightData = concatenateArrayBuffers([data, opt.data]);
  }
  if (config.artifacts !== undefined) artifacts.extras = config.artifacts;
  return artifacts;
}

LayersModel.prototype.save = async function save(this: LayersModel, handlerOrURL: string | IOHandler, config: SaveConfig = {}): Promise<SaveResult> {
  const handler = resolveSaveHandler(handlerOrURL, `${this.name}.save`);
  const artifacts = await modelArtifacts(this, config);
  return (handler.save as NonNullable<IOHandler['save']>)(artifacts);
};
