// Keras TextVectorization: standardize -> split -> vocabulary lookup, with 'int', 'multi_hot', 'count' and
// 'tf_idf' outputs. Strings are not tensors here, so the layer takes string arrays through `adapt` and `transform`.
import { ConfigError, ValueError } from '../core/errors.js';
import { type ConfigDict, Layer, type LayerArgs } from '../layers/layer.js';
import { registerLayer } from '../layers/registry.js';
import type { CallKwargs } from '../layers/symbolic.js';
import { Tensor } from '../tensor/tensor.js';

/** Output encodings of `TextVectorization`. */
export type TextOutputMode = 'int' | 'multi_hot' | 'count' | 'tf_idf';

/** Options of `TextVectorization` (Keras names in camelCase). */
export interface TextVectorizationArgs extends LayerArgs {
  /** Maximum vocabulary size including the padding ('int' mode) and OOV tokens; null for no limit. */
  maxTokens?: number | null;
  /** 'lower_and_strip_punctuation' (default), 'lower', 'strip_punctuation', null, or a function. */
  standardize?: 'lower_and_strip_punctuation' | 'lower' | 'strip_punctuation' | null | ((text: string) => string);
  /** 'whitespace' (default), 'character', null (the whole string is one token), or a function. */
  split?: 'whitespace' | 'character' | null | ((text: string) => string[]);
  outputMode?: TextOutputMode;
  /** 'int' mode: pad (with 0) or truncate every sequence at the end to this length. */
  outputSequenceLength?: number | null;
  /** A fixed vocabulary (without the padding/OOV tokens) instead of `adapt`. */
  vocabulary?: string[] | null;
  /** 'tf_idf' with a fixed vocabulary: one idf weight per vocabulary entry. */
  idfWeights?: number[] | null;
}

