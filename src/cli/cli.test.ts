import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { loadMnistDir } from './workloads.js';
import { decodePng, mnistPreprocess } from './png.js';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { hasDatasets, datasetsDir } from '../../test/helpers/paths.js';
import { identityModelDir, tempDir } from '../../test/e2e/helpers.js';
import { buildProgram } from './program.js';
import { decodeNpy, parseLine, readPredictInput, rowsFromCsv, rowsFromJson } from './inputs.js';
import { KerasProgress } from './progress.js';
import { runEvaluate, runExport, runPredict, runSummary, formatConfusion } from './model-commands.js';
import { sequential } from '../models/index.js';
import { dense } from '../layers/index.js';
import { tensor2d } from '../ops/creation.js';
import { fromLayersModel } from '../serve/layers-adapter.js';
import { runTrain } from './train.js';
import { loadSpec } from './spec.js';

/** A minimal RGB PNG encoder for tests (filter 0 rows, deflate; CRCs are zero since the decoder skips them). */
function encodeRgbPng(w: number, h: number, gray: (x: number, y: number) => number): Buffer {
  const raw = Buffer.alloc(h * (w * 3 + 1));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) raw.fill(gray(x, y), y * (w * 3 + 1) + 1 + x * 3, y * (w * 3 + 1) + 4 + x * 3);
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function argMax(v: number[]): number {
  return v.indexOf(Math.max(...v));
}

/** Collects written output. */
function sink(isTTY = false) {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), isTTY, text: () => chunks.join('') };
}

describe('tforge command line', () => {
  it('has --help on every command, listing its flags', () => {
    const program = buildProgram(sink());
    const help = Object.fromEntries(program.commands.map((c) => [c.name(), c.helpInformation()]));
    expect(Object.keys(help).sort()).toEqual(['evaluate', 'export', 'export-feedback', 'generate', 'predict', 'retrain', 'rollback', 'serve', 'summary', 'train', 'versions']);
    for (const flag of ['--epochs', '--batch-size', '--validation-split', '--seed', '--out', '--backend', '--dashboard', '--workers', '--iters']) expect(help.train).toContain(flag);
    expect(help['export-feedback']).toContain('--format');
    for (const flag of ['--name', '--port', '--host', '--db']) expect(help.serve).toContain(flag);
    expect(help.serve).toContain('127.0.0.1');
    expect(help.serve).toContain('8501');
    expect(help.predict).toContain('--interactive');
    expect(help.export).toContain('--onnx');
  });

  it('rejects a non-integer flag with a clear message', async () => {
    const program = buildProgram(sink());
    let err = '';
    for (const c of [program, ...program.commands]) {
      c.exitOverride();
      c.configureOutput({ writeErr: (s) => (err += s), writeOut: () => undefined });
    }
    await expect(program.parseAsync(['node', 'tforge', 'train', 'x.json', '--epochs', 'two'])).rejects.toThrow();
    expect(err).toContain('--epochs must be an integer');
  });
});

describe('spec loading', () => {
  it('names what is wrong with a bad spec', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.json'), '{"workload": "resnet"}');
    await expect(loadSpec(join(dir, 'bad.json'))).rejects.toThrow(/unknown workload "resnet"; expected one of mnist-mlp, mnist-linear/);
    writeFileSync(join(dir, 'nodata.json'), '{"workload": "mnist-mlp"}');
    await expect(loadSpec(join(dir, 'nodata.json'))).rejects.toThrow(/needs "dataDir"/);
    await expect(loadSpec('mnist-mlp')).rejects.toThrow(/needs --data-dir/);
    writeFileSync(join(dir, 'empty.mjs'), 'export default { model: 1 };');
    await expect(loadSpec(join(dir, 'empty.mjs'))).rejects.toThrow(/must 'export default \{ model\(\), data\(\) \}'/);
    await expect(runTrain(join(dir, 'bad.json'), { backend: 'gpu-please' }, sink())).rejects.toThrow(/backend 'gpu-please' is not available/);
  });
});

