// Gradient cases for the fused recurrent ops: BPTT of LSTMSequence (with masking) and Unpack.
import * as tf from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { randn } from '../helpers/grad-check.js';
import { weighted } from './core.js';
import type { GradCases } from './types.js';

const r = (shape: number[], seed: number, scale = 1): Tensor => randn(shape, { seed, scale });
const B = 2, T = 3, H = 2;
const mask = tf.tensor([[1, 1, 1], [1, 0, 1]], [B, T], 'float64');
const all = tf.ones([B, T], 'float64');
// Pre-padding: step 0 is padding for the whole batch (the kernels skip it), step 1 for one row.
const prePad = tf.tensor([[0, 1, 1], [0, 0, 1]], [B, T], 'float64');

/** A scalar touching every output of the LSTM: the sequence, the last h and the last c. */
function lstmLoss(x: Tensor, u: Tensor, h0: Tensor, c0: Tensor, m: Tensor, act: 'sigmoid' | 'hardSigmoid'): Tensor {
  const { hs, h, c } = tf.lstmSequence(x, u, h0, c0, m, act);
  return weighted(hs, 1).add(weighted(h, 2)).add(weighted(c.square(), 3));
}

export const cases: GradCases = {
  LSTMSequence: [
    {
      label: 'sigmoid gates, all steps',
      f: (x, u, h0, c0) => lstmLoss(x, u, h0, c0, all, 'sigmoid'),
      inputs: [r([B, T, 4 * H], 1), r([H, 4 * H], 2, 0.5), r([B, H], 3), r([B, H], 4)],
    },
    {
      label: 'sigmoid gates, masked step carries the state',
      f: (x, u, h0, c0) => lstmLoss(x, u, h0, c0, mask, 'sigmoid'),
      inputs: [r([B, T, 4 * H], 5), r([H, 4 * H], 6, 0.5), r([B, H], 7), r([B, H], 8)],
    },
    {
      label: 'sigmoid gates, pre-padded (a step padded for the whole batch)',
      f: (x, u, h0, c0) => lstmLoss(x, u, h0, c0, prePad, 'sigmoid'),
      inputs: [r([B, T, 4 * H], 14), r([H, 4 * H], 15, 0.5), r([B, H], 16), r([B, H], 17)],
    },
    {
      label: 'hard sigmoid gates (inputs kept inside the linear region)',
      f: (x, u, h0, c0) => lstmLoss(x, u, h0, c0, all, 'hardSigmoid'),
      inputs: [r([B, T, 4 * H], 9, 0.3), r([H, 4 * H], 10, 0.2), r([B, H], 11, 0.3), r([B, H], 12)],
    },
  ],
  LSTMGates: [
    {
      label: 'sigmoid gates, one row carried over',
      f: (z, h, c) => {
        const r = tf.lstmGates(z, h, c, tf.tensor([1, 0], [B], 'float64'), 'sigmoid');
        return weighted(r.h, 1).add(weighted(r.c.square(), 2));
      },
      inputs: [r([B, 4 * H], 18), r([B, H], 19), r([B, H], 20)],
    },
    {
      label: 'hard sigmoid gates',
      f: (z, h, c) => {
        const r = tf.lstmGates(z, h, c, tf.ones([B], 'float64'), 'hardSigmoid');
        return weighted(r.h, 3).add(weighted(r.c, 4));
      },
      inputs: [r([B, 4 * H], 21, 0.3), r([B, H], 22), r([B, H], 23)],
    },
  ],
  Unpack: [{ f: (x) => tf.timeSteps(x, 1).reduce((acc, s, i) => acc.add(weighted(s.square(), i)), tf.scalar(0, 'float64')), inputs: [r([2, 3, 2], 13)] }],
};
