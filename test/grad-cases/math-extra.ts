// Gradient cases for ops/math-extra.ts (inverse hyperbolic functions, step, Identity) and the composite TF.js
// additions built on other ops (tf.fused with prelu/leakyrelu epilogues, addN, batchNorm aliases).
import * as tf from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { randn } from '../helpers/grad-check.js';
import { weighted } from './core.js';
import type { GradCases } from './types.js';

const r = (shape: number[], seed: number, offset = 0, scale = 1): Tensor => randn(shape, { seed, offset, scale });

export const cases: GradCases = {
  // acosh needs x > 1, atanh |x| < 1.
  Acosh: [{ f: (x) => weighted(tf.acosh(x)), inputs: [r([2, 3], 501).abs().add(1.5)] }],
  Asinh: [{ f: (x) => weighted(tf.asinh(x)), inputs: [r([2, 3], 502, 0, 2)] }],
  Atanh: [{ f: (x) => weighted(tf.atanh(x)), inputs: [r([2, 3], 503, 0, 0.3)] }],
  // Step's gradient is zero; multiplying by x makes the check see the step values as constants.
  Step: [{ f: (x) => weighted(tf.step(x, 0.3).mul(x)), inputs: [r([2, 3], 504)] }],
  Identity: [{ f: (x) => weighted(tf.clone(x).square()), inputs: [r([2, 3], 505)] }],
  'fused.matMul': [
    {
      label: 'transposeB, broadcast bias, prelu',
      f: (a, b, bias, alpha) => weighted(tf.fused.matMul({ a, b, transposeB: true, bias, activation: 'prelu', preluActivationWeights: alpha })),
      inputs: [r([2, 3], 506), r([4, 3], 507), r([4], 508), r([4], 509, 0.2, 0.1)],
    },
  ],
  'fused.conv2d': [
    {
      label: 'NCHW, leakyrelu',
      f: (x, w, bias) => weighted(tf.fused.conv2d({ x, filter: w, strides: 1, pad: 'same', dataFormat: 'NCHW', bias, activation: 'leakyrelu', leakyreluAlpha: 0.3 })),
      inputs: [r([1, 2, 3, 3], 510), r([2, 2, 2, 3], 511), r([3], 512)],
    },
  ],
  addN: [{ f: (a, b, c) => weighted(tf.addN([a, b, c]).square()), inputs: [r([2, 2], 513), r([2, 2], 514), r([2, 2], 515)] }],
};
