// End to end: a CSV dataset, mapped and batched, trains a model through model.fitDataset.
import { expect, test } from 'vitest';
import { resolve } from 'node:path';
import * as tf from '../../src/index.js';
import { repoRoot } from '../helpers/paths.js';

test('csv -> map -> shuffle -> batch feeds model.fitDataset and the loss falls', async () => {
  tf.setSeed(1);
  const ds = tf.data
    .csv(resolve(repoRoot, 'test/fixtures/data/linear.csv'), { columnConfigs: { label: { isLabel: true } } })
    .map((e) => {
      const { xs, ys } = e as { xs: Record<string, number>; ys: Record<string, number> };
      return { xs: Object.values(xs), ys: [ys['label'] as number] };
    })
    .shuffle(200, 5)
    .batch(32);
  const first = await (await ds.iterator()).next();
  expect((first.value?.xs as tf.Tensor).shape).toEqual([32, 2]);
  expect((first.value?.ys as tf.Tensor).shape).toEqual([32, 1]);

  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2] })] });
  model.compile({ optimizer: tf.train.adam(0.1), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const history = await model.fitDataset(ds, { epochs: 15, verbose: 0 });
  const losses = history.history['loss'] as number[];
  expect(losses[losses.length - 1]).toBeLessThan(losses[0]! * 0.6);
  const acc = history.history['acc'] ?? history.history['accuracy'];
  expect((acc as number[])[(acc as number[]).length - 1]).toBeGreaterThan(0.9);
});
