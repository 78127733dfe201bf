// Interop with the real TensorFlow.js 4.x (devDependency, cpu backend): models built and trained a step in TF.js
// load here with equal predictions, and models saved here load in TF.js with equal predictions.
import { mkdtempSync, readFileSync } from 'node:fs';
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
  input: () => number[][] | number[][][] | number[][][][];
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

function nest(flat: number[], shape: number[]): never {
  if (shape.length === 1) return flat as never;
  const [d, ...rest] = shape as [number, ...number[]];
  const step = flat.length / d;
  return Array.from({ length: d }, (_, i) => nest(flat.slice(i * step, (i + 1) * step), rest)) as never;
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
    test.skipIf(lacking.length > 0)(`${c.name}${lacking.length ? ` (skipped: layer classes not implemented yet: ${lacking.join(', ')})` : ''}`, async () => {
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

describe('Tensorforge -> TF.js', () => {
  for (const c of cases) {
    const lacking = missing(c);
    test.skipIf(lacking.length > 0)(`${c.name}${lacking.length ? ` (skipped: layer classes not implemented yet: ${lacking.join(', ')})` : ''}`, async () => {
      // Build ours from the TF.js topology (so the architecture is identical), with fresh weights of our own.
      const art = await tfjsArtifacts(c.tfjsModel());
      const mine = await tf.loadLayersModel(tf.io.fromMemory({ ...ours(art), weightData: art.weightData as ArrayBuffer }));
      mine.setWeights(mine.getWeights().map((w, i) => tf.tensor(rand(w.shape.length ? w.shape : [1], 100 + i).map((v) => v * 0.5), w.shape, w.dtype)));
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
