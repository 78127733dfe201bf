// Keras 3 (`.keras` config.json) and Keras 2 (`.h5` model_config) model configs -> the Keras-2-style snake_case
// topology TF.js writes in model.json, so one loader builds models from all three.
import { ConfigError, FormatError } from '../../core/errors.js';
import type { JsonObject, JsonValue } from '../types.js';

/** Keras 3 keys with no TF.js/Tensorforge counterpart; dropped on import (they do not change inference). */
const DROP_KEYS = new Set(['module', 'registered_name', 'build_config', 'compile_config', 'shared_object_id', 'lora_rank', 'lora_alpha', 'quantization_config', 'synchronized', 'use_cudnn', 'optional', 'autocast']);

/** Keras 3 keys whose TF.js spelling differs. */
const RENAMED_KEYS: Record<string, string> = { batch_shape: 'batch_input_shape', keepdims: 'keep_dims' };

function isObject(v: JsonValue | undefined): v is JsonObject {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

/** Converts one serialized Keras object (initializer, regularizer, dtype policy, activation, layer config value). */
function convertValue(v: JsonValue, where: string): JsonValue {
  if (Array.isArray(v)) return v.map((x) => convertValue(x, where));
  if (!isObject(v)) return v;
  if (typeof v.class_name === 'string') {
    const cls = v.class_name;
    const config = v.config;
    if (cls === 'DTypePolicy' || cls === 'FloatDTypePolicy' || cls === 'Policy') {
      const name = isObject(config) ? config.name : null;
      if (name === 'mixed_float16' || name === 'mixed_bfloat16') return 'float32';
      return typeof name === 'string' ? name : 'float32';
    }
    if (cls === 'function' || cls === 'builtins.function') return typeof config === 'string' ? config : convertValue(config ?? null, where);
    if (cls === 'L2' || cls === 'L1' || cls === 'L1L2') {
      const c = isObject(config) ? config : {};
      return { class_name: 'L1L2', config: { l1: Number(c.l1 ?? 0), l2: Number(c.l2 ?? 0) } };
    }
    return { class_name: cls, config: isObject(config) || config === undefined ? convertConfig((config ?? {}) as JsonObject, where) : convertValue(config, where) };
  }
  return convertConfig(v, where);
}

function convertConfig(config: JsonObject, where: string): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(config)) {
    if (DROP_KEYS.has(k)) continue;
    out[RENAMED_KEYS[k] ?? k] = convertValue(v, where);
  }
  return out;
}

/** Keras 3 `inbound_nodes` entries ({args, kwargs} with `__keras_tensor__` args) -> Keras 2 `[[name, node, tensor, kwargs]]`. */
function convertInboundNodes(nodes: JsonValue, layer: string, where: string, nestedModels: Set<string>): JsonValue {
  if (!Array.isArray(nodes)) throw new FormatError(`${where}: layer '${layer}' has malformed inbound_nodes (expected a list).`);
  return nodes.map((node) => {
    if (Array.isArray(node)) return node; // already Keras 2 form
    if (!isObject(node)) throw new FormatError(`${where}: layer '${layer}' has a malformed inbound node ${JSON.stringify(node)}.`);
    const tensors: JsonValue[] = [];
    const collect = (x: JsonValue): void => {
      if (Array.isArray(x)) x.forEach(collect);
      else if (isObject(x) && x.class_name === '__keras_tensor__' && isObject(x.config)) {
        const h = x.config.keras_history;
        if (!Array.isArray(h) || typeof h[0] !== 'string') throw new FormatError(`${where}: layer '${layer}' has an inbound tensor without keras_history.`);
        // Keras 3 models have no node of their own, unlike the Keras 2 / TF.js convention normalised to here.
        const nested = nestedModels.has(h[0]) ? 1 : 0;
        tensors.push([h[0], Number(h[1] ?? 0) + nested, Number(h[2] ?? 0), {}]);
      }
    };
    collect(node.args ?? []);
    return tensors;
  });
}

/** `['input', 0, 0]` (Keras 3 single tensor) or `[['input', 0, 0], ...]` -> the list form. */
function tensorList(v: JsonValue | undefined): JsonValue {
  if (Array.isArray(v) && typeof v[0] === 'string') return [v];
  if (isObject(v)) return Object.values(v).map((x) => (Array.isArray(x) && typeof x[0] === 'string' ? x : x));
  return v ?? [];
}

