// One rank of the data-parallel benchmark (bench/run.ts workloads cnn-dp1 / cnn-dp2): the MNIST CNN of
// examples/mnist-cnn.ts (the cnn-small workload), Adam, global batch 64, one kernel thread per rank, trained under
// tf.distribute.dataParallel on the prepared data. Started by mpirun (or alone for one rank); rank 0 prints
// `@@RESULT {json}` with the epoch time, extrapolated from at most `budget` seconds.
//   tsx bench/dp-epoch.ts <quick 0|1> <budget s> <dataDir>
import { pathToFileURL } from 'node:url';
import { fileURLToPath } from 'node:url';
import { DATA, readF32 } from './data.js';
import { mnistCnn } from '../examples/lib/mnist-cnn-model.js';

const [quick = '0', budget = '120', dataDir = ''] = process.argv.slice(2);
const entry = process.env['TFORGE_BENCH_LIBRARY'] ?? fileURLToPath(new URL('../src/index.ts', import.meta.url));
const tf = (await import(pathToFileURL(entry).href)) as typeof import('../src/index.js');
const strategy = tf.distribute.dataParallel();
const batch = 64;
tf.setSeed(1);
const model = mnistCnn(tf);
strategy.scope(() => model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' }));
const xs = readF32(dataDir, 'mnist-x.f32'), ys = readF32(dataDir, 'mnist-onehot.f32');
const fit = async (n: number): Promise<number> => {
  const x = tf.tensor(xs.subarray(0, n * 784), [n, 28, 28, 1]);
  const y = tf.tensor(ys.subarray(0, n * 10), [n, 10]);
  const t0 = performance.now();
  await model.fit(x, y, { batchSize: batch, epochs: 1, shuffle: false, verbose: 0 });
  return (performance.now() - t0) / 1000;
};
await fit(batch * 2); // warm-up
const probeN = batch * 8;
const probe = await fit(probeN);
const cap = quick === '1' ? Math.min(Number(budget), 15) : Number(budget);
// Every rank must train on the same samples: rank 0's choice is shared.
let n = Math.min(DATA.mnistTrain, Math.max(probeN, Math.floor(cap / (probe / probeN) / batch) * batch));
n = strategy.sum([strategy.isChief ? n : 0])[0] ?? n;
const seconds = await fit(n);
if (strategy.isChief) {
  const result = {
    status: 'ok', value: (seconds * DATA.mnistTrain) / n, unit: 's/epoch', lowerIsBetter: true,
    detail: { ranks: strategy.numReplicasInSync, samplesMeasured: n, epochSamples: DATA.mnistTrain, extrapolated: n < DATA.mnistTrain, batchSize: batch, library: strategy.collective.library },
  };
  console.log(`@@RESULT ${JSON.stringify(result)}`);
}
