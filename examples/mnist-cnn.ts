// MNIST with a small convolutional network.
// Run: npx tsx examples/mnist-cnn.ts [--epochs 5] [--limit 60000] [--batch-size 64]
// Expected: test accuracy >= 98.3% after 5 epochs on the full data.
import * as tf from '../src/index.js';
import { accuracyOf, loadMnist, parseArgs } from './lib/mnist.js';
import { mnistCnn } from './lib/mnist-cnn-model.js';

const args = parseArgs({ epochs: 5, batchSize: 64 });
tf.setSeed(1);
// --policy mixed_bfloat16: conv and dense layers multiply bf16 operands with float32 accumulation (docs/NATIVE.md).
const policyAt = process.argv.indexOf('--policy');
if (policyAt >= 0) tf.mixedPrecision.setGlobalPolicy(process.argv[policyAt + 1] ?? 'float32');
const { xTrain, yTrain, xTest, yTest } = await loadMnist({ limit: args.limit, testLimit: args.testLimit, channels: true });
console.log(`Backend: ${tf.getBackend()}; training on ${xTrain.shape[0]} images, testing on ${xTest.shape[0]}.`);

const model = mnistCnn(tf);
model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
model.summary();

await model.fit(xTrain, yTrain, { epochs: args.epochs, batchSize: args.batchSize, verbose: args.verbose });
const accuracy = accuracyOf(model.evaluate(xTest, yTest, { batchSize: 256 }));
console.log(`Test accuracy: ${(accuracy * 100).toFixed(2)}% (policy ${tf.mixedPrecision.globalPolicy().name})`);
