// `tforge train` of a GPT spec: a JSON file `{"workload": "gpt", "text": "corpus.txt", ...}` (paths relative to the
// spec). It builds the tokenizer on the text (characters, or a byte-level BPE it trains), a GPTModel, trains with
// nanoGPT's recipe (trainGPT) under a Keras-style progress bar, and saves a bundle (model.json + weights +
// extras.json with the tokenizer) with card.json, metrics.json and history.json, which `tforge generate` and
// `tforge serve` read. With "init" it fine-tunes a saved GPT instead (e.g. on `tforge export-feedback` text).
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { setSeed } from '../core/random.js';
import { saveBundle } from '../io/index.js';
import { GPTModel, GPT_PRESETS, type GPTConfig, type GPTPreset, splitTokens, trainGPT } from '../models/index.js';
import { BytePairTokenizer, CharTokenizer, type TextTokenizer, trainBpe } from '../preprocessing/index.js';
import { loadGPTDir } from '../serve/gpt-dir.js';
import { FILES, writeSideFile, type ModelCard } from '../serve/model-dir.js';
import { DEFAULT_DB_FILE } from '../serve/registry.js';
import { KerasProgress, type ProgressStream } from './progress.js';
import type { TrainFlags, TrainResult } from './train.js';

/** The JSON of a GPT spec. Every field but `workload` and `text` has a default (nanoGPT's CPU shakespeare run). */
export interface GPTSpec {
  workload: 'gpt';
  /** UTF-8 text file to train on. */
  text: string;
  name?: string;
  /** 'char' (default) or a byte-level BPE trained on the text: `{"bpe": {"vocabSize": 512}}`. */
  tokenizer?: 'char' | { bpe: { vocabSize: number; minFrequency?: number } };
  /** A preset name (`gpt-nano`, ...) whose fields `model` overrides; vocabSize always comes from the tokenizer. */
  preset?: GPTPreset;
  model?: Partial<Omit<GPTConfig, 'vocabSize' | 'seed' | 'name'>>;
  iters?: number;
  batchSize?: number;
  learningRate?: number;
  minLearningRate?: number;
  warmupIters?: number;
  weightDecay?: number;
  beta2?: number;
  gradClip?: number;
  evalInterval?: number;
  evalIters?: number;
  /** Share of the text (its end) held out for validation; default 0.1. */
  valFraction?: number;
  /** Fine-tune: start from the GPT (and tokenizer) saved in this directory instead of a fresh model. */
  init?: string;
}

const NANOGPT_CPU = { contextLength: 64, numLayers: 4, numHeads: 4, hiddenDim: 128, dropout: 0 };

/**
 * Reads a spec file and returns it when it is a GPT spec, else null (other specs go to the classifier path).
 * @example const spec = await readGPTSpec('examples/char-gpt.json');
 */
export async function readGPTSpec(path: string): Promise<GPTSpec | null> {
  if (!path.endsWith('.json') || !existsSync(path)) return null;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return null; // loadSpec reports the parse error with its own message
  }
  const o = json as Partial<GPTSpec> | null;
  if (!o || typeof o !== 'object' || o.workload !== 'gpt') return null;
  if (typeof o.text !== 'string') throw new ConfigError(`tforge train: the GPT spec ${path} needs "text": the path of a UTF-8 text file (relative to the spec).`);
  if (o.preset !== undefined && !(o.preset in GPT_PRESETS)) {
    throw new ConfigError(`tforge train: unknown "preset" ${JSON.stringify(o.preset)} in ${path}; expected one of ${Object.keys(GPT_PRESETS).join(', ')}.`);
  }
  return { ...o, text: resolve(path, '..', o.text), ...(typeof o.init === 'string' ? { init: resolve(path, '..', o.init) } : {}) } as GPTSpec;
}

function buildTokenizer(spec: GPTSpec, text: string): CharTokenizer | BytePairTokenizer {
  const t = spec.tokenizer ?? 'char';
  if (t === 'char') return CharTokenizer.fromText(text);
  if (typeof t === 'object' && t !== null && typeof t.bpe === 'object') {
    // BPE merges are learned per line so the counting stays proportional to the text.
    return trainBpe(text.split('\n'), { vocabSize: t.bpe.vocabSize, ...(t.bpe.minFrequency === undefined ? {} : { minFrequency: t.bpe.minFrequency }) });
  }
  throw new ConfigError(`tforge train: "tokenizer" must be "char" or {"bpe": {"vocabSize": n}}, received ${JSON.stringify(t)}.`);
}

/**
 * Trains the GPT a spec describes and saves it (see the file comment). `flags.iters`/`batchSize`/`seed` override the spec.
 * @example await runTrainGPT(spec, 'examples/char-gpt.json', { iters: 200, out: 'models/char-gpt' }, process.stdout);
 */
