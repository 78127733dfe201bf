// Benchmark data, prepared once per run and shared by every worker process (JS and Python) as raw little-endian
// files, so every engine trains on exactly the same samples:
//   mnist-x.f32 [60000, 784] pixels / 255, mnist-y.i32 [60000] class ids, mnist-onehot.f32 [60000, 10]
//   text-x.i32 [5000, 100] token ids (0 = padding, 1 = out of vocabulary), text-y.f32 [5000] labels
// MNIST is the real training set; the text set is the first 5000 SST-2 training sentences with a 10000-word
// vocabulary (most frequent words), left-padded / truncated to 100 tokens.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { datasetsDir } from '../test/helpers/paths.js';

/** Sizes of the prepared data. */
export const DATA = { mnistTrain: 60000, pixels: 784, classes: 10, sequences: 5000, seqLen: 100, vocab: 10000 } as const;

function readIdxBytes(file: string, headerBytes: number): Uint8Array {
  const raw = gunzipSync(readFileSync(file));
  return new Uint8Array(raw.buffer, raw.byteOffset + headerBytes, raw.byteLength - headerBytes);
}

function writeArray(file: string, arr: Float32Array | Int32Array): void {
  writeFileSync(file, new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength));
}

function prepareMnist(dir: string): void {
  const src = join(datasetsDir, 'mnist');
  const pixels = readIdxBytes(join(src, 'train-images-idx3-ubyte.gz'), 16);
  const labels = readIdxBytes(join(src, 'train-labels-idx1-ubyte.gz'), 8);
  const n = DATA.mnistTrain;
  const x = new Float32Array(n * DATA.pixels);
  for (let i = 0; i < x.length; i++) x[i] = (pixels[i] ?? 0) / 255;
  const y = new Int32Array(n);
  const onehot = new Float32Array(n * DATA.classes);
  for (let i = 0; i < n; i++) {
    y[i] = labels[i] ?? 0;
    onehot[i * DATA.classes + (labels[i] ?? 0)] = 1;
  }
  writeArray(join(dir, 'mnist-x.f32'), x);
  writeArray(join(dir, 'mnist-y.i32'), y);
  writeArray(join(dir, 'mnist-onehot.f32'), onehot);
}

function prepareText(dir: string): void {
  const lines = readFileSync(join(datasetsDir, 'sentiment', 'sst2', 'train.tsv'), 'utf8').split('\n').slice(1).filter((l) => l.includes('\t'));
  const rows = lines.slice(0, DATA.sequences).map((l) => {
    const [sentence = '', label = '0'] = l.split('\t');
    return { words: sentence.toLowerCase().split(/\s+/).filter((w) => w.length > 0), label: Number(label) };
  });
  const counts = new Map<string, number>();
  for (const lineText of lines) for (const w of (lineText.split('\t')[0] ?? '').toLowerCase().split(/\s+/)) if (w) counts.set(w, (counts.get(w) ?? 0) + 1);
  const vocab = new Map<string, number>();
  [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, DATA.vocab - 2).forEach(([w], i) => vocab.set(w, i + 2));
  const x = new Int32Array(DATA.sequences * DATA.seqLen);
  const y = new Float32Array(DATA.sequences);
  rows.forEach((r, i) => {
    const ids = r.words.map((w) => vocab.get(w) ?? 1).slice(-DATA.seqLen);
    const start = DATA.seqLen - ids.length;
    ids.forEach((id, j) => (x[i * DATA.seqLen + start + j] = id));
    y[i] = r.label;
  });
  writeArray(join(dir, 'text-x.i32'), x);
  writeArray(join(dir, 'text-y.f32'), y);
}

/** Writes the shared benchmark data into `dir` (skipped when already there). */
export function prepareData(dir: string): void {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'mnist-onehot.f32'))) prepareMnist(dir);
  if (!existsSync(join(dir, 'text-y.f32'))) prepareText(dir);
}

/** Reads a prepared float32 file. */
export function readF32(dir: string, name: string): Float32Array {
  const b = readFileSync(join(dir, name));
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** Reads a prepared int32 file. */
export function readI32(dir: string, name: string): Int32Array {
  const b = readFileSync(join(dir, name));
  return new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}
