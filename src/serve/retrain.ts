import { copyFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Random } from '../core/random.js';
import { ValueError } from '../core/errors.js';
import { Tensor } from '../tensor/tensor.js';
import { evaluateClassifier, type LabelledData } from './evaluation.js';
import { FILES, loadServable, readModelInfo, writeSideFile, type ModelMetrics } from './model-dir.js';
import type { Registry } from './registry.js';
import { dpSgdFit, isPrivateTrainable, type PrivacyReport } from '../privacy/dp-sgd.js';
import { noiseForEpsilon } from '../privacy/rdp-accountant.js';
import { isTrainable, type FitHooks } from './servable.js';
import type { FeedbackRecord, VersionRecord } from './store.js';

/** Training and test data for retraining: the original training set (for replay) and the held-out test set. */
export interface RetrainData {
  train: LabelledData;
  test: LabelledData;
}

/** Options of `retrain`. */
export interface RetrainOptions extends FitHooks {
  /** Loads the original data (from the model card's data reference). */
  loadData: () => Promise<RetrainData>;
  epochs?: number;
  batchSize?: number;
  /** Original examples replayed per feedback example, so the model does not forget (default 20). */
  replayRatio?: number;
  /** Fewest replayed examples (default 512). */
  minReplay?: number;
  /** How much worse (absolute accuracy) the candidate may be and still be promoted (default 0: not worse). */
  tolerance?: number;
  seed?: number;
  log?: (line: string) => void;
  /**
   * Train with DP-SGD within this (ε, δ) budget: the noise multiplier is the smallest whose RDP ε over this run
   * stays within `epsilon`. δ defaults to min(1e-5, 1/(10 N)); the per-example clip norm to 1.
   */
  dp?: { epsilon: number; delta?: number; l2NormClip?: number; learningRate?: number };
}

/** What `retrain` did. */
export interface RetrainResult {
  candidate: VersionRecord;
  promoted: boolean;
  baseline: ModelMetrics;
  metrics: ModelMetrics;
  feedbackUsed: number;
  replayed: number;
  /** Accuracy on the feedback examples before and after. */
  feedbackAccuracy: { before: number; after: number };
  /** The privacy guarantee when trained with `dp`. */
  privacy?: PrivacyReport;
}

/** Builds `x` (inputs) and `y` (labels in the format of `like`) from feedback records. */
export function feedbackTensors(records: readonly FeedbackRecord[], inputShape: number[], like: Tensor, classes: number): LabelledData {
  const size = inputShape.reduce((a, d) => a * d, 1);
  const x = new Float32Array(records.length * size);
  records.forEach((r, i) => x.set(r.input, i * size));
  let y: Tensor;
  if (like.rank === 2) {
    const v = new Float32Array(records.length * classes);
    records.forEach((r, i) => {
      v[i * classes + r.label] = 1;
    });
    y = new Tensor(v, [records.length, classes], 'float32');
  } else {
    const v = like.dtype === 'int32' ? new Int32Array(records.length) : new Float32Array(records.length);
    records.forEach((r, i) => {
      v[i] = r.label;
    });
    y = new Tensor(v, [records.length], like.dtype === 'int32' ? 'int32' : 'float32');
  }
  return { x: new Tensor(x, [records.length, ...inputShape], 'float32'), y };
}

/** Concatenates rows of two tensors with the same trailing shape (casting b's values to a's array type). */
function concatRows(a: Tensor, b: Tensor): Tensor {
  const out = new (a.values.constructor as Float32ArrayConstructor)(a.size + b.size);
  out.set(a.values as Float32Array, 0);
  out.set(b.values as Float32Array, a.size);
  return new Tensor(out, [(a.shape[0] ?? 0) + (b.shape[0] ?? 0), ...a.shape.slice(1)], a.dtype);
}

/** `count` random rows of `data` (without replacement). */
function sampleRows(data: LabelledData, count: number, rng: Random): LabelledData {
  const n = data.x.shape[0] ?? 0;
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < Math.min(count, n); i++) {
    const j = i + rng.int(n - i);
    [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
  }
  const pick = idx.slice(0, Math.min(count, n));
  const take = (t: Tensor): Tensor => {
    const row = t.size / Math.max(n, 1);
    const out = new (t.values.constructor as Float32ArrayConstructor)(pick.length * row);
    pick.forEach((r, i) => out.set(t.values.subarray(r * row, (r + 1) * row) as Float32Array, i * row));
    return new Tensor(out, [pick.length, ...t.shape.slice(1)], t.dtype);
  };
  return { x: take(data.x), y: take(data.y) };
}

/**
 * Fine-tunes the serving model on the stored feedback plus a replay sample of the original training data, evaluates
 * the candidate and the serving model on the same held-out test set, registers the candidate and promotes it only
 * if its accuracy is not worse. Servers watching the store then swap to it without dropping requests.
 * @example const r = await retrain(registry, { loadData, epochs: 2 }); r.promoted;
 */