export async function runTrainGPT(spec: GPTSpec, specPath: string, flags: TrainFlags, out: ProgressStream): Promise<TrainResult> {
  const seed = flags.seed ?? 1337;
  setSeed(seed);
  if (!existsSync(spec.text)) throw new ConfigError(`tforge train: the text file ${spec.text} (from ${specPath}) does not exist.`);
  const text = await readFile(spec.text, 'utf8');
  const start = spec.init === undefined ? null : await loadGPTDir(spec.init);
  const tokenizer = start ? savable(start.tokenizer, spec.init ?? '') : buildTokenizer(spec, text);
  let ids: number[];
  try {
    ids = tokenizer.encode(text);
  } catch (e) {
    throw new ConfigError(`tforge train: ${spec.text} cannot be encoded with the tokenizer of ${spec.init ?? 'the spec'} (${(e as Error).message}).`);
  }
  const splits = splitTokens(Int32Array.from(ids), spec.valFraction ?? 0.1);
  const base = spec.preset ? GPT_PRESETS[spec.preset] : NANOGPT_CPU;
  const name = spec.name ?? basename(specPath).replace(/\.[^.]+$/, '');
  const model = start ? start.model : new GPTModel({ ...base, ...spec.model, vocabSize: tokenizer.vocabSize, seed });
  const iters = flags.iters ?? spec.iters ?? 2000;
  const batchSize = flags.batchSize ?? spec.batchSize ?? 12;
  const evalInterval = Math.max(1, Math.min(spec.evalInterval ?? 250, iters || 1));
  out.write(`${start ? `Fine-tuning the GPT of ${spec.init}` : 'Training GPT'} '${name}' (${model.countParams()} parameters, vocabulary ${tokenizer.vocabSize}) on ${splits.train.length} tokens (${splits.val.length} validation) for ${iters} iterations, batch ${batchSize} x ${model.gptConfig.contextLength}.\n`);

  // One progress "epoch" per evaluation interval: the bar fills with steps and ends on that interval's estimates.
  const epochs = Math.max(1, Math.ceil(iters / evalInterval));
  const progress = new KerasProgress(epochs, evalInterval, out);
  let lastLoss = NaN;
  const result = trainGPT(model, splits, {
    iters, batchSize, evalInterval, seed,
    ...pick(spec, ['learningRate', 'minLearningRate', 'warmupIters', 'weightDecay', 'beta2', 'gradClip', 'evalIters']),
    onStep: (iter, loss) => {
      if (iter % evalInterval === 0) progress.onEpochBegin(Math.floor(iter / evalInterval));
      lastLoss = loss;
      progress.onBatchEnd(iter % evalInterval, { loss });
    },
    onEval: (iter, l) => {
      if (iter === 0) out.write(`step 0: loss ${l.train.toFixed(4)} - val_loss ${l.val.toFixed(4)}\n`);
      else progress.onEpochEnd(Math.ceil(iter / evalInterval) - 1, { loss: l.train, val_loss: l.val });
    },
  });

  const dir = resolve(flags.out ?? join('models', name));
  await mkdir(dir, { recursive: true });
  for (const stale of [DEFAULT_DB_FILE, `${DEFAULT_DB_FILE}-wal`, `${DEFAULT_DB_FILE}-shm`, 'versions']) {
    if (existsSync(join(dir, stale))) await rm(join(dir, stale), { recursive: true, force: true });
  }
  await saveBundle(dir, { model, extras: { tokenizer } });
  const h = result.history;
  const metrics = { loss: h.val_loss.at(-1) ?? NaN, train_loss: h.loss.at(-1) ?? NaN, last_batch_loss: lastLoss, ms_per_iter: result.msPerIter };
  const card: ModelCard = { name, kind: 'text', data: { workload: { ...spec } }, createdAt: new Date().toISOString() };
  await writeSideFile(dir, FILES.card, card);
  await writeSideFile(dir, FILES.metrics, metrics);
  await writeSideFile(dir, FILES.history, h);
  out.write(`Validation loss ${metrics.loss.toFixed(4)} (train ${metrics.train_loss.toFixed(4)}), ${result.msPerIter.toFixed(1)} ms/iter. Saved the model and its tokenizer to ${dir}\n`);
  return { out: dir, metrics, history: { loss: h.loss, val_loss: h.val_loss } };
}

function savable(t: TextTokenizer, where: string): CharTokenizer | BytePairTokenizer {
  if (t instanceof CharTokenizer || t instanceof BytePairTokenizer) return t;
  throw new ConfigError(`tforge train: the tokenizer of ${where} is neither a CharTokenizer nor a BytePairTokenizer, so it cannot be saved beside the fine-tuned model.`);
}

function pick<K extends keyof GPTSpec>(spec: GPTSpec, keys: K[]): Partial<Pick<GPTSpec, K>> {
  const out: Partial<Pick<GPTSpec, K>> = {};
  for (const k of keys) if (spec[k] !== undefined) out[k] = spec[k];
  return out;
}
