// MNIST with a small convolutional network.
// Run: npx tsx examples/mnist-cnn.ts [--epochs 5] [--limit 60000] [--batch-size 64]
// Expected: test accuracy >= 98.3% after 5 epochs on the full data.
import * as tf from '../src/index.js';
import { accuracyOf, loadMnist, parseArgs } from './lib/mnist.js';

const args = parseArgs({ epochs: 5, batchSize: 64 });
tf.setSeed(1);
// --policy mixed_bfloat16: conv and dense layers multiply bf16 operands with float32 accumulation (docs/NATIVE.md).
const policyAt = process.argv.indexOf('--policy');
if (policyAt >= 0) tf.mixedPrecision.setGlobalPolicy(process.argv[policyAt + 1] ?? 'float32');
const { xTrain, yTrain, xTest, yTest } = await loadMnist({ limit: args.limit, testLimit: args.testLimit, channels: true });
console.log(`Backend: ${tf.getBackend()}; training on ${xTrain.shape[0]} images, testing on ${xTest.shape[0]}.`);

const model = tf.sequential({
  layers: [
    tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.flatten(),
    tf.layers.dense({ units: 128, activation: 'relu' }),
    tf.layers.dense({ units: 10, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
model.summary();

await model.fit(xTrain, yTrain, { epochs: args.epochs, batchSize: args.batchSize, verbose: args.verbose });
const accuracy = accuracyOf(model.evaluate(xTest, yTest, { batchSize: 256 }));
console.log(`Test accuracy: ${(accuracy * 100).toFixed(2)}% (policy ${tf.mixedPrecision.globalPolicy().name})`);
