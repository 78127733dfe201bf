// Text classifiers built from the sequence layers learn a toy sentiment task: a "positive" token among neutral ones.
import { describe, expect, test } from 'vitest';
import * as tf from '../../index.js';
import { Random } from '../../core/random.js';

const T = 8, V = 12, N = 64;

/** Pre-padded id sequences; label 1 when the "good" token (1) occurs, never together with the "bad" token (2). */
function toyData(seed: number): { x: tf.Tensor; y: tf.Tensor } {
  const rng = new Random(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let n = 0; n < N; n++) {
    const len = 3 + rng.int(T - 3);
    const seq = Array.from({ length: len }, () => 3 + rng.int(V - 3));
    const label = n % 2;
    seq[rng.int(len)] = label === 1 ? 1 : 2;
    rows.push([...Array<number>(T - len).fill(0), ...seq]);
    labels.push(label);
  }
  return { x: tf.tensor(rows.flat(), [N, T], 'int32'), y: tf.tensor(labels, [N, 1]) };
}

async function trainLosses(layers: tf.layers.Layer[], epochs: number): Promise<number[]> {
  tf.setSeed(5);
  const model = tf.sequential({ layers });
  model.compile({ optimizer: tf.train.adam(0.02), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const { x, y } = toyData(2);
  const h = await model.fit(x, y, { epochs, batchSize: 16, verbose: 0 });
  return h.history.loss as number[];
}

describe('toy text classifiers train', () => {
  test('embedding(maskZero) → lstm → dense (the sentiment example architecture)', async () => {
    const loss = await trainLosses(
      [
        tf.layers.embedding({ inputDim: V, outputDim: 8, inputLength: T, maskZero: true }),
        tf.layers.lstm({ units: 8, recurrentActivation: 'sigmoid' }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
      12,
    );
    expect(loss[loss.length - 1]).toBeLessThan((loss[0] as number) * 0.5);
  });

  test('embedding → conv1d → globalMaxPooling1d → dense', async () => {
    const loss = await trainLosses(
      [
        tf.layers.embedding({ inputDim: V, outputDim: 8, inputLength: T }),
        tf.layers.conv1d({ filters: 8, kernelSize: 3, activation: 'relu', padding: 'same' }),
        tf.layers.globalMaxPooling1d(),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
      12,
    );
    expect(loss[loss.length - 1]).toBeLessThan((loss[0] as number) * 0.5);
  });

  test('embedding(maskZero) → bidirectional gru → dense', async () => {
    const loss = await trainLosses(
      [
        tf.layers.embedding({ inputDim: V, outputDim: 6, inputLength: T, maskZero: true }),
        tf.layers.bidirectional({ layer: tf.layers.gru({ units: 4, resetAfter: true, recurrentActivation: 'sigmoid' }) }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
      12,
    );
    expect(loss[loss.length - 1]).toBeLessThan((loss[0] as number) * 0.5);
  });
});
