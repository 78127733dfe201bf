import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { readIdx } from '../data/idx.js';
import { sequential } from '../models/index.js';
import { dense, flatten } from '../layers/index.js';
import { adam } from '../optimizers/index.js';
import { Tensor } from '../tensor/tensor.js';
import { LinearSoftmax } from '../serve/linear-softmax.js';
import type { Split, SpecData, TrainSpec } from './spec.js';

/** Names of the built-in workloads a JSON spec can use. */
export const WORKLOADS = ['mnist-mlp', 'mnist-linear'] as const;

/** Options of the MNIST-style workloads (any IDX dataset with 28x28 images and 10 classes, e.g. Fashion-MNIST). */
export interface MnistWorkloadConfig {
  workload: (typeof WORKLOADS)[number];
  /** Folder with the four `*-idx?-ubyte.gz` files. */
  dataDir: string;
  /** Use only the first N training / test examples (quick runs). */
  trainLimit?: number;
  testLimit?: number;
  /** Hidden units of the MLP (default 128). */
  hidden?: number;
  learningRate?: number;
  epochs?: number;
  batchSize?: number;
  name?: string;
  classNames?: string[];
}

async function readSplit(dir: string, prefix: 'train' | 't10k', limit: number | undefined): Promise<Split> {
  const find = (kind: string): string => {
    for (const ext of ['.gz', '']) {
      const p = join(dir, `${prefix}-${kind}${ext}`);
      if (existsSync(p)) return p;
    }
    throw new ConfigError(`mnist workload: ${join(dir, `${prefix}-${kind}.gz`)} not found; set "dataDir" to a folder with the IDX files.`);
  };
  const images = await readIdx(find('images-idx3-ubyte'));
  const labels = await readIdx(find('labels-idx1-ubyte'));
  const n = Math.min(images.shape[0] ?? 0, limit ?? Infinity);
  const [, h = 28, w = 28] = images.shape;
  const x = new Float32Array(n * h * w);
  for (let i = 0; i < x.length; i++) x[i] = (images.values[i] ?? 0) / 255;
  const y = new Float32Array(n * 10);
  for (let i = 0; i < n; i++) y[i * 10 + (labels.values[i] ?? 0)] = 1;
  return { x: new Tensor(x, [n, h, w], 'float32'), y: new Tensor(y, [n, 10], 'float32') };
}

/**
 * Loads an MNIST-format IDX folder: images scaled to [0, 1] with shape `[n, 28, 28]`, labels one-hot `[n, 10]`.
 * @example const { train, test } = await loadMnistDir('../shared/datasets/mnist', { trainLimit: 1000 });
 */
export async function loadMnistDir(dir: string, limits: { trainLimit?: number; testLimit?: number } = {}): Promise<SpecData> {
  return { train: await readSplit(dir, 'train', limits.trainLimit), test: await readSplit(dir, 't10k', limits.testLimit) };
}

/** Builds the MNIST MLP (Flatten → Dense(hidden, relu) → Dense(10, softmax)) with the Keras-style API. */
function mnistMlp(hidden: number, learningRate: number): unknown {
  const model = sequential({
    layers: [flatten({ inputShape: [28, 28] }), dense({ units: hidden, activation: 'relu' }), dense({ units: 10, activation: 'softmax' })],
  });
  model.compile({ optimizer: adam(learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/**
 * Turns a JSON workload config into a `TrainSpec`.
 * @example builtinWorkload({ workload: 'mnist-linear', dataDir: '../shared/datasets/mnist', trainLimit: 2000 });
 */
export function builtinWorkload(config: Record<string, unknown>): TrainSpec {
  const c = config as Partial<MnistWorkloadConfig>;
  if (!WORKLOADS.includes(c.workload as MnistWorkloadConfig['workload'])) {
    throw new ConfigError(`tforge: unknown workload ${JSON.stringify(c.workload)}; expected one of ${WORKLOADS.join(', ')}.`);
  }
  if (typeof c.dataDir !== 'string') throw new ConfigError(`tforge: workload '${c.workload}' needs "dataDir" (the folder with the MNIST IDX files).`);
  const dataDir = c.dataDir;
  const spec: TrainSpec = {
    name: c.name ?? 'mnist',
    kind: 'image',
    imageShape: [28, 28],
    classNames: c.classNames ?? ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    model: () =>
      c.workload === 'mnist-linear'
        ? new LinearSoftmax({ inputShape: [28, 28], classes: 10, learningRate: c.learningRate ?? 0.5 })
        : mnistMlp(c.hidden ?? 128, c.learningRate ?? 0.001),
    data: () => loadMnistDir(dataDir, { ...(c.trainLimit ? { trainLimit: c.trainLimit } : {}), ...(c.testLimit ? { testLimit: c.testLimit } : {}) }),
    fit: { epochs: c.epochs ?? 2, batchSize: c.batchSize ?? (c.workload === 'mnist-linear' ? 64 : 128) },
  };
  return spec;
}
