// Gradient cases for the core ops of the skeleton: arithmetic, cast, reshape, sum and matmul.
import * as tf from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { randn } from '../helpers/grad-check.js';
import type { GradCases } from './types.js';

/** A fixed random weighting, so that sum(w * y) has a gradient that depends on every output position. */
export function weighted(y: Tensor, seed = 99): Tensor {
  return y.mul(randn(y.shape, { seed, dtype: y.dtype === 'float32' ? 'float32' : 'float64' })).sum();
}

const r = (shape: number[], seed: number, offset = 0, scale = 1): Tensor => randn(shape, { seed, offset, scale });

export const cases: GradCases = {
  Add: [
    { label: 'same shape', f: (a, b) => weighted(tf.add(a, b)), inputs: [r([2, 3], 1), r([2, 3], 2)] },
    { label: 'broadcast [2,3] + [3]', f: (a, b) => weighted(tf.add(a, b).square()), inputs: [r([2, 3], 3), r([3], 4)] },
    { label: 'broadcast [2,1] + [1,3]', f: (a, b) => weighted(tf.add(a, b)), inputs: [r([2, 1], 5), r([1, 3], 6)] },
  ],
  Sub: [
    { label: 'broadcast scalar - [2,2]', f: (a, b) => weighted(tf.sub(a, b).square()), inputs: [r([], 7), r([2, 2], 8)] },
  ],
  Multiply: [
    { label: 'broadcast [2,3] * [3]', f: (a, b) => weighted(tf.mul(a, b)), inputs: [r([2, 3], 9), r([3], 10)] },
    { label: 'x * x', f: (a) => weighted(tf.mul(a, a)), inputs: [r([4], 11)] },
  ],
  RealDiv: [
    { label: 'broadcast [2,3] / [2,1]', f: (a, b) => weighted(tf.div(a, b)), inputs: [r([2, 3], 12), r([2, 1], 13, 3)] },
  ],
  Neg: [{ f: (a) => weighted(tf.neg(a).square()), inputs: [r([3], 14)] }],
  Cast: [
    // float64 -> float32 rounds, so use a linear f and a large step.
    { label: 'float64 -> float32', f: (a) => weighted(tf.cast(a, 'float32')), inputs: [r([3], 15)], eps: 1e-2, tol: 1e-4 },
  ],
  Reshape: [{ f: (a) => weighted(tf.reshape(a, [3, -1]).square()), inputs: [r([2, 3], 16)] }],
  Sum: [
    { label: 'all axes', f: (a) => tf.sum(a).square(), inputs: [r([2, 3], 17)] },
    { label: 'axis -1 keepDims', f: (a) => weighted(tf.sum(a, -1, true).square()), inputs: [r([2, 3], 18)] },
    { label: 'axes [0, 2]', f: (a) => weighted(tf.sum(a, [0, 2]).square()), inputs: [r([2, 3, 2], 19)] },
  ],
  BatchMatMul: [
    { label: '2d', f: (a, b) => weighted(tf.matMul(a, b)), inputs: [r([2, 3], 20), r([3, 4], 21)] },
    { label: 'transposeA', f: (a, b) => weighted(tf.matMul(a, b, true, false)), inputs: [r([3, 2], 22), r([3, 4], 23)] },
    { label: 'transposeB', f: (a, b) => weighted(tf.matMul(a, b, false, true)), inputs: [r([2, 3], 24), r([4, 3], 25)] },
    { label: 'both transposed', f: (a, b) => weighted(tf.matMul(a, b, true, true)), inputs: [r([3, 2], 26), r([4, 3], 27)] },
    { label: 'batched [2,2,3] x [2,3,2]', f: (a, b) => weighted(tf.matMul(a, b).square()), inputs: [r([2, 2, 3], 28), r([2, 3, 2], 29)] },
    { label: 'broadcast batch [2,2,3] x [3,2]', f: (a, b) => weighted(tf.matMul(a, b)), inputs: [r([2, 2, 3], 30), r([3, 2], 31)] },
    { label: 'broadcast batch [1,2,2,3] x [3,1,3,2]', f: (a, b) => weighted(tf.matMul(a, b)), inputs: [r([1, 2, 2, 3], 32), r([3, 1, 3, 2], 33)] },
  ],
};
