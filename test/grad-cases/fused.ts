// Gradient cases for ReluGrad and the fused dense op _FusedMatMul (every activation it fuses).
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
};
