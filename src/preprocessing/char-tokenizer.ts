// Character-level tokenizer (nanoGPT's shakespeare_char): the sorted set of characters seen in a corpus, one id each.
import { ConfigError, ValueError } from '../core/errors.js';
import { type BytePairTokenizerJSON, bytePairTokenizerFromJSON } from './bpe.js';

/** Serialized form of a `CharTokenizer`. */
export interface CharTokenizerJSON {
  className: 'CharTokenizer';
  config: { chars: string[] };
}

/**
 * Maps each character (Unicode code point) of a fixed alphabet to an id, in sorted order.
 * @example const tok = CharTokenizer.fromText('hello'); tok.encode('he'); // [1, 0]
 */
export class CharTokenizer {
  readonly chars: readonly string[];
  private readonly ids: Map<string, number>;

  constructor(chars: readonly string[]) {
    if (!Array.isArray(chars) || chars.length === 0) throw new ConfigError('CharTokenizer: expected a non-empty list of characters; build one with CharTokenizer.fromText(corpus).');
    this.chars = [...chars];
    this.ids = new Map(this.chars.map((c, i) => [c, i]));
    if (this.ids.size !== this.chars.length) throw new ConfigError('CharTokenizer: the character list holds duplicates.');
  }

  /** The alphabet of a corpus, sorted by code point. @example CharTokenizer.fromText(text).vocabSize */
  static fromText(text: string): CharTokenizer {
    return new CharTokenizer([...new Set(Array.from(text))].sort((a, b) => (a.codePointAt(0) as number) - (b.codePointAt(0) as number)));
  }

  /** Number of ids. */
  get vocabSize(): number {
    return this.chars.length;
  }

  /** Ids of the characters of text; unknown characters throw. @example tok.encode('hi') */
  encode(text: string): number[] {
    return Array.from(text, (c) => {
      const id = this.ids.get(c);
      if (id === undefined) throw new ValueError(`CharTokenizer.encode: character ${JSON.stringify(c)} is not in the alphabet of ${this.vocabSize} characters.`);
      return id;
    });
  }

  /** Text of ids. @example tok.decode([0, 1]) */
  decode(ids: ArrayLike<number>): string {
    let out = '';
    for (let i = 0; i < ids.length; i++) {
      const c = this.chars[ids[i] as number];
      if (c === undefined) throw new ValueError(`CharTokenizer.decode: id ${ids[i]} is outside [0, ${this.vocabSize}).`);
      out += c;
    }
    return out;
  }

  /** JSON form for bundling beside a model. */
  toJSON(): CharTokenizerJSON {
    return { className: 'CharTokenizer', config: { chars: [...this.chars] } };
  }
}

/** A tokenizer that turns text into ids and back (what text generation needs). */
export interface TextTokenizer {
  encode(text: string): number[];
  decode(ids: ArrayLike<number>): string;
  /** Raw bytes of ids, when the tokenizer is byte-level (streaming decoders wait for whole characters). */
  decodeBytes?(ids: ArrayLike<number>): Uint8Array;
  readonly vocabSize: number;
}

/**
 * Rebuilds a `BytePairTokenizer` or `CharTokenizer` from its `toJSON()` form (e.g. a bundle's extras.tokenizer).
 * @example const tok = textTokenizerFromJSON(extras.tokenizer);
 */
export function textTokenizerFromJSON(json: unknown): TextTokenizer {
  const j = json as { className?: unknown; config?: { chars?: unknown } } | null;
  if (j?.className === 'CharTokenizer' && Array.isArray(j.config?.chars)) return new CharTokenizer(j.config.chars as string[]);
  if (j?.className === 'BytePairTokenizer') return bytePairTokenizerFromJSON(j as BytePairTokenizerJSON);
  throw new ConfigError(`textTokenizerFromJSON: expected {className: 'BytePairTokenizer' | 'CharTokenizer', config}, received className ${JSON.stringify(j?.className)}.`);
}
