// Per-layer ONNX conversion. Tensors stay in Keras layout (NHWC, batch-major sequences) between layers; ops that
// need another layout (Conv/Pool: NCHW; LSTM/GRU: [seq, batch, feat]) are wrapped in Transpose nodes, so Flatten
// and Dense see the same element order as in Tensorforge.
import { ValueError } from '../../core/errors.js';
import type { Layer } from '../../layers/layer.js';
import type { SymbolicShape } from '../../layers/symbolic.js';
import type { Tensor } from '../../tensor/tensor.js';
import { emitActivation, rnnActivation } from './activations.js';
import { autoPad, channelsFirst, checkChannelsLast, nums, permuted } from './conv-util.js';
import { CONV_EXTRA_CONVERTERS } from './layers-conv-extra.js';
import type { GraphBuilder } from './graph-builder.js';
import { EXTRA_CONVERTERS } from './layers-extra.js';
import { emitBidirectional, emitRecurrent } from './recurrent.js';

/** What a converter receives for one layer application. */
export interface LayerCall {
  g: GraphBuilder;
  layer: Layer;
  config: Record<string, unknown>;
  inputs: string[];
  inShapes: SymbolicShape[];
}

type Converter = (c: LayerCall) => string;

/** The weight of `layer` whose name ends with `/<suffix>`, or null. @example weightNamed(layer, 'bias'); */
export function weightNamed(layer: Layer, suffix: string): Tensor | null {
  return layer.weights.find((w) => w.name.endsWith(`/${suffix}`)) ?? null;
}

function need(layer: Layer, suffix: string): Tensor {
  const w = weightNamed(layer, suffix);
  if (w === null) throw new ValueError(`exportOnnx: layer '${layer.name}' (${layer.getClassName()}) has no '${suffix}' weight.`);
  return w;
}

function first(c: LayerCall): string {
  return c.inputs[0] as string;
}

function conv(c: LayerCall, rank: number): string {
  checkChannelsLast(c);
  const spatial = rank - 2;
  const kernel = need(c.layer, 'kernel');
  // Keras (k..., in, out) -> ONNX (out, in, k...).
  const perm = spatial === 2 ? [3, 2, 0, 1] : [2, 1, 0];
  const k = permuted(kernel, perm);
  const ins = [c.g.floats(`${c.layer.name}/kernel`, k.values, k.dims)];
  const bias = weightNamed(c.layer, 'bias');
  if (bias !== null) ins.push(c.g.weight(`${c.layer.name}/bias`, bias));
  const y = channelsFirst(c, rank, (x) =>
    c.g.op('Conv', [x, ...ins], {
      kernel_shape: { ints: kernel.shape.slice(0, spatial) },
      strides: { ints: nums(c.config.strides ?? 1, spatial) },
      dilations: { ints: nums(c.config.dilationRate ?? 1, spatial) },
      auto_pad: { s: autoPad(c) },
    }, `${c.layer.name}/conv`));
  return emitActivation(c.g, String(c.config.activation ?? 'linear'), y, c.layer.name);
}

function pool(c: LayerCall, rank: number, op: 'MaxPool' | 'AveragePool'): string {
  checkChannelsLast(c);
  const spatial = rank - 2;
  const size = nums(c.config.poolSize, spatial);
  return channelsFirst(c, rank, (x) =>
    c.g.op(op, [x], { kernel_shape: { ints: size }, strides: { ints: nums(c.config.strides ?? size, spatial) }, auto_pad: { s: autoPad(c) } }, `${c.layer.name}/pool`));
}

function globalPool(c: LayerCall, rank: number, op: 'ReduceMean' | 'ReduceMax'): string {
  checkChannelsLast(c);
  const axes = rank === 4 ? [1, 2] : [1];
  return c.g.reduce(op, first(c), axes, c.config.keepDims === true, `${c.layer.name}/reduce`);
}

function dense(c: LayerCall): string {
  let y = c.g.op('MatMul', [first(c), c.g.weight(`${c.layer.name}/kernel`, need(c.layer, 'kernel'))], {}, `${c.layer.name}/matmul`);
  const bias = weightNamed(c.layer, 'bias');
  if (bias !== null) y = c.g.op('Add', [y, c.g.weight(`${c.layer.name}/bias`, bias)], {}, `${c.layer.name}/bias_add`);
  return emitActivation(c.g, String(c.config.activation ?? 'linear'), y, c.layer.name);
}

