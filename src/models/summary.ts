// model.summary(): the Keras text table (the layout of Keras 2 / TF.js printSummary).
import { InputLayer } from '../layers/input-layer.js';
import type { Layer } from '../layers/layer.js';
import { type Node, type SymbolicShape, fmtSymbolicShape } from '../layers/symbolic.js';
import type { Container } from './container.js';

/** Options of `printSummary`. */
export interface SummaryOptions {
  lineLength?: number | undefined;
  /** Column ends, as fractions of lineLength (all <= 1) or absolute positions. */
  positions?: number[] | undefined;
  printFn?: (line: string) => void;
}

/** Formats one row so that field i ends at positions[i] (Keras print_row). */
function formatRow(fields: string[], positions: number[]): string {
  let line = '';
  fields.forEach((f, i) => {
    if (i > 0) line = `${line.slice(0, -1)} `;
    line += f;
    line = line.slice(0, positions[i]);
    line += ' '.repeat(Math.max(0, (positions[i] as number) - line.length));
  });
  return line;
}

function withCommas(n: number): string {
  return n.toLocaleString('en-US');
}

/** Nodes of `layer` that belong to `model`. */
function nodesIn(model: Container, layer: Layer): Node[] {
  return layer.inboundNodes.filter((n) => model.hasNode(n));
}

function outputShapeText(layer: Layer, nodes: Node[]): string {
  const node = nodes[0];
  if (!node) return 'multiple';
  const shapes: SymbolicShape[] = node.outputTensors.map((t) => t.shape);
  const distinct = new Set(nodes.map((n) => n.outputTensors.map((t) => fmtSymbolicShape(t.shape)).join()));
  if (distinct.size > 1) return 'multiple';
  if (layer instanceof InputLayer || shapes.length > 1) return `[${shapes.map(fmtSymbolicShape).join(', ')}]`;
  return fmtSymbolicShape(shapes[0] as SymbolicShape);
}

/** True when every layer is applied once to at most one input (the table then has no "Connected to" column). */
function isSequentialLike(model: Container): boolean {
  if (model.getClassName() === 'Sequential') return true;
  for (const layer of model.layers) {
    const nodes = nodesIn(model, layer);
    if (nodes.length > 1) return false;
    const node = nodes[0];
    if (node && node.inputTensors.length > 1) return false;
  }
  // Branches (one output feeding two layers) also need the "Connected to" column.
  const consumers = new Map<number, number>();
  for (const layer of model.layers) {
    for (const n of nodesIn(model, layer)) for (const t of n.inputTensors) consumers.set(t.id, (consumers.get(t.id) ?? 0) + 1);
  }
  return [...consumers.values()].every((c) => c <= 1);
}

function countParams(layer: Layer): number {
  return layer.built ? layer.countParams() : 0;
}

/** Prints `model`'s summary table line by line through `printFn` (default console.log). */
export function printSummary(model: Container, options: SummaryOptions = {}): void {
  const print = options.printFn ?? ((line: string) => console.log(line));
  const sequential = isSequentialLike(model);
  const lineLength = options.lineLength ?? (sequential ? 65 : 98);
  let positions = options.positions ?? (sequential ? [0.45, 0.85, 1] : [0.33, 0.55, 0.67, 1]);
  if ((positions[positions.length - 1] ?? 1) <= 1) positions = positions.map((p) => Math.floor(lineLength * p));
  const headers = sequential ? ['Layer (type)', 'Output Shape', 'Param #'] : ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'];
  const layers = model.getClassName() === 'Sequential' ? model.layers.filter((l) => !(l instanceof InputLayer)) : model.layers;

  print(`Model: "${model.name}"`);
  print('_'.repeat(lineLength));
  print(formatRow(headers, positions));
  print('='.repeat(lineLength));
  layers.forEach((layer, i) => {
    const nodes = nodesIn(model, layer);
    const fields = [`${layer.name} (${layer.getClassName()})`, outputShapeText(layer, nodes), String(countParams(layer))];
    if (sequential) print(formatRow(fields, positions));
    else {
      const connections = nodes.flatMap((n) =>
        n.inputTensors.map((t) => {
          const srcNodes = t.sourceLayer.inboundNodes.filter((m) => model.hasNode(m));
          const nodeIndex = Math.max(0, srcNodes.indexOf(t.sourceLayer.inboundNodes[t.nodeIndex] as Node));
          return `${t.sourceLayer.name}[${nodeIndex}][${t.tensorIndex}]`;
        }),
      );
      print(formatRow([...fields, connections[0] ?? ''], positions));
      for (const c of connections.slice(1)) print(formatRow(['', '', '', c], positions));
    }
    print((i === layers.length - 1 ? '=' : '_').repeat(lineLength));
  });
  const trainable = model.trainableWeights.reduce((n, w) => n + w.size, 0);
  const nonTrainable = model.nonTrainableWeights.reduce((n, w) => n + w.size, 0);
  print(`Total params: ${withCommas(trainable + nonTrainable)}`);
  print(`Trainable params: ${withCommas(trainable)}`);
  print(`Non-trainable params: ${withCommas(nonTrainable)}`);
  print('_'.repeat(lineLength));
}