const PUNCTUATION = /[!"#$%&()*+,\-./:;<=>?@[\\\]^_`{|}~']/g;
const OOV = '[UNK]';

/**
 * Turns raw strings into token indices or bag-of-words vectors. Call `adapt(texts)` to learn the vocabulary
 * (most frequent first), then `transform(texts)`.
 * @example const tv = textVectorization({ maxTokens: 1000, outputSequenceLength: 20 }); tv.adapt(trainTexts);
 * const ids = tv.transform(['a great movie']); // int32 [1, 20]
 */
export class TextVectorization extends Layer {
  static override className = 'TextVectorization';
  readonly maxTokens: number | null;
  readonly standardize: TextVectorizationArgs['standardize'];
  readonly splitMode: TextVectorizationArgs['split'];
  readonly outputMode: TextOutputMode;
  readonly outputSequenceLength: number | null;
  private vocab: string[] = [];
  private index = new Map<string, number>();
  private idf: number[] | null = null;

  constructor(args: TextVectorizationArgs = {}) {
    super(args);
    this.maxTokens = args.maxTokens ?? null;
    if (this.maxTokens !== null && (!Number.isInteger(this.maxTokens) || this.maxTokens < 2)) {
      throw new ConfigError(`TextVectorization: maxTokens must be an integer >= 2 (it counts the padding and OOV tokens), received ${this.maxTokens}.`);
    }
    this.standardize = args.standardize === undefined ? 'lower_and_strip_punctuation' : args.standardize;
    this.splitMode = args.split === undefined ? 'whitespace' : args.split;
    this.outputMode = args.outputMode ?? 'int';
    if (!['int', 'multi_hot', 'count', 'tf_idf'].includes(this.outputMode)) {
      throw new ConfigError(`TextVectorization: outputMode must be 'int', 'multi_hot', 'count' or 'tf_idf', received '${String(this.outputMode)}'.`);
    }
    this.outputSequenceLength = args.outputSequenceLength ?? null;
    if (this.outputSequenceLength !== null && this.outputMode !== 'int') {
      throw new ConfigError("TextVectorization: outputSequenceLength only applies to outputMode 'int'.");
    }
    if (args.vocabulary) this.setVocabulary(args.vocabulary, args.idfWeights ?? null);
  }

  private get reserved(): string[] {
    return this.outputMode === 'int' ? ['', OOV] : [OOV];
  }

  /** Standardizes and splits one string into tokens. */
  tokenize(text: string): string[] {
    let t = String(text);
    const s = this.standardize;
    if (typeof s === 'function') t = s(t);
    else if (s === 'lower_and_strip_punctuation') t = t.toLowerCase().replace(PUNCTUATION, '');
    else if (s === 'lower') t = t.toLowerCase();
    else if (s === 'strip_punctuation') t = t.replace(PUNCTUATION, '');
    const sp = this.splitMode;
    if (typeof sp === 'function') return sp(t);
    if (sp === 'character') return [...t];
    if (sp === null) return [t];
    return t.split(/\s+/).filter((w) => w.length > 0);
  }

  /**
   * Learns the vocabulary (and idf weights for 'tf_idf') from texts: most frequent first, ties in reverse
   * code-point order of the token (the order Keras' lexsort gives).
   */
  adapt(texts: readonly string[]): void {
    if (!Array.isArray(texts)) throw new ValueError(`${this.name}.adapt: expected an array of strings, received ${typeof texts}.`);
    const counts = new Map<string, number>();
    const docs = new Map<string, number>();
    for (const text of texts) {
      const toks = this.tokenize(text);
      for (const w of toks) counts.set(w, (counts.get(w) ?? 0) + 1);
      for (const w of new Set(toks)) docs.set(w, (docs.get(w) ?? 0) + 1);
    }
    const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0)).map(([w]) => w);
    const room = this.maxTokens === null ? sorted.length : Math.max(0, this.maxTokens - this.reserved.length);
    const kept = sorted.filter((w) => w !== '' && w !== OOV).slice(0, room);
    const idf = kept.map((w) => Math.log(1 + texts.length / (1 + (docs.get(w) ?? 0))));
    this.setVocabulary(kept, this.outputMode === 'tf_idf' ? idf : null);
  }

  /** Sets the vocabulary directly (tokens without the padding/OOV entries). */
  setVocabulary(tokens: readonly string[], idfWeights: readonly number[] | null = null): void {
    if (this.outputMode === 'tf_idf' && (!idfWeights || idfWeights.length !== tokens.length)) {
      throw new ConfigError(`${this.name}: outputMode 'tf_idf' needs one idf weight per vocabulary token (${tokens.length}), received ${idfWeights?.length ?? 0}.`);
    }
    this.vocab = [...this.reserved, ...tokens];
    this.index = new Map(this.vocab.map((w, i) => [w, i]));
    if (idfWeights) {
      // The OOV token gets the mean idf, as Keras does.
      const mean = idfWeights.length ? idfWeights.reduce((a, b) => a + b, 0) / idfWeights.length : 0;
      this.idf = [mean, ...idfWeights];
    } else this.idf = null;
  }

  /** The vocabulary, index order, including '' (int mode) and '[UNK]'. */
  getVocabulary(): string[] {
    return [...this.vocab];
  }

  /** Number of vocabulary entries (the output width in the bag-of-words modes). */
  vocabularySize(): number {
    return this.vocab.length;
  }

  private lookup(w: string): number {
    return this.index.get(w) ?? this.index.get(OOV) ?? 0;
  }

  /** Encodes texts: int32 [n, length] for 'int', float32 [n, vocabularySize] otherwise. */
  transform(texts: readonly string[]): Tensor {
    if (this.vocab.length === 0) throw new ValueError(`${this.name}.transform: no vocabulary; call adapt(texts) or pass vocabulary first.`);
    const seqs = texts.map((t) => this.tokenize(t).map((w) => this.lookup(w)));
    if (this.outputMode === 'int') {
      const len = this.outputSequenceLength ?? seqs.reduce((m, s) => Math.max(m, s.length), 0);
      const out = new Int32Array(seqs.length * len);
      seqs.forEach((s, i) => out.set(s.slice(0, len), i * len));
      return new Tensor(out, [seqs.length, len], 'int32');
    }
    const v = this.vocab.length;
    const out = new Float32Array(seqs.length * v);
    seqs.forEach((s, i) => {
      for (const k of s) out[i * v + k] = this.outputMode === 'multi_hot' ? 1 : (out[i * v + k] as number) + 1;
      if (this.outputMode === 'tf_idf') {
        const idf = this.idf as number[];
        for (let k = 0; k < v; k++) out[i * v + k] = (out[i * v + k] as number) * (idf[k] as number);
      }
    });
    return new Tensor(out, [seqs.length, v], 'float32');
  }

  /** Tensors carry no strings, so inside a model this layer cannot run; use `transform(texts)` before the model. */
  override call(_inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    throw new ValueError(`${this.name} (TextVectorization): tensors cannot hold strings; call layer.transform(texts) on string arrays and feed the result to the model.`);
  }

  override getConfig(): ConfigDict {
    const fn = (x: unknown): unknown => (typeof x === 'function' ? null : x);
    return {
      ...super.getConfig(),
      maxTokens: this.maxTokens,
      standardize: fn(this.standardize),
      split: fn(this.splitMode),
      outputMode: this.outputMode,
      outputSequenceLength: this.outputSequenceLength,
      vocabulary: this.vocab.length ? this.vocab.slice(this.reserved.length) : null,
      idfWeights: this.idf ? this.idf.slice(1) : null,
    };
  }
}
registerLayer(TextVectorization.className, TextVectorization);

/** Creates a `TextVectorization` layer. @example textVectorization({ outputMode: 'multi_hot', maxTokens: 5000 }); */
export function textVectorization(args: TextVectorizationArgs = {}): TextVectorization {
  return new TextVectorization(args);
}