function batchNorm(c: LayerCall): string {
  const rank = c.inShapes[0]?.length ?? 0;
  const axis = Number(c.config.axis ?? -1);
  if (axis !== -1 && axis !== rank - 1) throw new ValueError(`exportOnnx: BatchNormalization '${c.layer.name}' normalizes axis ${axis}; only the last axis can be exported.`);
  const mean = need(c.layer, 'moving_mean').values;
  const variance = need(c.layer, 'moving_variance').values;
  const gamma = weightNamed(c.layer, 'gamma')?.values;
  const beta = weightNamed(c.layer, 'beta')?.values;
  const eps = Number(c.config.epsilon ?? 1e-3);
  const n = mean.length;
  // Inference form folded to y = x * scale + shift (exact up to float rounding).
  const scale = Float32Array.from({ length: n }, (_, i) => (gamma?.[i] ?? 1) / Math.sqrt((variance[i] as number) + eps));
  const shift = Float32Array.from({ length: n }, (_, i) => (beta?.[i] ?? 0) - (mean[i] as number) * (scale[i] as number));
  const y = c.g.op('Mul', [first(c), c.g.floats(`${c.layer.name}/scale`, scale, [n])], {}, `${c.layer.name}/scale_mul`);
  return c.g.op('Add', [y, c.g.floats(`${c.layer.name}/shift`, shift, [n])], {}, `${c.layer.name}/shift_add`);
}

function identity(c: LayerCall): string {
  return c.g.op('Identity', [first(c)], {}, `${c.layer.name}/identity`);
}

const CONVERTERS: Record<string, Converter> = {
  Dense: dense,
  Activation: (c) => emitActivation(c.g, String(c.config.activation ?? 'linear'), first(c), c.layer.name),
  ReLU: (c) => emitActivation(c.g, 'relu', first(c), c.layer.name),
  LeakyReLU: (c) => emitActivation(c.g, 'leakyRelu', first(c), c.layer.name, Number(c.config.alpha ?? 0.3)),
  ELU: (c) => emitActivation(c.g, 'elu', first(c), c.layer.name, Number(c.config.alpha ?? 1)),
  Softmax: (c) => emitActivation(c.g, 'softmax', first(c), c.layer.name),
  Dropout: identity,
  SpatialDropout1D: identity,
  SpatialDropout2D: identity,
  GaussianNoise: identity,
  GaussianDropout: identity,
  AlphaDropout: identity,
  Flatten: (c) => c.g.op('Flatten', [first(c)], { axis: { i: 1 } }, `${c.layer.name}/flatten`),
  Reshape: (c) => c.g.op('Reshape', [first(c), c.g.ints64(`${c.layer.name}/shape`, [0, ...(c.config.targetShape as number[])])], {}, `${c.layer.name}/reshape`),
  Permute: (c) => c.g.op('Transpose', [first(c)], { perm: { ints: [0, ...(c.config.dims as number[])] } }, `${c.layer.name}/permute`),
  Conv1D: (c) => conv(c, 3),
  Conv2D: (c) => conv(c, 4),
  MaxPooling1D: (c) => pool(c, 3, 'MaxPool'),
  AveragePooling1D: (c) => pool(c, 3, 'AveragePool'),
  MaxPooling2D: (c) => pool(c, 4, 'MaxPool'),
  AveragePooling2D: (c) => pool(c, 4, 'AveragePool'),
  GlobalAveragePooling1D: (c) => globalPool(c, 3, 'ReduceMean'),
  GlobalMaxPooling1D: (c) => globalPool(c, 3, 'ReduceMax'),
  GlobalAveragePooling2D: (c) => globalPool(c, 4, 'ReduceMean'),
  GlobalMaxPooling2D: (c) => globalPool(c, 4, 'ReduceMax'),
  BatchNormalization: batchNorm,
  // Indices may arrive as float32 (a Sequential's default input dtype) or int32; Gather needs integers.
  Embedding: (c) => {
    if (c.config.maskZero === true) {
      throw new ValueError(`exportOnnx: Embedding '${c.layer.name}' has maskZero: true; ONNX graphs carry no masks, so the export would differ. Retrain with maskZero: false to export.`);
    }
    return c.g.op('Gather', [c.g.weight(`${c.layer.name}/embeddings`, need(c.layer, 'embeddings')), c.g.op('Cast', [first(c)], { to: { i: 7 } }, `${c.layer.name}/indices`)], { axis: { i: 0 } }, `${c.layer.name}/gather`);
  },
  SimpleRNN: (c) => emitRecurrent(c, 'RNN', [c.layer], rnnActivation),
  LSTM: (c) => emitRecurrent(c, 'LSTM', [c.layer], rnnActivation),
  GRU: (c) => emitRecurrent(c, 'GRU', [c.layer], rnnActivation),
  Bidirectional: (c) => emitBidirectional(c, rnnActivation),
  ...EXTRA_CONVERTERS,
  ...CONV_EXTRA_CONVERTERS,
};

/** Class names the ONNX exporter handles. */
export const ONNX_LAYERS = Object.keys(CONVERTERS);

/** Converts one layer application; throws a ValueError naming the layer when it has no ONNX mapping. @example convertLayer(call); */
export function convertLayer(c: LayerCall): string {
  const conv = CONVERTERS[c.layer.getClassName()];
  if (conv === undefined) {
    throw new ValueError(`exportOnnx: layer '${c.layer.name}' (${c.layer.getClassName()}) has no ONNX export. Supported layers: ${ONNX_LAYERS.join(', ')}.`);
  }
  return conv(c);
}
