import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FormatError } from '../core/errors.js';
import { FILES } from './model-dir.js';
import { padSequences, tokenizerFromJSON } from '../preprocessing/tokenizer.js';
import type { TextToIds } from './codec.js';

/** Keras' default `Tokenizer` filters: punctuation, tabs and newlines are removed before splitting. */
export const KERAS_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

/** Options read from `tokenizer.json`. */
export interface WordEncoderConfig {
  wordIndex: Record<string, number>;
  /** Keep only ids below this (Keras `num_words`); others become the OOV id or are dropped. */
  numWords?: number | null;
  oovToken?: string | null;
  lower: boolean;
  filters: string;
  split: string;
  /** Sequence length; longer texts are truncated and shorter ones padded with 0 ('pre' like `pad_sequences`). */
  maxLen: number;
  padding: 'pre' | 'post';
  truncating: 'pre' | 'post';
}

/**
 * Turns text into the padded id sequence a text model takes, following Keras' `Tokenizer.texts_to_sequences`
 * and `pad_sequences`, so served text models see the same ids as in training.
 * @example new WordEncoder({ wordIndex: { good: 1 }, lower: true, filters: '', split: ' ', maxLen: 3, padding: 'pre', truncating: 'pre' }).encode('Good'); // [0, 0, 1]
 */
export class WordEncoder {
  constructor(readonly config: WordEncoderConfig) {}

  /** Word ids of `text` (before padding). */
  ids(text: string): number[] {
    const c = this.config;
    let t = c.lower ? text.toLowerCase() : text;
    for (const ch of c.filters) t = t.split(ch).join(c.split);
    const oov = c.oovToken ? c.wordIndex[c.oovToken] : undefined;
    const out: number[] = [];
    for (const w of t.split(c.split)) {
      if (w === '') continue;
      const id = c.wordIndex[w];
      if (id !== undefined && (!c.numWords || id < c.numWords)) out.push(id);
      else if (oov !== undefined) out.push(oov);
    }
    return out;
  }

  /** The padded/truncated sequence of exactly `maxLen` ids. */
  encode(text: string): number[] {
    const { maxLen, padding, truncating } = this.config;
    let ids = this.ids(text);
    if (ids.length > maxLen) ids = truncating === 'pre' ? ids.slice(ids.length - maxLen) : ids.slice(0, maxLen);
    const pad = new Array<number>(maxLen - ids.length).fill(0);
    return padding === 'pre' ? [...pad, ...ids] : [...ids, ...pad];
  }
}

function parseWordIndex(v: unknown, path: string): Record<string, number> {
  const obj: unknown = typeof v === 'string' ? JSON.parse(v) : v;
  if (!obj || typeof obj !== 'object') throw new FormatError(`${path}: 'word_index' must be an object (or a JSON string of one) mapping words to ids.`);
  return obj as Record<string, number>;
}

/**
 * Reads `tokenizer.json` beside a model: Keras' `tokenizer.to_json()` layout (`{"class_name": "Tokenizer", "config":
 * {"word_index": "...", "oov_token": ..., "lower": ..., "filters": ..., "num_words": ...}}`) or the same keys in
 * camelCase at the top level, plus `maxLen` (default: the model's sequence length `inputLength`). Without it, a
 * `tf.preprocessing.Tokenizer` saved with `tf.io.saveBundle` (`extras.json` item 'tokenizer') is used, padded like
 * `padSequences`. Null when the model has neither.
 * @example const enc = await loadWordEncoder('models/sentiment', 100);
 */
export async function loadWordEncoder(dir: string, inputLength: number): Promise<TextToIds | null> {
  const path = join(dir, FILES.tokenizer);
  if (!existsSync(path)) return loadBundledTokenizer(dir, inputLength);
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new FormatError(`${path} is not valid JSON (${(e as Error).message}).`);
  }
  const c = (raw.config && typeof raw.config === 'object' ? raw.config : raw) as Record<string, unknown>;
  const pick = <T>(...keys: string[]): T | undefined => {
    for (const k of keys) if (c[k] !== undefined) return c[k] as T;
    for (const k of keys) if (raw[k] !== undefined) return raw[k] as T;
    return undefined;
  };
  const wordIndex = pick<unknown>('word_index', 'wordIndex');
  if (wordIndex === undefined) throw new FormatError(`${path}: no 'word_index'; write it with the tokenizer's toJSON().`);
  return new WordEncoder({
    wordIndex: parseWordIndex(wordIndex, path),
    numWords: pick<number | null>('num_words', 'numWords') ?? null,
    oovToken: pick<string | null>('oov_token', 'oovToken') ?? null,
    lower: pick<boolean>('lower') ?? true,
    filters: pick<string>('filters') ?? KERAS_FILTERS,
    split: pick<string>('split') ?? ' ',
    maxLen: pick<number>('maxLen', 'max_len', 'sequence_length') ?? inputLength,
    padding: pick<'pre' | 'post'>('padding') ?? 'pre',
    truncating: pick<'pre' | 'post'>('truncating') ?? 'pre',
  });
}

/** The tokenizer of a `saveBundle` directory (`extras.json` item 'tokenizer'), as a `TextToIds`; null when absent. */
async function loadBundledTokenizer(dir: string, maxlen: number): Promise<TextToIds | null> {
  const path = join(dir, 'extras.json');
  if (!existsSync(path)) return null;
  const extras = JSON.parse(await readFile(path, 'utf8')) as { items?: Record<string, unknown> };
  const item = extras.items?.tokenizer as { className: string; config: Record<string, unknown> } | undefined;
  if (!item) return null;
  const tokenizer = tokenizerFromJSON(item);
  return { encode: (text: string) => Array.from(padSequences(tokenizer.textsToSequences([text]), { maxlen }).dataSync()) };
}
