import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as tf from '../../src/index.js';

function build(): tf.Sequential {
  tf.setSeed(42);
  const m = tf.sequential({ layers: [
    tf.layers.dense({ units: 8, activation: 'tanh', inputShape: [3], name: 'h' }),
    tf.layers.dense({ units: 1, name: 'o' }),
  ] });
  m.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
  return m;
}

const xs = tf.tensor([[0, 1, 2], [1, 0, -1], [2, 2, 0], [-1, 0.5, 1], [0.3, -2, 1], [1, 1, 1]]);
const ys = tf.tensor([[1], [0], [2], [-1], [0.5], [1.5]]);

describe('includeOptimizer', () => {
  test('2 epochs + save/load with optimizer state + 2 epochs equals 4 uninterrupted epochs bit for bit', async () => {
    const straight = build();
    await straight.fit(xs, ys, { epochs: 4, batchSize: 2, shuffle: false, verbose: 0 });

    const first = build();
    await first.fit(xs, ys, { epochs: 2, batchSize: 2, shuffle: false, verbose: 0 });
    const dir = join(mkdtempSync(join(tmpdir(), 'opt-')), 'm');
    await first.save(dir, { includeOptimizer: true });
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as {
      trainingConfig: { loss: string; optimizer_config: { class_name: string; config: Record<string, unknown> } };
      weightsManifest: { weights: { name: string; group?: string; shape: number[]; dtype: string }[] }[];
    };
    expect(json.trainingConfig.loss).toBe('mean_squared_error');
    expect(json.trainingConfig.optimizer_config.class_name).toBe('Adam');
    expect(json.trainingConfig.optimizer_config.config.learningRate).toBe(0.05);
    const opt = json.weightsManifest[0]?.weights.filter((w) => w.group === 'optimizer') ?? [];
    expect(opt[0]).toEqual({ name: 'iter', shape: [], dtype: 'int32', group: 'optimizer' });
    expect(opt.map((w) => w.name)).toContain('h/kernel/m');
    expect(opt).toHaveLength(1 + 2 * 4);

    const resumed = await tf.loadLayersModel(dir);
    expect(resumed.optimizer?.iterations).toBe(6);
    await resumed.fit(xs, ys, { epochs: 2, batchSize: 2, shuffle: false, verbose: 0 });
    const a = straight.getWeights();
    const b = resumed.getWeights();
    expect(b).toHaveLength(a.length);
    a.forEach((w, i) => expect(Array.from(b[i]?.dataSync() ?? [])).toEqual(Array.from(w.dataSync())));

    // Without the optimizer state the continuation differs (Adam restarts its moments), so the test can fail.
    await first.save(dir);
    const fresh = await tf.loadLayersModel(dir);
    fresh.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
    await fresh.fit(xs, ys, { epochs: 2, batchSize: 2, shuffle: false, verbose: 0 });
    expect(Array.from(fresh.getWeights()[0]?.dataSync() ?? [])).not.toEqual(Array.from(a[0]?.dataSync() ?? []));
  });
});
