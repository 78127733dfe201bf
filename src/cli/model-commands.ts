import { createInterface } from 'node:readline';
import { writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, ValueError } from '../core/errors.js';
import { exportOnnx } from '../io/index.js';
import { LayersModel } from '../models/index.js';
import { Tensor } from '../tensor/tensor.js';
import { evaluateClassifier } from '../serve/evaluation.js';
import { argMaxRow } from '../serve/linear-softmax.js';
import { loadServable, readModelInfo, type ModelCard } from '../serve/model-dir.js';
import { exampleSize, isTrainable, type Servable } from '../serve/servable.js';
import { loadWordEncoder } from '../serve/word-encoder.js';
import type { TextToIds } from '../serve/codec.js';
import { parseLine, readPredictInput, type Rows } from './inputs.js';
import type { ProgressStream } from './progress.js';
import { loadDataRef, loadSpec } from './spec.js';

/**
 * Formats a confusion matrix as an aligned text table (rows: true class, columns: predicted).
 * @example formatConfusion([[5, 1], [0, 7]], ['cat', 'dog']);
 */
export function formatConfusion(m: number[][], names: readonly string[] = []): string {
  const label = (i: number) => names[i] ?? String(i);
  const w = Math.max(5, ...m.flat().map((n) => String(n).length), ...m.map((_, i) => label(i).length)) + 1;
  const head = 'true\\pred'.padEnd(10) + m.map((_, j) => label(j).padStart(w)).join('');
  return [head, ...m.map((r, i) => label(i).padEnd(10) + r.map((n) => String(n).padStart(w)).join(''))].join('\n');
}

/**
 * `tforge evaluate <model> [--data spec]`: loss, metrics and the confusion matrix on a test split (default: the
 * data the model was trained with, from its card).
 * @example await runEvaluate('models/mnist', {}, process.stdout);
 */
export async function runEvaluate(modelDir: string, flags: { data?: string; json?: boolean }, out: ProgressStream): Promise<Record<string, unknown>> {
  const model = await loadServable(modelDir);
  if (!isTrainable(model)) throw new ConfigError(`tforge evaluate: the model in ${modelDir} cannot be evaluated.`);
  const { card } = await readModelInfo(modelDir);
  let test;
  if (flags.data) test = (await (await loadSpec(flags.data)).spec.data({})).test;
  else if (card?.data) test = (await loadDataRef(card.data)).test;
  else throw new ConfigError(`tforge evaluate: ${modelDir} has no card.json naming its data; pass --data <spec>.`);
  const metrics = await evaluateClassifier(model, test);
  if (flags.json) {
    out.write(`${JSON.stringify(metrics)}\n`);
    return metrics;
  }
  out.write(`Evaluated on ${test.x.shape[0]} examples\n`);
  for (const [k, v] of Object.entries(metrics)) if (typeof v === 'number') out.write(`${k}: ${v.toFixed(4)}\n`);
  if (metrics.confusion) out.write(`Confusion matrix:\n${formatConfusion(metrics.confusion, card?.classNames)}\n`);
  return metrics;
}

function predictRows(model: Servable, rows: Rows): number[][] {
  const dims = model.input.shape.slice(1);
  const size = exampleSize(model.input);
  const flat = new Float32Array(rows.length * size);
  rows.forEach((r, i) => flat.set(r, i * size));
  const x = new Tensor(model.input.dtype === 'int32' ? Int32Array.from(flat) : flat, [rows.length, ...dims], model.input.dtype === 'int32' ? 'int32' : 'float32');
  const y = model.predict(x);
  const per = y.size / rows.length;
  return rows.map((_, i) => Array.from(y.values.subarray(i * per, (i + 1) * per) as Float32Array));
}

function describe(probs: number[], card: ModelCard | null): string {
  const k = argMaxRow(probs, 0, probs.length);
  const name = card?.classNames?.[k] ?? String(k);
  return `${name} (p=${(probs[k] ?? 0).toFixed(4)})  [${probs.map((p) => p.toFixed(4)).join(', ')}]`;
}

/**
 * `tforge predict <model> <input>` or `--interactive` (one example per stdin line; blank lines are skipped).
 * @example await runPredict('models/mnist', '[[0,0,...]]', {}, process.stdout);
 */
export async function runPredict(
  modelDir: string,
  input: string | undefined,
  flags: { interactive?: boolean; json?: boolean },
  out: ProgressStream,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<number[][]> {
  const model = await loadServable(modelDir);
  const { card } = await readModelInfo(modelDir);
  const size = exampleSize(model.input);
  const text: TextToIds | null = model.input.shape.length === 2 ? await loadWordEncoder(modelDir, size) : null;
  /** Text models take raw text (tokenized with the saved tokenizer) unless the input is a JSON list of ids. */
  const asText = (s: string): Rows | null => (text && !/^\s*[[{]/.test(s) ? [text.encode(s)] : null);
  const show = (probs: number[][]) => {
    for (const p of probs) out.write(flags.json ? `${JSON.stringify(p)}\n` : `${describe(p, card)}\n`);
  };
  if (!flags.interactive) {
    if (input === undefined) throw new ConfigError('tforge predict: give an input (inline JSON, .json, .csv or .npy) or --interactive.');
    const rows = asText(input) && !existsSync(input) ? (asText(input) as Rows) : await readPredictInput(input, size);
    const probs = predictRows(model, rows);
    show(probs);
    return probs;
  }
  out.write(text ? 'Enter one text per line; Ctrl-D ends.\n' : `Enter one example per line (${size} numbers as JSON or separated by commas/spaces); Ctrl-D ends.\n`);
  const all: number[][] = [];
  const rl = createInterface({ input: stdin, terminal: false });
  for await (const line of rl) {
    try {
      if (line.trim() === '') continue;
      const rows = asText(line) ?? parseLine(line, size);
      if (!rows) continue;
      const probs = predictRows(model, rows);
      all.push(...probs);
      show(probs);
    } catch (e) {
      out.write(`error: ${(e as Error).message}\n`);
    }
  }
  return all;
}

/**
 * `tforge summary <model>`: the architecture summary.
 * @example await runSummary('models/mnist', process.stdout);
 */
export async function runSummary(modelDir: string, out: ProgressStream): Promise<void> {
  const model = await loadServable(modelDir);
  out.write(`${model.summary()}\n`);
  const { metrics } = await readModelInfo(modelDir);
  if (metrics) out.write(`Test metrics: ${Object.entries(metrics).filter(([, v]) => typeof v === 'number').map(([k, v]) => `${k}=${(v as number).toFixed(4)}`).join(' ')}\n`);
}

/**
 * `tforge export <model> --onnx [--out file]`: writes an ONNX file with `tf.io.exportOnnx`.
 * @example await runExport('models/mnist', { onnx: true }, process.stdout);
 */
export async function runExport(modelDir: string, flags: { onnx?: boolean; out?: string }, out: ProgressStream): Promise<string> {
  if (!flags.onnx) throw new ConfigError('tforge export: choose a format, e.g. --onnx.');
  const model = await loadServable(modelDir);
  const layersModel: unknown = Reflect.get(model, 'model');
  if (!(layersModel instanceof LayersModel)) throw new ValueError(`tforge export: ${modelDir} is not a LayersModel; only LayersModels export to ONNX.`);
  const bytes = exportOnnx(layersModel);
  const file = resolve(flags.out ?? join(modelDir, 'model.onnx'));
  await writeFile(file, bytes);
  out.write(`Wrote ${file} (${bytes.length} bytes)\n`);
  return file;
}
