// Harness cases: core layers (dense, activation, reshaping, dropout and noise, the input layer).
import * as tf from '../../../src/index.js';
import { describe } from 'vitest';
import { layerCase } from '../harness.js';

describe('core layers through the harness', () => {
  layerCase('dense (rank 2)', (o) => tf.layers.dense({ units: 3, activation: 'tanh', ...o }), [2, 4], { expectedOutputShape: [2, 3], expectedWeightCount: 2 });
  layerCase('dense on rank-3 input applies to the last axis', (o) => tf.layers.dense({ units: 2, useBias: false, ...o }), [2, 3, 4], {
    expectedOutputShape: [2, 3, 2],
    expectedWeightCount: 1,
  });
  layerCase('activation', (o) => tf.layers.activation({ activation: 'sigmoid', ...o }), [2, 5], { expectedOutputShape: [2, 5], expectedWeightCount: 0 });
  layerCase('flatten', (o) => tf.layers.flatten(o), [2, 3, 4], { expectedOutputShape: [2, 12] });
  layerCase('reshape with -1', (o) => tf.layers.reshape({ targetShape: [2, -1], ...o }), [3, 6], { expectedOutputShape: [3, 2, 3] });
  layerCase('permute', (o) => tf.layers.permute({ dims: [2, 1], ...o }), [2, 3, 4], { expectedOutputShape: [2, 4, 3] });
  layerCase('repeatVector', (o) => tf.layers.repeatVector({ n: 3, ...o }), [2, 4], { expectedOutputShape: [2, 3, 4] });
  layerCase('dropout (inference is identity; seeded in training)', (o) => tf.layers.dropout({ rate: 0.5, ...o }), [4, 5], { expectedOutputShape: [4, 5] });
  layerCase('dropout in training mode with a seed', (o) => tf.layers.dropout({ rate: 0.5, seed: 3, ...o }), [4, 5], { expectedOutputShape: [4, 5], seededTraining: true });
  layerCase('gaussianNoise (inference is identity; seeded in training)', (o) => tf.layers.gaussianNoise({ stddev: 0.3, seed: 4, ...o }), [3, 4], { expectedOutputShape: [3, 4], seededTraining: true });
  layerCase('gaussianDropout (inference is identity; seeded in training)', (o) => tf.layers.gaussianDropout({ rate: 0.3, seed: 5, ...o }), [3, 4], { expectedOutputShape: [3, 4], seededTraining: true });
  layerCase('spatialDropout1d keeps its shape; seeded in training', (o) => tf.layers.spatialDropout1d({ rate: 0.3, seed: 6, ...o }), [2, 5, 3], { expectedOutputShape: [2, 5, 3], seededTraining: true });
  layerCase('spatialDropout2d keeps its shape; seeded in training', (o) => tf.layers.spatialDropout2d({ rate: 0.3, seed: 7, ...o }), [2, 3, 3, 2], { expectedOutputShape: [2, 3, 3, 2], seededTraining: true });
  layerCase('inputLayer passes its input through', (o) => tf.layers.inputLayer({ inputShape: [4], ...o }), [2, 4], { expectedOutputShape: [2, 4], expectedWeightCount: 0 });
});
