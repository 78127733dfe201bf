import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { launchedAsRank } from '../core/collective.js';
import { ConfigError } from '../core/errors.js';
import { dataParallel } from '../models/data-parallel.js';
import { setSeed } from '../core/random.js';
import { setBackendSync } from '../core/kernel-registry.js';
import { globalImportance, type GlobalImportance } from '../explain/shap.js';
import { DashboardHub } from '../serve/dashboard-hub.js';
import type { Servable } from '../serve/servable.js';
import type { Tensor } from '../tensor/tensor.js';
import { evaluateClassifier } from '../serve/evaluation.js';
import { FILES, writeSideFile, type ModelCard } from '../serve/model-dir.js';
import { DEFAULT_DB_FILE } from '../serve/registry.js';
import { createServer } from '../serve/server.js';
import { KerasProgress, type ProgressStream } from './progress.js';
import { loadSpec, toTrainable } from './spec.js';
import { readGPTSpec, runTrainGPT } from './train-gpt.js';

/** Flags of `tforge train`. */
export interface TrainFlags {
  epochs?: number;
  batchSize?: number;
  validationSplit?: number;
  seed?: number;
  out?: string;
  backend?: string;
  /** Port of the live dashboard, or true for the default 8502. */
  dashboard?: number | boolean;
  dashboardHost?: string;
  /** Keep the dashboard up this long after training (ms). */
  dashboardLinger?: number;
  /** Data folder for a built-in workload name given as the spec. */
  dataDir?: string;
  /** GPT specs: training iterations (overrides the spec's `iters`). */
  iters?: number;
}

/** What `runTrain` produced. */
export interface TrainResult {
  out: string;
  metrics: Record<string, unknown>;
  history: Record<string, number[]>;
}

/** Applies `--backend`; throws a ConfigError naming the choices when it is unavailable. */
export function applyBackend(name: string | undefined): void {
  if (name && !setBackendSync(name)) throw new ConfigError(`tforge: backend '${name}' is not available here; use 'ts', 'native' or 'cpu'.`);
}

/**
 * `tforge train <spec>`: trains, prints Keras-style progress, evaluates on the test split and writes the model with
 * `metrics.json`, `history.json` and `card.json` into `--out`. A GPT spec (`{"workload": "gpt", "text": ...}`) goes
 * to `runTrainGPT` (train-gpt.ts).
 * @example await runTrain('examples/mnist-mlp.json', { epochs: 1, out: 'models/mnist' }, process.stdout);
 */
