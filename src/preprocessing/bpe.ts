// Byte-level byte-pair encoding as GPT-2 defines it (Radford et al. 2019, "Language Models are Unsupervised
// Multitask Learners", section 2.2). Text is split by a pre-tokenization regex, each piece is turned into UTF-8
// bytes, each byte is written as one printable unicode character (so a vocabulary file can hold any byte), and the
// adjacent pair with the lowest merge rank is merged until no ranked pair is left. Decoding maps characters back to
// bytes and decodes UTF-8, so every string round-trips.
import { ConfigError, ValueError } from '../core/errors.js';

/** GPT-2's pre-tokenization pattern: English contractions, letters, digits, other symbols, whitespace. */
export const GPT2_SPLIT_PATTERN = String.raw`'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`;

/** GPT-2's end-of-text token (id 50256 in its vocabulary). */
export const END_OF_TEXT = '<|endoftext|>';

let byteMaps: { encoder: string[]; decoder: Map<string, number> } | null = null;

/**
 * GPT-2's byte → unicode table: printable Latin-1 bytes stand for themselves, the other 68 bytes (controls,
 * space, soft hyphen) map to U+0100 onwards in byte order, so no vocabulary entry holds whitespace or controls.
 * @example bytesToUnicode()[32]; // 'Ġ' (the space byte)
 */
export function bytesToUnicode(): readonly string[] {
  return getByteMaps().encoder;
}

function getByteMaps(): { encoder: string[]; decoder: Map<string, number> } {
  if (byteMaps) return byteMaps;
  const printable = (b: number): boolean => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const encoder: string[] = new Array<string>(256);
  let next = 0;
  for (let b = 0; b < 256; b++) encoder[b] = String.fromCodePoint(printable(b) ? b : 256 + next++);
  const decoder = new Map<string, number>();
  encoder.forEach((c, b) => decoder.set(c, b));
  byteMaps = { encoder, decoder };
  return byteMaps;
}

/** How special tokens in the input text are treated by `encode`. */
export interface BpeEncodeOptions {
  /**
   * Special tokens recognised in the text: 'all', a list, or none (the default, so user text that happens to contain
   * `<|endoftext|>` is encoded as ordinary characters, as GPT-2's own encoder does).
   */
  allowedSpecial?: 'all' | readonly string[];
}

/** Constructor options of `BytePairTokenizer`. */
export interface BytePairTokenizerConfig {
  /** Token (in byte-unicode form, e.g. 'Ġthe') → id. */
  vocab: Record<string, number>;
  /** Merges in rank order, each 'a b' or ['a', 'b']. */
  merges: readonly (string | readonly [string, string])[];
  /** Tokens matched verbatim before pre-tokenization; default [`<|endoftext|>`] when the vocabulary holds it. */
  specialTokens?: readonly string[];
  /** Pre-tokenization regex source (compiled with flags 'gu'); default GPT-2's. */
  pattern?: string;
}

