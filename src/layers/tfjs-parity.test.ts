// Parity with TF.js layers: the same config and the same weights give the same outputs, and our getConfig has the
// keys TF.js writes (so models saved by either load in the other).
import { describe, expect, test } from 'vitest';
import * as tfjs from '@tensorflow/tfjs';
import { expectClose, randn } from '../../test/helpers/grad-check.js';
import { tensor } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import * as layers from './index.js';

await tfjs.setBackend('cpu');

/** The layer factory `name` of a namespace (ours or TF.js's); fails the test when the namespace has none. */
function factory<L>(namespace: object, name: string): (args: Record<string, unknown>) => L {
  const f: unknown = Reflect.get(namespace, name);
  if (typeof f !== 'function') throw new Error(`no layer factory named '${name}' in the namespace`);
  return (args) => Reflect.apply(f, namespace, [args]) as L;
}

interface Case {
  name: string;
  ours: string;
  theirs?: string;
  args: Record<string, unknown>;
  shape: number[];
  training?: boolean;
  /** Keys TF.js writes that we do not (documented differences). */
  missingOk?: string[];
  ints?: number;
}

const cases: Case[] = [
  { name: 'conv1d', ours: 'conv1d', args: { filters: 3, kernelSize: 2, strides: 2, activation: 'relu' }, shape: [2, 7, 2] },
  { name: 'conv2d same', ours: 'conv2d', args: { filters: 3, kernelSize: [3, 2], strides: [2, 1], padding: 'same' }, shape: [2, 5, 4, 2] },
  { name: 'conv2d dilated', ours: 'conv2d', args: { filters: 2, kernelSize: 2, dilationRate: 2 }, shape: [1, 5, 5, 3] },
  { name: 'conv2d channelsFirst', ours: 'conv2d', args: { filters: 2, kernelSize: 2, dataFormat: 'channelsFirst' }, shape: [1, 3, 4, 4] },
  { name: 'conv2dTranspose valid', ours: 'conv2dTranspose', args: { filters: 2, kernelSize: 3, strides: 2 }, shape: [1, 3, 2, 2] },
  { name: 'conv2dTranspose same', ours: 'conv2dTranspose', args: { filters: 2, kernelSize: 3, strides: 2, padding: 'same' }, shape: [1, 3, 3, 2] },
  { name: 'depthwiseConv2d', ours: 'depthwiseConv2d', args: { kernelSize: 2, depthMultiplier: 2, padding: 'same' }, shape: [1, 4, 3, 2] },
  { name: 'separableConv2d', ours: 'separableConv2d', args: { filters: 3, kernelSize: 3, depthMultiplier: 2 }, shape: [1, 5, 5, 2] },
  { name: 'maxPooling2d', ours: 'maxPooling2d', args: { poolSize: [2, 3], strides: 1, padding: 'same' }, shape: [1, 4, 5, 2] },
  { name: 'averagePooling2d', ours: 'averagePooling2d', args: { poolSize: 3, strides: 2, padding: 'same' }, shape: [1, 5, 5, 2] },
  { name: 'maxPooling1d', ours: 'maxPooling1d', args: { poolSize: 2 }, shape: [2, 5, 3] },
  { name: 'averagePooling1d', ours: 'averagePooling1d', args: { poolSize: 3, strides: 1, padding: 'same' }, shape: [2, 5, 3] },
  { name: 'globalAveragePooling2d', ours: 'globalAveragePooling2d', args: {}, shape: [2, 3, 3, 4], missingOk: [] },
  { name: 'globalMaxPooling1d', ours: 'globalMaxPooling1d', args: {}, shape: [2, 3, 4] },
  { name: 'zeroPadding2d', ours: 'zeroPadding2d', args: { padding: [[1, 2], [0, 1]] }, shape: [1, 2, 2, 2] },
  { name: 'cropping2D', ours: 'cropping2D', args: { cropping: [[1, 0], [1, 2]] }, shape: [1, 4, 5, 2] },
  { name: 'upSampling2d nearest', ours: 'upSampling2d', args: { size: [2, 3] }, shape: [1, 2, 2, 2] },
  { name: 'batchNormalization inference', ours: 'batchNormalization', args: { momentum: 0.9 }, shape: [4, 3, 2] },
  { name: 'batchNormalization training', ours: 'batchNormalization', args: { momentum: 0.9, epsilon: 0.01 }, shape: [4, 3, 2], training: true },
  { name: 'layerNormalization', ours: 'layerNormalization', args: {}, shape: [3, 5] },
  { name: 'embedding', ours: 'embedding', args: { inputDim: 6, outputDim: 3 }, shape: [2, 4], ints: 6 },
];