function layerEntry(raw: JsonValue, where: string, nestedModels: Set<string>): JsonObject {
  if (!isObject(raw) || typeof raw.class_name !== 'string') throw new FormatError(`${where}: every layer needs a class_name, received ${JSON.stringify(raw)?.slice(0, 120)}.`);
  const config = isObject(raw.config) ? convertConfig(raw.config, where) : {};
  if (raw.class_name === 'Conv2D' || raw.class_name === 'Conv1D') {
    if (config.groups !== undefined && config.groups !== 1) throw new ConfigError(`${where}: layer '${String(config.name)}' (${raw.class_name}) uses groups=${String(config.groups)}; only groups=1 is supported.`);
    delete config.groups;
  }
  if (raw.class_name === 'Bidirectional' && config.backward_layer !== undefined) {
    // Keras serializes the backward copy too; Tensorforge derives it from `layer`, so only a mirror can be imported.
    const fwd = config.layer as JsonObject | undefined;
    const bwd = config.backward_layer as JsonObject | null;
    if (bwd !== null && (fwd === undefined || bwd.class_name !== fwd.class_name)) {
      throw new ConfigError(`${where}: Bidirectional '${String(config.name)}' has a custom backward_layer; only a mirrored copy of 'layer' is supported.`);
    }
    delete config.backward_layer;
  }
  const entry: JsonObject = { class_name: raw.class_name, config };
  if (typeof raw.name === 'string') entry.name = raw.name;
  else if (typeof config.name === 'string') entry.name = config.name;
  if (raw.inbound_nodes !== undefined) entry.inbound_nodes = convertInboundNodes(raw.inbound_nodes, String(entry.name), where, nestedModels);
  return entry;
}

/**
 * Converts a Keras model config (`{class_name, config}`, Keras 2 or 3) to the TF.js model.json topology form.
 * @example const topology = kerasConfigToTopology(JSON.parse(configJson), 'model.keras');
 */
export function kerasConfigToTopology(doc: JsonValue, where: string, kerasVersion = 'unknown'): JsonObject {
  if (!isObject(doc) || typeof doc.class_name !== 'string' || !isObject(doc.config)) {
    throw new FormatError(`${where}: model config must be {"class_name": ..., "config": {...}}, received ${JSON.stringify(doc)?.slice(0, 120)}.`);
  }
  const cls = doc.class_name;
  const cfg = doc.config;
  if (!Array.isArray(cfg.layers)) throw new FormatError(`${where}: model config has no 'layers' list; only Sequential and functional models can be imported.`);
  const nestedModels = new Set(
    cfg.layers.filter((l): l is JsonObject => isObject(l) && ['Sequential', 'Functional', 'Model'].includes(String(l.class_name))).map((l) => String(l.name ?? (l.config as JsonObject | undefined)?.name)),
  );
  let layers = cfg.layers.map((l) => layerEntry(l, where, nestedModels));
  const out: JsonObject = { name: typeof cfg.name === 'string' ? cfg.name : 'model', layers };
  if (cls === 'Sequential') {
    const first = layers[0];
    if (first !== undefined && first.class_name === 'InputLayer') {
      const inputCfg = first.config as JsonObject;
      layers = layers.slice(1);
      const next = layers[0];
      if (next !== undefined) (next.config as JsonObject).batch_input_shape = inputCfg.batch_input_shape ?? null;
      out.layers = layers;
    }
    for (const l of layers) delete l.inbound_nodes;
  } else if (cls === 'Functional' || cls === 'Model') {
    out.input_layers = tensorList(cfg.input_layers);
    out.output_layers = tensorList(cfg.output_layers);
  } else {
    throw new ConfigError(`${where}: model class '${cls}' cannot be imported; only Sequential and Functional models are supported.`);
  }
  return { class_name: cls === 'Sequential' ? 'Sequential' : 'Model', config: out, keras_version: kerasVersion, backend: 'tensor_flow.js' };
}

/** The layers of a converted topology in model order (the order Keras uses for weight paths). @example topologyLayers(t); */
export function topologyLayers(topology: JsonObject): JsonObject[] {
  const cfg = topology.config as JsonObject;
  return (cfg.layers as JsonObject[]) ?? [];
}