describe('predict inputs', () => {
  it('splits JSON, CSV and .npy inputs into examples', async () => {
    expect(rowsFromJson([1, 2, 3, 4], 4, 'w')).toEqual([[1, 2, 3, 4]]);
    expect(rowsFromJson([[[1, 2], [3, 4]]], 4, 'w')).toEqual([[1, 2, 3, 4]]);
    expect(rowsFromJson({ instances: [[1, 2, 3, 4], [5, 6, 7, 8]] }, 4, 'w')).toEqual([[1, 2, 3, 4], [5, 6, 7, 8]]);
    expect(() => rowsFromJson([1, 2, 3], 4, 'w')).toThrow(/each example needs 4 numbers/);
    expect(rowsFromCsv('a,b\n1,2\n3, 4\n\n', 'c')).toEqual([[1, 2], [3, 4]]);
    expect(() => rowsFromCsv('1,2\n3,x', 'c')).toThrow(/line 2/);
    // A hand-built .npy v1.0: float32 little-endian, shape (2, 2), values 1.5, -2, 0, 4.
    const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }";
    const padded = header.padEnd(118, ' ') + '\n';
    const bytes = new Uint8Array(10 + padded.length + 16);
    bytes.set([0x93, ...Buffer.from('NUMPY'), 1, 0, padded.length & 0xff, padded.length >> 8]);
    bytes.set(Buffer.from(padded), 10);
    new DataView(bytes.buffer).setFloat32(10 + padded.length, 1.5, true);
    new DataView(bytes.buffer).setFloat32(14 + padded.length, -2, true);
    new DataView(bytes.buffer).setFloat32(22 + padded.length, 4, true);
    expect(decodeNpy(bytes, 'x.npy')).toEqual({ values: [1.5, -2, 0, 4], shape: [2, 2] });
    const file = join(tempDir(), 'x.npy');
    writeFileSync(file, bytes);
    expect(await readPredictInput(file, 2)).toEqual([[1.5, -2], [0, 4]]);
    expect(() => decodeNpy(new Uint8Array(12), 'bad.npy')).toThrow(/not a \.npy file/);
    expect(parseLine('   ', 4)).toBeNull();
    expect(parseLine('1 0, 0 0', 4)).toEqual([[1, 0, 0, 0]]);
  });
});

describe('PNG input', () => {
  it('decodes every scanline filter and MNIST-preprocesses into a centred 20x20 box', () => {
    // 2x2 gray PNG rows with filters Sub (1) and Paeth (4). Row 1: 10, 10+20. Row 2, Paeth: 30+up(10) = 40; then
    // left 40, up 30, upper-left 10 give p = 60, closest to left (distance 20), so 30+40 = 70.
    const raw = Buffer.from([1, 10, 20, 4, 30, 30]);
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(2, 0);
    ihdr.writeUInt32BE(2, 4);
    ihdr.set([8, 0, 0, 0, 0], 8);
    const chunk = (type: string, data: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, data.length]), Buffer.from(type), data, Buffer.alloc(4)]);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
    const img = decodePng(png);
    expect(Array.from(img.gray, (v) => Math.round(v * 255))).toEqual([10, 30, 40, 70]);
    expect(() => decodePng(Buffer.from('not a png'))).toThrow(/bad signature/);
    // A 10x40 white bar on black becomes 5x20 (aspect kept), centred by mass at (14, 14).
    const bar = { width: 60, height: 60, gray: new Float32Array(3600) };
    for (let y = 5; y < 45; y++) for (let x = 20; x < 30; x++) bar.gray[y * 60 + x] = 1;
    const out = mnistPreprocess(bar);
    const rows = new Set<number>();
    const cols = new Set<number>();
    out.forEach((v, i) => {
      if (v > 0.5) {
        rows.add(Math.floor(i / 28));
        cols.add(i % 28);
      }
    });
    expect(rows.size).toBe(20);
    expect(cols.size).toBe(5);
    // Column COM 2 -> shift 12; row COM 9.5 -> shift round(4.5) = 5.
    expect(Math.min(...rows)).toBe(5);
    expect(Math.min(...cols)).toBe(12);
  });
});