function input(c: Case): number[] {
  const n = c.shape.reduce((p, d) => p * d, 1);
  if (c.ints) return Array.from({ length: n }, (_, i) => (i * 5 + 1) % (c.ints as number));
  return Array.from(randn(c.shape, { seed: 11, dtype: 'float32' }).values);
}

describe('layers match TF.js', () => {
  for (const c of cases) {
    test(c.name, () => {
      const values = input(c);
      const ours = factory<layers.Layer>(layers, c.ours)(c.args);
      const theirs = factory<tfjs.layers.Layer>(tfjs.layers, c.theirs ?? c.ours)(c.args);
      const x = tensor(values, c.shape, c.ints ? 'int32' : 'float32');
      const tx = tfjs.tensor(values, c.shape, c.ints ? 'int32' : 'float32');
      ours.apply(x);
      theirs.apply(tx);
      // Non-trivial weights: random gamma/beta/moving statistics too, so every parameter matters.
      const weights = ours.getWeights().map((w, i) => {
        const r = randn(w.shape, { seed: 20 + i, dtype: 'float32' });
        return ours.weights[i]?.name.includes('variance') ? tensor(Array.from(r.values, (v) => 0.5 + v * v), w.shape) : r;
      });
      if (weights.length > 0) {
        ours.setWeights(weights);
        theirs.setWeights(weights.map((w) => tfjs.tensor(Array.from(w.values), w.shape)));
      }
      const y = ours.apply(x, { training: c.training ?? false }) as Tensor;
      const ty = theirs.apply(tx, { training: c.training ?? false }) as tfjs.Tensor;
      expect(y.shape).toEqual(ty.shape);
      expectClose(y, Array.from(ty.dataSync()), 1e-4);
      if (c.training) {
        // The moving statistics moved the same way.
        const theirsW = theirs.getWeights().map((w) => Array.from(w.dataSync()));
        ours.getWeights().forEach((w, i) => expectClose(w, theirsW[i] as number[], 1e-4));
      }
      const ourKeys = Object.keys(ours.getConfig());
      const missing = Object.keys(theirs.getConfig()).filter((k) => !ourKeys.includes(k) && !(c.missingOk ?? []).includes(k));
      expect(missing, 'TF.js config keys we do not write').toEqual([]);
    });
  }
});

describe('merge layers match TF.js', () => {
  const merges: { name: string; args?: Record<string, unknown>; shapes: number[][] }[] = [
    { name: 'add', shapes: [[2, 3], [2, 3], [2, 3]] },
    { name: 'multiply', shapes: [[2, 3, 2], [2, 3, 2]] },
    { name: 'average', shapes: [[2, 3], [2, 3]] },
    { name: 'maximum', shapes: [[2, 3], [2, 3]] },
    { name: 'minimum', shapes: [[2, 3], [2, 3]] },
    { name: 'concatenate', args: { axis: 1 }, shapes: [[2, 1, 3], [2, 2, 3]] },
    { name: 'dot', args: { axes: 1, normalize: true }, shapes: [[2, 4], [2, 4]] },
    { name: 'dot', args: { axes: [2, 1] }, shapes: [[2, 3, 4], [2, 4, 2]] },
  ];
  for (const m of merges) {
    test(`${m.name} ${JSON.stringify(m.args ?? {})}`, () => {
      const xs = m.shapes.map((s, i) => randn(s, { seed: 30 + i, dtype: 'float32' }));
      const ours = factory<layers.Layer>(layers, m.name)(m.args ?? {});
      const theirs = factory<tfjs.layers.Layer>(tfjs.layers, m.name)(m.args ?? {});
      const y = ours.apply(xs) as Tensor;
      const ty = theirs.apply(xs.map((x) => tfjs.tensor(Array.from(x.values), x.shape))) as tfjs.Tensor;
      expect(y.shape).toEqual(ty.shape);
      expectClose(y, Array.from(ty.dataSync()), 1e-5);
      const ourKeys = Object.keys(ours.getConfig());
      expect(Object.keys(theirs.getConfig()).filter((k) => !ourKeys.includes(k))).toEqual([]);
    });
  }
});
