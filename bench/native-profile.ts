// Where a training step's time goes on the native backend: wraps every addon function with a timer, trains
// a workload's model on random data and prints milliseconds per step by addon function.
// Usage: npx tsx bench/native-profile.ts [cnn-small|cnn|mlp] [batches]
import { timeAddon } from './addon-timer.js';
import { loadEngine } from './engines.js';
import { buildModel } from './workloads.js';

const workload = process.argv[2] ?? 'cnn-small';
const batches = Number(process.argv[3] ?? 40);
const batch = 64;
const spent = timeAddon();

const { tf } = await loadEngine('tforge-native');
const model = buildModel(tf, workload);
model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
const xShape = workload === 'mlp' ? [784] : [28, 28, 1];
const per = xShape.reduce((a, b) => a * b, 1);
const make = (n: number): [ReturnType<typeof tf.tensor>, ReturnType<typeof tf.tensor>] => {
  const x = new Float32Array(n * per).map(() => Math.random());
  const y = new Float32Array(n * 10);
  for (let i = 0; i < n; i++) y[i * 10 + (i % 10)] = 1;
  return [tf.tensor(x, [n, ...xShape], 'float32'), tf.tensor(y, [n, 10], 'float32')];
};
const [wx, wy] = make(batch * 2);
await model.fit(wx, wy, { batchSize: batch, epochs: 1, shuffle: false, verbose: 0 });
spent.clear();
const [x, y] = make(batch * batches);
const faults0 = process.resourceUsage().minorPageFault;
const t0 = performance.now();
await model.fit(x, y, { batchSize: batch, epochs: 1, shuffle: false, verbose: 0 });
const total = (performance.now() - t0) / batches;
const faults = (process.resourceUsage().minorPageFault - faults0) / batches;
let native_ms = 0;
const rows = [...spent.entries()].sort((a, b) => b[1].ms - a[1].ms);
for (const [name, e] of rows) {
  native_ms += e.ms;
  console.log(`${name.padEnd(24)} ${(e.ms / batches).toFixed(3).padStart(8)} ms/step  ${(e.calls / batches).toFixed(1)} calls/step`);
}
console.log(`step ${total.toFixed(2)} ms, native ${(native_ms / batches).toFixed(2)} ms, other (JS) ${(total - native_ms / batches).toFixed(2)} ms`);
console.log(`minor page faults ${faults.toFixed(0)} per step`);
console.log(`=> ${((total * 60000) / batch / 1000).toFixed(1)} s/epoch (60000 samples)`);
