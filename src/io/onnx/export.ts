// Model -> ONNX ModelProto bytes (default opset 17, IR 8: loads in every onnxruntime >= 1.12 and onnxruntime-web).
import { ValueError } from '../../core/errors.js';
import { InputLayer } from '../../layers/input-layer.js';
import type { Node, SymbolicTensor } from '../../layers/symbolic.js';
import type { Layer } from '../../layers/layer.js';
import { Container } from '../../models/container.js';
import type { LayersModel } from '../../models/model.js';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { TENSORFORGE_VERSION } from '../model-save.js';
import { GraphBuilder } from './graph-builder.js';
import { convertLayer } from './layers.js';
import { encodeModel, OnnxDType } from './proto.js';

/** Options of `exportOnnx`. */
export interface OnnxExportOptions {
  /** Default ONNX opset (17..20 supported; 17 recommended). */
  opset?: number;
  /** ONNX IR version written in the file; default 8. */
  irVersion?: number;
  /** Name of the symbolic batch dimension; default 'N'. */
  batchDim?: string;
}

function elemType(t: SymbolicTensor): number {
  if (t.dtype === 'int32') return OnnxDType.INT32;
  if (t.dtype === 'bool') return OnnxDType.BOOL;
  return OnnxDType.FLOAT;
}

function dims(t: SymbolicTensor, batch: string): (number | string)[] {
  return t.shape.map((d, i) => (d === null ? (i === 0 ? batch : `${batch}_${i}`) : d));
}

/** True for a model used as a layer (a Container: it has its own inputs, outputs and layers). */
function isModel(layer: Layer): layer is Container {
  return layer instanceof Container;
}

/**
 * Emits every node of `model`'s graph with its inputs bound to `inputNames`; returns the ONNX names of its outputs.
 * A nested model (a model used as a layer) is inlined the same way.
 */
function emitGraph(g: GraphBuilder, model: Container, inputNames: string[]): string[] {
  const values = new Map<number, string>();
  model.inputs.forEach((t, i) => values.set(t.id, inputNames[i] as string));
  const pending: Node[] = model.layers
    .filter((l) => !(l instanceof InputLayer))
    .flatMap((l) => l.inboundNodes.filter((n) => model.hasNode(n) && n.inputTensors.length > 0));
  while (pending.length > 0) {
    const i = pending.findIndex((n) => n.inputTensors.every((t) => values.has(t.id)));
    if (i < 0) throw new ValueError(`exportOnnx: cannot order the layers of model '${model.name}' (disconnected graph).`);
    const node = pending.splice(i, 1)[0] as Node;
    const layer = node.outboundLayer;
    const ins = node.inputTensors.map((t) => values.get(t.id) as string);
    if (isModel(layer)) {
      const outs = emitGraph(g, layer, ins);
      node.outputTensors.forEach((t, k) => values.set(t.id, outs[k] as string));
      continue;
    }
    if (node.outputTensors.length !== 1) throw new ValueError(`exportOnnx: layer '${layer.name}' has ${node.outputTensors.length} outputs; only single-output layers can be exported.`);
    const out = convertLayer({ g, layer, config: layer.getConfig(), inputs: ins, inShapes: node.inputTensors.map((t) => t.shape) });
    values.set((node.outputTensors[0] as SymbolicTensor).id, out);
  }
  return model.outputs.map((t) => values.get(t.id) as string);
}

/**
 * Exports a model (Sequential or functional) to ONNX bytes; inputs and outputs are named after the model's input
 * and output layers. Unsupported layers raise a ValueError that names them.
 * @example const bytes = exportOnnx(model, { opset: 17 }); fs.writeFileSync('model.onnx', bytes);
 */
export function exportOnnx(model: LayersModel, options: OnnxExportOptions = {}): Uint8Array {
  const opset = options.opset ?? 17;
  if (!Number.isInteger(opset) || opset < 17 || opset > 20) {
    throw new ValueError(`exportOnnx: opset ${opset} is not supported; use an opset from 17 to 20 (17 recommended).`);
  }
  const batch = options.batchDim ?? 'N';
  const g = new GraphBuilder(opset);
  const inputNames = model.inputs.map((t) => {
    const name = g.fresh(t.sourceLayer.name);
    g.inputs.push({ name, elemType: elemType(t), dims: dims(t, batch) });
    return name;
  });
  const outputs = emitGraph(g, model, inputNames);
  model.outputs.forEach((t, i) => {
    const name = g.fresh(t.sourceLayer.name);
    g.nodes.push({ opType: 'Identity', inputs: [outputs[i] as string], outputs: [name], name: g.fresh(`${name}_output`) });
    g.outputs.push({ name, elemType: OnnxDType.FLOAT, dims: dims(t, batch) });
  });
  return encodeModel({
    irVersion: options.irVersion ?? 8,
    opset,
    producerName: 'tensorforge',
    producerVersion: TENSORFORGE_VERSION,
    graph: { name: model.name, nodes: g.nodes, initializers: g.initializers, inputs: g.inputs, outputs: g.outputs },
    metadata: { source: 'tensorforge', layout: 'NHWC (Keras); Conv/Pool run NCHW between Transpose nodes' },
  });
}

/**
 * Exports a model to an `.onnx` file (written atomically).
 * @example await saveOnnx(model, 'model.onnx', { opset: 17 });
 */
export async function saveOnnx(model: LayersModel, path: string, options: OnnxExportOptions = {}): Promise<void> {
  await writeFileAtomic(path, exportOnnx(model, options));
}
