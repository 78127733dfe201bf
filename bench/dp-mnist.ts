// Accuracy / epsilon trade-off of DP-SGD on MNIST softmax regression (docs/EXAMPLES.md, "Differential privacy").
// Run: TENSORFORGE_NUM_THREADS=1 npx tsx bench/dp-mnist.ts [--train 60000] [--epochs 5]
import '../src/index.js';
import { loadMnistDir } from '../src/cli/workloads.js';
import { dpSgdFit } from '../src/privacy/dp-sgd.js';
import { noiseForEpsilon } from '../src/privacy/rdp-accountant.js';
import { LinearSoftmax } from '../src/serve/linear-softmax.js';

const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const trainLimit = arg('train', 60000);
const epochs = arg('epochs', 5);
const batchSize = 256;
const delta = 1e-5;
const { train, test } = await loadMnistDir('../shared/datasets/mnist', { trainLimit, testLimit: 10000 });
const n = train.x.shape[0] ?? 0;
const flat = (t: typeof train.x) => t.reshape([t.shape[0] ?? 0, 784]);
console.log(`| target ε | noise σ | ε reached (δ=1e-5) | test accuracy |`);
console.log(`|---:|---:|---:|---:|`);
for (const target of [Infinity, 8, 2, 1, 0.5]) {
  const m = new LinearSoftmax({ inputShape: [784], classes: 10, seed: 1 });
  if (target === Infinity) {
    await m.fit(flat(train.x), train.y, { epochs, batchSize, seed: 1, learningRate: 0.5 });
    console.log(`| ∞ (plain SGD) | 0 | ∞ | ${(((await m.evaluate(flat(test.x), test.y)).accuracy ?? 0) * 100).toFixed(2)} % |`);
    continue;
  }
  const sigma = noiseForEpsilon({ examples: n, batchSize, epochs, delta }, target);
  const { privacy } = await dpSgdFit(m, flat(train.x), train.y, { epochs, batchSize, noiseMultiplier: sigma, l2NormClip: 1, learningRate: 2, delta, seed: 1 });
  console.log(`| ${target} | ${sigma.toFixed(3)} | ${privacy.epsilon.toFixed(3)} | ${(((await m.evaluate(flat(test.x), test.y)).accuracy ?? 0) * 100).toFixed(2)} % |`);
}
