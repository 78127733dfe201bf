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
  ...nnCases(),
};

// Ops from nn-extra, space-batch, einsum and array-extra (composites, checked end to end).
function nnCases(): GradCases {
  return {
  Cumprod: [
    { label: 'axis 1', f: (x) => weighted(tf.cumprod(x, 1)), inputs: [r([2, 4], 520).abs().add(0.5)] },
    { label: 'exclusive reverse', f: (x) => weighted(tf.cumprod(x, 0, true, true)), inputs: [r([3, 2], 521).abs().add(0.5)] },
  ],
  localResponseNormalization: [
    { f: (x) => weighted(tf.localResponseNormalization(x, 1, 1.5, 0.7, 0.6)), inputs: [r([1, 2, 2, 4], 522)] },
  ],
  spaceToBatchND: [
    { f: (x) => weighted(tf.spaceToBatchND(x, [2, 2], [[0, 1], [1, 1]]).square()), inputs: [r([1, 3, 2, 2], 523)] },
  ],
  batchToSpaceND: [
    { f: (x) => weighted(tf.batchToSpaceND(x, [2, 1], [[1, 0], [0, 0]]).square()), inputs: [r([2, 2, 3, 1], 524)] },
  ],
  einsum: [
    { label: 'bij,bjk->bik', f: (a, b) => weighted(tf.einsum('bij,bjk->bik', a, b)), inputs: [r([2, 2, 3], 525), r([2, 3, 2], 526)] },
  ],
  'pool (dilated max)': [
    { f: (x) => weighted(tf.pool(x, [2, 2], 'max', 'same', [2, 2], 1)), inputs: [r([1, 4, 4, 1], 527)] },
  ],
  dilation2d: [
    { label: 'same, stride 2', f: (x, w) => weighted(tf.dilation2d(x, w, 2, 'same')), inputs: [r([1, 4, 4, 2], 533), r([2, 2, 2], 534)] },
  ],
  basicLSTMCell: [
    {
      f: (k, b, d, c, h) => weighted(tf.basicLSTMCell(1, k, b, d, c, h)[1]),
      inputs: [r([3, 8], 528, 0, 0.5), r([8], 529), r([1, 1], 530), r([1, 2], 531), r([1, 2], 532)],
    },
  ],
  };
}
