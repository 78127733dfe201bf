// MNIST for the examples, through the library's own loader (tf.datasets.mnist, which reads the gzipped IDX
// files in ../shared/datasets/mnist), scaled to [0, 1] as the Keras examples do.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '../../src/index.js';

/** Where the MNIST files live: `../shared/datasets/mnist` next to the repository. */
export const mnistDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/datasets/mnist');

/** Options of `loadMnist`. */
export interface MnistOptions {
  /** Keep only the first `limit` training samples. */
  limit?: number | undefined;
  /** Keep only the first `testLimit` test samples. */
  testLimit?: number | undefined;
  /** Image shape per sample: [28, 28] (default) or [28, 28, 1] for convolutions. */
  channels?: boolean;
  /** One-hot labels [n, 10] instead of class ids [n]. */
  oneHot?: boolean;
}

function prepare(split: { images: tf.Tensor; labels: tf.Tensor }, limit: number | undefined, opts: MnistOptions) {
  const n = Math.min(split.images.shape[0] ?? 0, limit ?? Infinity);
  const images = split.images.slice([0, 0, 0], [n, 28, 28]).toFloat().div(255);
  const labels = split.labels.slice([0], [n]);
  return {
    x: opts.channels ? images.reshape([n, 28, 28, 1]) : images,
    y: opts.oneHot ? tf.oneHot(labels, 10, 1, 0, 'float32') : labels.toFloat(),
  };
}

/** Loads MNIST as float tensors scaled to [0, 1]. */
export async function loadMnist(opts: MnistOptions = {}): Promise<{ xTrain: tf.Tensor; yTrain: tf.Tensor; xTest: tf.Tensor; yTest: tf.Tensor }> {
  const { train, test } = await tf.datasets.mnist.load({ path: mnistDir });
  const tr = prepare(train, opts.limit, opts);
  const te = prepare(test, opts.testLimit, opts);
  return { xTrain: tr.x, yTrain: tr.y, xTest: te.x, yTest: te.y };
}

/** Parses `--epochs N --limit N --test-limit N --batch-size N --verbose N` with defaults. */
export function parseArgs(defaults: { epochs: number; batchSize: number }): {
  epochs: number;
  batchSize: number;
  limit: number | undefined;
  testLimit: number | undefined;
  verbose: number;
} {
  const argv = process.argv.slice(2);
  const get = (flag: string, min = 1): number | undefined => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = Number(argv[i + 1]);
    if (!Number.isInteger(v) || v < min) throw new Error(`${flag} expects an integer >= ${min}, received ${argv[i + 1]}`);
    return v;
  };
  return {
    epochs: get('--epochs') ?? defaults.epochs,
    batchSize: get('--batch-size') ?? defaults.batchSize,
    limit: get('--limit'),
    testLimit: get('--test-limit'),
    verbose: get('--verbose', 0) ?? 1,
  };
}

/** The test accuracy from `model.evaluate` output ([loss, accuracy]). */
export function accuracyOf(result: tf.Tensor | tf.Tensor[]): number {
  const list = Array.isArray(result) ? result : [result];
  return list[1]?.dataSync()[0] ?? NaN;
}