describe('Keras-style progress', () => {
  it('prints the epoch header and a full bar with the logs', () => {
    const out = sink(false);
    const p = new KerasProgress(2, 3, out, 10);
    p.onEpochBegin(0);
    p.onBatchEnd(0, { loss: 1 });
    p.onBatchEnd(2, { loss: 0.5 });
    p.onEpochEnd(0, { loss: 0.5, val_loss: 0.25 });
    const lines = out.text().split('\n');
    expect(lines[0]).toBe('Epoch 1/2');
    expect(lines[1]).toMatch(/^3\/3 \[==========\] - \d+s \d+ms\/step - loss: 0\.5000 - val_loss: 0\.2500$/);
    expect(p.line(1, {})).toMatch(/^1\/3 \[==>\.\.\.\.\.\.\.\] /);
  });
});

describe('model commands on a saved model', () => {
  it('predicts from inline JSON and interactive stdin without crashing on blank or bad lines', async () => {
    const dir = await identityModelDir('toy');
    const out = sink();
    const probs = await runPredict(dir, '[[1,0,0,0],[0,0,1,0]]', {}, out);
    expect(probs[0]?.[0]).toBeCloseTo(Math.E / (Math.E + 2), 5);
    expect(out.text().split('\n')[0]).toMatch(/^a \(p=0\.5761\)/);
    expect(out.text().split('\n')[1]).toMatch(/^c \(p=0\.5761\)/);
    const inter = sink();
    const stdin = Readable.from(['0 1 0 0\n', '\n', '\n', 'not numbers\n', '[0,0,0,1]\n']);
    const all = await runPredict(dir, undefined, { interactive: true }, inter, stdin);
    expect(all).toHaveLength(2);
    expect(inter.text()).toMatch(/error: input: 'not numbers' is not a list of numbers/);
    expect(inter.text()).toMatch(/\nb \(p=0\.5761\)/);
    const sum = sink();
    await runSummary(dir, sum);
    expect(sum.text()).toContain('Total params: 15');
    expect(sum.text()).toContain('accuracy=0.7500');
  });

  it('exports a LayersModel to ONNX that onnxruntime runs with the same outputs', async () => {
    const m = sequential({ layers: [dense({ units: 3, inputShape: [4], activation: 'softmax' })] });
    m.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    const dir = join(tempDir(), 'dense');
    await fromLayersModel(m).save(dir);
    const out = sink();
    const file = await runExport(dir, { onnx: true }, out);
    expect(out.text()).toMatch(/Wrote .*model\.onnx \(\d+ bytes\)/);
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(readFileSync(file));
    const x = Float32Array.of(0.5, -1, 2, 0.25);
    const result = await session.run({ [session.inputNames[0] as string]: new ort.Tensor('float32', x, [1, 4]) });
    const got = Array.from(result[session.outputNames[0] as string]?.data as Float32Array);
    const want = Array.from(fromLayersModel(m).predict(tensor2d([[0.5, -1, 2, 0.25]])).dataSync());
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i] as number, 5));
    await expect(runExport(await identityModelDir('lin'), { onnx: true }, sink())).rejects.toThrow(/only LayersModels export to ONNX/);
    await expect(runExport(dir, {}, sink())).rejects.toThrow(/choose a format, e.g. --onnx/);
  });

  it('formats a confusion matrix with class names', () => {
    expect(formatConfusion([[5, 1], [0, 7]], ['cat', 'dog']).split('\n')).toEqual([
      'true\\pred    cat   dog',
      'cat            5     1',
      'dog            0     7',
    ]);
  });
});

