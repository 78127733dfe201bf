// The TF.js functional-model config (what model.json's `modelTopology.config` holds, in camelCase):
//   { name, layers: [{ name, className, config, inboundNodes: [[[layerName, nodeIndex, tensorIndex, kwargs], ...], ...] }],
//     inputLayers: [[layerName, nodeIndex, tensorIndex]], outputLayers: [[layerName, nodeIndex, tensorIndex]] }
// Node indices count only the nodes inside this model (a layer reused in other models has more).
import { FormatError } from '../core/errors.js';
import { InputLayer } from '../layers/input-layer.js';
import type { ConfigDict, Layer } from '../layers/layer.js';
import { deserializeLayer } from '../layers/registry.js';
import { type Node, SymbolicTensor } from '../layers/symbolic.js';
import type { Container } from './container.js';

/** `[layerName, nodeIndex, tensorIndex, kwargs]`: one input of a node. */
export type InboundEntry = [string, number, number, Record<string, unknown>];
/** `[layerName, nodeIndex, tensorIndex]`: a model input or output. */
export type TensorRef = [string, number, number];

/** One layer in a functional config. */
export interface LayerTopology {
  name: string;
  className: string;
  config: ConfigDict;
  inboundNodes: InboundEntry[][];
}

function localNodeIndex(model: Container, layer: Layer, node: Node): number {
  return layer.inboundNodes.filter((n) => model.hasNode(n)).indexOf(node);
}

function refOf(model: Container, t: SymbolicTensor): TensorRef {
  const node = t.sourceLayer.inboundNodes[t.nodeIndex] as Node;
  return [t.sourceLayer.name, localNodeIndex(model, t.sourceLayer, node), t.tensorIndex];
}

/** The functional config of `model`. */
export function functionalConfig(model: Container): ConfigDict {
  const layers: LayerTopology[] = model.layers.map((layer) => {
    const nodes = layer.inboundNodes.filter((n) => model.hasNode(n) && n.inputTensors.length > 0);
    return {
      name: layer.name,
      className: layer.getClassName(),
      config: layer.getConfig(),
      inboundNodes: nodes.map((n) => n.inputTensors.map((t): InboundEntry => [...refOf(model, t), { ...n.callArgs }])),
    };
  });
  return {
    name: model.name,
    layers,
    inputLayers: model.inputs.map((t) => refOf(model, t)),
    outputLayers: model.outputs.map((t) => refOf(model, t)),
  };
}

function asArray<T>(x: unknown, what: string): T[] {
  if (!Array.isArray(x)) throw new FormatError(`model config: ${what} must be an array, received ${JSON.stringify(x)?.slice(0, 100)}.`);
  return x as T[];
}

/** Recreates the layers of a functional config and replays their nodes; returns the symbolic inputs/outputs. */
export function functionalFromConfig(config: ConfigDict): { name?: string; inputs: SymbolicTensor[]; outputs: SymbolicTensor[] } {
  const layerData = asArray<LayerTopology>(config.layers, 'layers');
  const byName = new Map<string, Layer>();
  const produced = new Map<string, SymbolicTensor[][]>();
  for (const d of layerData) {
    const layer = deserializeLayer({ className: d.className, config: { ...d.config, name: d.name } });
    byName.set(d.name, layer);
    produced.set(d.name, layer instanceof InputLayer ? [[layer.output]] : []);
  }
  const pending = new Map<string, InboundEntry[][]>(layerData.map((d) => [d.name, [...(d.inboundNodes ?? [])]]));
  const lookup = (e: InboundEntry | TensorRef): SymbolicTensor | undefined => produced.get(e[0])?.[e[1]]?.[e[2]];
  // Replay nodes in any order their inputs allow (shared layers may interleave with others).
  let progress = true;
  while (progress) {
    progress = false;
    for (const d of layerData) {
      const queue = pending.get(d.name) as InboundEntry[][];
      while (queue.length > 0) {
        const entries = queue[0] as InboundEntry[];
        const inputs = entries.map(lookup);
        if (inputs.some((t) => t === undefined)) break;
        const kwargs = entries[0]?.[3] ?? {};
        const layer = byName.get(d.name) as Layer;
        const out = layer.apply(inputs.length === 1 ? (inputs[0] as SymbolicTensor) : (inputs as SymbolicTensor[]), kwargs);
        (produced.get(d.name) as SymbolicTensor[][]).push(Array.isArray(out) ? out : [out]);
        queue.shift();
        progress = true;
      }
    }
  }
  const stuck = [...pending.entries()].find(([, q]) => q.length > 0);
  if (stuck) {
    throw new FormatError(`model config: cannot connect layer '${stuck[0]}': one of its inbound layers is missing or forms a cycle.`);
  }
  const resolve = (refs: TensorRef[], what: string): SymbolicTensor[] =>
    refs.map((r) => {
      const t = lookup(r);
      if (!(t instanceof SymbolicTensor)) throw new FormatError(`model config: ${what} refers to unknown tensor ${JSON.stringify(r)}.`);
      return t;
    });
  const result: { name?: string; inputs: SymbolicTensor[]; outputs: SymbolicTensor[] } = {
    inputs: resolve(asArray<TensorRef>(config.inputLayers, 'inputLayers'), 'inputLayers'),
    outputs: resolve(asArray<TensorRef>(config.outputLayers, 'outputLayers'), 'outputLayers'),
  };
  if (typeof config.name === 'string') result.name = config.name;
  return result;
}
