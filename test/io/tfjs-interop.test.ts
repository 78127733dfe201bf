// Interop with the real TensorFlow.js 4.x (devDependency, cpu backend): models built and trained a step in TF.js
// load here with equal predictions, and models saved here load in TF.js with equal predictions.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tfjs from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '../../src/index.js';
import { missingClasses } from './layer-factory.js';

beforeAll(async () => {
  await tfjs.setBackend('cpu');
});

/** One interop case: the same architecture in TF.js and here, plus an input. */
interface Case {
  name: string;
  classes: string[];
  tfjsModel: () => tfjs.LayersModel;
  input: () => Nested;
  inputDtype?: 'float32' | 'int32';
}

function rand(shape: number[], seed: number, int = 0): number[] {
  let s = seed;
  const n = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, () => {
    s = (s * 16807) % 2147483647;
    return int > 0 ? s % int : (s / 2147483647) * 2 - 1;
  });
}

/** Nested number arrays of every rank the cases feed (the element type of tf.tensor's input). */
type Nested = number[] | Nested[];

function nest(flat: number[], shape: number[]): Nested {
  const [d, ...rest] = shape;
  if (d === undefined || rest.length === 0) return flat;
  const step = flat.length / d;
  return Array.from({ length: d }, (_, i) => nest(flat.slice(i * step, (i + 1) * step), rest));
}

