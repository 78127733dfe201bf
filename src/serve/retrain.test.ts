import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { identityModel, identityModelDir } from '../../test/e2e/helpers.js';
import { Tensor } from '../tensor/tensor.js';
import { Registry } from './registry.js';
import { retrain, feedbackTensors, type RetrainData } from './retrain.js';
import { SqliteStore } from './sqlite-store.js';
import { loadServable, readModelInfo } from './model-dir.js';
import { LinearSoftmax } from './linear-softmax.js';

/** Class c is the one-hot vector e_c (4 features, the last always 0); labels one-hot. */
function oneHotData(n: number): { x: Tensor; y: Tensor } {
  const x = new Float32Array(n * 4);
  const y = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    x[i * 4 + (i % 3)] = 1;
    y[i * 3 + (i % 3)] = 1;
  }
  return { x: new Tensor(x, [n, 4], 'float32'), y: new Tensor(y, [n, 3], 'float32') };
}

const data: RetrainData = { train: oneHotData(60), test: oneHotData(30) };

async function openToy(): Promise<Registry> {
  const dir = await identityModelDir('toy');
  return Registry.open(dir, new SqliteStore(join(dir, 'tforge.db')));
}

describe('feedbackTensors', () => {
  it('builds inputs and one-hot or index labels from feedback records', () => {
    const recs = [0, 2].map((label) => ({ model: 'm', version: 1, input: [label, 1, 0, 0], inputShape: [4], prediction: [1, 0, 0], predictedLabel: 0, label }));
    const oneHot = feedbackTensors(recs, [4], data.train.y, 3);
    expect(Array.from(oneHot.x.values)).toEqual([0, 1, 0, 0, 2, 1, 0, 0]);
    expect(Array.from(oneHot.y.values)).toEqual([1, 0, 0, 0, 0, 1]);
    const idx = feedbackTensors(recs, [4], new Tensor(new Int32Array(2), [2], 'int32'), 3);
    expect(idx.y.dtype).toBe('int32');
    expect(Array.from(idx.y.values)).toEqual([0, 2]);
  });
});

/** Serves (as version 2) a model that confuses classes 0 and 1: test accuracy 1/3 until feedback corrects it. */
async function serveConfusedModel(reg: Awaited<ReturnType<typeof openToy>>): Promise<void> {
  const bad = identityModel();
  bad.w.assign(new Tensor(Float32Array.from([0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0]), [4, 3], 'float32'));
  const dir = await reg.newVersionDir();
  await bad.save(dir);
  await reg.promote((await reg.register(dir, null, 'confused')).version);
}

