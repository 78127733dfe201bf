// Harness cases: convolution layers.
import * as tf from '../../../src/index.js';
import { describe } from 'vitest';
import { layerCase } from '../harness.js';

describe('convolution layers through the harness', () => {
  layerCase('conv2d valid, stride 1', (o) => tf.layers.conv2d({ filters: 2, kernelSize: 2, activation: 'tanh', ...o }), [2, 4, 4, 3], {
    expectedOutputShape: [2, 3, 3, 2],
    expectedWeightCount: 2,
  });
  layerCase('conv2d same padding, strides 2, rectangular kernel', (o) => tf.layers.conv2d({ filters: 3, kernelSize: [3, 2], strides: 2, padding: 'same', ...o }), [1, 5, 4, 2], {
    expectedOutputShape: [1, 3, 2, 3],
    expectedWeightCount: 2,
  });
  layerCase('conv2d dilation, no bias', (o) => tf.layers.conv2d({ filters: 1, kernelSize: 2, dilationRate: 2, useBias: false, ...o }), [1, 5, 5, 2], {
    expectedOutputShape: [1, 3, 3, 1],
    expectedWeightCount: 1,
  });
  layerCase('conv2d channelsFirst', (o) => tf.layers.conv2d({ filters: 2, kernelSize: 2, dataFormat: 'channelsFirst', ...o }), [2, 3, 4, 4], {
    expectedOutputShape: [2, 2, 3, 3],
    expectedWeightCount: 2,
  });
  layerCase('conv1d valid', (o) => tf.layers.conv1d({ filters: 2, kernelSize: 3, ...o }), [2, 6, 3], { expectedOutputShape: [2, 4, 2], expectedWeightCount: 2 });
  layerCase('conv1d causal, dilated', (o) => tf.layers.conv1d({ filters: 2, kernelSize: 3, padding: 'causal', dilationRate: 2, ...o }), [1, 6, 2], {
    expectedOutputShape: [1, 6, 2],
  });
  layerCase('conv2dTranspose same', (o) => tf.layers.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', ...o }), [1, 3, 3, 2], {
    expectedOutputShape: [1, 6, 6, 2],
    expectedWeightCount: 2,
  });
  layerCase('conv2dTranspose valid', (o) => tf.layers.conv2dTranspose({ filters: 1, kernelSize: 3, strides: 2, ...o }), [2, 2, 3, 1], { expectedOutputShape: [2, 5, 7, 1] });
  layerCase('depthwiseConv2d', (o) => tf.layers.depthwiseConv2d({ kernelSize: 2, depthMultiplier: 2, ...o }), [1, 4, 4, 3], {
    expectedOutputShape: [1, 3, 3, 6],
    expectedWeightCount: 2,
  });
  layerCase('separableConv2d', (o) => tf.layers.separableConv2d({ filters: 4, kernelSize: 3, padding: 'same', depthMultiplier: 2, ...o }), [1, 4, 4, 2], {
    expectedOutputShape: [1, 4, 4, 4],
    expectedWeightCount: 3,
  });
});
