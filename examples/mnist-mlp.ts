// MNIST with a multilayer perceptron (the Keras/TF.js "getting started" model).
// Run: npx tsx examples/mnist-mlp.ts [--epochs 5] [--limit 60000] [--batch-size 32]
// Expected: test accuracy >= 97.5% after 5 epochs on the full data.
import * as tf from '../src/index.js';
import { accuracyOf, loadMnist, parseArgs } from './lib/mnist.js';

const args = parseArgs({ epochs: 5, batchSize: 32 });
tf.setSeed(1);
const { xTrain, yTrain, xTest, yTest } = await loadMnist({ limit: args.limit, testLimit: args.testLimit });
console.log(`Backend: ${tf.getBackend()}; training on ${xTrain.shape[0]} images, testing on ${xTest.shape[0]}.`);

const model = tf.sequential({
  layers: [
    tf.layers.flatten({ inputShape: [28, 28] }),
    tf.layers.dense({ units: 128, activation: 'relu' }),
    tf.layers.dropout({ rate: 0.2 }),
    tf.layers.dense({ units: 10, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
model.summary();

await model.fit(xTrain, yTrain, { epochs: args.epochs, batchSize: args.batchSize, verbose: args.verbose });
const accuracy = accuracyOf(model.evaluate(xTest, yTest, { batchSize: 256 }));
console.log(`Test accuracy: ${(accuracy * 100).toFixed(2)}%`);
