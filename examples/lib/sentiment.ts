// Helpers for examples/sentiment-lstm.ts: command-line options, the SST-2 and UCI sentiment corpora, and the
// interactive prediction loop.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Random } from '../../src/core/random.js';
import * as tf from '../../src/index.js';
import { datasetsDir } from '../../test/helpers/paths.js';

/** One labelled sentence (label 1 = positive). */
export interface Example {
  text: string;
  label: number;
}

/** Train and evaluation splits of a corpus. */
export interface Corpus {
  train: Example[];
  test: Example[];
  /** What the evaluation split is called in the printout. */
  testName: string;
}

/** Options of the sentiment example. */
export interface SentimentArgs {
  dataset: 'sst2' | 'uci';
  epochs: number;
  batchSize: number;
  maxlen: number;
  numWords: number;
  embeddingDim: number;
  units: number;
  learningRate: number;
  /** LSTM input dropout (one mask per sequence, as Keras). */
  dropout: number;
  limit: number | undefined;
  seed: number;
  out: string | undefined;
  model: string | undefined;
  interactive: boolean;
  verbose: number;
  /** Backend to select ('native', 'ts'); default: the library's default. */
  backend: string | undefined;
}

/** Parses `--name value` flags (and the boolean `--interactive`). */
export function parseSentimentArgs(argv: string[] = process.argv.slice(2)): SentimentArgs {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, fallback: number): number => {
    const v = get(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`${name}: expected a number, received '${v}'.`);
    return n;
  };
  const dataset = get('--dataset') ?? 'sst2';
  if (dataset !== 'sst2' && dataset !== 'uci') throw new Error(`--dataset: expected 'sst2' or 'uci', received '${dataset}'.`);
  const limit = get('--limit');
  return {
    dataset,
    epochs: num('--epochs', dataset === 'sst2' ? 2 : 10),
    batchSize: num('--batch-size', 32),
    maxlen: num('--maxlen', 100),
    numWords: num('--num-words', 10000),
    embeddingDim: num('--embedding-dim', 16),
    units: num('--units', 128),
    learningRate: num('--learning-rate', 0.001),
    dropout: num('--dropout', dataset === 'uci' ? 0.5 : 0),
    limit: limit === undefined ? undefined : Number(limit),
    seed: num('--seed', 1),
    out: get('--out'),
    model: get('--model'),
    interactive: argv.includes('--interactive'),
    verbose: num('--verbose', 1),
    backend: get('--backend'),
  };
}

function readTsv(path: string, header: boolean): Example[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const out: Example[] = [];
  for (const line of lines.slice(header ? 1 : 0)) {
    // Sentences may contain quotes and odd characters: split on the LAST tab only (see SOURCE.md).
    const tab = line.lastIndexOf('\t');
    if (tab < 0) continue;
    const label = Number(line.slice(tab + 1).trim());
    if (label !== 0 && label !== 1) continue;
    out.push({ text: line.slice(0, tab).trim(), label });
  }
  return out;
}

/** Fisher-Yates shuffle with the library's seeded generator (the same order on every run). */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const rng = new Random(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.int(i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * Loads SST-2 (train.tsv / dev.tsv) or the three UCI files combined with a seeded 80/20 held-out split.
 * `limit` keeps the first `limit` training examples (after shuffling) for quick runs.
 */
export function loadSentiment(dataset: 'sst2' | 'uci', opts: { seed: number; limit?: number | undefined; root?: string }): Corpus {
  const root = opts.root ?? resolve(datasetsDir, 'sentiment');
  let corpus: Corpus;
  if (dataset === 'sst2') {
    corpus = {
      train: seededShuffle(readTsv(resolve(root, 'sst2/train.tsv'), true), opts.seed),
      test: readTsv(resolve(root, 'sst2/dev.tsv'), true),
      testName: 'SST-2 dev',
    };
  } else {
    const files = ['amazon_cells_labelled.txt', 'imdb_labelled.txt', 'yelp_labelled.txt'];
    const all = seededShuffle(files.flatMap((f) => readTsv(resolve(root, 'uci_labelled_sentences', f), false)), opts.seed);
    const cut = Math.round(all.length * 0.8);
    corpus = { train: all.slice(0, cut), test: all.slice(cut), testName: 'UCI held-out (20%)' };
  }
  if (opts.limit !== undefined) corpus.train = corpus.train.slice(0, opts.limit);
  return corpus;
}

/** Probability of "positive" for each text. */
export function predictTexts(model: tf.LayersModel, tokenizer: tf.preprocessing.Tokenizer, texts: string[], maxlen: number): number[] {
  const x = tf.preprocessing.padSequences(tokenizer.textsToSequences(texts), { maxlen });
  const y = model.predict(x, { batchSize: 256 }) as tf.Tensor;
  return Array.from(y.dataSync());
}

/**
 * Reads sentences from stdin and prints Positive/Negative with the probability, until EOF (Ctrl-D) or `:q`.
 * Blank lines print a hint instead of a prediction.
 */
export async function interactiveLoop(model: tf.LayersModel, tokenizer: tf.preprocessing.Tokenizer, maxlen: number): Promise<void> {
  const tty = process.stdin.isTTY === true;
  const rl = createInterface({ input: process.stdin, output: tty ? process.stdout : undefined, terminal: tty });
  console.log('Type a sentence and press Enter (Ctrl-D or :q to quit).');
  if (tty) rl.prompt();
  for await (const raw of rl) {
    const text = raw.trim();
    if (text === ':q') break;
    if (text === '') {
      console.log('(empty input: type a sentence)');
    } else {
      const known = tokenizer.textsToSequences([text])[0]?.length ?? 0;
      const [p] = predictTexts(model, tokenizer, [text], maxlen);
      const prob = p ?? 0.5;
      const verdict = prob >= 0.5 ? 'Positive' : 'Negative';
      const note = known === 0 ? ' (no known words)' : '';
      console.log(`${verdict} (p(positive) = ${prob.toFixed(3)})${note}`);
    }
    if (tty) rl.prompt();
  }
  rl.close();
  console.log('Bye.');
}
