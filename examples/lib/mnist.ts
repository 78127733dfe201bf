// A small MNIST loader for the examples: reads the gzipped IDX files in ../shared/datasets/mnist.
// IDX layout: 2 zero bytes, a type byte (0x08 = uint8), a rank byte, rank big-endian uint32 sizes, then the data.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import * as tf from '../../src/index.js';

/** Where the MNIST files live: `../shared/datasets/mnist` next to the repository. */
export const mnistDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/datasets/mnist');

function readIdx(file: string): { dims: number[]; data: Uint8Array } {
  const buf = gunzipSync(readFileSync(join(mnistDir, file)));
  if (buf[0] !== 0 || buf[1] !== 0 || buf[2] !== 0x08) throw new Error(`${file}: not an unsigned-byte IDX file`);
  const rank = buf[3] as number;
  const dims = Array.from({ length: rank }, (_, i) => buf.readUInt32BE(4 + 4 * i));
  return { dims, data: new Uint8Array(buf.buffer, buf.byteOffset + 4 + 4 * rank, dims.reduce((a, b) => a * b, 1)) };
}

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

function images(file: string, limit: number | undefined, channels: boolean): tf.Tensor {
  const { dims, data } = readIdx(file);
  const n = Math.min(dims[0] as number, limit ?? Infinity);
  const size = 28 * 28;
  const out = new Float32Array(n * size);
  for (let i = 0; i < out.length; i++) out[i] = (data[i] as number) / 255;
  return tf.tensor(out, channels ? [n, 28, 28, 1] : [n, 28, 28], 'float32');
}

function labels(file: string, limit: number | undefined, oneHot: boolean): tf.Tensor {
  const { dims, data } = readIdx(file);
  const n = Math.min(dims[0] as number, limit ?? Infinity);
  if (!oneHot) return tf.tensor(Float32Array.from(data.subarray(0, n)), [n], 'float32');
  const out = new Float32Array(n * 10);
  for (let i = 0; i < n; i++) out[i * 10 + (data[i] as number)] = 1;
  return tf.tensor(out, [n, 10], 'float32');
}

/** Loads MNIST as float tensors scaled to [0, 1]. */
export function loadMnist(opts: MnistOptions = {}): { xTrain: tf.Tensor; yTrain: tf.Tensor; xTest: tf.Tensor; yTest: tf.Tensor } {
  const channels = opts.channels ?? false;
  const oneHot = opts.oneHot ?? false;
  return {
    xTrain: images('train-images-idx3-ubyte.gz', opts.limit, channels),
    yTrain: labels('train-labels-idx1-ubyte.gz', opts.limit, oneHot),
    xTest: images('t10k-images-idx3-ubyte.gz', opts.testLimit, channels),
    yTest: labels('t10k-labels-idx1-ubyte.gz', opts.testLimit, oneHot),
  };
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
  const get = (flag: string): number | undefined => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = Number(argv[i + 1]);
    if (!Number.isFinite(v) || v <= 0) throw new Error(`${flag} expects a positive number, received ${argv[i + 1]}`);
    return v;
  };
  return {
    epochs: get('--epochs') ?? defaults.epochs,
    batchSize: get('--batch-size') ?? defaults.batchSize,
    limit: get('--limit'),
    testLimit: get('--test-limit'),
    verbose: get('--verbose') ?? 1,
  };
}

/** The test accuracy from `model.evaluate` output ([loss, accuracy]). */
export function accuracyOf(result: tf.Tensor | tf.Tensor[]): number {
  const list = Array.isArray(result) ? result : [result];
  return list[1]?.dataSync()[0] ?? NaN;
}
