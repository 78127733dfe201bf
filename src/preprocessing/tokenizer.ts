// Keras `Tokenizer` and `pad_sequences`, with the same semantics: index 1 is the most frequent word (ties keep
// first-seen order), the OOV token (when given) takes index 1, and `numWords` keeps only indices < numWords.
import { ConfigError, FormatError, ValueError } from '../core/errors.js';
import type { DataType } from '../core/dtype.js';
import { allocArray } from '../core/dtype.js';
import { Tensor } from '../tensor/tensor.js';

/** Keras' default `filters`: punctuation, tab and newline. */
export const DEFAULT_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

/** Options of `Tokenizer` (Keras names in camelCase). */
export interface TokenizerConfig {
  /** Keep only words with index < numWords when converting (all words are still counted). */
  numWords?: number | null;
  /** Characters replaced by `split` before splitting (default `DEFAULT_FILTERS`; ignored with charLevel). */
  filters?: string;
  /** Lower-case the text first (default true). */
  lower?: boolean;
  /** Word separator (default ' '). */
  split?: string;
  /** Treat every character as a token (default false). */
  charLevel?: boolean;
  /** Token standing for out-of-vocabulary words; it gets index 1. */
  oovToken?: string | null;
}

/**
 * Keras `text_to_word_sequence`: lower-cases, replaces every filter character by `split`, splits, drops empties.
 * @example textToWordSequence('Hello, world!'); // ['hello', 'world']
 */
export function textToWordSequence(text: string, options: { filters?: string; lower?: boolean; split?: string } = {}): string[] {
  const filters = options.filters ?? DEFAULT_FILTERS;
  const split = options.split ?? ' ';
  let t = options.lower ?? true ? text.toLowerCase() : text;
  if (filters.length > 0) {
    const set = new Set(filters);
    let out = '';
    for (const ch of t) out += set.has(ch) ? split : ch;
    t = out;
  }
  return t.split(split).filter((w) => w.length > 0);
}

/**
 * Keras `Tokenizer`: builds a word index from texts and turns texts into integer sequences and back.
 * @example const tok = new Tokenizer({ numWords: 100, oovToken: '<OOV>' }); tok.fitOnTexts(['the cat', 'the dog']);
 * tok.textsToSequences(['the bird']); // [[2, 1]]
 */
export class Tokenizer {
  readonly numWords: number | null;
  readonly filters: string;
  readonly lower: boolean;
  readonly split: string;
  readonly charLevel: boolean;
  readonly oovToken: string | null;
  /** Occurrences of each word, in first-seen order. */
  wordCounts = new Map<string, number>();
  /** Number of documents containing each word. */
  wordDocs = new Map<string, number>();
  /** Word -> index (1-based). */
  wordIndex = new Map<string, number>();
  /** Index -> word. */
  indexWord = new Map<number, string>();
  /** Number of texts seen by `fitOnTexts`. */
  documentCount = 0;

  constructor(config: TokenizerConfig = {}) {
    this.numWords = config.numWords ?? null;
    if (this.numWords !== null && (!Number.isInteger(this.numWords) || this.numWords < 1)) {
      throw new ConfigError(`Tokenizer: numWords must be a positive integer or null, received ${String(this.numWords)}.`);
    }
    this.filters = config.filters ?? DEFAULT_FILTERS;
    this.lower = config.lower ?? true;
    this.split = config.split ?? ' ';
    this.charLevel = config.charLevel ?? false;
    this.oovToken = config.oovToken ?? null;
  }

  private tokens(text: string | readonly string[]): string[] {
    if (this.charLevel || Array.isArray(text)) {
      const t = text as string | string[];
      if (typeof t === 'string') return [...(this.lower ? t.toLowerCase() : t)];
      return this.lower ? t.map((w) => w.toLowerCase()) : [...t];
    }
    if (typeof text !== 'string') throw new ValueError(`Tokenizer: expected a string or an array of tokens, received ${typeof text}.`);
    return textToWordSequence(text, { filters: this.filters, lower: this.lower, split: this.split });
  }

  /** Counts words and (re)builds the index; may be called repeatedly to add texts. */
  fitOnTexts(texts: readonly (string | readonly string[])[]): void {
    for (const text of texts) {
      this.documentCount++;
      const seq = this.tokens(text);
      for (const w of seq) this.wordCounts.set(w, (this.wordCounts.get(w) ?? 0) + 1);
      for (const w of new Set(seq)) this.wordDocs.set(w, (this.wordDocs.get(w) ?? 0) + 1);
    }
    // Array.prototype.sort is stable, so equal counts keep first-seen order, as Python's sorted does in Keras.
    const sorted = [...this.wordCounts].sort((a, b) => b[1] - a[1]).map(([w]) => w);
    const vocab = this.oovToken === null ? sorted : [this.oovToken, ...sorted];
    this.wordIndex = new Map();
    this.indexWord = new Map();
    vocab.forEach((w, i) => {
      this.wordIndex.set(w, i + 1);
      this.indexWord.set(i + 1, w);
    });
  }

  /** Number of documents containing each word index (Keras `index_docs`). */
  get indexDocs(): Map<number, number> {
    const out = new Map<number, number>();
    for (const [w, c] of this.wordDocs) {
      const i = this.wordIndex.get(w);
      if (i !== undefined) out.set(i, c);
    }
    return out;
  }

  private get oovIndex(): number | undefined {
    return this.oovToken === null ? undefined : this.wordIndex.get(this.oovToken);
  }

