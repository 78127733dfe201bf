import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FormatError } from '../core/errors.js';
import * as io from '../io/index.js';
import type { PrivacyReport } from '../privacy/dp-sgd.js';
import type { GlobalImportance } from '../explain/shap.js';
import { LINEAR_FORMAT, LinearSoftmax } from './linear-softmax.js';
import { fromLayersModel, isLayersModelLike } from './layers-adapter.js';
import type { HistoryRecord, ModelKind, Servable } from './servable.js';
import { writeFileAtomic } from '../core/atomic-write.js';

/**
 * What `tforge train` writes beside the model files (`card.json`): enough for the model card, the playground,
 * `tforge evaluate` and `tforge retrain` to work without the training script.
 */
export interface ModelCard {
  name: string;
  kind: ModelKind;
  /** Class names, index = class id. */
  classNames?: string[];
  /** Shape of one image example (e.g. `[28, 28]`) for image models. */
  imageShape?: number[];
  /** Where the training data came from, so `retrain` can replay it and evaluate on the same test set. */
  data?: DataRef;
  createdAt?: string;
  /** Set on versions trained with DP-SGD: the (ε, δ) guarantee and how it was reached. */
  privacy?: PrivacyReport;
  /** Tabular models: mean |Shapley value| per feature on test examples (`tforge train`). */
  importance?: GlobalImportance;
}

/** How to load the training and test data again: a built-in workload config or a spec module path. */
export type DataRef = { workload: Record<string, unknown> } | { spec: string };

/** Test-set metrics (`metrics.json`), with the confusion matrix `confusion[true][predicted]`. */
export interface ModelMetrics {
  loss?: number;
  accuracy?: number;
  confusion?: number[][];
  [metric: string]: number | number[][] | undefined;
}

/** Everything read from a model directory besides the weights. */
export interface ModelInfo {
  card: ModelCard | null;
  metrics: ModelMetrics | null;
  history: HistoryRecord | null;
}

/** File names inside a model directory. */
export const FILES = { model: 'model.json', card: 'card.json', metrics: 'metrics.json', history: 'history.json', tokenizer: 'tokenizer.json' } as const;

/**
 * True when `dir` holds a saved model (`model.json`).
 * @example isModelDir('models/mnist'); // true after 'tforge train --out models/mnist'
 */
export function isModelDir(dir: string): boolean {
  return existsSync(join(dir, FILES.model));
}

async function readJson<T>(path: string): Promise<T | null> {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (e) {
    throw new FormatError(`model directory: ${path} is not valid JSON (${(e as Error).message}).`);
  }
}

/**
 * Loads the model saved in `dir`: a TF.js-format LayersModel (through `tf.loadLayersModel`) or a `LinearSoftmax`.
 * @example const servable = await loadServable('models/mnist');
 */
export async function loadServable(dir: string): Promise<Servable> {
  const json = await readJson<Record<string, unknown>>(join(dir, FILES.model));
  if (!json) throw new FormatError(`loadServable: no ${FILES.model} in ${dir}. Train one with 'tforge train' or pass a model directory.`);
  if (json.format === LINEAR_FORMAT) return LinearSoftmax.load(dir, json);
  const load: unknown = Reflect.get(io, 'loadLayersModel');
  if (typeof load !== 'function') {
    throw new FormatError(`loadServable: ${dir} holds a LayersModel but this build has no tf.loadLayersModel.`);
  }
  const model: unknown = await load(`file://${join(dir, FILES.model)}`);
  if (!isLayersModelLike(model)) throw new FormatError(`loadServable: tf.loadLayersModel(${dir}) did not return a LayersModel.`);
  return fromLayersModel(model);
}

/**
 * Reads the card, metrics and history written next to the model, each null when missing.
 * @example const { metrics } = await readModelInfo('models/mnist'); metrics?.accuracy;
 */
export async function readModelInfo(dir: string): Promise<ModelInfo> {
  return {
    card: await readJson<ModelCard>(join(dir, FILES.card)),
    metrics: await readJson<ModelMetrics>(join(dir, FILES.metrics)),
    history: await readJson<HistoryRecord>(join(dir, FILES.history)),
  };
}

/** Writes one of the JSON side files atomically. */
export async function writeSideFile(dir: string, file: string, value: unknown): Promise<void> {
  await writeFileAtomic(join(dir, file), JSON.stringify(value, null, 2));
}
