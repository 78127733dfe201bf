// Gradient cases for the mixed-precision ops (src/ops/mixed.ts), in float64: the same rules run for bfloat16.
import * as tf from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { randn } from '../helpers/grad-check.js';
import { weighted } from './core.js';
import type { GradCases } from './types.js';

const r = (shape: number[], seed: number): Tensor => randn(shape, { seed });

export const cases: GradCases = {
  MixedMatMul: ([[false, false], [true, false], [false, true], [true, true]] as const).map(([ta, tb], i) => ({
    label: `transposeA ${ta}, transposeB ${tb}`,
    f: (a: Tensor, b: Tensor) => weighted(tf.mixedMatMul(a, b, ta, tb)),
    inputs: [r(ta ? [4, 3] : [3, 4], 400 + i), r(tb ? [5, 4] : [4, 5], 410 + i)],
  })),
  MixedConv2D: [
    { label: 'same', f: (x: Tensor, w: Tensor) => weighted(tf.mixedConv2d(x, w, 1, 'same')), inputs: [r([2, 5, 4, 2], 420), r([3, 2, 2, 3], 421)] },
    { label: 'valid stride 2', f: (x: Tensor, w: Tensor) => weighted(tf.mixedConv2d(x, w, 2, 'valid')), inputs: [r([2, 5, 4, 2], 422), r([3, 2, 2, 3], 423)] },
  ],
};
