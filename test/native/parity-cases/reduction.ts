import * as tf from '../../../src/index.js';
import { nativeDescribe, parity, rnd } from '../parity.js';

const cases: [number[], number | number[] | null][] = [
  [[1], null], [[37], null], [[37], 0], [[5, 33], 1], [[5, 33], 0], [[4, 6, 5], 1], [[4, 6, 5], [1, 2]], [[4, 6, 5], [0, 1]],
  [[2, 3, 300], -1], [[1000, 3], 0], [[3, 1, 4], 1],
  // Long reduced axis, few kept positions (bias gradients): the split-sum path.
  [[4100, 33], 0], [[2, 3000, 17], 1],
];

const reductions: [string, string, (x: tf.Tensor, axis: number | number[] | null) => tf.Tensor][] = [
  ['sum', 'Sum', (x, a) => tf.sum(x, a)],
  ['max', 'Max', (x, a) => tf.max(x, a)],
  ['min', 'Min', (x, a) => tf.min(x, a)],
  ['prod', 'Prod', (x, a) => tf.prod(x, a)],
];

nativeDescribe('native reduction parity', () => {
  reductions.forEach(([name, op, f], k) => {
    cases.forEach(([shape, axis], i) => {
      // Products of many normals overflow or vanish; keep their factors near 1.
      const opts = name === 'prod' ? { scale: 0.05, offset: 1 } : {};
      parity(`${name} of [${shape.join(',')}] over ${JSON.stringify(axis)}`, [op], () => f(rnd(shape, 10 * k + i, opts), axis));
      parity(`${name} of [${shape.join(',')}] over ${JSON.stringify(axis)} with NaN/Inf`, [op], () =>
        f(rnd(shape, 10 * k + i, { ...opts, specials: true }), axis));
    });
  });
  parity('sum keeps dims', ['Sum'], () => tf.sum(rnd([3, 4, 5], 1), 1, true));
});