const cases: Case[] = [
  {
    name: 'MLP (Dense, Dropout, Activation)',
    classes: ['Dense', 'Dropout', 'Activation'],
    tfjsModel: () => tfjs.sequential({ layers: [
      tfjs.layers.dense({ units: 6, inputShape: [4], activation: 'relu' }), tfjs.layers.dropout({ rate: 0.3 }),
      tfjs.layers.dense({ units: 3 }), tfjs.layers.activation({ activation: 'softmax' })] }),
    input: () => nest(rand([5, 4], 3), [5, 4]),
  },
  {
    name: 'Reshape + Flatten + Dense',
    classes: ['Reshape', 'Flatten', 'Dense'],
    tfjsModel: () => tfjs.sequential({ layers: [
      tfjs.layers.reshape({ targetShape: [2, 3], inputShape: [6] }), tfjs.layers.flatten(), tfjs.layers.dense({ units: 2, activation: 'tanh' })] }),
    input: () => nest(rand([3, 6], 5), [3, 6]),
  },
  {
    name: 'CNN (Conv2D, BatchNormalization, MaxPooling2D, AveragePooling2D, Flatten, Dense)',
    classes: ['Conv2D', 'BatchNormalization', 'MaxPooling2D', 'AveragePooling2D', 'Flatten', 'Dense'],
    tfjsModel: () => tfjs.sequential({ layers: [
      tfjs.layers.conv2d({ inputShape: [8, 8, 2], filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tfjs.layers.batchNormalization(), tfjs.layers.maxPooling2d({ poolSize: 2 }), tfjs.layers.averagePooling2d({ poolSize: 2 }),
      tfjs.layers.flatten(), tfjs.layers.dense({ units: 2 })] }),
    input: () => nest(rand([2, 8, 8, 2], 7), [2, 8, 8, 2]),
  },
  {
    name: 'Embedding + LSTM',
    classes: ['Embedding', 'LSTM', 'Dense'],
    tfjsModel: () => tfjs.sequential({ layers: [
      tfjs.layers.embedding({ inputDim: 12, outputDim: 4, inputLength: 5 }), tfjs.layers.lstm({ units: 3 }), tfjs.layers.dense({ units: 1 })] }),
    input: () => nest(rand([3, 5], 11, 12), [3, 5]),
    inputDtype: 'int32',
  },
  {
    name: 'GRU',
    classes: ['GRU'],
    tfjsModel: () => tfjs.sequential({ layers: [tfjs.layers.gru({ units: 3, inputShape: [4, 2], returnSequences: true }), tfjs.layers.gru({ units: 2 })] }),
    input: () => nest(rand([2, 4, 2], 13), [2, 4, 2]),
  },
  {
    name: '1D conv stack (Conv1D, MaxPooling1D, LayerNormalization, GlobalAveragePooling1D)',
    classes: ['Conv1D', 'MaxPooling1D', 'LayerNormalization', 'GlobalAveragePooling1D'],
    tfjsModel: () => tfjs.sequential({ layers: [
      tfjs.layers.conv1d({ inputShape: [10, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'elu' }), tfjs.layers.maxPooling1d({ poolSize: 2 }),
      tfjs.layers.layerNormalization(), tfjs.layers.globalAveragePooling1d()] }),
    input: () => nest(rand([2, 10, 3], 23), [2, 10, 3]),
  },
  {
    name: '2D extras (ZeroPadding2D, DepthwiseConv2D, SeparableConv2D, UpSampling2D, Conv2DTranspose, GlobalMaxPooling2D)',
    classes: ['ZeroPadding2D', 'DepthwiseConv2D', 'SeparableConv2D', 'UpSampling2D', 'Conv2DTranspose', 'GlobalMaxPooling2D'],
    tfjsModel: () => tfjs.sequential({ layers: [
      tfjs.layers.zeroPadding2d({ inputShape: [5, 5, 2], padding: [[1, 0], [0, 1]] }),
      tfjs.layers.depthwiseConv2d({ kernelSize: 2, depthMultiplier: 2 }), tfjs.layers.separableConv2d({ filters: 3, kernelSize: 2, activation: 'relu' }),
      tfjs.layers.upSampling2d({ size: [2, 2] }), tfjs.layers.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }),
      tfjs.layers.globalMaxPooling2d({})] }),
    input: () => nest(rand([2, 5, 5, 2], 29), [2, 5, 5, 2]),
  },
  {
    name: 'SimpleRNN + Bidirectional(LSTM) + TimeDistributed(Dense)',
    classes: ['SimpleRNN', 'Bidirectional', 'LSTM', 'TimeDistributed'],
    tfjsModel: () => tfjs.sequential({ layers: [
      tfjs.layers.simpleRNN({ units: 3, inputShape: [4, 2], returnSequences: true }),
      tfjs.layers.bidirectional({ layer: tfjs.layers.lstm({ units: 2, returnSequences: true }), mergeMode: 'concat' }),
      tfjs.layers.timeDistributed({ layer: tfjs.layers.dense({ units: 1 }) })] }),
    input: () => nest(rand([2, 4, 2], 19), [2, 4, 2]),
  },
  {
    name: 'nested Sequential used as a layer in a functional model',
    classes: ['Dense', 'Sequential'],
    tfjsModel: () => {
      const inner = tfjs.sequential({ layers: [tfjs.layers.dense({ units: 4, inputShape: [3], activation: 'relu' }), tfjs.layers.dense({ units: 3 })] });
      const x = tfjs.input({ shape: [3] });
      const y = tfjs.layers.dense({ units: 2 }).apply(inner.apply(x) as tfjs.SymbolicTensor) as tfjs.SymbolicTensor;
      return tfjs.model({ inputs: x, outputs: y });
    },
    input: () => nest(rand([2, 3], 31), [2, 3]),
  },
  {
    name: 'functional graph (two branches, Concatenate, Add, shared Dense)',
    classes: ['Dense', 'Concatenate', 'Add'],
    tfjsModel: () => {
      const inp = tfjs.input({ shape: [4], name: 'feats' });
      const shared = tfjs.layers.dense({ units: 3, activation: 'relu', name: 'shared' });
      const a = shared.apply(inp) as tfjs.SymbolicTensor;
      const b = tfjs.layers.dense({ units: 3, name: 'side' }).apply(inp) as tfjs.SymbolicTensor;
      const sum = tfjs.layers.add().apply([a, b]) as tfjs.SymbolicTensor;
      const cat = tfjs.layers.concatenate().apply([sum, a]) as tfjs.SymbolicTensor;
      return tfjs.model({ inputs: inp, outputs: tfjs.layers.dense({ units: 2, name: 'head' }).apply(cat) as tfjs.SymbolicTensor });
    },
    input: () => nest(rand([3, 4], 17), [3, 4]),
  },
];

function missing(c: Case): string[] {
  return missingClasses(...c.classes);
}

async function tfjsArtifacts(m: tfjs.LayersModel, includeOptimizer = false): Promise<tfjs.io.ModelArtifacts> {
  let saved: tfjs.io.ModelArtifacts | undefined;
  await m.save(tfjs.io.withSaveHandler((a) => {
    saved = a;
    return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } });
  }), { includeOptimizer });
  if (saved === undefined) throw new Error('TF.js did not save');
  return saved;
}