export async function runTrain(specPath: string, flags: TrainFlags, out: ProgressStream): Promise<TrainResult> {
  applyBackend(flags.backend);
  const gpt = await readGPTSpec(specPath);
  if (gpt) return runTrainGPT(gpt, specPath, flags, out);
  if (flags.seed !== undefined) setSeed(flags.seed);
  const { spec, ref } = await loadSpec(specPath, flags.dataDir ? { dataDir: flags.dataDir } : {});
  const dir = resolve(flags.out ?? join('models', spec.name ?? basename(specPath).replace(/\.[^.]+$/, '')));
  const epochs = flags.epochs ?? spec.fit?.epochs ?? 2;
  const batchSize = flags.batchSize ?? spec.fit?.batchSize ?? 32;
  const validationSplit = flags.validationSplit ?? spec.fit?.validationSplit ?? 0;
  if (!(epochs >= 1) || !(batchSize >= 1) || !(validationSplit >= 0 && validationSplit < 1)) {
    throw new ConfigError(`tforge train: need --epochs >= 1, --batch-size >= 1 and 0 <= --validation-split < 1; received ${epochs}, ${batchSize}, ${validationSplit}.`);
  }
  const data = await spec.data(flags.seed === undefined ? {} : { seed: flags.seed });
  // Started as one of several ranks (--workers): compile in a data-parallel scope; only rank 0 prints and writes.
  const strategy = launchedAsRank() ? dataParallel() : null;
  const model = await toTrainable(strategy ? strategy.scope(() => spec.model()) : spec.model());
  if (strategy && strategy.numReplicasInSync > 1 && strategy.compiledModels === 0) {
    throw new ConfigError('tforge train --workers: spec.model() must compile the model before it returns (not after an await), so that compile runs in the data-parallel scope.');
  }
  if (strategy && !strategy.isChief) out = { write: () => true };
  const n = data.train.x.shape[0] ?? 0;
  const steps = Math.ceil((n * (1 - validationSplit)) / batchSize);
  out.write(`Training ${spec.name ?? 'model'} on ${n} examples (${data.test.x.shape[0]} test) for ${epochs} epoch(s), batch size ${batchSize}.\n`);

  const hub = flags.dashboard === undefined || flags.dashboard === false ? null : new DashboardHub();
  const app = hub ? await createServer({ hub }) : null;
  if (app && hub) {
    const port = typeof flags.dashboard === 'number' ? flags.dashboard : 8502;
    const host = flags.dashboardHost ?? '127.0.0.1';
    await app.listen({ port, host });
    const addr = app.server.address();
    const realPort = typeof addr === 'object' && addr ? addr.port : port;
    out.write(`Dashboard: http://${host}:${realPort}/ui/dashboard.html\n`);
    hub.publish({ type: 'start', epochs, message: `${n} examples, batch size ${batchSize}` });
  }

  const progress = new KerasProgress(epochs, steps, out);
  let step = 0;
  let epochNow = 0;
  progress.onEpochBegin(0);
  const history = await model.fit(data.train.x, data.train.y, {
    epochs,
    batchSize,
    validationSplit,
    ...(flags.seed === undefined ? {} : { seed: flags.seed }),
    onBatchEnd: (batch, logs) => {
      progress.onBatchEnd(batch, logs);
      hub?.publish({ type: 'batch', epoch: epochNow, batch, step: step++, logs: numeric(logs) });
    },
    onEpochEnd: (epoch, logs) => {
      progress.onEpochEnd(epoch, logs);
      hub?.publish({ type: 'epoch', epoch, epochs, logs: numeric(logs) });
      epochNow = epoch + 1;
      if (epoch + 1 < epochs) progress.onEpochBegin(epoch + 1);
    },
  });

  if (strategy && !strategy.isChief) return { out: dir, metrics: {}, history: {} };
  const metrics = await evaluateClassifier(model, data.test);
  out.write(`Test: ${Object.entries(metrics).filter(([, v]) => typeof v === 'number').map(([k, v]) => `${k}=${(v as number).toFixed(4)}`).join(' ')}\n`);
  await mkdir(dir, { recursive: true });
  // A fresh model starts a fresh registry: versions of an older model in this folder no longer apply.
  for (const stale of [DEFAULT_DB_FILE, `${DEFAULT_DB_FILE}-wal`, `${DEFAULT_DB_FILE}-shm`, 'versions']) {
    if (existsSync(join(dir, stale))) await rm(join(dir, stale), { recursive: true, force: true });
  }
  await model.save(dir);
  const card: ModelCard = { name: spec.name ?? basename(dir), kind: spec.kind ?? 'tabular', data: ref, createdAt: new Date().toISOString() };
  if (spec.classNames) card.classNames = spec.classNames;
  if (spec.imageShape) card.imageShape = spec.imageShape;
  const importance = tabularImportance(model, data.train.x, data.test.x, card.kind);
  if (importance) card.importance = importance;
  await writeSideFile(dir, FILES.card, card);
  await writeSideFile(dir, FILES.metrics, metrics);
  await writeSideFile(dir, FILES.history, history);
  out.write(`Saved the model, metrics.json and history.json to ${dir}\n`);
  if (app && hub) {
    hub.publish({ type: 'end', message: `test accuracy ${(metrics.accuracy ?? 0).toFixed(4)}` });
    await new Promise((r) => setTimeout(r, flags.dashboardLinger ?? 1000));
    await app.close();
  }
  return { out: dir, metrics, history };
}

/** KernelSHAP importance on 20 test rows against 20 training rows, for flat float inputs of at most 64 features. */
function tabularImportance(model: Servable, train: Tensor, test: Tensor, kind: string): GlobalImportance | null {
  const m = test.shape[1] ?? 0;
  if (kind !== 'tabular' || test.rank !== 2 || m < 1 || m > 64 || model.input.dtype === 'int32') return null;
  const rows = (t: Tensor, k: number) => Array.from({ length: Math.min(k, t.shape[0] ?? 0) }, (_, i) => Array.from(t.values.subarray(i * m, (i + 1) * m) as Float32Array));
  const f = (x: Tensor) => (model.forward ? model.forward(x) : model.predict(x));
  return globalImportance(f, rows(test, 20), rows(train, 20), { samples: Math.min(512, 2 ** m), seed: 1 });
}

function numeric(logs: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(logs)) if (typeof v === 'number' && k !== 'batch' && k !== 'size') out[k] = v;
  return out;
}
