// Gradient cases for the fused cross-entropy ops (src/ops/losses-fused.ts) and a few composite Keras losses.
import * as tf from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { randn } from '../helpers/grad-check.js';
import { weighted } from './core.js';
import type { GradCases } from './types.js';

const r = (shape: number[], seed: number, offset = 0, scale = 1): Tensor => randn(shape, { seed, offset, scale });
/** Rows of a probability distribution (soft labels). */
const dist = (shape: number[], seed: number): Tensor => tf.softmax(r(shape, seed));
const probs = (shape: number[], seed: number): Tensor => tf.sigmoid(r(shape, seed));

export const cases: GradCases = {
  SoftmaxCrossEntropyWithLogits: [
    { label: 'soft labels [3,4]', f: (z, x) => weighted(tf.softmaxCrossEntropyWithLogits(z, x)), inputs: [dist([3, 4], 1), r([3, 4], 2, 0, 3)] },
    { label: 'rank 3', f: (z, x) => weighted(tf.softmaxCrossEntropyWithLogits(z, x)), inputs: [dist([2, 2, 3], 3), r([2, 2, 3], 4)] },
  ],
  SparseSoftmaxCrossEntropyWithLogits: [
    {
      label: 'int labels [4] x [4,3]',
      f: (x) => weighted(tf.sparseSoftmaxCrossEntropyWithLogits(tf.tensor([0, 2, 1, 2], [4], 'int32'), x)),
      inputs: [r([4, 3], 5, 0, 2)],
    },
  ],
  SigmoidCrossEntropyWithLogits: [
    { label: 'soft labels', f: (z, x) => weighted(tf.sigmoidCrossEntropyWithLogits(z, x)), inputs: [probs([2, 3], 6), r([2, 3], 7, 0, 3)] },
  ],
  categoricalCrossentropy: [
    {
      label: 'probabilities (clipped path)',
      f: (p) => weighted(tf.losses.categoricalCrossentropy(tf.tensor([[0, 1, 0], [1, 0, 0]], [2, 3], 'float64'), p)),
      inputs: [dist([2, 3], 8)],
    },
  ],
  binaryCrossentropy: [
    {
      label: 'probabilities with label smoothing',
      f: (p) => weighted(new tf.losses.BinaryCrossentropy({ labelSmoothing: 0.1 }).call(tf.tensor([[0, 1], [1, 1]], [2, 2], 'float64'), p)),
      inputs: [probs([2, 2], 9)],
    },
  ],
  huber: [{ label: 'both branches', f: (t, p) => weighted(tf.losses.huber(t, p)), inputs: [r([3, 4], 10), r([3, 4], 11, 0, 2)] }],
  logCosh: [{ f: (t, p) => weighted(tf.losses.logCosh(t, p)), inputs: [r([2, 3], 12), r([2, 3], 13)] }],
  cosineSimilarity: [{ f: (t, p) => weighted(tf.losses.cosineSimilarity(t, p)), inputs: [r([2, 3], 14), r([2, 3], 15)] }],
};
