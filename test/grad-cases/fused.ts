// Gradient cases for ReluGrad and the fused ops _FusedMatMul and _FusedConv2D (every activation they fuse).
import * as tf from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { randn } from '../helpers/grad-check.js';
import { weighted } from './core.js';
import type { GradCases } from './types.js';

const r = (shape: number[], seed: number): Tensor => randn(shape, { seed });

export const cases: GradCases = {
  // Linear in dy; y's step has zero derivative (inputs are away from 0), matching the rule giving y no gradient.
  ReluGrad: [{ f: (dy, y) => weighted(tf.reluGrad(dy, y)), inputs: [r([2, 3], 301), r([2, 3], 302)] }],
  _FusedMatMul: tf.FUSED_ACTIVATIONS.map((activation, i) => ({
    label: activation,
    f: (a: Tensor, b: Tensor, bias: Tensor) => weighted(tf.fusedMatMul({ a, b, bias, activation })),
    inputs: [r([3, 4], 310 + i), r([4, 5], 320 + i), r([5], 330 + i)],
  })),
  _FusedConv2D: tf.FUSED_ACTIVATIONS.map((activation, i) => ({
    label: `${activation}, ${i % 2 ? 'valid stride 2' : 'same'}`,
    f: (x: Tensor, filter: Tensor, bias: Tensor) =>
      weighted(tf.fusedConv2d({ x, filter, bias, activation, strides: i % 2 ? 2 : 1, pad: i % 2 ? 'valid' : 'same' })),
    inputs: [r([2, 5, 4, 2], 340 + i), r([3, 2, 2, 3], 350 + i), r([3], 360 + i)],
  })),
};
