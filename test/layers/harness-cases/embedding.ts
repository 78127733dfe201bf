// Harness cases: embeddings (token tables, positions) and GPT-2's embedding and tied output head.
import * as tf from '../../../src/index.js';
import { describe, expect } from 'vitest';
import { layerCase } from '../harness.js';

/** Deterministic ids in [0, n) for any shape. */
const ids = (n: number) => (shape: number[]): tf.Tensor =>
  tf.tensor(Array.from({ length: shape.reduce((p, d) => p * d, 1) }, (_, i) => (i * 7 + 1) % n), shape, 'int32');

describe('embedding layers through the harness', () => {
  layerCase('embedding (ids as input; the table gets finite-difference-checked gradients)', (o) => tf.layers.embedding({ inputDim: 5, outputDim: 3, ...o }), [2, 4], {
    expectedOutputShape: [2, 4, 3],
    expectedWeightCount: 1,
    makeInput: ids(5),
  });
  // Position layers read only the input's shape, not its values: the table (if any) is what gets differentiated.
  layerCase('positionEmbedding', (o) => tf.layers.positionEmbedding({ sequenceLength: 6, ...o }), [2, 3, 4], {
    expectedOutputShape: [2, 3, 4],
    expectedWeightCount: 1,
    constantInputs: [0],
  });
  layerCase('sinePositionEncoding', (o) => tf.layers.sinePositionEncoding({ maxWavelength: 500, ...o }), [2, 3, 4], {
    expectedOutputShape: [2, 3, 4],
    expectedWeightCount: 0,
    skipGrad: 'a fixed encoding of the positions: no weights, and the output does not depend on the input values',
  });
  layerCase(
    'tokenAndPositionEmbedding with maskZero',
    (o) => tf.layers.tokenAndPositionEmbedding({ vocabularySize: 7, sequenceLength: 5, embeddingDim: 3, maskZero: true, ...o }),
    [2, 4],
    { expectedOutputShape: [2, 4, 3], expectedWeightCount: 2, makeInput: (shape) => tf.tensor([1, 2, 3, 4, 5, 6, 0, 1], shape, 'int32') },
  );
  layerCase('GPTEmbedding: wte[ids] + wpe[positions]', (o) => new tf.layers.GPTEmbedding({ vocabSize: 6, contextLength: 5, hiddenDim: 3, seed: 2, initializerRange: 0.5, ...o }), [2, 4], {
    expectedOutputShape: [2, 4, 3],
    expectedWeightCount: 2,
    makeInput: ids(6),
  });
  layerCase('GPTEmbedding in training mode with dropout', (o) => new tf.layers.GPTEmbedding({ vocabSize: 6, contextLength: 5, hiddenDim: 3, seed: 2, dropout: 0.5, ...o }), [2, 4], {
    expectedOutputShape: [2, 4, 3],
    makeInput: ids(6),
    skipGrad: 'the dropout mask is redrawn on every call, so finite differences would compare different functions; inference mode is checked above',
  });
  // The head owns no weights: its config names the embedding, which the owning model (GPTModel) supplies on load;
  // the tied token table gets its gradient (and training step) through the head.
  layerCase(
    'TiedEmbeddingHead: logits = h · wteᵀ',
    (o) => new tf.layers.TiedEmbeddingHead({ embedding: tiedTable(o.dtype), ...o }),
    [2, 3, 4],
    {
      expectedOutputShape: [2, 3, 6],
      expectedWeightCount: 0,
      tiedWeights: (head) => [tokenTable(head as tf.layers.TiedEmbeddingHead)],
      deserialize: (s, original) => {
        const { embedding } = original as tf.layers.TiedEmbeddingHead;
        expect(s.config.embedding, 'the head config names its embedding').toBe(embedding.name);
        return new tf.layers.TiedEmbeddingHead({ ...(s.config as tf.layers.LayerArgs), embedding });
      },
    },
  );
});

/** A built GPTEmbedding of width 4 over 6 tokens, to tie a head to. */
function tiedTable(dtype: tf.DataType): tf.layers.GPTEmbedding {
  const emb = new tf.layers.GPTEmbedding({ vocabSize: 6, contextLength: 3, hiddenDim: 4, seed: 5, initializerRange: 0.5, dtype });
  emb.apply(tf.tensor([[0, 1]], [1, 2], 'int32'));
  return emb;
}

/** The token table the head is tied to (the embedding is built by `tiedTable`). */
function tokenTable(head: tf.layers.TiedEmbeddingHead): tf.Variable {
  const { wte } = head.embedding;
  if (!wte) throw new Error(`${head.name}: its embedding has no token table; build it first`);
  return wte;
}