export async function retrain(registry: Registry, options: RetrainOptions): Promise<RetrainResult> {
  const log = options.log ?? (() => undefined);
  const serving = await registry.serving();
  const feedback = await registry.store.listFeedback(registry.name);
  if (feedback.length === 0) {
    throw new ValueError(`retrain: model '${registry.name}' has no feedback yet; collect some with POST /v1/models/${registry.name}/feedback first.`);
  }
  const model = await loadServable(registry.dirOf(serving));
  if (!isTrainable(model)) throw new ValueError(`retrain: the serving model (v${serving.version}) cannot be trained.`);
  const inputShape = model.input.shape.slice(1);
  const classes = model.output.shape[1] ?? 2;
  const data = await options.loadData();
  const fb = feedbackTensors(feedback, inputShape, data.train.y, classes);
  const rng = new Random(options.seed ?? 1234);
  const replayCount = Math.max(options.minReplay ?? 512, feedback.length * (options.replayRatio ?? 20));
  const replay = sampleRows(data.train, replayCount, rng);
  const x = concatRows(fb.x.reshape([feedback.length, ...data.train.x.shape.slice(1)]), replay.x);
  const y = concatRows(fb.y, replay.y);
  log(`retrain: v${serving.version} + ${feedback.length} feedback examples + ${replay.x.shape[0]} replayed training examples`);

  const baseline = await evaluateClassifier(model, data.test);
  const before = (await evaluateClassifier(model, fb)).accuracy ?? 0;
  let privacy: PrivacyReport | undefined;
  let dpHistory: Record<string, number[]> | undefined;
  if (options.dp) {
    if (!isPrivateTrainable(model)) {
      throw new ValueError(`retrain --dp-epsilon: the serving model (v${serving.version}) cannot compute clipped per-example gradients; DP-SGD needs a LinearSoftmax or a compiled single-output LayersModel with trainable weights.`);
    }
    const n = x.shape[0] ?? 0;
    const epochs = options.epochs ?? 2;
    const batchSize = Math.min(options.batchSize ?? 64, n);
    const delta = options.dp.delta ?? Math.min(1e-5, 1 / (10 * n));
    const noiseMultiplier = noiseForEpsilon({ examples: n, batchSize, epochs, delta }, options.dp.epsilon);
    log(`retrain: DP-SGD for (epsilon ${options.dp.epsilon}, delta ${delta.toExponential(1)}) over ${n} examples: noise multiplier ${noiseMultiplier.toFixed(3)}, clip ${options.dp.l2NormClip ?? 1}`);
    const r = await dpSgdFit(model, x, y, {
      epochs, batchSize, noiseMultiplier, delta, l2NormClip: options.dp.l2NormClip ?? 1, learningRate: options.dp.learningRate ?? 0.5,
      // Noise from the CSPRNG unless the caller asked for a reproducible run.
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.onEpochEnd ? { onEpochEnd: options.onEpochEnd } : {}),
    });
    privacy = r.privacy;
    dpHistory = r.history;
  } else {
    const fitOptions = { epochs: options.epochs ?? 2, batchSize: options.batchSize ?? 32, seed: options.seed ?? 1234 } as Parameters<typeof model.fit>[2];
    if (options.onBatchEnd) fitOptions.onBatchEnd = options.onBatchEnd;
    if (options.onEpochEnd) fitOptions.onEpochEnd = options.onEpochEnd;
    await model.fit(x, y, fitOptions);
  }
  const metrics = await evaluateClassifier(model, data.test);
  const after = (await evaluateClassifier(model, fb)).accuracy ?? 0;

  const dir = await registry.newVersionDir();
  await model.save(dir);
  await writeSideFile(dir, FILES.metrics, metrics);
  for (const f of [FILES.card, FILES.history, FILES.tokenizer]) {
    const src = join(registry.dirOf(serving), f);
    if (existsSync(src)) await copyFile(src, join(dir, f));
  }
  if (privacy && dpHistory) {
    // The card states the guarantee of this version's fine-tuning on feedback; the history shows ε per epoch.
    const { card } = await readModelInfo(registry.dirOf(serving));
    await writeSideFile(dir, FILES.card, { ...(card ?? {}), privacy });
    await writeSideFile(dir, FILES.history, dpHistory);
  }
  const notWorse = (metrics.accuracy ?? 0) >= (baseline.accuracy ?? 0) - (options.tolerance ?? 0);
  const dpNote = privacy ? ` with DP-SGD (epsilon ${privacy.epsilon.toFixed(2)}, delta ${privacy.delta.toExponential(1)})` : '';
  const note = `retrained from v${serving.version} on ${feedback.length} feedback + ${replay.x.shape[0]} replay${dpNote}; test accuracy ${fmt(baseline.accuracy)} -> ${fmt(metrics.accuracy)}`;
  const candidate = await registry.register(dir, metrics, note);
  if (notWorse) {
    await registry.promote(candidate.version);
    log(`retrain: promoted v${candidate.version} (${note})`);
  } else {
    await registry.store.setStatus(registry.name, candidate.version, 'rejected', `${note}; worse than v${serving.version}, not promoted`);
    log(`retrain: rejected v${candidate.version}: test accuracy ${fmt(metrics.accuracy)} < ${fmt(baseline.accuracy)}`);
  }
  const final = (await registry.store.getVersion(registry.name, candidate.version)) as VersionRecord;
  return { candidate: final, promoted: notWorse, baseline, metrics, feedbackUsed: feedback.length, replayed: replay.x.shape[0] ?? 0, feedbackAccuracy: { before, after }, ...(privacy ? { privacy } : {}) };
}

function fmt(v: number | undefined): string {
  return v === undefined ? '?' : v.toFixed(4);
}
