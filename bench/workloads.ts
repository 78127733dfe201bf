// Workload definitions for the JavaScript engines (bench/torch_worker.py mirrors them for PyTorch).
import { DATA, readF32, readI32 } from './data.js';
import type { BModel, BTensor, Engine, TfLike } from './engines.js';

/** One measurement. `value` is seconds per epoch, GFLOP/s, milliseconds or samples per second (see `unit`). */
export interface Measurement {
  status: 'ok' | 'cannot train' | 'not available yet' | 'error';
  value?: number;
  unit?: string;
  lowerIsBetter?: boolean;
  note?: string;
  detail?: Record<string, number | string | boolean>;
}

/** Options every workload gets. */
export interface RunOptions {
  quick: boolean;
  /** Seconds of measurement a training workload may spend before extrapolating to a full epoch. */
  budget: number;
  dataDir: string;
}

/** Thrown when an engine lacks a layer the workload needs. */
export class Unavailable extends Error {}

function layer(tf: TfLike, name: string, args: Record<string, unknown>): unknown {
  const f = tf.layers[name];
  if (typeof f !== 'function') throw new Unavailable(`tf.layers.${name} is not available yet`);
  return f(args);
}

/** The model of each training workload (Keras layers, TF.js names). */
export function buildModel(tf: TfLike, workload: string): BModel {
  const L = (name: string, args: Record<string, unknown>): unknown => layer(tf, name, args);
  switch (workload) {
    case 'mlp':
    case 'predict1':
    case 'predict256':
      return tf.sequential({ layers: [L('dense', { units: 128, activation: 'relu', inputShape: [784] }), L('dense', { units: 10, activation: 'softmax' })] });
    case 'cnn-small':
      return tf.sequential({
        layers: [
          L('conv2d', { filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
          L('maxPooling2d', { poolSize: 2 }),
          L('flatten', {}),
          L('dense', { units: 128, activation: 'relu' }),
          L('dense', { units: 10, activation: 'softmax' }),
        ],
      });
    case 'cnn':
      return tf.sequential({
        layers: [
          L('conv2d', { filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
          L('maxPooling2d', { poolSize: 2 }),
          L('conv2d', { filters: 64, kernelSize: 3, activation: 'relu' }),
          L('maxPooling2d', { poolSize: 2 }),
          L('conv2d', { filters: 64, kernelSize: 3, activation: 'relu' }),
          L('flatten', {}),
          L('dense', { units: 64, activation: 'relu' }),
          L('dense', { units: 10, activation: 'softmax' }),
        ],
      });
    case 'lstm':
      return tf.sequential({
        layers: [
          L('embedding', { inputDim: DATA.vocab, outputDim: 16, inputLength: DATA.seqLen }),
          L('lstm', { units: 128 }),
          L('dense', { units: 1, activation: 'sigmoid' }),
        ],
      });
    default:
      throw new Error(`unknown model workload '${workload}'`);
  }
}

const BATCH: Record<string, number> = { mlp: 32, 'cnn-small': 64, cnn: 64, lstm: 32 };

/** Training data of a workload: inputs, targets and the shapes of one sample. */
function trainingData(workload: string, dir: string) {
  if (workload === 'lstm') {
    return { x: readI32(dir, 'text-x.i32'), xShape: [DATA.seqLen], xDtype: 'float32', y: readF32(dir, 'text-y.f32'), yShape: [1], n: DATA.sequences };
  }
  const xShape = workload === 'mlp' ? [DATA.pixels] : [28, 28, 1];
  return { x: readF32(dir, 'mnist-x.f32'), xShape, xDtype: 'float32', y: readF32(dir, 'mnist-onehot.f32'), yShape: [DATA.classes], n: DATA.mnistTrain };
}

function slice(tf: TfLike, data: Float32Array | Int32Array, per: number, shape: number[], n: number): BTensor {
  const part = data.subarray(0, n * per);
  const values = part instanceof Int32Array ? Float32Array.from(part) : part;
  return tf.tensor(values, [n, ...shape], 'float32');
}

/**
 * Trains for one epoch (Adam, lr 0.001, no shuffling) and returns its wall time. Slow engines run on the first
 * samples only and the epoch time is extrapolated (reported in the detail) so every engine finishes in `budget`.
 */
export async function trainEpoch(engine: Engine, workload: string, opts: RunOptions): Promise<Measurement> {
  const { tf, fitExtras } = engine;
  const data = trainingData(workload, opts.dataDir);
  const batch = BATCH[workload] ?? 32;
  const per = data.xShape.reduce((p, d) => p * d, 1);
  const perY = data.yShape.reduce((p, d) => p * d, 1);
  const model = buildModel(tf, workload);
  model.compile({ optimizer: tf.train.adam(0.001), loss: workload === 'lstm' ? 'binaryCrossentropy' : 'categoricalCrossentropy' });
  const fit = async (n: number): Promise<number> => {
    const x = slice(tf, data.x, per, data.xShape, n);
    const y = slice(tf, data.y, perY, data.yShape, n);
    const t0 = performance.now();
    await model.fit(x, y, { batchSize: batch, epochs: 1, shuffle: false, verbose: 0, ...fitExtras });
    const dt = (performance.now() - t0) / 1000;
    x.dispose();
    y.dispose();
    return dt;
  };
  await fit(batch); // warm-up: JIT, wasm start-up, first allocations
  const probeN = batch * 2;
  const probe = await fit(probeN);
  const perSample = probe / probeN;
  const cap = opts.quick ? Math.min(opts.budget, 15) : opts.budget;
  let n: number = data.n;
  if (perSample * n > cap) n = Math.max(probeN, Math.floor(cap / perSample / batch) * batch);
  const seconds = n === probeN ? probe : await fit(n);
  const epoch = (seconds * data.n) / n;
  return {
    status: 'ok', value: epoch, unit: 's/epoch', lowerIsBetter: true,
    detail: { samplesMeasured: n, epochSamples: data.n, extrapolated: n < data.n, batchSize: batch },
  };
}
