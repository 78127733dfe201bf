// Kernel-level and inference workloads for the JavaScript engines: sgemm, element-wise, single-sample
// latency and batch-256 throughput (bench/torch_worker.py mirrors them).
import { readF32 } from './data.js';
import type { BTensor, Engine } from './engines.js';
import type { Measurement, RunOptions } from './workloads.js';
import { buildModel } from './workloads.js';

function randomValues(n: number, seed: number): Float32Array {
  const v = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v[i] = s / 4294967296 - 0.5;
  }
  return v;
}

/** Repeats `fn` until `seconds` pass (at least `minReps` times) and returns each call's milliseconds. */
function timeLoop(fn: () => void, seconds: number, minReps: number, maxReps = 1e9): number[] {
  const times: number[] = [];
  const end = performance.now() + seconds * 1000;
  while ((times.length < minReps || performance.now() < end) && times.length < maxReps) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function read(t: BTensor | BTensor[]): void {
  const first = Array.isArray(t) ? t[0] : t;
  first?.dataSync();
}

/** C = A B for 1024 x 1024 float32 matrices; reports the median GFLOP/s. */
export function sgemm(engine: Engine, opts: RunOptions): Measurement {
  const { tf } = engine;
  const n = 1024;
  const a = tf.tensor(randomValues(n * n, 1), [n, n]);
  const b = tf.tensor(randomValues(n * n, 2), [n, n]);
  const once = (): void => tf.tidy(() => read(tf.matMul(a, b)));
  once();
  const times = timeLoop(once, opts.quick ? 2 : 5, 3);
  const ms = median(times);
  return { status: 'ok', value: (2 * n ** 3) / (ms / 1000) / 1e9, unit: 'GFLOP/s', lowerIsBetter: false, detail: { medianMs: ms, reps: times.length } };
}

/** A training-step mix on [1024, 1024]: bias add (broadcast), relu, column sum and row softmax; median ms. */
export function elementwise(engine: Engine, opts: RunOptions): Measurement {
  const { tf } = engine;
  const x = tf.tensor(randomValues(1024 * 1024, 3), [1024, 1024]);
  const bias = tf.tensor(randomValues(1024, 4), [1024]);
  const once = (): void =>
    tf.tidy(() => {
      const h = tf.relu(tf.add(x, bias));
      read(tf.sum(h, 0));
      read(tf.softmax(h));
    });
  once();
  const times = timeLoop(once, opts.quick ? 2 : 5, 3);
  return { status: 'ok', value: median(times), unit: 'ms', lowerIsBetter: true, detail: { reps: times.length } };
}

/** Median latency of predict() on one MNIST sample with the MLP 784-128-10. */
export function predict1(engine: Engine, opts: RunOptions): Measurement {
  const { tf } = engine;
  const model = buildModel(tf, 'predict1');
  const x = tf.tensor(readF32(opts.dataDir, 'mnist-x.f32').subarray(0, 784), [1, 784]);
  const once = (): void => tf.tidy(() => read(model.predict(x)));
  for (let i = 0; i < 50; i++) once();
  const times = timeLoop(once, opts.quick ? 1 : 3, 200);
  return { status: 'ok', value: median(times), unit: 'ms (p50)', lowerIsBetter: true, detail: { reps: times.length } };
}

/** Samples per second of predict() on batches of 256 MNIST samples with the MLP 784-128-10. */
export function predict256(engine: Engine, opts: RunOptions): Measurement {
  const { tf } = engine;
  const model = buildModel(tf, 'predict256');
  const x = tf.tensor(readF32(opts.dataDir, 'mnist-x.f32').subarray(0, 256 * 784), [256, 784]);
  // One batch of 256 (Keras' predict would otherwise split it into batches of 32).
  const once = (): void => tf.tidy(() => read(model.predict(x, { batchSize: 256 })));
  for (let i = 0; i < 5; i++) once();
  const times = timeLoop(once, opts.quick ? 1 : 3, 10);
  return { status: 'ok', value: 256 / (median(times) / 1000), unit: 'samples/s', lowerIsBetter: false, detail: { reps: times.length } };
}