function ours(a: tfjs.io.ModelArtifacts): tf.io.ModelArtifacts {
  // Same JSON shape; only the static types of the two libraries differ.
  return JSON.parse(JSON.stringify({ ...a, weightData: undefined })) as tf.io.ModelArtifacts & { weightData: ArrayBuffer };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return m;
}

describe('TF.js -> Tensorforge', () => {
  for (const c of cases) {
    const lacking = missing(c);
    test(`${c.name}`, async () => {
      // A missing layer class is a failure, not a skip: the format test must not pass while its subject is gone.
      expect(lacking, 'layer classes this case needs that are not registered').toEqual([]);
      const m = c.tfjsModel();
      m.compile({ optimizer: tfjs.train.sgd(0.1), loss: 'meanSquaredError' });
      const xIn = c.input();
      const xt = tfjs.tensor(xIn as number[][], undefined, c.inputDtype ?? 'float32');
      const yShape = m.outputs[0]?.shape.map((d) => d ?? xt.shape[0]) as number[];
      await m.fit(xt, tfjs.randomNormal(yShape, 0, 1, 'float32', 3), { epochs: 1, batchSize: 8, verbose: 0 }); // train a step
      const art = await tfjsArtifacts(m);
      const loaded = await tf.loadLayersModel(tf.io.fromMemory({ ...ours(art), weightData: art.weightData as ArrayBuffer }));
      const want = (m.predict(xt) as tfjs.Tensor).dataSync();
      const got = (loaded.predict(tf.tensor(xIn as number[][], undefined, c.inputDtype ?? 'float32')) as tf.Tensor).dataSync();
      expect(maxDiff(got, want)).toBeLessThan(1e-5);
    });
  }
});

test('a TF.js model written to disk in tfjs-node layout (model.json + weights.bin) loads by path', async () => {
  const m = tfjs.sequential({ layers: [tfjs.layers.dense({ units: 3, inputShape: [2], activation: 'sigmoid' }), tfjs.layers.dense({ units: 2 })] });
  const art = await tfjsArtifacts(m);
  const dir = mkdtempSync(join(tmpdir(), 'tfjs-disk-'));
  // The document tfjs-node's file:// handler writes.
  const json = { modelTopology: art.modelTopology, format: art.format, generatedBy: art.generatedBy, convertedBy: art.convertedBy, weightsManifest: [{ paths: ['weights.bin'], weights: art.weightSpecs ?? [] }] };
  writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
  writeFileSync(join(dir, 'weights.bin'), new Uint8Array(art.weightData as ArrayBuffer));
  const loaded = await tf.loadLayersModel(`file://${join(dir, 'model.json')}`);
  const x = [[0.5, -2], [3, 1]];
  expect(maxDiff((loaded.predict(tf.tensor(x)) as tf.Tensor).dataSync(), (m.predict(tfjs.tensor(x)) as tfjs.Tensor).dataSync())).toBeLessThan(1e-6);
});

describe('Tensorforge -> TF.js', () => {
  for (const c of cases) {
    const lacking = missing(c);
    test(`${c.name}`, async () => {
      // A missing layer class is a failure, not a skip: the format test must not pass while its subject is gone.
      expect(lacking, 'layer classes this case needs that are not registered').toEqual([]);
      // Build ours from the TF.js topology (so the architecture is identical), with fresh weights of our own.
      const art = await tfjsArtifacts(c.tfjsModel());
      const mine = await tf.loadLayersModel(tf.io.fromMemory({ ...ours(art), weightData: art.weightData as ArrayBuffer }));
      mine.setWeights(mine.weights.map((w, i) => {
        const positive = /variance/.test(w.name); // BatchNormalization moving variance must stay > 0
        return tf.tensor(rand(w.shape.length ? w.shape : [1], 100 + i).map((v) => (positive ? 0.5 + Math.abs(v) : v * 0.5)), w.shape, w.dtype);
      }));
      const dir = join(mkdtempSync(join(tmpdir(), 'tf2js-')), 'm');
      await mine.save(dir);
      // TF.js reads the directory through its own http handler (fetch served from disk): model.json + shards.
      const fetchFunc = (url: RequestInfo | URL): Promise<Response> => Promise.resolve(new Response(readFileSync(join(dir, new URL(String(url)).pathname.slice(1)))));
      const back = await tfjs.loadLayersModel(tfjs.io.http('http://localhost/model.json', { fetchFunc }));
      const xIn = c.input();
      const want = (mine.predict(tf.tensor(xIn as number[][], undefined, c.inputDtype ?? 'float32')) as tf.Tensor).dataSync();
      const got = (back.predict(tfjs.tensor(xIn as number[][], undefined, c.inputDtype ?? 'float32')) as tfjs.Tensor).dataSync();
      expect(maxDiff(got, want)).toBeLessThan(1e-5);
    });
  }
});

