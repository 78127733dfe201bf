// Harness cases: the Keras preprocessing layers (tf.layers.rescaling, resizing, centerCrop and the random
// augmentations). The random ones are the identity in inference mode (checked like any layer) and, with a seed,
// repeat their training-mode output after a config round trip (`seededTraining`).
import * as tf from '../../../src/index.js';
import { describe } from 'vitest';
import { layerCase } from '../harness.js';

const IMG = [2, 5, 6, 2];

describe('preprocessing layers through the harness', () => {
  layerCase('rescaling', (o) => tf.layers.rescaling({ scale: 1 / 127.5, offset: -1, ...o }), IMG, { expectedOutputShape: IMG, expectedWeightCount: 0 });
  layerCase('resizing bilinear', (o) => tf.layers.resizing({ height: 3, width: 4, ...o }), IMG, { expectedOutputShape: [2, 3, 4, 2] });
  layerCase('resizing nearest, cropToAspectRatio', (o) => tf.layers.resizing({ height: 4, width: 2, interpolation: 'nearest', cropToAspectRatio: true, ...o }), IMG, {
    expectedOutputShape: [2, 4, 2, 2],
  });
  layerCase('centerCrop', (o) => tf.layers.centerCrop({ height: 3, width: 4, ...o }), IMG, { expectedOutputShape: [2, 3, 4, 2] });
  layerCase('randomFlip', (o) => tf.layers.randomFlip({ seed: 3, ...o }), IMG, { expectedOutputShape: IMG, seededTraining: true });
  layerCase('randomRotation', (o) => tf.layers.randomRotation({ factor: 0.2, fillMode: 'constant', seed: 4, ...o }), IMG, { expectedOutputShape: IMG, seededTraining: true });
  layerCase('randomZoom', (o) => tf.layers.randomZoom({ heightFactor: [-0.3, 0.3], seed: 5, ...o }), IMG, { expectedOutputShape: IMG, seededTraining: true });
  layerCase('randomTranslation', (o) => tf.layers.randomTranslation({ heightFactor: 0.3, widthFactor: 0.3, fillMode: 'nearest', seed: 6, ...o }), IMG, {
    expectedOutputShape: IMG,
    seededTraining: true,
  });
  layerCase('randomContrast', (o) => tf.layers.randomContrast({ factor: 0.5, seed: 7, ...o }), IMG, { expectedOutputShape: IMG, seededTraining: true });
});
