// Hot-path timings of the pure-TypeScript backend: the GEMM shapes of the MLP, one MLP training step, conv2d
// forward/backward, and the same MLP step on TF.js's cpu backend for the ratio the issue asks for (≥ 5×).
// Run: npx tsx bench/ts-hotpath.ts [--quick] [--only gemm,mlp,conv,tfjs]
// Every figure is the best of several repetitions: the machine is shared, so the minimum is the least noisy.
import * as tf from '../src/index.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args[args.indexOf('--only') + 1];
const only = args.includes('--only') && onlyArg ? new Set(onlyArg.split(',')) : null;
const want = (s: string): boolean => only === null || only.has(s);

function randomValues(n: number, seed: number): Float32Array {
  const v = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v[i] = s / 4294967296 - 0.5;
  }
  return v;
}

/** Best milliseconds of `fn` over at least `minReps` calls or `seconds` of wall time, after one warm-up call. */
function best(fn: () => void, seconds = quick ? 0.5 : 2, minReps = 3): number {
  fn();
  let bestMs = Infinity;
  const end = performance.now() + seconds * 1000;
  let reps = 0;
  while (reps < minReps || performance.now() < end) {
    const t0 = performance.now();
    fn();
    bestMs = Math.min(bestMs, performance.now() - t0);
    reps++;
  }
  return bestMs;
}

/** `best` for a function returning a promise (TF.js's trainOnBatch is async); each call is awaited. */
async function bestAsync(fn: () => unknown, seconds: number, minReps: number): Promise<number> {
  for (let i = 0; i < 3; i++) await fn();
  let bestMs = Infinity;
  const end = performance.now() + seconds * 1000;
  let reps = 0;
  while (reps < minReps || performance.now() < end) {
    const t0 = performance.now();
    await fn();
    bestMs = Math.min(bestMs, performance.now() - t0);
    reps++;
  }
  return bestMs;
}

function report(name: string, ms: number, flops?: number): void {
  const g = flops === undefined ? '' : `  ${(flops / (ms / 1000) / 1e9).toFixed(2)} GFLOP/s`;
  console.log(`${name.padEnd(44)} ${ms.toFixed(3).padStart(10)} ms${g}`);
}

await tf.setBackend('ts');
console.log(`tensorforge backend: ${tf.getBackend()}  (node ${process.version})`);

if (want('gemm')) {
  const shapes: [string, number, number, number, boolean, boolean][] = [
    ['x[32,784]·W[784,128]', 32, 784, 128, false, false],
    ['dy[32,128]·W[784,128]ᵀ (dx)', 32, 128, 784, false, true],
    ['x[32,784]ᵀ·dy[32,128] (dW)', 784, 32, 128, true, false],
    ['h[32,128]·W[128,10]', 32, 128, 10, false, false],
    ['1024³', 1024, 1024, 1024, false, false],
  ];
  for (const [name, m, k, n, tA, tB] of shapes) {
    const a = tf.tensor(randomValues(m * k, 1), tA ? [k, m] : [m, k]);
    const b = tf.tensor(randomValues(k * n, 2), tB ? [n, k] : [k, n]);
    const ms = best(() => void tf.matMul(a, b, tA, tB), m * n * k > 1e8 ? (quick ? 1 : 4) : undefined);
    report(`gemm ${name}`, ms, 2 * m * n * k);
  }
}

/** A TF.js-shaped namespace: both engines run the same MLP code (T: its tensor, L: its layer, O: its optimizer). */
interface MlpTf<T, L, O> {
  tensor(v: Float32Array, shape: number[]): T;
  sequential(a: { layers: L[] }): { compile(a: { optimizer: O; loss: 'categoricalCrossentropy' }): void; trainOnBatch(x: T, y: T): unknown };
  layers: { dense(a: { units: number; activation: 'relu' | 'softmax'; inputShape?: number[] }): L };
  train: { adam(lr: number): O };
}

function mlpStep<T, L, O>(lib: MlpTf<T, L, O>, batch = 32): () => unknown {
  const model = lib.sequential({
    layers: [lib.layers.dense({ units: 128, activation: 'relu', inputShape: [784] }), lib.layers.dense({ units: 10, activation: 'softmax' })],
  });
  model.compile({ optimizer: lib.train.adam(0.001), loss: 'categoricalCrossentropy' });
  const x = lib.tensor(randomValues(batch * 784, 3).map((v) => v + 0.5), [batch, 784]);
  const y = new Float32Array(batch * 10);
  for (let i = 0; i < batch; i++) y[i * 10 + (i % 10)] = 1;
  const yt = lib.tensor(y, [batch, 10]);
  return () => model.trainOnBatch(x, yt);
}

let tforgeStep = NaN;
if (want('mlp')) {
  tforgeStep = await bestAsync(mlpStep(tf), quick ? 1 : 4, 20);
  report('MLP 784-128-10 Adam step (batch 32)', tforgeStep);
  console.log(`  → one epoch of MNIST (1875 steps) ≈ ${((tforgeStep * 1875) / 1000).toFixed(2)} s`);
}

if (want('conv')) {
  const cases: [string, number[], number[]][] = [
    ['[64,28,28,1]→32 3×3', [64, 28, 28, 1], [3, 3, 1, 32]],
    ['[64,13,13,32]→64 3×3', [64, 13, 13, 32], [3, 3, 32, 64]],
  ];
  for (const [name, xs, fs] of cases) {
    const x = tf.tensor(randomValues(xs.reduce((p, d) => p * d, 1), 4), xs);
    const f = tf.tensor(randomValues(fs.reduce((p, d) => p * d, 1), 5), fs);
    const y = tf.conv2d(x, f, 1, 'valid');
    const flops = 2 * y.size * (fs[0] ?? 0) * (fs[1] ?? 0) * (fs[2] ?? 0);
    report(`conv2d fwd ${name}`, best(() => void tf.conv2d(x, f, 1, 'valid')), flops);
    const gradFn = tf.grads((xi: tf.Tensor, fi: tf.Tensor) => tf.conv2d(xi, fi, 1, 'valid'));
    report(`conv2d fwd+bwd ${name}`, best(() => void gradFn([x, f], y)), 3 * flops);
  }
}

if (want('tfjs')) {
  const tfjs = await import('@tensorflow/tfjs');
  await tfjs.setBackend('cpu');
  await tfjs.ready();
  const step = mlpStep(tfjs);
  const ms = await bestAsync(step, quick ? 1 : 4, 10);
  report('TF.js cpu: MLP Adam step (batch 32)', ms);
  if (!Number.isNaN(tforgeStep)) console.log(`  → tensorforge ts is ${(ms / tforgeStep).toFixed(2)}× faster than TF.js cpu`);
}