describe('retrain', () => {
  it('refuses to run without feedback', async () => {
    const reg = await openToy();
    await expect(retrain(reg, { loadData: async () => data })).rejects.toThrow(/has no feedback yet/);
    await reg.store.close();
  });

  it('promotes a candidate that fixes a wrong model, and rollback restores the old version', async () => {
    const reg = await openToy();
    // Correct the confused model with feedback.
    await serveConfusedModel(reg);
    for (let c = 0; c < 2; c++) {
      for (let k = 0; k < 5; k++) {
        const input = [0, 0, 0, 0];
        input[c] = 1;
        await reg.store.addFeedback({ model: 'toy', version: 2, input, inputShape: [4], prediction: [0, 0, 1], predictedLabel: 1 - c, label: c });
      }
    }
    const r = await retrain(reg, { loadData: async () => data, epochs: 30, batchSize: 10, seed: 1 });
    expect(r.baseline.accuracy).toBeCloseTo(1 / 3, 6);
    expect(r.metrics.accuracy).toBe(1);
    expect(r.feedbackAccuracy).toEqual({ before: 0, after: 1 });
    expect(r.promoted).toBe(true);
    expect(r.candidate).toMatchObject({ version: 3, status: 'serving' });
    expect(r.metrics.confusion).toEqual([[10, 0, 0], [0, 10, 0], [0, 0, 10]]);
    const served = await loadServable(reg.dirOf(await reg.serving()));
    expect(Array.from(served.predict(new Tensor(Float32Array.from([1, 0, 0, 0]), [1, 4], 'float32')).values).indexOf(Math.max(...served.predict(new Tensor(Float32Array.from([1, 0, 0, 0]), [1, 4], 'float32')).values))).toBe(0);
    expect(await reg.rollback()).toBe(2);
    expect((await reg.serving()).version).toBe(2);
    await reg.store.close();
  });

  it('rejects a candidate that is worse on the test set and keeps serving the old version', async () => {
    const reg = await openToy();
    // Poisoned feedback: every class-0 example labelled 2, with no replay to anchor the model.
    for (let k = 0; k < 20; k++) {
      await reg.store.addFeedback({ model: 'toy', version: 1, input: [1, 0, 0, 0], inputShape: [4], prediction: [1, 0, 0], predictedLabel: 0, label: 2 });
    }
    const r = await retrain(reg, { loadData: async () => data, epochs: 20, batchSize: 5, replayRatio: 0, minReplay: 0, seed: 1 });
    expect(r.baseline.accuracy).toBe(1);
    // The poisoned bias pulls every test example to class 2: only the class-2 third stays right.
    expect(r.metrics.accuracy).toBeCloseTo(1 / 3, 6);
    expect(r.promoted).toBe(false);
    expect(r.candidate.status).toBe('rejected');
    expect(r.candidate.note).toMatch(/worse than v1, not promoted/);
    expect((await reg.serving()).version).toBe(1);
    await expect(reg.promote(r.candidate.version)).rejects.toThrow(/was rejected/);
    await reg.store.close();
  });

  it('trains with DP-SGD within the epsilon budget and records the guarantee in the history and the model card', async () => {
    const reg = await openToy();
    await serveConfusedModel(reg);
    for (let k = 0; k < 40; k++) {
      const c = k % 2;
      await reg.store.addFeedback({ model: 'toy', version: 2, input: [1 - c, c, 0, 0], inputShape: [4], prediction: [0, 0, 1], predictedLabel: 1 - c, label: c });
    }
    const lines: string[] = [];
    const r = await retrain(reg, { loadData: async () => data, epochs: 10, batchSize: 50, minReplay: 560, replayRatio: 0, seed: 3, dp: { epsilon: 8, l2NormClip: 1 }, log: (l) => lines.push(l) });
    expect(r.privacy).toMatchObject({ mechanism: 'DP-SGD', accountant: 'RDP', examples: 100, delta: 1e-5 }); // 40 feedback + all 60 training rows; delta = min(1e-5, 1/(10 N))
    expect(r.privacy?.epsilon).toBeLessThanOrEqual(8);
    expect(r.privacy?.epsilon).toBeGreaterThan(7);
    expect(lines.some((l) => /DP-SGD for \(epsilon 8, delta 1\.0e-5\) over 100 examples: noise multiplier \d/.test(l))).toBe(true);
    const info = await readModelInfo(reg.dirOf(r.candidate));
    expect(info.card?.privacy).toEqual(r.privacy);
    expect(info.history?.epsilon).toHaveLength(10);
    expect(r.candidate.note).toMatch(/with DP-SGD \(epsilon [78]\.\d\d, delta 1\.0e-5\)/);
    await reg.store.close();
  });

  it('LinearSoftmax holds out the last validationSplit fraction and reports val metrics per epoch', async () => {
    const m = identityModel();
    // 30 training rows: the first 24 train, the last 6 validate. The identity model is already perfect on both.
    const h = await m.fit(data.test.x, data.test.y, { epochs: 2, batchSize: 8, validationSplit: 0.2 });
    expect(Object.keys(h).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(h.val_accuracy).toEqual([1, 1]);
    expect(h.loss).toHaveLength(2);
    expect((h.val_loss as number[])[1]).toBeLessThan(-Math.log(Math.E / (Math.E + 2)));
  });

  it('LinearSoftmax round-trips through save/load with identical predictions', async () => {
    const m = new LinearSoftmax({ inputShape: [2, 2], classes: 3, seed: 9 });
    const dir = await identityModelDir('rt');
    await m.save(join(dir, 'copy'));
    const back = await loadServable(join(dir, 'copy'));
    const x = new Tensor(Float32Array.from([0.1, -0.2, 0.3, 0.4]), [1, 2, 2], 'float32');
    expect(Array.from(back.predict(x).values)).toEqual(Array.from(m.predict(x).values));
    expect(back.input.shape).toEqual([-1, 2, 2]);
  });
});
