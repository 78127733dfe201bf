// One rank of the data-parallel tests (data-parallel.test.ts), also run on its own as the one-process reference:
// an MLP on the first 600 MNIST training images, SGD, global batch 64, shuffled with seed 1, 2 epochs.
//   node --import tsx test/distribute/dp-worker.ts <out.json> [train|die|hang]
// `die`: rank 1 calls process.exit in the middle of fit; `hang`: rank 1 stops answering (a 60 s sleep) while rank
// 0 waits with a 3 s collective timeout. Rank 0 writes the final weights and the history to out.json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '../../src/index.js';
import { loadMnistDir } from '../../src/cli/workloads.js';
import { datasetsDir } from '../helpers/paths.js';

const [outFile, mode = 'train'] = process.argv.slice(2);
const strategy = tf.distribute.dataParallel(mode === 'hang' ? { timeoutMs: 3000 } : {});
tf.setSeed(1);
const { train } = await loadMnistDir(join(datasetsDir, 'mnist'), { trainLimit: 600, testLimit: 1 });
const model = tf.sequential({
  layers: [tf.layers.flatten({ inputShape: [28, 28] }), tf.layers.dense({ units: 32, activation: 'relu' }), tf.layers.dense({ units: 10, activation: 'softmax' })],
});
strategy.scope(() => model.compile({ optimizer: tf.train.sgd(0.2), loss: 'categoricalCrossentropy', metrics: ['accuracy'] }));

if (mode !== 'train' && strategy.rank === 1) {
  // Fail in the middle of fit: on the 4th gradient update.
  const opt = model.optimizer;
  if (!opt) throw new Error("dp-worker: the model is not compiled");
  const apply = opt.applyGradients.bind(opt);
  let calls = 0;
  opt.applyGradients = (...args: Parameters<typeof apply>) => {
    if (++calls === 4) {
      if (mode === 'die') process.exit(3);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    }
    return apply(...args);
  };
}

const history = await model.fit(train.x, train.y, { batchSize: 64, epochs: 2, shuffle: true, verbose: 0 });
if (strategy.isChief && outFile) {
  const weights = model.getWeights().map((w) => Array.from(w.values as Float32Array));
  writeFileSync(outFile, JSON.stringify({ ranks: strategy.numReplicasInSync, library: strategy.collective.library, weights, history: history.history }));
}
