import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as tf from '../../src/index.js';
import { ConfigError, FormatError } from '../../src/core/errors.js';
import { repoRoot } from '../helpers/paths.js';
import { mk, missingClasses } from './layer-factory.js';

const fixtures = join(repoRoot, 'test/fixtures/io');
interface W { shape: number[]; data: number[] }
const expected = JSON.parse(readFileSync(join(fixtures, 'keras-dense.expected.json'), 'utf8')) as {
  input: number[][]; output: number[][]; cnn: Record<string, W>; rnn: Record<string, W>; gru: Record<string, W>; bi: Record<string, W>;
};
const t = (w: W | undefined): tf.Tensor => tf.tensor((w as W).data, (w as W).shape);

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs((a[i] ?? 0) - (b[i] ?? 0))).toBeLessThan(tol);
}

describe('Keras import', () => {
  test('Keras 3 .keras Dense model matches the hand-computed predictions', async () => {
    const model = await tf.io.loadKerasModel(join(fixtures, 'keras3-dense.keras'));
    expect(model.getClassName()).toBe('Sequential');
    expect(model.layers.map((l) => l.name)).toEqual(['dense', 'dense_1']);
    const y = model.predict(tf.tensor(expected.input)) as tf.Tensor;
    close(y.dataSync(), expected.output.flat(), 1e-6);
  });

  test('legacy Keras 2 .h5 Dense model (with a weightless Dropout) matches the same predictions, via loadLayersModel', async () => {
    const model = await tf.loadLayersModel(join(fixtures, 'keras2-dense.h5'));
    expect(model.layers.map((l) => l.getClassName())).toEqual(['Dense', 'Dropout', 'Dense']);
    close((model.predict(tf.tensor(expected.input)) as tf.Tensor).dataSync(), expected.output.flat(), 1e-6);
  });

  const cnnMissing = missingClasses('Conv2D', 'BatchNormalization', 'MaxPooling2D');
  test(`Keras 3 CNN (Conv2D, BatchNormalization, MaxPooling2D, Flatten, Dropout, Dense)`, async () => {
    // A missing layer class is a failure, not a skip: the format test must not pass while its subject is gone.
    expect(cnnMissing, 'layer classes this case needs that are not registered').toEqual([]);
    const model = await tf.io.loadKerasModel(join(fixtures, 'keras3-cnn.keras'));
    const c = expected.cnn;
    const ref = tf.sequential({ layers: [
      mk('conv2d', { filters: 3, kernelSize: 3, activation: 'relu', inputShape: [6, 6, 2] }),
      mk('batchNormalization', { epsilon: 0.001 }),
      mk('maxPooling2d', { poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2 }),
    ] });
    ref.setWeights([t(c.conv), t(c.convB), t(c.bnG), t(c.bnB), t(c.bnM), t(c.bnV), t(c.dk), t(c.db)]);
    const x = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 5);
    close((model.predict(x) as tf.Tensor).dataSync(), (ref.predict(x) as tf.Tensor).dataSync(), 1e-6);
  });

  const rnnMissing = missingClasses('Embedding', 'LSTM');
  test(`Keras 3 functional Embedding -> LSTM -> Dense`, async () => {
    // A missing layer class is a failure, not a skip: the format test must not pass while its subject is gone.
    expect(rnnMissing, 'layer classes this case needs that are not registered').toEqual([]);
    const model = await tf.io.loadKerasModel(join(fixtures, 'keras3-lstm.keras'));
    const r = expected.rnn;
    const ref = tf.sequential({ layers: [
      mk('embedding', { inputDim: 10, outputDim: 3, inputShape: [5] }),
      mk('lstm', { units: 2, recurrentActivation: 'sigmoid' }),
      tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    ] });
    ref.setWeights([t(r.emb), t(r.lk), t(r.lr), t(r.lb), t(r.dk), t(r.db)]);
    const x = tf.tensor([[1, 2, 3, 4, 5], [9, 0, 0, 7, 1]], undefined, 'int32');
    close((model.predict(x) as tf.Tensor).dataSync(), (ref.predict(x) as tf.Tensor).dataSync(), 1e-6);
  });

  const gruMissing = missingClasses('GRU', 'GlobalAveragePooling1D');
  test(`Keras 3 GRU (reset_after=True, bias [2, 3u], L2 regularizer object) -> GlobalAveragePooling1D -> Dense`, async () => {
    // A missing layer class is a failure, not a skip: the format test must not pass while its subject is gone.
    expect(gruMissing, 'layer classes this case needs that are not registered').toEqual([]);
    const model = await tf.io.loadKerasModel(join(fixtures, 'keras3-gru.keras'));
    const r = expected.gru;
    const ref = tf.sequential({ layers: [
      mk('gru', { units: 2, recurrentActivation: 'sigmoid', resetAfter: true, returnSequences: true, inputShape: [4, 3] }),
      mk('globalAveragePooling1d', {}),
      tf.layers.dense({ units: 1 }),
    ] });
    ref.setWeights([t(r.k), t(r.r), t(r.b), t(r.dk), t(r.db)]);
    const x = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 8);
    close((model.predict(x) as tf.Tensor).dataSync(), (ref.predict(x) as tf.Tensor).dataSync(), 1e-6);
  });

  const biMissing = missingClasses('Conv1D', 'LayerNormalization', 'Bidirectional', 'LSTM');
  test(`Keras 3 Conv1D -> LayerNormalization -> Bidirectional(LSTM) (nested layer config, forward_layer/backward_layer weights)`, async () => {
    // A missing layer class is a failure, not a skip: the format test must not pass while its subject is gone.
    expect(biMissing, 'layer classes this case needs that are not registered').toEqual([]);
    const model = await tf.io.loadKerasModel(join(fixtures, 'keras3-bidirectional.keras'));
    const b = expected.bi;
    const ref = tf.sequential({ layers: [
      mk('conv1d', { filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [5, 3] }),
      mk('layerNormalization', { epsilon: 0.001 }),
      mk('bidirectional', { layer: mk('lstm', { units: 2, recurrentActivation: 'sigmoid' }) }),
      tf.layers.dense({ units: 1 }),
    ] });
    ref.setWeights([b.ck, b.cb, b.lg, b.lb, b.fk, b.fr, b.fb, b.bk, b.br, b.bb, b.dk, b.db].map(t));
    const x = tf.randomNormal([2, 5, 3], 0, 1, 'float32', 4);
    close((model.predict(x) as tf.Tensor).dataSync(), (ref.predict(x) as tf.Tensor).dataSync(), 1e-6);
  });

  test('model.loadWeights reads Keras 3 .weights.h5 and legacy .h5 weights by structure, whatever our layer names', async () => {
    const { unzipSync } = await import('fflate');
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'kw-'));
    writeFileSync(join(dir, 'm.weights.h5'), unzipSync(readFileSync(join(fixtures, 'keras3-dense.keras')))['model.weights.h5'] as Uint8Array);
    const build = (): tf.Sequential => tf.sequential({ layers: [
      tf.layers.dense({ units: 4, activation: 'relu', inputShape: [3], name: 'first' }), tf.layers.dense({ units: 2, activation: 'softmax', name: 'second' })] });
    const a = build();
    await a.loadWeights(join(dir, 'm.weights.h5'));
    close((a.predict(tf.tensor(expected.input)) as tf.Tensor).dataSync(), expected.output.flat(), 1e-6);
    const b = tf.sequential({ layers: [tf.layers.dense({ units: 4, activation: 'relu', inputShape: [3] }), tf.layers.dropout({ rate: 0.1 }), tf.layers.dense({ units: 2, activation: 'softmax' })] });
    await b.loadWeights(join(fixtures, 'keras2-dense.h5'));
    close((b.predict(tf.tensor(expected.input)) as tf.Tensor).dataSync(), expected.output.flat(), 1e-6);
    const c = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [3] })] });
    const before = Array.from(c.getWeights()[0]?.dataSync() ?? []);
    await expect(c.loadWeights(join(fixtures, 'keras2-dense.h5'))).rejects.toThrow(/weights for 2 layers but the model has 1 layers with weights/);
    expect(Array.from(c.getWeights()[0]?.dataSync() ?? [])).toEqual(before);
  });

  test('an unsupported Keras layer is named in the error', async () => {
    const { zipSync, unzipSync, strToU8 } = await import('fflate');
    const entries = unzipSync(readFileSync(join(fixtures, 'keras3-dense.keras')));
    const cfg = JSON.parse(new TextDecoder().decode(entries['config.json'])) as { config: { layers: { class_name: string }[] } };
    (cfg.config.layers[2] as { class_name: string }).class_name = 'MultiHeadAttentionX';
    entries['config.json'] = strToU8(JSON.stringify(cfg));
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const p = join(mkdtempSync(join(tmpdir(), 'k-')), 'bad.keras');
    writeFileSync(p, zipSync(entries));
    await expect(tf.io.loadKerasModel(p)).rejects.toThrow(ConfigError);
    await expect(tf.io.loadKerasModel(p)).rejects.toThrow(/bad.keras: Unknown layer class 'MultiHeadAttentionX'/);
  });

  test('non-Keras files are rejected with FormatError naming the file', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const p = join(mkdtempSync(join(tmpdir(), 'k-')), 'x.h5');
    writeFileSync(p, 'hello, not hdf5');
    await expect(tf.io.loadKerasModel(p)).rejects.toThrow(FormatError);
    await expect(tf.io.loadKerasModel(p)).rejects.toThrow(/x.h5: not an HDF5 file/);
  });
});
