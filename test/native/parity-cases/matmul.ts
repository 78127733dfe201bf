import { expect, test } from 'vitest';
import * as tf from '../../../src/index.js';
import { type Tensor, matMul } from '../../../src/index.js';
import { native } from '../../../src/backends/native/index.js';
import { expectClose, runOn } from '../../helpers/grad-check.js';
import { nativeDescribe, parity, rnd } from '../parity.js';

const shapes: [number, number, number][] = [
  [0, 3, 4], [1, 1, 1], [1, 7, 5], [3, 0, 4], [2, 5, 0], [7, 13, 5], [4, 37, 33], [17, 33, 19], [13, 300, 3], [50, 70, 129],
  // Few rows: one row split over the depth between threads, several rows split by columns, tails of each.
  [1, 784, 128], [3, 600, 1100], [8, 256, 40],
  // Narrow B (4 < n < one GEMM tile): padded register blocks, one and two vectors wide, threaded row blocks.
  [300, 200, 10], [65, 40, 24], [9, 31, 5],
  // Few rows on several threads, split by columns when MR-row blocks would be uneven (64 rows = 11 slivers).
  [64, 784, 128],
];

nativeDescribe('native BatchMatMul parity', () => {
  for (const [m, k, n] of shapes) {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      parity(`matMul ${m}x${k}x${n} transposeA=${ta} transposeB=${tb}`, ['BatchMatMul'], () => {
        const a = rnd(ta ? [k, m] : [m, k], m * 31 + k);
        const b = rnd(tb ? [n, k] : [k, n], n * 17 + k);
        return matMul(a, b, ta, tb);
      }, 1e-4);
    }
  }
  // Past every cache block (MC = 192 rows, KC = 384, NC = 1024), so packing edges and multi-panel loops run.
  for (const [ta, tb] of [[false, false], [true, true]] as const) {
    parity(`matMul 200x400x530 (multi-block) transposeA=${ta} transposeB=${tb}`, ['BatchMatMul'], () =>
      matMul(rnd(ta ? [400, 200] : [200, 400], 11), rnd(tb ? [530, 400] : [400, 530], 12), ta, tb), 1e-4);
  }
  // Two column panels, two depth blocks and fewer row blocks than threads (the column-split tasks).
  parity('matMul 37x800x1100 (two column panels)', ['BatchMatMul'], () => matMul(rnd([37, 800], 13), rnd([800, 1100], 14)), 1e-4);
  parity('matMul with broadcast batch dims [2,1,5,7] x [3,7,4]', ['BatchMatMul'], () => matMul(rnd([2, 1, 5, 7], 1), rnd([3, 7, 4], 2)));
  parity('matMul batched [4,5,6] x rank-2 [6,3]', ['BatchMatMul'], () => matMul(rnd([4, 5, 6], 3), rnd([6, 3], 4)));
  parity('matMul batched [1,3,4] x [2,4,5], transposeB', ['BatchMatMul'], () => matMul(rnd([1, 3, 4], 5), rnd([2, 5, 4], 6), false, true));
  parity('matMul propagates NaN and Inf', ['BatchMatMul'], () => matMul(rnd([9, 20], 7, { specials: true }), rnd([20, 35], 8, { specials: true })));
});

// The fused dense entry points (GEMM + bias + activation, and the activation gradient) are reached through the
// addon directly for every activation it lists; each is checked against the same composition of reference ops.
nativeDescribe('native fused dense parity', () => {
  const reference: Record<string, (t: Tensor) => Tensor> = { linear: (t) => t, relu: tf.relu, sigmoid: tf.sigmoid, tanh: tf.tanh };
  const acts = (native?.ops().activation ?? []).map((name, code) => [name, code] as const);
  test('every activation the addon lists has a reference here', () => {
    expect(acts.map(([name]) => name).filter((name) => !(name in reference))).toEqual([]);
  });
  for (const [name, code] of acts) {
    const f = reference[name] ?? ((t: Tensor) => t);
    for (const [m, k, n] of [[1, 7, 5], [37, 70, 33], [3, 0, 4], [1, 784, 128], [2, 300, 700], [70, 50, 10]] as const) {
      test(`dense ${m}x${k}x${n} with bias and ${name} matches matMul + add + ${name} on ts`, () => {
        const x = rnd([m, k], 1);
        const w = rnd([k, n], 2);
        const b = rnd([n], 3);
        const out = new Float32Array(m * n);
        native?.dense(x.values as Float32Array, w.values as Float32Array, b.values as Float32Array, out, m, n, k, false, code);
        expectClose(out, runOn('ts', () => f(tf.add(tf.matMul(x, w), b))), 1e-4);
        // Activation gradient from the output y: dx = dy * f'(x).
        const dy = rnd([m, n], 4);
        const dx = new Float32Array(m * n);
        native?.actGrad(code, dy.values as Float32Array, out, dx);
        const pre = runOn('ts', () => tf.add(tf.matMul(x, w), b));
        const want = runOn('ts', () => tf.grad((t: Tensor) => tf.sum(tf.mul(f(t), dy)))(pre));
        expectClose(dx, want, 1e-4);
      });
    }
  }
});
