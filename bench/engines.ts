// The JavaScript engines under test, behind the small TF.js-shaped surface the workloads use. Tensorforge and
// TF.js share this API, so one workload definition drives both; each module is checked at run time before use.
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The part of a tensor the workloads touch. */
export interface BTensor {
  readonly shape: number[];
  dataSync(): ArrayLike<number>;
  dispose(): void;
}

/** The part of a Keras-style model the workloads touch. */
export interface BModel {
  compile(args: { optimizer: unknown; loss: string }): void;
  fit(x: BTensor, y: BTensor, args: Record<string, unknown>): Promise<unknown>;
  predict(x: BTensor, args?: { batchSize?: number }): BTensor | BTensor[];
}

type LayerFactory = (args: Record<string, unknown>) => unknown;

/** The TF.js-compatible namespace of an engine. */
export interface TfLike {
  tensor(values: Float32Array | Int32Array, shape: number[], dtype?: string): BTensor;
  matMul(a: BTensor, b: BTensor): BTensor;
  add(a: BTensor, b: BTensor): BTensor;
  relu(x: BTensor): BTensor;
  sum(x: BTensor, axis?: number): BTensor;
  softmax(x: BTensor): BTensor;
  tidy<T>(fn: () => T): T;
  sequential(args?: { layers?: unknown[] }): BModel;
  layers: Record<string, LayerFactory | undefined>;
  train: { adam(lr?: number): unknown };
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
}

/** A loaded engine: its namespace, a display name and the extra fit arguments it needs. */
export interface Engine {
  name: string;
  tf: TfLike;
  fitExtras: Record<string, unknown>;
  /** Threads the engine computes with. */
  threads: number;
}

function checkTf(mod: unknown, what: string): TfLike {
  const m = mod as Partial<Record<string, unknown>>;
  for (const key of ['tensor', 'matMul', 'sequential', 'tidy', 'setBackend']) {
    if (typeof m[key] !== 'function') throw new Error(`${what}: module has no ${key}()`);
  }
  return mod as TfLike;
}

/** Loads engine `name`: tforge-native, tforge-ts, tfjs-cpu or tfjs-wasm. */
export async function loadEngine(name: string): Promise<Engine> {
  if (name === 'tforge-native' || name === 'tforge-ts') {
    // bench/run.ts names the compiled library (dist/) unless run with --no-build; alone, this worker uses src/.
    const entry = process.env['TFORGE_BENCH_LIBRARY'] ?? fileURLToPath(new URL('../src/index.ts', import.meta.url));
    const mod: unknown = await import(pathToFileURL(entry).href);
    const tf = checkTf(mod, name);
    const backend = name === 'tforge-native' ? 'native' : 'ts';
    if (!(await tf.setBackend(backend))) throw new Error(`backend '${backend}' is not available (is the addon built?)`);
    const native: unknown = await import(pathToFileURL(join(dirname(entry), 'backends', 'native', `index${extname(entry)}`)).href);
    const info = (native as { native: { info(): { threads: number } } | null }).native?.info();
    return { name, tf, fitExtras: {}, threads: backend === 'native' ? (info?.threads ?? 1) : 1 };
  }
  if (name === 'tfjs-cpu' || name === 'tfjs-wasm') {
    const mod: unknown = await import('@tensorflow/tfjs');
    const tf = checkTf(mod, name);
    if (name === 'tfjs-wasm') {
      await import('@tensorflow/tfjs-backend-wasm');
      if (!(await tf.setBackend('wasm'))) throw new Error('the TF.js wasm backend did not initialise');
    } else if (!(await tf.setBackend('cpu'))) throw new Error('the TF.js cpu backend did not initialise');
    await tf.ready();
    return { name, tf, fitExtras: { yieldEvery: 'never' }, threads: 1 };
  }
  throw new Error(`unknown engine '${name}'`);
}
