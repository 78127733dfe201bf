// PositionEmbedding, SinePositionEncoding and TokenAndPositionEmbedding: values, gradients, masks, configs.
import { describe, expect, test } from 'vitest';
import * as tf from '../../index.js';
import type { Tensor } from '../../index.js';
import { expectClose, randn } from '../../../test/helpers/grad-check.js';

describe('PositionEmbedding', () => {
  test('returns the first T rows of the table for every batch row (and from startIndex)', () => {
    const layer = tf.layers.positionEmbedding({ sequenceLength: 5, dtype: 'float64' });
    const x = randn([2, 3, 4], { seed: 1 });
    const y = layer.apply(x) as Tensor;
    const table = layer.getWeights()[0] as Tensor;
    expect(table.shape).toEqual([5, 4]);
    expectClose(y, tf.stack([table.slice([0, 0], [3, 4]), table.slice([0, 0], [3, 4])]), 0);
    expectClose(layer.apply(x, { startIndex: 2 }) as Tensor, tf.stack([table.slice([2, 0], [3, 4]), table.slice([2, 0], [3, 4])]), 0);
  });

  test('the table gradient is the upstream gradient summed over the batch', () => {
    const layer = tf.layers.positionEmbedding({ sequenceLength: 4, dtype: 'float64' });
    const x = randn([3, 2, 2], { seed: 2 });
    const proj = randn([3, 2, 2], { seed: 3 });
    layer.apply(x);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x) as Tensor, proj)), layer.trainableWeights);
    const expected = tf.concat([tf.sum(proj, 0), tf.zeros([2, 2], 'float64')], 0);
    expectClose(grads[layer.trainableWeights[0]!.name] as Tensor, expected, 1e-12);
  });

  test('a too-long sequence and a bad sequenceLength', () => {
    expect(() => tf.layers.positionEmbedding({ sequenceLength: 2 }).apply(tf.zeros([1, 3, 4]))).toThrow(
      /PositionEmbedding \(.*\): the sequence has 3 steps \(from position 0\) but sequenceLength is 2/,
    );
    expect(() => tf.layers.positionEmbedding({ sequenceLength: 0 })).toThrow(/sequenceLength must be a positive integer, received 0/);
  });
});

describe('SinePositionEncoding', () => {
  test('even features are sines, odd ones cosines, with wavelengths maxWavelength^(2i/D)', () => {
    const y = tf.layers.sinePositionEncoding().apply(tf.zeros([2, 3, 4], 'float64')) as Tensor;
    const v = y.arraySync() as number[][][];
    const p = 2;
    expect(v[1]![p]![0]).toBeCloseTo(Math.sin(p), 12);
    expect(v[1]![p]![1]).toBeCloseTo(Math.cos(p), 12);
    expect(v[0]![p]![2]).toBeCloseTo(Math.sin(p / 100), 12);
    expect(v[0]![p]![3]).toBeCloseTo(Math.cos(p / 100), 12);
    expect(v[0]![0]).toEqual([0, 1, 0, 1]);
  });
});

describe('TokenAndPositionEmbedding', () => {
  test('token rows plus position rows; weights in KerasNLP order', () => {
    const layer = tf.layers.tokenAndPositionEmbedding({ vocabularySize: 6, sequenceLength: 4, embeddingDim: 3, dtype: 'float64' });
    const ids = tf.tensor([[1, 5, 0], [2, 2, 3]], [2, 3], 'int32');
    const y = layer.apply(ids) as Tensor;
    expect(layer.weights.map((w) => w.name.split('/').slice(1).join('/'))).toEqual(['token_embedding/embeddings', 'position_embedding/embeddings']);
    const [tok, pos] = layer.getWeights() as [Tensor, Tensor];
    const row = (t: Tensor, i: number): Tensor => t.slice([i, 0], [1, 3]);
    expectClose(y.slice([0, 1, 0], [1, 1, 3]).reshape([1, 3]), row(tok, 5).add(row(pos, 1)), 1e-12);
    expectClose(y.slice([1, 2, 0], [1, 1, 3]).reshape([1, 3]), row(tok, 3).add(row(pos, 2)), 1e-12);
  });

  test('gradients flow into the looked-up token rows and the used positions', () => {
    const layer = tf.layers.tokenAndPositionEmbedding({ vocabularySize: 4, sequenceLength: 3, embeddingDim: 2, dtype: 'float64' });
    const ids = tf.tensor([[1, 1], [3, 0]], [2, 2], 'int32');
    const proj = randn([2, 2, 2], { seed: 4 });
    layer.apply(ids);
    const [tokVar, posVar] = layer.trainableWeights as [tf.Variable, tf.Variable];
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(ids) as Tensor, proj)), [tokVar, posVar]);
    const p = proj.arraySync() as number[][][];
    const tokExpected = [[...p[1]![1]!], [p[0]![0]![0]! + p[0]![1]![0]!, p[0]![0]![1]! + p[0]![1]![1]!], [0, 0], [...p[1]![0]!]];
    expectClose(grads[tokVar.name] as Tensor, tf.tensor(tokExpected, [4, 2], 'float64'), 1e-12);
    expectClose(grads[posVar.name] as Tensor, tf.concat([tf.sum(proj, 0), tf.zeros([1, 2], 'float64')], 0), 1e-12);
  });

  test('maskZero emits id != 0 and an LSTM after it skips the padding', () => {
    const ids = tf.input({ shape: [4], dtype: 'int32' });
    const emb = tf.layers.tokenAndPositionEmbedding({ vocabularySize: 5, sequenceLength: 4, embeddingDim: 3, maskZero: true });
    expect(Array.from((emb.computeMask(tf.tensor([[0, 2, 0, 1]], [1, 4], 'int32')) as Tensor).dataSync())).toEqual([0, 1, 0, 1]);
    const lstm = tf.layers.lstm({ units: 2, returnSequences: true });
    const model = tf.model({ inputs: ids, outputs: lstm.apply(emb.apply(ids)) as tf.layers.SymbolicTensor });
    const y = model.predict(tf.tensor([[0, 0, 3, 4]], [1, 4], 'int32')) as Tensor;
    expectClose(y.slice([0, 0, 0], [1, 2, 2]), tf.zeros([1, 2, 2]), 0);
  });

  test('out-of-range ids', () => {
    const layer = tf.layers.tokenAndPositionEmbedding({ vocabularySize: 3, sequenceLength: 2, embeddingDim: 2 });
    expect(() => layer.apply(tf.tensor([[1, 3]], [1, 2], 'int32'))).toThrow(/ids must be in \[0, 3\), received values in \[1, 3\]/);
  });
});
