import * as tf from '../../../src/index.js';
import { lstmSequence } from '../../../src/ops/rnn.js';
import { nativeDescribe, parity, rnd } from '../parity.js';

type Pad = 'same' | 'valid';
const convCases: { x: number[]; f: number[]; s: number | [number, number]; pad: Pad; d?: number }[] = [
  { x: [2, 7, 7, 3], f: [3, 3, 3, 5], s: 1, pad: 'valid' },
  { x: [2, 7, 6, 3], f: [3, 3, 3, 4], s: 1, pad: 'same' },
  { x: [1, 9, 8, 2], f: [3, 2, 2, 3], s: [2, 3], pad: 'same' },
  { x: [1, 9, 9, 2], f: [3, 3, 2, 2], s: 1, pad: 'valid', d: 2 },
  { x: [3, 5, 5, 4], f: [1, 1, 4, 6], s: 1, pad: 'valid' },
  { x: [1, 1, 1, 1], f: [1, 1, 1, 1], s: 1, pad: 'same' },
  { x: [2, 12, 12, 17], f: [5, 5, 17, 33], s: 2, pad: 'same' },
  // Several row blocks, pixel-depth slots and a partial output sliver; then more outputs than one column panel.
  { x: [8, 14, 14, 20], f: [3, 3, 20, 40], s: 1, pad: 'same' },
  { x: [1, 4, 4, 2], f: [3, 3, 2, 1030], s: 1, pad: 'same' },
];

nativeDescribe('native nn parity', () => {
  convCases.forEach((c, i) => {
    const label = `conv2d x[${c.x.join(',')}] f[${c.f.join(',')}] s=${JSON.stringify(c.s)} ${c.pad} d=${c.d ?? 1}`;
    const run = (): tf.Tensor[] => {
      const x = rnd(c.x, i);
      const w = rnd(c.f, 50 + i);
      const f = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.conv2d(a, b, c.s, c.pad, 'NHWC', c.d ?? 1);
      const y = f(x, w);
      const weights = rnd(y.shape, 90 + i);
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), weights)))([x, w]);
      return [y, dx as tf.Tensor, dw as tf.Tensor];
    };
    parity(`${label}: forward, backprop input and filter`, ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter'], run, 1e-4);
  });
  parity('conv2d propagates NaN and Inf', ['Conv2D'], () => tf.conv2d(rnd([1, 6, 6, 2], 1, { specials: true }), rnd([3, 3, 2, 3], 2), 1, 'same'));

  const pools: { x: number[]; f: number; s: number; pad: Pad }[] = [
    { x: [2, 6, 6, 3], f: 2, s: 2, pad: 'valid' },
    { x: [1, 7, 5, 17], f: 3, s: 2, pad: 'same' },
    { x: [2, 5, 5, 1], f: 3, s: 1, pad: 'same' },
    { x: [1, 1, 1, 1], f: 1, s: 1, pad: 'valid' },
    // Disjoint windows (stride >= filter): uncovered last row/column, gaps between windows, padding, > 64 channels.
    { x: [2, 7, 9, 5], f: 2, s: 2, pad: 'valid' },
    { x: [1, 8, 7, 70], f: 2, s: 3, pad: 'same' },
    { x: [1, 7, 7, 4], f: 3, s: 3, pad: 'same' },
  ];
  pools.forEach((p, i) => {
    for (const [name, fn, fwd, bwd] of [
      ['maxPool', tf.maxPool, 'MaxPool', 'MaxPoolGrad'],
      ['avgPool', tf.avgPool, 'AvgPool', 'AvgPoolGrad'],
    ] as const) {
      parity(`${name} x[${p.x.join(',')}] f=${p.f} s=${p.s} ${p.pad}: forward and gradient`, [fwd, bwd], () => {
        const x = rnd(p.x, 7 + i, { specials: i === 1 });
        const y = fn(x, p.f, p.s, p.pad);
        const weights = rnd(y.shape, 30 + i);
        const dx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(fn(a, p.f, p.s, p.pad), weights)))(x);
        return [y, dx];
      });
    }
  });

  // Rows shorter than 32 take the blocked short-row path (blocks of 64 rows): 150 x 10 ends in a partial block.
  for (const [rows, cols] of [[1, 1], [3, 10], [150, 10], [70, 31], [5, 32], [7, 33], [2, 1000]] as const) {
    parity(`softmax and logSoftmax [${rows},${cols}]`, ['Softmax', 'LogSoftmax'], () => {
      const x = rnd([rows, cols], rows * cols, { scale: 5 });
      return [tf.softmax(x), tf.logSoftmax(x)];
    });
    parity(`softmax cross-entropy (dense and sparse labels) [${rows},${cols}]`, ['SoftmaxCrossEntropyWithLogits', 'SparseSoftmaxCrossEntropyWithLogits'], () => {
      const logits = rnd([rows, cols], rows + cols, { scale: 4 });
      const ids = tf.tensor(Array.from({ length: rows }, (_, r) => (r * 7) % cols), [rows], 'int32');
      const labels = tf.softmax(rnd([rows, cols], 3));
      return [tf.softmaxCrossEntropyWithLogits(labels, logits), tf.sparseSoftmaxCrossEntropyWithLogits(ids, logits)];
    });
  }
  parity('softmax of rows holding NaN and Inf', ['Softmax'], () => tf.softmax(rnd([4, 9], 5, { specials: true })));
  parity('softmax and logSoftmax of 130 short rows holding NaN and Inf', ['Softmax', 'LogSoftmax'], () => {
    const x = rnd([130, 9], 6, { specials: true });
    return [tf.softmax(x), tf.logSoftmax(x)];
  });
});

nativeDescribe('native fused LSTM parity', () => {
  for (const act of ['sigmoid', 'hardSigmoid'] as const) {
    for (const [b, t, h] of [[3, 5, 4], [1, 1, 1], [4, 7, 33]] as const) {
      parity(`LSTMSequence and its BPTT gradient, ${act} gates, B=${b} T=${t} H=${h}, masked steps`, ['LSTMSequence', 'LSTMSequenceGrad'], () => {
        const x = rnd([b, t, 4 * h], 1, { scale: 1.5 });
        const u = rnd([h, 4 * h], 2, { scale: 0.5 });
        const h0 = rnd([b, h], 3);
        const c0 = rnd([b, h], 4);
        // Row 0 skips step 1; step t-2 is padding for the whole batch (when t > 2).
        const m = new Float32Array(b * t).fill(1);
        if (t > 1) m[1] = 0;
        if (t > 2) for (let r = 0; r < b; r++) m[r * t + t - 2] = 0;
        const mask = tf.tensor(m, [b, t], 'float32');
        const w = rnd([b, t, h], 5);
        const loss = (xx: tf.Tensor, uu: tf.Tensor, hh: tf.Tensor, cc: tf.Tensor): tf.Tensor => {
          const r = lstmSequence(xx, uu, hh, cc, mask, act);
          return tf.add(tf.sum(tf.mul(r.hs, w)), tf.add(tf.sum(r.h), tf.sum(tf.mul(r.c, 0.5))));
        };
        const fwd = lstmSequence(x, u, h0, c0, mask, act);
        return [fwd.hs, fwd.h, fwd.c, ...tf.grads(loss)([x, u, h0, c0])];
      }, 1e-4);
    }
  }
});
