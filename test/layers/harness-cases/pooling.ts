// Harness cases: pooling, padding, cropping and upsampling layers.
import * as tf from '../../../src/index.js';
import { describe } from 'vitest';
import { layerCase } from '../harness.js';

describe('pooling and spatial layers through the harness', () => {
  layerCase('maxPooling2d default strides = poolSize', (o) => tf.layers.maxPooling2d({ poolSize: 2, ...o }), [2, 4, 5, 3], { expectedOutputShape: [2, 2, 2, 3], seed: 3 });
  layerCase('maxPooling2d same padding, stride 1', (o) => tf.layers.maxPooling2d({ poolSize: [2, 3], strides: 1, padding: 'same', ...o }), [1, 3, 3, 2], {
    expectedOutputShape: [1, 3, 3, 2],
  });
  layerCase('averagePooling2d valid', (o) => tf.layers.averagePooling2d({ poolSize: 2, strides: 1, ...o }), [2, 3, 3, 2], { expectedOutputShape: [2, 2, 2, 2] });
  layerCase('averagePooling2d channelsFirst', (o) => tf.layers.averagePooling2d({ poolSize: 2, dataFormat: 'channelsFirst', ...o }), [1, 3, 4, 4], {
    expectedOutputShape: [1, 3, 2, 2],
  });
  layerCase('maxPooling1d', (o) => tf.layers.maxPooling1d({ poolSize: 2, ...o }), [2, 5, 3], { expectedOutputShape: [2, 2, 3] });
  layerCase('averagePooling1d same', (o) => tf.layers.averagePooling1d({ poolSize: 3, strides: 1, padding: 'same', ...o }), [2, 4, 2], { expectedOutputShape: [2, 4, 2] });
  layerCase('globalAveragePooling1d', (o) => tf.layers.globalAveragePooling1d(o), [2, 5, 3], { expectedOutputShape: [2, 3] });
  layerCase('globalMaxPooling1d', (o) => tf.layers.globalMaxPooling1d(o), [2, 5, 3], { expectedOutputShape: [2, 3] });
  layerCase('globalAveragePooling2d', (o) => tf.layers.globalAveragePooling2d(o), [2, 3, 4, 5], { expectedOutputShape: [2, 5] });
  layerCase('globalMaxPooling2d keepDims', (o) => tf.layers.globalMaxPooling2d({ keepDims: true, ...o }), [2, 3, 4, 5], { expectedOutputShape: [2, 1, 1, 5] });
  layerCase('globalAveragePooling2d channelsFirst', (o) => tf.layers.globalAveragePooling2d({ dataFormat: 'channelsFirst', ...o }), [2, 3, 4, 5], { expectedOutputShape: [2, 3] });
  layerCase('zeroPadding2d', (o) => tf.layers.zeroPadding2d({ padding: [[1, 0], [2, 1]], ...o }), [2, 2, 3, 2], { expectedOutputShape: [2, 3, 6, 2] });
  layerCase('zeroPadding2d channelsFirst', (o) => tf.layers.zeroPadding2d({ padding: 1, dataFormat: 'channelsFirst', ...o }), [1, 2, 2, 2], { expectedOutputShape: [1, 2, 4, 4] });
  layerCase('cropping2D', (o) => tf.layers.cropping2D({ cropping: [1, 2], ...o }), [2, 4, 5, 2], { expectedOutputShape: [2, 2, 1, 2] });
  layerCase('upSampling2d nearest', (o) => tf.layers.upSampling2d({ size: [2, 3], ...o }), [1, 2, 2, 2], { expectedOutputShape: [1, 4, 6, 2] });
  layerCase('upSampling2d bilinear', (o) => tf.layers.upSampling2d({ interpolation: 'bilinear', ...o }), [1, 2, 3, 1], { expectedOutputShape: [1, 4, 6, 1] });
});
