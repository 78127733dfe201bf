// Harness cases: attention and transformer blocks.
import * as tf from '../../../src/index.js';
import { describe } from 'vitest';
import { layerCase } from '../harness.js';

describe('attention layers through the harness', () => {
  layerCase('multiHeadAttention [query, value] (self-shaped key = value)', (o) => tf.layers.multiHeadAttention({ numHeads: 2, keyDim: 2, ...o }), [[2, 3, 4], [2, 5, 4]], {
    expectedOutputShape: [2, 3, 4],
    expectedWeightCount: 8,
    tol: 1e-4,
  });
  layerCase(
    'multiHeadAttention [query, value, key] with valueDim, outputShape, no bias',
    (o) => tf.layers.multiHeadAttention({ numHeads: 2, keyDim: 2, valueDim: 3, outputShape: 5, useBias: false, ...o }),
    [[2, 3, 4], [2, 2, 3], [2, 2, 6]],
    { expectedOutputShape: [2, 3, 5], expectedWeightCount: 4, tol: 1e-4 },
  );
  layerCase('transformerDecoderBlock', (o) => tf.layers.transformerDecoderBlock({ numHeads: 2, intermediateDim: 6, seed: 4, ...o }), [2, 3, 4], {
    expectedOutputShape: [2, 3, 4],
    expectedWeightCount: 12,
  });
  layerCase(
    'transformerDecoderBlock without biases and with exact GELU (nanoGPT variant)',
    (o) => tf.layers.transformerDecoderBlock({ numHeads: 2, intermediateDim: 6, seed: 4, useBias: false, activation: 'gelu', ...o }),
    [2, 3, 4],
    { expectedOutputShape: [2, 3, 4], expectedWeightCount: 6 },
  );
});
