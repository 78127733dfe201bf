// Keras 3 `.keras` archives and legacy Keras `.h5` models -> TF.js-style ModelArtifacts. Weights are named
// `<layer name>/<index>` (the layer's Keras variable order), which the model loader assigns positionally.
import { promises as fsp } from 'node:fs';
import { unzipSync } from 'fflate';
import { FormatError } from '../../core/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { toFsPath } from '../file-system.js';
import { registerLoadRouter } from '../router.js';
import type { IOHandler, JsonObject, JsonValue, ModelArtifacts } from '../types.js';
import { encodeWeightsSync } from '../weights-codec.js';
import { kerasConfigToTopology, topologyLayers } from './config.js';
import { type H5Reader, withH5 } from './h5.js';

/** Keras `naming.to_snake_case`, which names weight groups in `.keras` files. @example kerasSnakeCase('BatchNormalization'); // 'batch_normalization' */
export function kerasSnakeCase(name: string): string {
  return name.replace(/\W+/g, '').replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

function parseJson(text: string, where: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (e) {
    throw new FormatError(`${where}: not valid JSON (${(e as Error).message}).`);
  }
}

function numericKeys(keys: string[]): string[] {
  return keys.filter((k) => /^\d+$/.test(k)).sort((a, b) => Number(a) - Number(b));
}

/** A saveable's variables in Keras order: its own `vars/0..n`, then those of its nested saveables (e.g. `cell`). */
function collectVars(r: H5Reader, path: string): Tensor[] {
  const out: Tensor[] = [];
  const own = r.keys(`${path}/vars`);
  if (own !== null) for (const k of numericKeys(own)) out.push(r.tensor(`${path}/vars/${k}`));
  const children = (r.keys(path) ?? []).filter((k) => k !== 'vars');
  const order = ['cell', 'forward_layer', 'backward_layer', 'layer'];
  children.sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b));
  for (const c of children) out.push(...collectVars(r, `${path}/${c}`));
  return out;
}

function keras3Weights(r: H5Reader, layers: JsonObject[], where: string): { name: string; tensor: Tensor }[] {
  const root = r.has('layers') ? 'layers' : r.has('_layer_checkpoint_dependencies') ? '_layer_checkpoint_dependencies' : null;
  const used = new Map<string, number>();
  const out: { name: string; tensor: Tensor }[] = [];
  for (const layer of layers) {
    const cls = String(layer.class_name);
    const layerName = String((layer.config as JsonObject).name ?? layer.name);
    let key = kerasSnakeCase(cls);
    const n = used.get(key);
    used.set(key, n === undefined ? 0 : n + 1);
    if (n !== undefined) key = `${key}_${n + 1}`;
    if (root === null) continue;
    const path = `${root}/${key}`;
    if (!r.has(path)) continue;
    collectVars(r, path).forEach((tensor, i) => out.push({ name: `${layerName}/${i}`, tensor }));
  }
  if (root === null && out.length === 0 && layers.length > 0) {
    // A model without weights (e.g. only Flatten) legitimately has no `layers` group; anything else is suspicious.
    const keys = r.keys('') ?? [];
    if (keys.length > 0 && !keys.every((k) => k === 'vars' || k === 'optimizer')) {
      throw new FormatError(`${where}: model.weights.h5 has no 'layers' group (found ${keys.join(', ')}); not a Keras 3 weights file.`);
    }
  }
  return out;
}

function artifactsFrom(topology: JsonObject, weights: { name: string; tensor: Tensor }[], convertedBy: string): ModelArtifacts {
  const { data, specs } = encodeWeightsSync(weights);
  return { modelTopology: topology, weightSpecs: specs, weightData: data, format: 'layers-model', generatedBy: 'keras', convertedBy };
}

/**
 * Reads a Keras 3 `.keras` archive (zip with config.json, metadata.json, model.weights.h5).
 * @example const artifacts = await readKerasArchive(await readFile('m.keras'), 'm.keras');
 */
export async function readKerasArchive(bytes: Uint8Array, where: string): Promise<ModelArtifacts> {
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new FormatError(`${where}: not a zip archive (a .keras file is a zip with config.json and model.weights.h5).`);
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (e) {
    throw new FormatError(`${where}: corrupt zip archive (${(e as Error).message}).`);
  }
  const config = entries['config.json'];
  if (config === undefined) throw new FormatError(`${where}: the archive has no config.json; found ${Object.keys(entries).join(', ') || 'nothing'}.`);
  const meta = entries['metadata.json'];
  const metaDoc = meta === undefined ? null : parseJson(new TextDecoder().decode(meta), `${where}/metadata.json`);
  const version = metaDoc !== null && typeof metaDoc === 'object' && !Array.isArray(metaDoc) && typeof metaDoc.keras_version === 'string' ? metaDoc.keras_version : '3';
  const topology = kerasConfigToTopology(parseJson(new TextDecoder().decode(config), `${where}/config.json`), `${where}/config.json`, version);
  const weightsFile = entries['model.weights.h5'];
  if (weightsFile === undefined) {
    const npz = entries['model.weights.npz'] !== undefined;
    throw new FormatError(`${where}: the archive has no model.weights.h5${npz ? ' (it uses weights_format="npz", which is not supported)' : ''}.`);
  }
  const weights = await withH5(weightsFile, `${where}/model.weights.h5`, (r) => keras3Weights(r, topologyLayers(topology), `${where}/model.weights.h5`));
  return artifactsFrom(topology, weights, `Keras ${version} (.keras import)`);
}