describe('optimizer state across TF.js and Tensorforge (includeOptimizer)', () => {
  const xs = [[0, 1, 2], [1, 0, -1], [2, 2, 0], [-1, 0.5, 1]];
  const ys = [[1], [0], [2], [-1]];

  test('a TF.js Adam model saved mid-training resumes here like it resumes in TF.js', async () => {
    const m = tfjs.sequential({ layers: [tfjs.layers.dense({ units: 4, inputShape: [3], activation: 'tanh' }), tfjs.layers.dense({ units: 1 })] });
    m.compile({ optimizer: tfjs.train.adam(0.05), loss: 'meanSquaredError' });
    await m.fit(tfjs.tensor(xs), tfjs.tensor(ys), { epochs: 2, batchSize: 2, shuffle: false, verbose: 0 });
    const art = await tfjsArtifacts(m, true);
    expect(art.weightSpecs?.filter((s) => s.group === 'optimizer').length).toBe(1 + 2 * 4);
    const mine = await tf.loadLayersModel(tf.io.fromMemory({ ...ours(art), weightData: art.weightData as ArrayBuffer }));
    expect(mine.optimizer?.getClassName()).toBe('Adam');
    expect(mine.optimizer?.iterations).toBe(4);
    await m.fit(tfjs.tensor(xs), tfjs.tensor(ys), { epochs: 1, batchSize: 2, shuffle: false, verbose: 0 });
    await mine.fit(tf.tensor(xs), tf.tensor(ys), { epochs: 1, batchSize: 2, shuffle: false, verbose: 0 });
    const want = (m.predict(tfjs.tensor(xs)) as tfjs.Tensor).dataSync();
    const got = (mine.predict(tf.tensor(xs)) as tf.Tensor).dataSync();
    expect(maxDiff(got, want)).toBeLessThan(1e-4);
  });

  test('a Tensorforge Adam model saved mid-training resumes in TF.js like it resumes here', async () => {
    tf.setSeed(9);
    const mine = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [3], activation: 'tanh' }), tf.layers.dense({ units: 1 })] });
    mine.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
    await mine.fit(tf.tensor(xs), tf.tensor(ys), { epochs: 2, batchSize: 2, shuffle: false, verbose: 0 });
    const art = await tf.io.modelArtifacts(mine, { includeOptimizer: true });
    const full = await tfjs.loadLayersModel(tfjs.io.fromMemory({ ...(JSON.parse(JSON.stringify({ ...art, weightData: undefined })) as tfjs.io.ModelArtifacts), weightData: art.weightData as ArrayBuffer }));
    expect(full.optimizer.getClassName()).toBe('Adam');
    await mine.fit(tf.tensor(xs), tf.tensor(ys), { epochs: 1, batchSize: 2, shuffle: false, verbose: 0 });
    await full.fit(tfjs.tensor(xs), tfjs.tensor(ys), { epochs: 1, batchSize: 2, shuffle: false, verbose: 0 });
    const want = (mine.predict(tf.tensor(xs)) as tf.Tensor).dataSync();
    const got = (full.predict(tfjs.tensor(xs)) as tfjs.Tensor).dataSync();
    expect(maxDiff(got, want)).toBeLessThan(1e-4);
  });
});

test('the trainingConfig we write (loss, metrics, optimizer) compiles the model in TF.js', async () => {
  const mine = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2], activation: 'softmax' })] });
  mine.compile({ optimizer: tf.train.sgd(0.05), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const art = await tf.io.modelArtifacts(mine);
  expect(art.trainingConfig).toMatchObject({ loss: 'categorical_crossentropy', metrics: ['accuracy'], optimizer_config: { class_name: 'SGD' } });
  const back = await tfjs.loadLayersModel(tfjs.io.fromMemory({ ...(JSON.parse(JSON.stringify({ ...art, weightData: undefined })) as tfjs.io.ModelArtifacts), weightData: art.weightData as ArrayBuffer }));
  expect(back.optimizer.getClassName()).toBe('SGD');
  expect(back.metricsNames).toEqual(['loss', 'acc']);
});
