// Child process of thread-pool.test.ts (a hang must fail the test, not the test runner): runs the pool self-check
// or the small-kernel stress on the pool size given by TENSORFORGE_NUM_THREADS and prints one JSON line.
//   tsx test/native/pool-stress-child.ts check <jobs> <seed>
//   tsx test/native/pool-stress-child.ts kernels <seconds>
//   tsx test/native/pool-stress-child.ts workers <seconds>   (the stress on the main thread and a worker thread
//                                                           at once, the worker resizing the pool as it goes)
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import * as tf from '../../src/index.js';
import { native } from '../../src/backends/native/index.js';

// The shapes that hung and crashed the old pool: training-sized GEMMs, each followed by an element-wise op.
const SHAPES: [number, number, number][] = [[64, 784, 128], [32, 128, 10], [256, 128, 128], [64, 64, 64], [128, 288, 32], [1000, 64, 64]];

/** At least this many kernel pairs run, however slow the machine (ThreadSanitizer, a loaded CI host). */
const MIN_ITERATIONS = 60;

function kernels(seconds: number): object {
  if (!native) throw new Error('pool-stress-child: the native addon is not built');
  const threads = native.info().threads;
  const cases = SHAPES.map(([m, k, n], i) => {
    const a = tf.randomNormal([m, k], 0, 1, 'float32', 10 + i), b = tf.randomNormal([k, n], 0, 1, 'float32', 20 + i);
    return { run: (): Float32Array => tf.relu(tf.matMul(a, b)).dataSync() as Float32Array, want: new Float32Array(0) as Float32Array<ArrayBufferLike> };
  });
  native.setNumThreads(1);
  for (const c of cases) c.want = c.run();
  native.setNumThreads(threads);
  let iterations = 0, mismatches = 0, maxDiff = 0;
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end || iterations < MIN_ITERATIONS) {
    for (const { run, want } of cases) {
      const got = run();
      let bad = got.length !== want.length;
      want.forEach((w, j) => {
        const d = Math.abs((got[j] ?? NaN) - w);
        if (!(d <= 1e-4 * (1 + Math.abs(w)))) bad = true;
        maxDiff = Number.isNaN(d) ? Infinity : Math.max(maxDiff, d);
      });
      mismatches += bad ? 1 : 0;
      iterations++;
    }
  }
  return { threads, iterations, mismatches, maxDiff };
}

async function workers(seconds: number): Promise<object> {
  // A worker thread does not inherit tsx's loader: register it there, then load this file.
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { seconds } });
  const fromWorker = new Promise<object>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const main = kernels(seconds);
  return { main, worker: await fromWorker };
}

function workerThread(seconds: number): object {
  // Resizing from another JS thread waits for the main thread's job in flight; kernels here run inline while
  // the main thread holds the pool.
  const threads = native?.info().threads ?? 1;
  const result = kernels(seconds / 2);
  native?.setNumThreads(threads + 1);
  native?.setNumThreads(threads);
  return { ...result, resized: true };
}

const [mode, a, b] = process.argv.slice(2);
if (!isMainThread) {
  parentPort?.postMessage(workerThread((workerData as { seconds: number }).seconds));
} else if (mode === 'workers') {
  console.log(JSON.stringify(await workers(Number(a))));
} else if (mode === 'check') {
  if (!native) throw new Error('pool-stress-child: the native addon is not built');
  console.log(JSON.stringify({ threads: native.info().threads, ...native.poolCheck(Number(a), Number(b)) }));
} else if (mode === 'kernels') {
  console.log(JSON.stringify(kernels(Number(a))));
} else {
  throw new Error(`pool-stress-child: mode must be 'check' or 'kernels', received '${mode}'`);
}