/** Serialized form of a `BytePairTokenizer` (bundled beside models). */
export interface BytePairTokenizerJSON {
  className: 'BytePairTokenizer';
  config: { vocab: Record<string, number>; merges: string[]; specialTokens: string[]; pattern: string };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A byte-level BPE tokenizer (GPT-2's algorithm). Load GPT-2's files with `loadBpeTokenizer`, train one with
 * `trainBpe`, or construct it from a vocabulary and merges.
 * @example const tok = new BytePairTokenizer({ vocab, merges }); tok.decode(tok.encode('hello world'));
 */
export class BytePairTokenizer {
  private readonly vocab: Map<string, number>;
  private readonly inverse: string[];
  private readonly ranks: Map<string, number>;
  private readonly mergeList: string[];
  private readonly split: RegExp;
  private readonly special: Map<string, number>;
  private readonly cache = new Map<string, number[]>();
  readonly pattern: string;

  constructor(config: BytePairTokenizerConfig) {
    if (config === null || typeof config !== 'object' || typeof config.vocab !== 'object' || !Array.isArray(config.merges)) {
      throw new ConfigError('BytePairTokenizer: expected { vocab: { token: id }, merges: ["a b", ...] }; load GPT-2 files with loadBpeTokenizer(dir).');
    }
    this.vocab = new Map();
    this.inverse = [];
    for (const [tok, id] of Object.entries(config.vocab)) {
      if (!Number.isInteger(id) || id < 0) throw new ConfigError(`BytePairTokenizer: vocab id of ${JSON.stringify(tok)} must be a non-negative integer, received ${JSON.stringify(id)}.`);
      if (this.inverse[id] !== undefined) throw new ConfigError(`BytePairTokenizer: id ${id} is used by both ${JSON.stringify(this.inverse[id])} and ${JSON.stringify(tok)}.`);
      this.vocab.set(tok, id);
      this.inverse[id] = tok;
    }
    this.ranks = new Map();
    this.mergeList = [];
    config.merges.forEach((m, i) => {
      const pair = typeof m === 'string' ? m.split(' ') : [...m];
      if (pair.length !== 2 || !pair[0] || !pair[1]) throw new ConfigError(`BytePairTokenizer: merge ${i} must be two tokens separated by one space, received ${JSON.stringify(m)}.`);
      const key = `${pair[0]} ${pair[1]}`;
      if (!this.ranks.has(key)) this.ranks.set(key, i);
      this.mergeList.push(key);
    });
    this.pattern = config.pattern ?? GPT2_SPLIT_PATTERN;
    try {
      this.split = new RegExp(this.pattern, 'gu');
    } catch (e) {
      throw new ConfigError(`BytePairTokenizer: pattern is not a valid unicode regex (${(e as Error).message}).`);
    }
    const specials = config.specialTokens ?? (this.vocab.has(END_OF_TEXT) ? [END_OF_TEXT] : []);
    this.special = new Map();
    for (const s of specials) {
      const id = this.vocab.get(s);
      if (id === undefined) throw new ConfigError(`BytePairTokenizer: special token ${JSON.stringify(s)} is not in the vocabulary; add it to vocab with an id.`);
      this.special.set(s, id);
    }
  }

  /** Number of ids (one more than the largest id). */
  get vocabSize(): number {
    return this.inverse.length;
  }

  /** The special tokens, in the order given. */
  get specialTokens(): string[] {
    return [...this.special.keys()];
  }

  /** The id of a token in byte-unicode form (e.g. 'Ġthe'), or undefined. */
  tokenToId(token: string): number | undefined {
    return this.vocab.get(token);
  }

  /** The byte-unicode token of an id, or undefined. */
  idToToken(id: number): string | undefined {
    return this.inverse[id];
  }

  /** The id of `<|endoftext|>` (or the first special token); undefined when there is none. */
  get endOfTextId(): number | undefined {
    return this.special.get(END_OF_TEXT) ?? this.special.values().next().value;
  }

  /**
   * Encodes text to ids.
   * @example tok.encode('Hello world'); // GPT-2: [15496, 995]
   */
  encode(text: string, options: BpeEncodeOptions = {}): number[] {
    if (typeof text !== 'string') throw new ValueError(`BytePairTokenizer.encode: expected a string, received ${typeof text}.`);
    const allowed = options.allowedSpecial === 'all' ? [...this.special.keys()] : (options.allowedSpecial ?? []);
    for (const s of allowed) {
      if (!this.special.has(s)) throw new ValueError(`BytePairTokenizer.encode: ${JSON.stringify(s)} is not a special token of this tokenizer; known: ${JSON.stringify(this.specialTokens)}.`);
    }
    const out: number[] = [];
    if (allowed.length === 0) {
      this.encodeOrdinary(text, out);
      return out;
    }
    const re = new RegExp([...allowed].sort((a, b) => b.length - a.length).map(escapeRegex).join('|'), 'g');
    let last = 0;
    for (const m of text.matchAll(re)) {
      this.encodeOrdinary(text.slice(last, m.index), out);
      out.push(this.special.get(m[0]) as number);
      last = m.index + m[0].length;
    }
    this.encodeOrdinary(text.slice(last), out);
    return out;
  }

  private encodeOrdinary(text: string, out: number[]): void {
    const enc = getByteMaps().encoder;
    const utf8 = new TextEncoder();
    for (const m of text.matchAll(this.split)) {
      const piece = m[0];
      const cached = this.cache.get(piece);
      if (cached) {
        for (const id of cached) out.push(id);
        continue;
      }
      const symbols = Array.from(utf8.encode(piece), (b) => enc[b] as string);
      const ids = this.bpe(symbols).map((s) => {
        const id = this.vocab.get(s);
        if (id === undefined) throw new ValueError(`BytePairTokenizer.encode: symbol ${JSON.stringify(s)} has no id; the vocabulary must hold all 256 byte symbols.`);
        return id;
      });
      if (this.cache.size < 100_000) this.cache.set(piece, ids);
      for (const id of ids) out.push(id);
    }
  }

  /** Repeatedly merges the adjacent pair of lowest rank (ties: leftmost), merging every occurrence of that pair. */
  private bpe(symbols: string[]): string[] {
    let word = symbols;
    while (word.length > 1) {
      let best = Infinity, bestPair = '';
      for (let i = 0; i + 1 < word.length; i++) {
        const key = `${word[i]} ${word[i + 1]}`;
        const r = this.ranks.get(key);
        if (r !== undefined && r < best) {
          best = r;
          bestPair = key;
        }
      }
      if (best === Infinity) break;
      const next: string[] = [];
      for (let i = 0; i < word.length; i++) {
        if (i + 1 < word.length && `${word[i]} ${word[i + 1]}` === bestPair) {
          next.push((word[i] as string) + (word[i + 1] as string));
          i++;
        } else {
          next.push(word[i] as string);
        }
      }
      word = next;
    }
    return word;
  }

  /**
   * Decodes ids to text; byte sequences that are not valid UTF-8 (a prefix cut mid-character) become U+FFFD.
   * @example tok.decode([15496, 995]); // 'Hello world'
   */
  decode(ids: ArrayLike<number>): string {
    return new TextDecoder('utf-8').decode(this.decodeBytes(ids));
  }

  /** The raw bytes of ids (special tokens as their UTF-8 text), for streaming decoders that must wait for whole characters. */
  decodeBytes(ids: ArrayLike<number>): Uint8Array {
    const dec = getByteMaps().decoder;
    const bytes: number[] = [];
    const utf8 = new TextEncoder();
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      const tok = this.inverse[id];
      if (tok === undefined) throw new ValueError(`BytePairTokenizer.decode: id ${id} is outside the vocabulary (size ${this.vocabSize}).`);
      if (this.special.has(tok)) {
        for (const b of utf8.encode(tok)) bytes.push(b);
        continue;
      }
      for (const ch of tok) {
        const b = dec.get(ch);
        if (b === undefined) throw new ValueError(`BytePairTokenizer.decode: token ${JSON.stringify(tok)} (id ${id}) holds ${JSON.stringify(ch)}, which is not a byte symbol.`);
        bytes.push(b);
      }
    }
    return Uint8Array.from(bytes);
  }

  /** The merges in rank order ('a b'), as written to merges.txt. */
  get merges(): string[] {
    return [...this.mergeList];
  }

  /** The vocabulary as an object (vocab.json). */
  getVocab(): Record<string, number> {
    return Object.fromEntries(this.vocab);
  }

  /** A JSON form for bundling beside a model; `bytePairTokenizerFromJSON` inverts it. */
  toJSON(): BytePairTokenizerJSON {
    return { className: 'BytePairTokenizer', config: { vocab: this.getVocab(), merges: this.merges, specialTokens: this.specialTokens, pattern: this.pattern } };
  }
}

/**
 * Rebuilds a tokenizer from `toJSON()` output.
 * @example const tok2 = bytePairTokenizerFromJSON(tok.toJSON());
 */
export function bytePairTokenizerFromJSON(json: BytePairTokenizerJSON): BytePairTokenizer {
  if (json?.className !== 'BytePairTokenizer' || typeof json.config !== 'object') {
    throw new ConfigError(`bytePairTokenizerFromJSON: expected {className: 'BytePairTokenizer', config}, received className ${JSON.stringify(json?.className)}.`);
  }
  return new BytePairTokenizer(json.config);
}
