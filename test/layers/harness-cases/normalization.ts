// Harness cases: normalization layers.
import * as tf from '../../../src/index.js';
import { describe } from 'vitest';
import { layerCase } from '../harness.js';

describe('normalization layers through the harness', () => {
  layerCase('batchNormalization in inference mode', (o) => tf.layers.batchNormalization({ gammaInitializer: { className: 'RandomNormal', config: { seed: 1 } }, ...o }), [4, 3], {
    expectedOutputShape: [4, 3],
    expectedWeightCount: 4,
  });
  layerCase('batchNormalization in training mode: gradients flow through the batch statistics', (o) => tf.layers.batchNormalization({ betaInitializer: 'ones', ...o }), [5, 2, 3], {
    expectedOutputShape: [5, 2, 3],
    training: true,
    tol: 1e-4,
  });
  layerCase('batchNormalization on channelsFirst images (axis 1)', (o) => tf.layers.batchNormalization({ axis: 1, ...o }), [3, 2, 2, 2], {
    expectedOutputShape: [3, 2, 2, 2],
    training: true,
    tol: 1e-4,
  });
  layerCase('batchNormalization with a Keras-style axis list', (o) => tf.layers.batchNormalization({ axis: [3], ...o }), [3, 2, 2, 2], {
    expectedOutputShape: [3, 2, 2, 2],
    expectedWeightCount: 4,
  });
  layerCase('batchNormalization over two feature axes', (o) => tf.layers.batchNormalization({ axis: [-1, 1], ...o }), [4, 2, 3], { training: true, tol: 1e-4 });
  layerCase('layerNormalization over the last axis', (o) => tf.layers.layerNormalization(o), [3, 4], { expectedOutputShape: [3, 4], expectedWeightCount: 2, tol: 1e-4 });
  layerCase('layerNormalization over two axes, no center', (o) => tf.layers.layerNormalization({ axis: [1, 2], center: false, ...o }), [2, 3, 2], { expectedWeightCount: 1, tol: 1e-4 });
});
