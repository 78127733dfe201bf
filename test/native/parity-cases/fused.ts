import * as tf from '../../../src/index.js';
import { nativeDescribe, parity, rnd } from '../parity.js';

nativeDescribe('native fused dense and ReluGrad parity', () => {
  for (const n of [1, 7, 33, 1000]) {
    parity(`ReluGrad of ${n} elements (y has zeros, negatives and NaN)`, ['ReluGrad'], () => {
      const y = tf.relu(rnd([n], n, { specials: true }));
      return tf.reluGrad(rnd([n], n + 1), y);
    });
  }
  parity('relu gradient through tf.grad runs ReluGrad', ['ReluGrad'], () => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.relu(x), rnd([4, 9], 2))))(rnd([4, 9], 3)));

  const shapes: [number, number, number][] = [[1, 1, 1], [3, 4, 5], [32, 64, 10], [17, 33, 129], [1, 784, 128]];
  for (const activation of tf.FUSED_ACTIVATIONS) {
    for (const [m, k, n] of shapes) {
      parity(`_FusedMatMul ${activation} [${m},${k}]x[${k},${n}]: forward and gradients`, ['_FusedMatMul'], () => {
        const a = rnd([m, k], m + k);
        const b = rnd([k, n], k + n, { scale: 0.3 });
        const bias = rnd([n], n);
        const w = rnd([m, n], 7);
        const f = (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor): tf.Tensor => tf.sum(tf.mul(tf.fusedMatMul({ a: x, b: y, bias: z, activation }), w));
        const [da, db, dbias] = tf.grads(f)([a, b, bias]);
        return [tf.fusedMatMul({ a, b, bias, activation }), da as tf.Tensor, db as tf.Tensor, dbias as tf.Tensor];
      }, 1e-4);
    }
  }
});

nativeDescribe('native fused conv parity', () => {
  const convs: [string, number[], number[], number, 'same' | 'valid'][] = [
    ['3x3 same on 1 channel', [2, 9, 8, 1], [3, 3, 1, 5], 1, 'same'],
    ['3x3 valid stride 2', [3, 11, 10, 4], [3, 3, 4, 40], 2, 'valid'],
    ['1x1 pointwise', [2, 5, 5, 6], [1, 1, 6, 7], 1, 'valid'],
    ['MNIST-sized first layer', [16, 28, 28, 1], [3, 3, 1, 32], 1, 'valid'],
  ];
  for (const activation of tf.FUSED_ACTIVATIONS) {
    for (const [label, xs, fs, strides, pad] of convs) {
      parity(`_FusedConv2D ${activation}, ${label}: forward and gradients`, ['_FusedConv2D'], () => {
        const x = rnd(xs, xs.length + fs[3]!);
        const filter = rnd(fs, fs[3]!, { scale: 0.3 });
        const bias = rnd([fs[3]!], 5);
        const run = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor): tf.Tensor => tf.fusedConv2d({ x: a, filter: b, bias: c, strides, pad, activation });
        const y = run(x, filter, bias);
        const w = rnd(y.shape, 7);
        const [dx, df, db] = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(run(a, b, c), w)))([x, filter, bias]);
        return [y, dx as tf.Tensor, df as tf.Tensor, db as tf.Tensor];
      }, 1e-4);
    }
  }
});

nativeDescribe('native kernels fill outputs the engine leaves unzeroed', () => {
  parity('relu and ReluGrad of 50000 elements', ['Relu', 'ReluGrad'], () => {
    const y = tf.relu(rnd([50000], 11));
    return [y, tf.reluGrad(rnd([50000], 12), y)];
  });
  parity('_FusedMatMul [300,20]x[20,100] relu', ['_FusedMatMul'], () => tf.fusedMatMul({ a: rnd([300, 20], 1), b: rnd([20, 100], 2), bias: rnd([100], 3), activation: 'relu' }), 1e-4);
});