  /** Texts -> lists of word indices (unknown or rare words become the OOV index, or are dropped without one). */
  textsToSequences(texts: readonly (string | readonly string[])[]): number[][] {
    const oov = this.oovIndex;
    return texts.map((text) => {
      const out: number[] = [];
      for (const w of this.tokens(text)) {
        const i = this.wordIndex.get(w);
        if (i !== undefined) {
          if (this.numWords !== null && i >= this.numWords) {
            if (oov !== undefined) out.push(oov);
          } else out.push(i);
        } else if (oov !== undefined) out.push(oov);
      }
      return out;
    });
  }

  /** Sequences -> space-joined texts (the inverse of `textsToSequences`, up to filtering and OOV). */
  sequencesToTexts(sequences: readonly (readonly number[])[]): string[] {
    const oov = this.oovIndex;
    const oovWord = oov === undefined ? undefined : this.indexWord.get(oov);
    return sequences.map((seq) => {
      const words: string[] = [];
      for (const n of seq) {
        const w = this.indexWord.get(n);
        if (w !== undefined) {
          if (this.numWords !== null && n >= this.numWords) {
            if (oovWord !== undefined) words.push(oovWord);
          } else words.push(w);
        } else if (oovWord !== undefined) words.push(oovWord);
      }
      return words.join(' ');
    });
  }

  /** Keras-compatible JSON (`tokenizer.to_json()` layout with camelCase config). */
  toJSON(): { className: 'Tokenizer'; config: Record<string, unknown> } {
    return {
      className: 'Tokenizer',
      config: {
        numWords: this.numWords,
        filters: this.filters,
        lower: this.lower,
        split: this.split,
        charLevel: this.charLevel,
        oovToken: this.oovToken,
        documentCount: this.documentCount,
        wordCounts: JSON.stringify(Object.fromEntries(this.wordCounts)),
        wordDocs: JSON.stringify(Object.fromEntries(this.wordDocs)),
        wordIndex: JSON.stringify(Object.fromEntries(this.wordIndex)),
        indexWord: JSON.stringify(Object.fromEntries(this.indexWord)),
      },
    };
  }
}

/**
 * Rebuilds a `Tokenizer` from `toJSON()` output (object or string).
 * @example const tok2 = tokenizerFromJSON(JSON.stringify(tok));
 */
export function tokenizerFromJSON(input: string | { className: string; config: Record<string, unknown> }): Tokenizer {
  const json = typeof input === 'string' ? (JSON.parse(input) as { className: string; config: Record<string, unknown> }) : input;
  if (json?.className !== 'Tokenizer' || typeof json.config !== 'object') {
    throw new FormatError(`tokenizerFromJSON: expected {className: 'Tokenizer', config}, received className '${String(json?.className)}'.`);
  }
  const c = json.config;
  const tok = new Tokenizer({
    numWords: (c['numWords'] as number | null) ?? null,
    filters: c['filters'] as string,
    lower: c['lower'] as boolean,
    split: c['split'] as string,
    charLevel: c['charLevel'] as boolean,
    oovToken: (c['oovToken'] as string | null) ?? null,
  });
  tok.documentCount = Number(c['documentCount'] ?? 0);
  const obj = (k: string): Record<string, number | string> => JSON.parse(String(c[k] ?? '{}')) as Record<string, number | string>;
  tok.wordCounts = new Map(Object.entries(obj('wordCounts')).map(([k, v]) => [k, Number(v)]));
  tok.wordDocs = new Map(Object.entries(obj('wordDocs')).map(([k, v]) => [k, Number(v)]));
  tok.wordIndex = new Map(Object.entries(obj('wordIndex')).map(([k, v]) => [k, Number(v)]));
  tok.indexWord = new Map(Object.entries(obj('indexWord')).map(([k, v]) => [Number(k), String(v)]));
  return tok;
}

/** Options of `padSequences` (Keras `pad_sequences`). */
export interface PadSequencesOptions {
  /** Output length (default: the longest sequence). */
  maxlen?: number;
  /** Output dtype (default 'int32'). */
  dtype?: DataType;
  /** Pad at the start ('pre', default) or the end ('post'). */
  padding?: 'pre' | 'post';
  /** Cut long sequences at the start ('pre', default) or the end ('post'). */
  truncating?: 'pre' | 'post';
  /** Padding value (default 0). */
  value?: number;
}

/**
 * Pads or truncates sequences to one length (Keras `pad_sequences`); returns a [numSequences, maxlen] tensor.
 * @example padSequences([[1, 2, 3], [4]], { maxlen: 2 }); // [[2, 3], [0, 4]]
 */
export function padSequences(sequences: readonly (readonly number[])[], options: PadSequencesOptions = {}): Tensor {
  const padding = options.padding ?? 'pre';
  const truncating = options.truncating ?? 'pre';
  if (padding !== 'pre' && padding !== 'post') throw new ConfigError(`padSequences: padding must be 'pre' or 'post', received '${String(padding)}'.`);
  if (truncating !== 'pre' && truncating !== 'post') {
    throw new ConfigError(`padSequences: truncating must be 'pre' or 'post', received '${String(truncating)}'.`);
  }
  const maxlen = options.maxlen ?? sequences.reduce((m, s) => Math.max(m, s.length), 0);
  if (!Number.isInteger(maxlen) || maxlen < 0) throw new ConfigError(`padSequences: maxlen must be a non-negative integer, received ${maxlen}.`);
  const dtype = options.dtype ?? 'int32';
  const out = allocArray(dtype, sequences.length * maxlen);
  out.fill(options.value ?? 0);
  sequences.forEach((s, i) => {
    if (s.length === 0 || maxlen === 0) return;
    const trunc = s.length <= maxlen ? s : truncating === 'pre' ? s.slice(s.length - maxlen) : s.slice(0, maxlen);
    const start = i * maxlen + (padding === 'post' ? 0 : maxlen - trunc.length);
    trunc.forEach((v, k) => (out[start + k] = v));
  });
  return new Tensor(out, [sequences.length, maxlen], dtype);
}
