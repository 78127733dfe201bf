// TF.js and Keras 2 give every model its own node 0 (linking its internal inputs to outputs), so a model used as a
// layer inside another model is referenced as node 1, 2, ... in `inbound_nodes`/`output_layers`. Tensorforge models
// have no such node; these helpers shift those indices when reading and writing the TF.js format.
import type { JsonValue } from './types.js';

const MODEL_CLASSES = new Set(['Sequential', 'Model', 'Functional']);

type Obj = { [k: string]: JsonValue };

/** Key spellings of a functional config (camelCase in memory, snake_case in files). */
export interface TopologyKeys {
  inbound: string;
  outputs: string;
  className: string;
}

/** The camelCase (in-memory, after `convertPythonicToTs`) spelling. */
export const TS_KEYS: TopologyKeys = { inbound: 'inboundNodes', outputs: 'outputLayers', className: 'className' };

function isObj(v: JsonValue | undefined): v is Obj {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

function list(v: JsonValue | undefined): JsonValue[] {
  return Array.isArray(v) ? v : [];
}

/**
 * Adds `delta` to the node index of every reference to a nested model in a functional config, recursing into nested
 * model configs. A negative shift is skipped for a nested model already referenced as node 0 (a file that does not
 * follow the convention).
 * @example shiftNestedNodeIndices(config, +1); // before writing model.json
 */
export function shiftNestedNodeIndices(config: Obj, delta: number, keys: TopologyKeys = TS_KEYS): void {
  const layers = list(config.layers).filter(isObj);
  const entries: JsonValue[][] = [];
  for (const l of layers) {
    for (const node of list(l[keys.inbound])) for (const e of list(node)) if (Array.isArray(e)) entries.push(e);
  }
  for (const e of list(config[keys.outputs])) if (Array.isArray(e)) entries.push(e);
  for (const l of layers) {
    if (typeof l[keys.className] !== 'string' || !MODEL_CLASSES.has(l[keys.className] as string) || typeof l.name !== 'string') continue;
    const mine = entries.filter((e) => e[0] === l.name && typeof e[1] === 'number');
    if (delta < 0 && mine.some((e) => (e[1] as number) + delta < 0)) continue;
    for (const e of mine) e[1] = (e[1] as number) + delta;
  }
  for (const l of layers) if (isObj(l.config)) shiftNestedNodeIndices(l.config, delta, keys);
}
