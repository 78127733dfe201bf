import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { COLD, HOT, identityModel, tempDir } from '../../test/e2e/helpers.js';
import { isPrivateTrainable } from '../privacy/dp-sgd.js';
import { sequential } from '../models/index.js';
import { dense } from '../layers/index.js';
import { tensor } from '../ops/creation.js';
import { Tensor } from '../tensor/tensor.js';
import { fromLayersModel, isLayersModelLike, type LayersModelLike } from './layers-adapter.js';
import { loadServable } from './model-dir.js';
import { isTrainable } from './servable.js';

/** Dense(3, softmax) on 4 features with kernel [I3; 0] and zero bias: the same function as the identity LinearSoftmax. */
function identityDense() {
  const m = sequential({ layers: [dense({ units: 3, inputShape: [4], activation: 'softmax' })] });
  m.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  m.layers[0]!.setWeights([tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 0]]), tensor([0, 0, 0])]);
  return m;
}

describe('fromLayersModel (real tf.sequential)', () => {
  it('exposes specs, predicts, summarises, evaluates and fits through the Trainable interface', async () => {
    const model = identityDense();
    const like: LayersModelLike = model; // compile-time check that LayersModel satisfies the structural interface
    expect(isLayersModelLike(like)).toBe(true);
    const s = fromLayersModel(model);
    expect(s.input).toMatchObject({ dtype: 'float32', shape: [-1, 4] });
    expect(s.output.shape).toEqual([-1, 3]);
    expect(s.input.name).not.toMatch(/[:/]\d+$/);
    const y = s.predict(new Tensor(Float32Array.from([1, 0, 0, 0, 0, 0, 1, 0]), [2, 4], 'float32'));
    Array.from(y.values).forEach((v, i) => expect(v).toBeCloseTo([HOT, COLD, COLD, COLD, COLD, HOT][i] as number, 5));
    expect(s.summary()).toMatch(/Total params: 15/);
    const x = new Tensor(Float32Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]), [3, 4], 'float32');
    const labels = new Tensor(Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]), [3, 3], 'float32');
    const ev = await s.evaluate(x, labels);
    expect(ev.accuracy).toBe(1);
    // Cross-entropy of the hot class: -log(e / (e + 2)).
    expect(ev.loss).toBeCloseTo(-Math.log(HOT), 5);
    const h = await s.fit(x, labels, { epochs: 2, batchSize: 3 });
    expect(h.loss).toHaveLength(2);
    expect((h.loss as number[])[1]).toBeLessThan(-Math.log(HOT));
  });

  it('saves with tf.io and loads back through loadServable with identical predictions', async () => {
    const s = fromLayersModel(identityDense());
    const dir = join(tempDir(), 'dense');
    await s.save(dir);
    const back = await loadServable(dir);
    expect(isTrainable(back)).toBe(true);
    const x = new Tensor(Float32Array.from([0.3, -1, 2, 0.5]), [1, 4], 'float32');
    Array.from(back.predict(x).values).forEach((v, i) => expect(v).toBeCloseTo(s.predict(x).values[i] as number, 6));
  });

  it('refuses models with several inputs or outputs', () => {
    const fake: LayersModelLike = Object.assign(Object.create(identityDense()), { inputs: [], outputs: [] });
    expect(() => fromLayersModel(fake)).toThrow(/exactly one input and one output, received 0 inputs and 0 outputs/);
  });
});

describe('fromLayersModel DP-SGD support', () => {
  it('clips per-example gradients exactly like the vectorised LinearSoftmax of the same function', async () => {
    const s = fromLayersModel(identityDense());
    if (!isPrivateTrainable(s)) throw new Error('fromLayersModel should expose DP-SGD support for a compiled model');
    const x = new Tensor(Float32Array.from([1, 0, 0, 0, 0, 2, 0, 1, 0.5, 0.5, 3, 0]), [3, 4], 'float32');
    const y = new Tensor(Float32Array.from([0, 1, 0, 0, 1, 0, 1, 0, 0]), [3, 3], 'float32');
    for (const clip of [1e6, 0.3]) {
      const got = s.clippedGradientSum(x, y, clip);
      const want = identityModel().clippedGradientSum(x, y, clip);
      expect(got.clipped).toBe(want.clipped);
      got.sums.forEach((arr, k) => Array.from(arr).forEach((v, j) => expect(v).toBeCloseTo((want.sums[k] as Float32Array)[j] as number, 4)));
    }
  });
});

describe('vectorised DP-SGD on a Dense stack', () => {
  it('matches per-example backward passes on a two-layer MLP, clipped and unclipped', async () => {
    const { variableGrads } = await import('../ops/gradients.js');
    const { sum } = await import('../ops/reduction.js');
    const { getLoss } = await import('../losses/registry.js');
    const m = sequential({ layers: [dense({ units: 5, inputShape: [4], activation: 'tanh' }), dense({ units: 3, activation: 'softmax' })] });
    m.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    const s = fromLayersModel(m);
    if (!isPrivateTrainable(s)) throw new Error('expected DP-SGD support');
    const x = new Tensor(Float32Array.from([1, -1, 0.5, 2, 0, 2, 0, 1, 0.5, 0.5, -3, 0]), [3, 4], 'float32');
    const y = new Tensor(Float32Array.from([0, 1, 0, 0, 0, 1, 1, 0, 0]), [3, 3], 'float32');
    const vars = m.trainableWeights;
    const loss = getLoss('categoricalCrossentropy');
    const { denseStackClipper } = await import('./dense-dp.js');
    expect(denseStackClipper(m.layers, loss)).not.toBeNull();
    for (const clip of [1e6, 0.2]) {
      const want = vars.map((v) => new Float64Array(v.size));
      let clippedWant = 0;
      for (let i = 0; i < 3; i++) {
        const xi = new Tensor(x.values.slice(i * 4, i * 4 + 4), [1, 4], 'float32');
        const yi = new Tensor(y.values.slice(i * 3, i * 3 + 3), [1, 3], 'float32');
        const { grads } = variableGrads(() => sum(loss(yi, m.predict(xi) as Tensor)), vars);
        const gs = vars.map((v) => grads[v.name]?.values as Float32Array);
        const norm = Math.sqrt(gs.reduce((a, g) => a + g.reduce((b, e) => b + e * e, 0), 0));
        if (norm > clip) clippedWant++;
        gs.forEach((g, k) => g.forEach((e, j) => ((want[k] as Float64Array)[j] = ((want[k] as Float64Array)[j] as number) + Math.min(1, clip / norm) * e)));
      }
      const got = s.clippedGradientSum(x, y, clip);
      expect(got.clipped).toBe(clippedWant);
      got.sums.forEach((arr, k) => Array.from(arr).forEach((v, j) => expect(v).toBeCloseTo((want[k] as Float64Array)[j] as number, 4)));
    }
  });
});
