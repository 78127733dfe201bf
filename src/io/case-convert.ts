// The key/value case conventions of TF.js model.json files (tfjs-layers serialization_utils): the file holds Keras
// (Python) snake_case, memory holds TF.js camelCase. Like TF.js, string values are converted too ('fanAvg' <->
// 'fan_avg', 'channelsLast' <-> 'channels_last'), except layer names (`name` keys, `className` values) and the
// layer-name slot of `inbound_nodes`/`input_layers`/`output_layers` entries.
import type { JsonValue } from './types.js';

/** `kernelInitializer` -> `kernel_initializer` (TF.js `toSnakeCase`). @example toSnakeCase('useBias'); // 'use_bias' */
export function toSnakeCase(name: string): string {
  const intermediate = name.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2');
  const insecure = intermediate.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return insecure.startsWith('_') ? `private${insecure}` : insecure;
}

/** `kernel_initializer` -> `kernelInitializer` (TF.js `toCamelCase`). @example toCamelCase('use_bias'); // 'useBias' */
export function toCamelCase(identifier: string): string {
  if (identifier.length <= 1 || !identifier.includes('_')) return identifier;
  return identifier.replace(/[_]+(\w|$)/g, (_m, p1: string) => p1.toUpperCase());
}

const NAME_LIST_KEYS_TS = new Set(['inboundNodes', 'inputLayers', 'outputLayers']);

function isLayerNameSlot(key: string | undefined, index: number, value: JsonValue): boolean {
  return key !== undefined && NAME_LIST_KEYS_TS.has(key) && index === 0 && typeof value === 'string';
}

/**
 * Converts a camelCase config tree to the snake_case form stored in model.json.
 * @example convertTsToPythonic({ className: 'Dense', config: { useBias: true } }); // { class_name: 'Dense', config: { use_bias: true } }
 */
export function convertTsToPythonic(value: unknown, key?: string): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return toSnakeCase(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    return value.map((item: unknown, i) => (isLayerNameSlot(key, i, item as JsonValue) ? (item as string) : convertTsToPythonic(item, key)));
  }
  if (typeof value === 'object') {
    const out: { [k: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      out[toSnakeCase(k)] = (k === 'name' || k === 'className') && typeof v === 'string' ? v : convertTsToPythonic(v, k);
    }
    return out;
  }
  return null;
}

/**
 * Converts a snake_case model.json config tree to TF.js camelCase.
 * @example convertPythonicToTs({ class_name: 'Dense', config: { use_bias: true } }); // { className: 'Dense', config: { useBias: true } }
 */
export function convertPythonicToTs(value: JsonValue, key?: string): JsonValue {
  if (value === null) return null;
  if (typeof value === 'string') return toCamelCase(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item, i) => (isLayerNameSlot(key, i, item) ? item : convertPythonicToTs(item, key)));
  const out: { [k: string]: JsonValue } = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'name' && typeof v === 'string') out[k] = v;
    else {
      const tsKey = toCamelCase(k);
      out[tsKey] = convertPythonicToTs(v, tsKey);
    }
  }
  return out;
}