function stringList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.map(String) : [];
}

/** An attribute that Keras may have split into `name0`, `name1`, ... because of HDF5's 64 KB attribute limit. */
function chunkedAttr(r: H5Reader, path: string, name: string): string[] {
  const whole = r.attr(path, name);
  if (whole !== undefined) return stringList(whole);
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const part = r.attr(path, `${name}${i}`);
    if (part === undefined) return out;
    out.push(...stringList(part));
  }
}

/**
 * Reads a legacy Keras 2 / tf.keras HDF5 model (root `model_config` attribute + `model_weights` group).
 * @example const artifacts = await readKerasH5(await readFile('m.h5'), 'm.h5');
 */
export async function readKerasH5(bytes: Uint8Array, where: string): Promise<ModelArtifacts> {
  return withH5(bytes, where, (r) => {
    const cfgText = r.attr('', 'model_config');
    if (typeof cfgText !== 'string') {
      const weightsOnly = r.attr('', 'layer_names') !== undefined || r.attr('', 'layer_names0') !== undefined;
      throw new FormatError(`${where}: no 'model_config' attribute${weightsOnly ? '; this is a weights-only file (save_weights), load it with model.loadWeights()' : '; not a Keras model file'}.`);
    }
    const version = r.attr('', 'keras_version');
    const topology = kerasConfigToTopology(parseJson(cfgText, `${where} (model_config)`), where, typeof version === 'string' ? version : '2');
    const root = r.has('model_weights') ? 'model_weights' : '';
    const weights: { name: string; tensor: Tensor }[] = [];
    for (const layer of chunkedAttr(r, root, 'layer_names')) {
      const group = root === '' ? layer : `${root}/${layer}`;
      chunkedAttr(r, group, 'weight_names').forEach((wn, i) => weights.push({ name: `${layer}/${i}`, tensor: r.tensor(`${group}/${wn}`) }));
    }
    return artifactsFrom(topology, weights, `Keras ${typeof version === 'string' ? version : '2'} (.h5 import)`);
  });
}

/**
 * Reads the weights of a Keras weights file (`model.save_weights`: Keras 3 `.weights.h5`, or a legacy Keras 2 `.h5`
 * weights or model file) for a model whose layers are given in order. Like Keras's `load_weights`, matching is
 * structural: Keras 3 by class-name counters, legacy files by the order of the layers that have weights. The result
 * is named `<our layer name>/<index>`.
 * @example const named = await readKerasWeights(bytes, 'w.weights.h5', model.layers.map((l) => ({ className: l.getClassName(), name: l.name, weightCount: l.weights.length })));
 */
export async function readKerasWeights(
  bytes: Uint8Array,
  where: string,
  layers: { className: string; name: string; weightCount: number }[],
): Promise<{ name: string; tensor: Tensor }[]> {
  return withH5(bytes, where, (r) => {
    if (r.has('layers') || r.has('_layer_checkpoint_dependencies')) {
      return keras3Weights(r, layers.map((l) => ({ class_name: l.className, config: { name: l.name } })), where);
    }
    const root = r.has('model_weights') ? 'model_weights' : '';
    const names = chunkedAttr(r, root, 'layer_names');
    if (names.length === 0) throw new FormatError(`${where}: neither a 'layers' group (Keras 3) nor a 'layer_names' attribute (Keras 2); not a Keras weights file.`);
    const groups = names
      .map((layer) => {
        const group = root === '' ? layer : `${root}/${layer}`;
        return chunkedAttr(r, group, 'weight_names').map((wn) => r.tensor(`${group}/${wn}`));
      })
      .filter((ws) => ws.length > 0);
    const targets = layers.filter((l) => l.weightCount > 0);
    if (groups.length !== targets.length) {
      throw new FormatError(`${where}: the file has weights for ${groups.length} layers but the model has ${targets.length} layers with weights.`);
    }
    return groups.flatMap((ws, i) => ws.map((tensor, j) => ({ name: `${(targets[i] as { name: string }).name}/${j}`, tensor })));
  });
}

/**
 * A load handler for `.keras` and `.h5` files (chosen by the file's magic bytes).
 * @example const model = await loadLayersModel(kerasFile('model.keras'));
 */
export function kerasFile(path: string): IOHandler {
  return {
    load: async () => {
      const p = toFsPath(path);
      let bytes: Buffer;
      try {
        bytes = await fsp.readFile(p);
      } catch (e) {
        throw new FormatError(`${p}: cannot read Keras model file (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
      }
      const u8 = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return u8[0] === 0x50 && u8[1] === 0x4b ? readKerasArchive(u8, p) : readKerasH5(u8, p);
    },
  };
}

registerLoadRouter((url) => (typeof url === 'string' && /\.(keras|h5|hdf5)$/i.test(url) && !/^https?:/i.test(url) ? kerasFile(url) : null));
