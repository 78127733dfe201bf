import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
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

/** Collects written output. */
function sink(isTTY = false) {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), isTTY, text: () => chunks.join('') };
}

describe('tforge command line', () => {
  it('has --help on every command, listing its flags', () => {
    const program = buildProgram(sink());
    const help = Object.fromEntries(program.commands.map((c) => [c.name(), c.helpInformation()]));
    expect(Object.keys(help).sort()).toEqual(['evaluate', 'export', 'predict', 'retrain', 'rollback', 'serve', 'summary', 'train', 'versions']);
    for (const flag of ['--epochs', '--batch-size', '--validation-split', '--seed', '--out', '--backend', '--dashboard']) expect(help.train).toContain(flag);
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
    const ev = sink();
    const m = await runEvaluate(r.out, {}, ev);
    expect(m.accuracy).toBeCloseTo(metrics.accuracy, 6);
    expect(ev.text()).toContain('Confusion matrix:');
    expect(ev.text()).toMatch(/accuracy: 0\.\d{4}/);
  });
});
