// Exported ONNX files run in onnxruntime-node and match Tensorforge's predictions (max abs diff <= 1e-4).
import * as ort from 'onnxruntime-node';
import { describe, expect, test } from 'vitest';
import * as tf from '../../src/index.js';
import { ValueError } from '../../src/core/errors.js';
import { mk } from './layer-factory.js';


interface Case {
  name: string;
  classes: string[];
  build: () => tf.LayersModel;
  inputShape: number[];
  intInput?: number;
  opset?: number;
}

function randomize(m: tf.LayersModel): void {
  let s = 12345;
  const next = (): number => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  m.setWeights(m.weights.map((w) => {
    const positive = /variance/.test(w.name);
    return tf.tensor(Array.from({ length: w.size }, () => (positive ? 0.5 + next() : next() * 2 - 1)), w.shape, w.dtype);
  }));
}

const seq = (layers: tf.layers.Layer[]): tf.LayersModel => tf.sequential({ layers });
const ACTS = ['relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'softplus', 'softsign', 'leakyRelu', 'gelu', 'geluApproximate', 'relu6', 'hardSigmoid', 'swish', 'mish', 'linear'];

const cases: Case[] = [
  ...ACTS.map((a): Case => ({
    name: `Dense + ${a}`, classes: ['Dense'], inputShape: [3, 5],
    build: () => seq([mk('dense', { units: 4, activation: a, inputShape: [5] })]),
  })),
  {
    name: 'Dense on rank 3, Dropout, Activation, Reshape, Permute, Flatten', classes: ['Dense', 'Dropout', 'Activation', 'Reshape', 'Permute', 'Flatten'], inputShape: [2, 4, 3],
    build: () => seq([mk('dense', { units: 6, inputShape: [4, 3] }), mk('dropout', { rate: 0.5 }), mk('activation', { activation: 'tanh' }),
      mk('reshape', { targetShape: [6, 4] }), mk('permute', { dims: [2, 1] }), mk('flatten', {})]),
  },
  {
    name: 'Conv2D (same, strides 2) + BatchNormalization + MaxPooling2D + Flatten + Dense', classes: ['Conv2D', 'BatchNormalization', 'MaxPooling2D'], inputShape: [2, 9, 9, 3],
    build: () => seq([mk('conv2d', { filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', inputShape: [9, 9, 3] }),
      mk('batchNormalization', {}), mk('maxPooling2d', { poolSize: 2 }), mk('flatten', {}), mk('dense', { units: 3 })]),
  },
  {
    name: 'Conv2D (valid, dilation 2) + AveragePooling2D (same) + GlobalAveragePooling2D', classes: ['Conv2D', 'AveragePooling2D', 'GlobalAveragePooling2D'], inputShape: [2, 10, 10, 2],
    build: () => seq([mk('conv2d', { filters: 3, kernelSize: [3, 2], dilationRate: 2, inputShape: [10, 10, 2] }),
      mk('averagePooling2d', { poolSize: 3, strides: 2, padding: 'same' }), mk('globalAveragePooling2d', {})]),
  },
  {
    name: 'Conv1D + MaxPooling1D + GlobalMaxPooling1D', classes: ['Conv1D', 'MaxPooling1D', 'GlobalMaxPooling1D'], inputShape: [2, 12, 3],
    build: () => seq([mk('conv1d', { filters: 4, kernelSize: 3, padding: 'same', inputShape: [12, 3] }), mk('maxPooling1d', { poolSize: 2 }), mk('globalMaxPooling1d', {})]),
  },
  {
    name: 'Embedding + LSTM (last state)', classes: ['Embedding', 'LSTM'], inputShape: [3, 6], intInput: 20,
    build: () => seq([mk('embedding', { inputDim: 20, outputDim: 4, inputShape: [6] }), mk('lstm', { units: 5 }), mk('dense', { units: 2 })]),
  },
  {
    name: 'LSTM (sequences, hardSigmoid) + GRU', classes: ['LSTM', 'GRU'], inputShape: [2, 5, 3],
    build: () => seq([mk('lstm', { units: 4, returnSequences: true, recurrentActivation: 'hardSigmoid', inputShape: [5, 3] }), mk('gru', { units: 3 })]),
  },
  {
    name: 'GRU (resetAfter false, sequences)', classes: ['GRU'], inputShape: [2, 4, 3],
    build: () => seq([mk('gru', { units: 3, resetAfter: false, returnSequences: true, inputShape: [4, 3] })]),
  },
  {
    name: 'GRU (resetAfter true) + LayerNormalization', classes: ['GRU', 'LayerNormalization'], inputShape: [2, 4, 3],
    build: () => seq([mk('gru', { units: 3, resetAfter: true, inputShape: [4, 3] }), mk('layerNormalization', {})]),
  },
  {
    name: 'ZeroPadding2D + UpSampling2D (nearest) + Conv2D', classes: ['ZeroPadding2D', 'UpSampling2D', 'Conv2D'], inputShape: [2, 3, 4, 2],
    build: () => seq([mk('zeroPadding2d', { padding: [[1, 0], [2, 1]], inputShape: [3, 4, 2] }), mk('upSampling2d', { size: [2, 3] }), mk('conv2d', { filters: 2, kernelSize: 2 })]),
  },
  {
    name: 'SimpleRNN + Bidirectional(LSTM, concat, sequences) + Bidirectional(GRU, sum)', classes: ['SimpleRNN', 'Bidirectional', 'LSTM', 'GRU'], inputShape: [2, 5, 3],
    build: () => seq([mk('simpleRNN', { units: 4, returnSequences: true, inputShape: [5, 3] }),
      mk('bidirectional', { layer: mk('lstm', { units: 3, returnSequences: true }), mergeMode: 'concat' }),
      mk('bidirectional', { layer: mk('gru', { units: 2, resetAfter: true }), mergeMode: 'sum' })]),
  },
  {
    name: 'Bidirectional(SimpleRNN, ave) + GlobalMaxPooling1D at opset 18', classes: ['Bidirectional', 'SimpleRNN', 'GlobalMaxPooling1D'], inputShape: [2, 4, 2], opset: 18,
    build: () => seq([mk('bidirectional', { layer: mk('simpleRNN', { units: 3, returnSequences: true }), mergeMode: 'ave', inputShape: [4, 2] }), mk('globalMaxPooling1d', {})]),
  },
  {
    name: 'GlobalAveragePooling2D + Dense at opset 20', classes: ['Conv2D', 'GlobalAveragePooling2D'], inputShape: [2, 5, 5, 2], opset: 20,
    build: () => seq([mk('conv2d', { filters: 3, kernelSize: 2, inputShape: [5, 5, 2] }), mk('globalAveragePooling2d', {}), mk('dense', { units: 2, activation: 'gelu' })]),
  },
  {
    name: 'DepthwiseConv2D + SeparableConv2D (same, stride 2) + Cropping2D + Conv2DTranspose (same/valid)',
    classes: ['DepthwiseConv2D', 'SeparableConv2D', 'Cropping2D', 'Conv2DTranspose'], inputShape: [2, 9, 8, 2],
    build: () => seq([mk('depthwiseConv2d', { kernelSize: 3, depthMultiplier: 2, padding: 'same', activation: 'relu', inputShape: [9, 8, 2] }),
      mk('separableConv2d', { filters: 3, kernelSize: 2, strides: 2, padding: 'same' }), mk('cropping2d', { cropping: [[1, 0], [0, 1]] }),
      mk('conv2dTranspose', { filters: 2, kernelSize: 3, strides: 2, padding: 'same' }), mk('conv2dTranspose', { filters: 1, kernelSize: 2, strides: 3 })]),
  },
  {
    name: 'nested model (a Sequential used as a layer inside a functional model) is inlined',
    classes: ['Dense', 'Conv2D', 'Flatten'], inputShape: [2, 6, 6, 1],
    build: () => {
      const backbone = seq([mk('conv2d', { filters: 2, kernelSize: 3, activation: 'relu', inputShape: [6, 6, 1] }), mk('flatten', {})]);
      const x = tf.input({ shape: [6, 6, 1] });
      const feats = backbone.apply(x) as tf.SymbolicTensor;
      return tf.model({ inputs: x, outputs: mk('dense', { units: 2, activation: 'softmax' }).apply(feats) as tf.SymbolicTensor });
    },
  },
  {
    name: 'functional merges (Add, Subtract, Multiply, Maximum, Minimum, Average, Concatenate)',
    classes: ['Add', 'Subtract', 'Multiply', 'Maximum', 'Minimum', 'Average', 'Concatenate'], inputShape: [3, 4],
    build: () => {
      const x = tf.input({ shape: [4] });
      const a = mk('dense', { units: 3 }).apply(x) as tf.SymbolicTensor;
      const b = mk('dense', { units: 3, activation: 'tanh' }).apply(x) as tf.SymbolicTensor;
      const merged = ['add', 'subtract', 'multiply', 'maximum', 'minimum', 'average'].map((k) => mk(k).apply([a, b]) as tf.SymbolicTensor);
      return tf.model({ inputs: x, outputs: mk('concatenate').apply(merged) as tf.SymbolicTensor });
    },
  },
];

function missing(c: Case): string[] {
  const have = new Set(tf.layers.listLayerClasses());
  return c.classes.filter((k) => !have.has(k));
}

async function runOnnx(bytes: Uint8Array, x: tf.Tensor, isInt: boolean): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  const feed = isInt ? new ort.Tensor('int32', Int32Array.from(x.dataSync()), x.shape) : new ort.Tensor('float32', Float32Array.from(x.dataSync()), x.shape);
  const out = await session.run({ [session.inputNames[0] as string]: feed });
  return out[session.outputNames[0] as string]?.data as Float32Array;
}

describe('exportOnnx (verified in onnxruntime-node)', () => {
  for (const c of cases) {
    const lacking = missing(c);
    test(`${c.name}`, async () => {
      // A missing layer class is a failure, not a skip: the format test must not pass while its subject is gone.
      expect(lacking, 'layer classes this case needs that are not registered').toEqual([]);
      tf.setSeed(3);
      const m = c.build();
      randomize(m);
      const n = c.inputShape.reduce((a, b) => a * b, 1);
      const x = c.intInput
        ? tf.tensor(Array.from({ length: n }, (_, i) => (i * 7) % (c.intInput as number)), c.inputShape, 'int32')
        : tf.randomNormal(c.inputShape, 0, 1, 'float32', 9);
      const want = (m.predict(x) as tf.Tensor).dataSync();
      const got = await runOnnx(tf.io.exportOnnx(m, c.opset === undefined ? {} : { opset: c.opset }), m.inputs[0]?.dtype === 'int32' ? x : tf.cast(x, 'float32'), m.inputs[0]?.dtype === 'int32');
      expect(got.length).toBe(want.length);
      let diff = 0;
      for (let i = 0; i < got.length; i++) diff = Math.max(diff, Math.abs((got[i] ?? 0) - (want[i] ?? 0)));
      expect(diff).toBeLessThanOrEqual(1e-4);
    });
  }

  test('functional models name the ONNX inputs/outputs after the layers', async () => {
    const a = tf.input({ shape: [3], name: 'left' });
    const h = mk('dense', { units: 2, name: 'proj', activation: 'relu' }).apply(a) as tf.SymbolicTensor;
    const m = tf.model({ inputs: a, outputs: h });
    const session = await ort.InferenceSession.create(tf.io.exportOnnx(m));
    expect(session.inputNames).toEqual(['left']);
    expect(session.outputNames).toEqual(['proj']);
  });

  test('saveOnnx writes the same bytes to a file that onnxruntime loads', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const m = seq([mk('dense', { units: 2, inputShape: [3] })]);
    const p = join(mkdtempSync(join(tmpdir(), 'onnx-')), 'm.onnx');
    await tf.io.saveOnnx(m, p);
    expect(Buffer.compare(readFileSync(p), Buffer.from(tf.io.exportOnnx(m)))).toBe(0);
    const session = await ort.InferenceSession.create(p);
    expect(session.outputNames).toHaveLength(1);
  });

  test('unsupported layers and opsets raise errors that name them', () => {
    const m = seq([mk('dense', { units: 2, inputShape: [3] }), mk('repeatVector', { n: 2 })]);
    expect(() => tf.io.exportOnnx(m)).toThrow(ValueError);
    expect(() => tf.io.exportOnnx(m)).toThrow(/layer 'repeat_vector(_\d+)?' \(RepeatVector\) has no ONNX export/);
    expect(() => tf.io.exportOnnx(m, { opset: 9 })).toThrow(/opset 9 is not supported/);
    const masked = seq([mk('embedding', { inputDim: 5, outputDim: 2, maskZero: true, inputShape: [3] }), mk('lstm', { units: 2 })]);
    expect(() => tf.io.exportOnnx(masked)).toThrow(/Embedding 'embedding(_\d+)?' has maskZero: true/);
  });
});
