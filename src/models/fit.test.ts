import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import '../index.js';
import { datasetsDir } from '../../test/helpers/paths.js';
import { type Logs, earlyStopping } from '../callbacks/index.js';
import { ValueError } from '../core/errors.js';
import { setSeed } from '../core/random.js';
import { dense, dropout, input } from '../layers/index.js';
import type { SymbolicTensor } from '../layers/symbolic.js';
import { ones, tensor, zeros } from '../ops/index.js';
import { adam, sgd } from '../optimizers/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { type Dataset, model, sequential } from './index.js';

/** Iris: 150 samples, 4 standardized features, labels 0..2 (sklearn's CSV: a header row, then features,label). */
function loadIris(): { x: Tensor; y: Tensor } {
  const rows = readFileSync(join(datasetsDir, 'tabular/sklearn/iris.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  const feats = rows.map((r) => r.slice(0, 4));
  const means = [0, 1, 2, 3].map((j) => feats.reduce((s, r) => s + (r[j] as number), 0) / feats.length);
  const stds = [0, 1, 2, 3].map((j) => Math.sqrt(feats.reduce((s, r) => s + ((r[j] as number) - (means[j] as number)) ** 2, 0) / feats.length));
  const x = feats.map((r) => r.map((v, j) => (v - (means[j] as number)) / (stds[j] as number)));
  return { x: tensor(x), y: tensor(rows.map((r) => r[4] as number)) };
}

function irisModel(): ReturnType<typeof sequential> {
  const m = sequential({ layers: [dense({ units: 10, activation: 'relu', inputShape: [4] }), dense({ units: 3, activation: 'softmax' })] });
  m.compile({ optimizer: adam(0.02), loss: 'sparse_categorical_crossentropy', metrics: ['acc'] });
  return m;
}

/** A frozen y = x·1 model: the loss is then a known function of the data. */
function frozenIdentity(): ReturnType<typeof sequential> {
  const m = sequential({ layers: [dense({ units: 1, useBias: false, inputShape: [1], weights: [tensor([[1]])], trainable: false })] });
  m.compile({ optimizer: 'sgd', loss: 'mean_squared_error' });
  return m;
}

describe('fit on real data', () => {
  test('iris: a small MLP reaches >= 95% training accuracy in 60 epochs', async () => {
    setSeed(42);
    const { x, y } = loadIris();
    const m = irisModel();
    const h = await m.fit(x, y, { epochs: 60, batchSize: 16, verbose: 0 });
    expect(Object.keys(h.history)).toEqual(['loss', 'acc']);
    expect(h.epoch).toHaveLength(60);
    expect(h.history.loss![59]!).toBeLessThan(h.history.loss![0]!);
    const [loss, acc] = m.evaluate(x, y, { batchSize: 50 }) as Tensor[];
    expect(acc!.values[0]).toBeGreaterThanOrEqual(0.95);
    expect(loss!.rank).toBe(0);
    expect(m.metricsNames).toEqual(['loss', 'acc']);
  });

  test('same seed gives the same weights and the same history (shuffle + dropout)', async () => {
    const { x, y } = loadIris();
    const run = async (): Promise<{ h: Record<string, number[]>; w: number[] }> => {
      setSeed(7);
      const m = sequential({
        layers: [dense({ units: 8, activation: 'relu', inputShape: [4] }), dropout({ rate: 0.3 }), dense({ units: 3, activation: 'softmax' })],
      });
      m.compile({ optimizer: adam(0.01), loss: 'sparseCategoricalCrossentropy' });
      const h = await m.fit(x, y, { epochs: 3, batchSize: 32, verbose: 0 });
      return { h: h.history, w: m.getWeights().flatMap((t) => Array.from(t.values)) };
    };
    const a = await run();
    const b = await run();
    expect(b.h).toEqual(a.h);
    expect(b.w).toEqual(a.w);
  });
});

describe('fit semantics', () => {
  test('validationSplit holds out the last samples, taken before shuffling', async () => {
    const m = frozenIdentity();
    const x = tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [10, 1]);
    const h = await m.fit(x, zeros([10, 1]), { epochs: 1, batchSize: 3, validationSplit: 0.2, verbose: 0 });
    expect(h.history.loss![0]).toBeCloseTo((0 + 1 + 4 + 9 + 16 + 25 + 36 + 49) / 8, 5);
    expect(h.history.val_loss![0]).toBeCloseTo((64 + 81) / 2, 5);
    expect(h.params?.samples).toBe(8);
  });

  test('sampleWeight and classWeight scale the per-sample losses', async () => {
    const m = frozenIdentity();
    const x = tensor([1, 2, 3, 4], [4, 1]);
    const h = await m.fit(x, zeros([4, 1]), { epochs: 1, batchSize: 4, sampleWeight: tensor([1, 0, 0, 2]), verbose: 0 });
    expect(h.history.loss![0]).toBeCloseTo((1 + 2 * 16) / 4, 5);
    const z = frozenIdentity();
    // Targets 0/1 act as class labels; zero predictions make each per-sample loss equal to the label.
    const h2 = await z.fit(zeros([4, 1]), tensor([0, 1, 1, 0], [4, 1]), { epochs: 1, batchSize: 4, classWeight: { 0: 5, 1: 3 }, verbose: 0 });
    expect(h2.history.loss![0]).toBeCloseTo((3 + 3) / 4, 5);
  });

  test('classWeight changes what is learned: a bias converges to the weighted mean', async () => {
    const fitBias = async (classWeight?: Record<number, number>): Promise<number> => {
      const m = sequential({ layers: [dense({ units: 1, inputShape: [1], kernelInitializer: 'zeros' })] });
      m.layers[0]!.setWeights([zeros([1, 1]), zeros([1])]);
      m.compile({ optimizer: sgd(0.5), loss: 'meanSquaredError' });
      const y = tensor([0, 0, 0, 0, 1], [5, 1]);
      await m.fit(zeros([5, 1]), y, { epochs: 60, batchSize: 5, verbose: 0, ...(classWeight ? { classWeight } : {}) });
      return m.getWeights()[1]!.values[0] as number;
    };
    expect(await fitBias()).toBeCloseTo(0.2, 3);
    expect(await fitBias({ 0: 1, 1: 4 })).toBeCloseTo(0.5, 3);
  });

  test('callbacks run in Keras order and async hooks are awaited', async () => {
    const events: string[] = [];
    const m = frozenIdentity();
    await m.fit(ones([4, 1]), ones([4, 1]), {
      epochs: 2,
      batchSize: 2,
      verbose: 0,
      callbacks: {
        onTrainBegin: () => void events.push('trainBegin'),
        onEpochBegin: (e) => void events.push(`epochBegin${e}`),
        onBatchBegin: (b) => void events.push(`batchBegin${b}`),
        onBatchEnd: async (b, logs) => {
          await new Promise((r) => setTimeout(r, 1));
          events.push(`batchEnd${b}:${logs?.size}`);
        },
        onEpochEnd: (e, logs) => void events.push(`epochEnd${e}:${Object.keys(logs ?? {}).join('|')}`),
        onTrainEnd: () => void events.push('trainEnd'),
      },
    });
    expect(events).toEqual([
      'trainBegin',
      'epochBegin0',
      'batchBegin0',
      'batchEnd0:2',
      'batchBegin1',
      'batchEnd1:2',
      'epochEnd0:loss',
      'epochBegin1',
      'batchBegin0',
      'batchEnd0:2',
      'batchBegin1',
      'batchEnd1:2',
      'epochEnd1:loss',
      'trainEnd',
    ]);
  });

  test('initialEpoch resumes the epoch count; stepsPerEpoch cycles through the data', async () => {
    const m = frozenIdentity();
    const batches: number[] = [];
    const h = await m.fit(tensor([[1], [2], [3]]), zeros([3, 1]), {
      epochs: 3,
      initialEpoch: 1,
      batchSize: 2,
      stepsPerEpoch: 3,
      shuffle: false,
      verbose: 0,
      callbacks: { onBatchEnd: (_b, logs) => void batches.push(logs?.size ?? -1) },
    });
    expect(h.epoch).toEqual([1, 2]);
    // Batches start at 0, 2, then wrap to 1 (sizes 2, 1, 2) in each epoch.
    expect(batches).toEqual([2, 1, 2, 2, 1, 2]);
    expect(h.history.loss![0]).toBeCloseTo((1 + 4 + 9 + 4 + 9) / 5, 5);
  });

  test('stopTraining from a callback ends fit after the current epoch', async () => {
    const m = frozenIdentity();
    const h = await m.fit(ones([4, 1]), ones([4, 1]), {
      epochs: 10,
      verbose: 0,
      callbacks: { onEpochEnd: (e) => void (e === 2 && (m.stopTraining = true)) },
    });
    expect(h.epoch).toEqual([0, 1, 2]);
  });

  test('earlyStopping with restoreBestWeights stops and restores the best epoch', async () => {
    setSeed(3);
    const m = sequential({ layers: [dense({ units: 1, inputShape: [1] })] });
    m.compile({ optimizer: sgd(0.1), loss: 'meanSquaredError' });
    const snapshots: number[][] = [];
    // minDelta so large that no epoch after the first counts as an improvement.
    const es = earlyStopping({ monitor: 'loss', minDelta: 1e9, patience: 2, restoreBestWeights: true });
    const h = await m.fit(tensor([[1], [2]]), tensor([[2], [4]]), {
      epochs: 20,
      verbose: 0,
      callbacks: [{ onEpochEnd: () => void snapshots.push(m.getWeights().flatMap((w) => Array.from(w.values))) }, es],
    });
    expect(h.epoch).toEqual([0, 1, 2]);
    expect(es.stoppedEpoch).toBe(2);
    expect(m.getWeights().flatMap((w) => Array.from(w.values))).toEqual(snapshots[0]);
    expect(snapshots[2]).not.toEqual(snapshots[0]);
  });

  test('transfer learning: frozen layers keep their weights while the head trains', async () => {
    setSeed(11);
    const { x, y } = loadIris();
    const base = irisModel();
    await base.fit(x, y, { epochs: 5, verbose: 0 });
    const feature = base.layers[0]!;
    feature.trainable = false;
    const frozenBefore = feature.getWeights().map((w) => Array.from(w.values));
    const inp = input({ shape: [4] });
    const head = dense({ units: 3, activation: 'softmax' });
    const m = model({ inputs: inp, outputs: head.apply(feature.apply(inp) as SymbolicTensor) as SymbolicTensor });
    expect(m.trainableWeights.map((w) => w.name)).toEqual(head.weights.map((w) => w.name));
    m.compile({ optimizer: adam(0.05), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const headBefore = head.getWeights().map((w) => Array.from(w.values));
    const h = await m.fit(x, y, { epochs: 20, batchSize: 16, verbose: 0 });
    expect(feature.getWeights().map((w) => Array.from(w.values))).toEqual(frozenBefore);
    expect(head.getWeights().map((w) => Array.from(w.values))).not.toEqual(headBefore);
    expect(h.history.accuracy![19]!).toBeGreaterThan(0.85);
  });
});

describe('compile, evaluate, trainOnBatch, datasets', () => {
  test('snake_case ids and multi-output losses, weights and names', async () => {
    const a = input({ shape: [2] });
    const o1 = dense({ units: 1, name: 'o1' }).apply(a) as SymbolicTensor;
    const o2 = dense({ units: 1, name: 'o2' }).apply(a) as SymbolicTensor;
    const m = model({ inputs: a, outputs: [o1, o2] });
    m.compile({ optimizer: 'sgd', loss: { o1: 'mean_squared_error', o2: 'mean_absolute_error' }, lossWeights: { o1: 1, o2: 0.5 }, metrics: { o1: ['mae'] } });
    expect(m.metricsNames).toEqual(['loss', 'o1_loss', 'o2_loss', 'o1_mae']);
    const h = await m.fit(ones([4, 2]), [zeros([4, 1]), zeros([4, 1])], { epochs: 1, verbose: 0, shuffle: false });
    expect(Object.keys(h.history)).toEqual(['loss', 'o1_loss', 'o2_loss', 'o1_mae']);
    const [total, l1, l2] = m.evaluate(ones([4, 2]), [zeros([4, 1]), zeros([4, 1])]) as Tensor[];
    expect(total!.values[0]).toBeCloseTo((l1!.values[0] as number) + 0.5 * (l2!.values[0] as number), 5);
  });

  test('trainOnBatch returns the loss; evaluate returns a scalar tensor', () => {
    const m = frozenIdentity();
    expect(m.trainOnBatch(tensor([[1], [3]]), zeros([2, 1]))).toBeCloseTo(5, 5);
    const r = m.evaluate(tensor([[2]]), zeros([1, 1])) as Tensor;
    expect(r.rank).toBe(0);
    expect(r.values[0]).toBeCloseTo(4, 5);
  });

  test('fitDataset / evaluateDataset with a hand-written dataset', async () => {
    const batches = [
      { xs: tensor([[1], [2]]), ys: zeros([2, 1]) },
      { xs: tensor([[3]]), ys: zeros([1, 1]) },
    ];
    const ds: Dataset = {
      iterator: async () => {
        let i = 0;
        return { next: async () => (i < batches.length ? { value: batches[i++], done: false } : { value: undefined, done: true }) };
      },
    };
    const m = frozenIdentity();
    const h = await m.fitDataset(ds, { epochs: 2, verbose: 0, validationData: ds });
    expect(h.epoch).toEqual([0, 1]);
    expect(h.history.loss![1]).toBeCloseTo((1 + 4 + 9) / 3, 5);
    expect(h.history.val_loss![0]).toBeCloseTo((1 + 4 + 9) / 3, 5);
    const e = (await m.evaluateDataset(ds, {})) as Tensor;
    expect(e.values[0]).toBeCloseTo(14 / 3, 5);
    const h2 = await m.fitDataset({ iterator: ds.iterator }, { epochs: 1, batchesPerEpoch: 1, verbose: 0 });
    expect(h2.params?.steps).toBe(1);
  });

  test('errors name the problem and the fix', async () => {
    const m = sequential({ layers: [dense({ units: 1, inputShape: [2] })] });
    await expect(m.fit(ones([2, 2]), ones([2, 1]))).rejects.toThrow(/not compiled. Call model.compile/);
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    await expect(m.fit(ones([3, 2]), ones([2, 1]), { verbose: 0 })).rejects.toThrow(ValueError);
    await expect(m.fit(ones([3, 2]), ones([2, 1]), { verbose: 0 })).rejects.toThrow(/same number of samples; input 0 has 3 but target 0 has 2/);
    // @ts-expect-error -- a JavaScript caller may leave out the loss; compile must reject it at run time.
    expect(() => m.compile({ optimizer: 'sgd', loss: undefined })).toThrow(/loss is required/);
  });
});

describe('logs', () => {
  test('batch logs carry running averages with batch and size', async () => {
    const seen: Logs[] = [];
    const m = frozenIdentity();
    await m.fit(tensor([[1], [3]]), zeros([2, 1]), { batchSize: 1, shuffle: false, verbose: 0, callbacks: { onBatchEnd: (_b, l) => void seen.push({ ...l }) } });
    expect(seen).toEqual([
      { batch: 0, size: 1, loss: 1 },
      { batch: 1, size: 1, loss: 5 },
    ]);
  });
});
