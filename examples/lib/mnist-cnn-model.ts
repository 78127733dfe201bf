// The small MNIST CNN of examples/mnist-cnn.ts, defined once: the example and the data-parallel benchmark
// (bench/dp-epoch.ts, which may load the library from dist/) both build it from the `tf` they were given.
import type * as Tf from '../../src/index.js';

/** conv 3x3x32 (relu) -> max-pool 2 -> flatten -> dense 128 (relu) -> dense 10 (softmax), for [28, 28, 1] input. */
export function mnistCnn(tf: typeof Tf): ReturnType<typeof Tf.sequential> {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 128, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
}