describe('tforge train on a tabular spec', () => {
  it('writes global feature importance (KernelSHAP) into the model card: the informative feature ranks first', async () => {
    const dir = tempDir();
    const spec = join(dir, 'tab.ts');
    const src = join(process.cwd(), 'src');
    writeFileSync(spec, `
      import { LinearSoftmax } from '${join(src, 'serve', 'linear-softmax.ts')}';
      import { Tensor } from '${join(src, 'tensor', 'tensor.ts')}';
      // Class = feature 0 > 0; feature 1 is weak, feature 2 is pure noise (deterministic pseudo-random).
      const split = (n, off) => {
        const x = new Float32Array(n * 3), y = new Float32Array(n * 2);
        for (let i = 0; i < n; i++) {
          const a = Math.sin(12.9898 * (i + off)) * 2, b = Math.cos(78.233 * (i + off)), c = Math.sin(3.7 * (i + off) + 1);
          x.set([a, b, c], i * 3);
          y[i * 2 + (a + 0.1 * b > 0 ? 1 : 0)] = 1;
        }
        return { x: new Tensor(x, [n, 3], 'float32'), y: new Tensor(y, [n, 2], 'float32') };
      };
      export default { name: 'tab', kind: 'tabular', model: () => new LinearSoftmax({ inputShape: [3], classes: 2, seed: 1 }), data: () => ({ train: split(400, 0), test: split(100, 1000) }) };
    `);
    const r = await runTrain(spec, { epochs: 5, batchSize: 20, seed: 1, out: join(dir, 'tab') }, sink());
    const card = JSON.parse(readFileSync(join(r.out, 'card.json'), 'utf8')) as { importance: { method: string; values: number[]; examples: number; background: number } };
    expect(card.importance).toMatchObject({ method: 'KernelSHAP', examples: 20, background: 20 });
    const [a, b, c] = card.importance.values as [number, number, number];
    expect(a).toBeGreaterThan(3 * b);
    expect(a).toBeGreaterThan(3 * c);
  });
});

describe.skipIf(!hasDatasets)('tforge train / evaluate on MNIST (softmax regression, 3000 examples)', () => {
  it('trains, writes model, metrics.json, history.json and card.json, and evaluates', async () => {
    const dir = tempDir();
    const spec = join(dir, 'spec.json');
    writeFileSync(spec, JSON.stringify({ workload: 'mnist-linear', dataDir: join(datasetsDir, 'mnist'), trainLimit: 3000, testLimit: 500 }));
    const out = sink();
    const r = await runTrain(spec, { epochs: 2, batchSize: 50, seed: 1, out: join(dir, 'mnist') }, out);
    expect(out.text()).toMatch(/Epoch 1\/2\n60\/60 \[={30}\] - \d+s \d+ms\/step - loss: \d\.\d{4} - accuracy: \d\.\d{4}\nEpoch 2\/2/);
    const metrics = JSON.parse(readFileSync(join(r.out, 'metrics.json'), 'utf8'));
    expect(metrics.accuracy).toBeGreaterThan(0.8);
    expect(metrics.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(500);
    const history = JSON.parse(readFileSync(join(r.out, 'history.json'), 'utf8'));
    expect(history.loss).toHaveLength(2);
    expect(history.loss[1]).toBeLessThan(history.loss[0]);
    expect(JSON.parse(readFileSync(join(r.out, 'card.json'), 'utf8'))).toMatchObject({ name: 'mnist', kind: 'image', imageShape: [28, 28] });
    // The first test digit (a 7), upscaled 4x as black ink on white in an RGB PNG, predicts as 7 after preprocessing.
    const { test } = await loadMnistDir(join(datasetsDir, 'mnist'), { testLimit: 1 });
    const png = join(dir, 'seven.png');
    writeFileSync(png, encodeRgbPng(112, 112, (x, y) => 255 - Math.round((test.x.values[Math.floor(y / 4) * 28 + Math.floor(x / 4)] ?? 0) * 255)));
    const pred = await runPredict(r.out, png, {}, sink());
    expect(argMax(pred[0] as number[])).toBe(7);
    const ev = sink();
    const m = await runEvaluate(r.out, {}, ev);
    expect(m.accuracy).toBeCloseTo(metrics.accuracy, 6);
    expect(ev.text()).toContain('Confusion matrix:');
    expect(ev.text()).toMatch(/accuracy: 0\.\d{4}/);
  });
});
