// Harness cases: merge layers (a list of inputs; gradients w.r.t. each input).
import * as tf from '../../../src/index.js';
import { describe } from 'vitest';
import { layerCase } from '../harness.js';

describe('merge layers through the harness', () => {
  layerCase('add of three inputs', (o) => tf.layers.add(o), [[2, 3], [2, 3], [2, 3]], { expectedOutputShape: [2, 3], expectedWeightCount: 0 });
  layerCase('add broadcasts a size-1 axis', (o) => tf.layers.add(o), [[2, 3, 4], [2, 1, 4]], { expectedOutputShape: [2, 3, 4] });
  layerCase('subtract', (o) => tf.layers.subtract(o), [[2, 4], [2, 4]], { expectedOutputShape: [2, 4] });
  layerCase('multiply', (o) => tf.layers.multiply(o), [[2, 3], [2, 3]], { expectedOutputShape: [2, 3] });
  layerCase('average', (o) => tf.layers.average(o), [[2, 3], [2, 3], [2, 3]], { expectedOutputShape: [2, 3] });
  // Standard normals with different seeds: ties (where max/min is not differentiable) have probability zero.
  layerCase('maximum', (o) => tf.layers.maximum(o), [[2, 5], [2, 5]], { expectedOutputShape: [2, 5] });
  layerCase('minimum', (o) => tf.layers.minimum(o), [[2, 5], [2, 5]], { expectedOutputShape: [2, 5] });
  layerCase('concatenate on the last axis', (o) => tf.layers.concatenate(o), [[2, 3], [2, 2]], { expectedOutputShape: [2, 5] });
  layerCase('concatenate on axis 1 of rank-3 inputs', (o) => tf.layers.concatenate({ axis: 1, ...o }), [[2, 1, 3], [2, 2, 3]], { expectedOutputShape: [2, 3, 3] });
  layerCase('dot over the features', (o) => tf.layers.dot({ axes: 1, ...o }), [[2, 4], [2, 4]], { expectedOutputShape: [2, 1] });
  layerCase('dot of sequences with per-input axes, cosine-normalized', (o) => tf.layers.dot({ axes: [2, 2], normalize: true, ...o }), [[2, 3, 4], [2, 5, 4]], {
    expectedOutputShape: [2, 3, 5],
    tol: 1e-4,
  });
});
