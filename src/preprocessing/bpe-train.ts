// Training a byte-level BPE on a user's corpus (Sennrich et al. 2016, "Neural Machine Translation of Rare Words
// with Subword Units", on GPT-2's byte alphabet): start from the 256 byte symbols, count adjacent pairs within
// pre-tokenized words weighted by word frequency, merge the most frequent pair, repeat. Only words that contain the
// merged pair are rescanned, so each merge costs time proportional to where it applies.
import { ConfigError, ValueError } from '../core/errors.js';
import { BytePairTokenizer, END_OF_TEXT, GPT2_SPLIT_PATTERN, bytesToUnicode } from './bpe.js';

/** Options of `trainBpe`. */
export interface TrainBpeOptions {
  /** Final vocabulary size including the 256 byte symbols and the special tokens. */
  vocabSize: number;
  /** Pairs seen fewer times are never merged; default 2. */
  minFrequency?: number;
  /** Added after the merges; default [`<|endoftext|>`]. */
  specialTokens?: readonly string[];
  /** Pre-tokenization regex; default GPT-2's. */
  pattern?: string;
}

/**
 * Trains a byte-level BPE tokenizer on texts. Ties between equally frequent pairs go to the pair first seen in the
 * corpus, so training is deterministic.
 * @example const tok = trainBpe(['low lower lowest', 'new newer newest'], { vocabSize: 270 });
 */
export function trainBpe(texts: Iterable<string>, options: TrainBpeOptions): BytePairTokenizer {
  const specials = [...(options.specialTokens ?? [END_OF_TEXT])];
  const minFreq = options.minFrequency ?? 2;
  if (!Number.isInteger(options.vocabSize) || options.vocabSize < 256 + specials.length) {
    throw new ConfigError(`trainBpe: vocabSize must be an integer >= ${256 + specials.length} (256 bytes + ${specials.length} special tokens), received ${JSON.stringify(options.vocabSize)}.`);
  }
  const pattern = options.pattern ?? GPT2_SPLIT_PATTERN;
  const split = new RegExp(pattern, 'gu');
  const byteSym = bytesToUnicode();
  const utf8 = new TextEncoder();
  const wordCounts = new Map<string, number>();
  for (const text of texts) {
    if (typeof text !== 'string') throw new ValueError(`trainBpe: texts must be strings, received ${typeof text}.`);
    for (const m of text.matchAll(split)) wordCounts.set(m[0], (wordCounts.get(m[0]) ?? 0) + 1);
  }
  // Symbols are interned as numbers; words are arrays of symbol numbers.
  const symbols: string[] = [...byteSym].sort((a, b) => (a.codePointAt(0) as number) - (b.codePointAt(0) as number));
  const symbolId = new Map(symbols.map((s, i) => [s, i]));
  const words: number[][] = [];
  const freqs: number[] = [];
  for (const [w, c] of wordCounts) {
    words.push(Array.from(utf8.encode(w), (b) => symbolId.get(byteSym[b] as string) as number));
    freqs.push(c);
  }
  const key = (a: number, b: number): number => a * 1_048_576 + b;
  const pairCount = new Map<number, number>();
  const pairWords = new Map<number, Set<number>>();
  const addWord = (wi: number, sign: 1 | -1): void => {
    const w = words[wi] as number[];
    const f = (freqs[wi] as number) * sign;
    for (let i = 0; i + 1 < w.length; i++) {
      const k = key(w[i] as number, w[i + 1] as number);
      pairCount.set(k, (pairCount.get(k) ?? 0) + f);
      if (sign > 0) {
        let set = pairWords.get(k);
        if (!set) pairWords.set(k, (set = new Set()));
        set.add(wi);
      }
    }
  };
  words.forEach((_, wi) => addWord(wi, 1));
  const merges: string[] = [];
  const target = options.vocabSize - specials.length;
  while (symbols.length < target) {
    let best = -1, bestCount = 0;
    for (const [k, c] of pairCount) {
      if (c > bestCount) {
        best = k;
        bestCount = c;
      }
    }
    if (best < 0 || bestCount < minFreq) break;
    const a = Math.floor(best / 1_048_576), b = best % 1_048_576;
    // Two merge paths can spell the same string ('ab c', 'a bc'); they share one id, as in GPT-2's vocabulary.
    const str = (symbols[a] as string) + (symbols[b] as string);
    let merged = symbolId.get(str);
    if (merged === undefined) {
      merged = symbols.length;
      symbols.push(str);
      symbolId.set(str, merged);
    }
    merges.push(`${symbols[a]} ${symbols[b]}`);
    for (const wi of pairWords.get(best) ?? []) {
      addWord(wi, -1);
      const w = words[wi] as number[];
      const next: number[] = [];
      for (let i = 0; i < w.length; i++) {
        if (i + 1 < w.length && w[i] === a && w[i + 1] === b) {
          next.push(merged);
          i++;
        } else {
          next.push(w[i] as number);
        }
      }
      words[wi] = next;
      addWord(wi, 1);
    }
    pairWords.delete(best);
    pairCount.delete(best);
  }
  const vocab: Record<string, number> = {};
  symbols.forEach((s, i) => (vocab[s] = i));
  specials.forEach((s, i) => {
    if (vocab[s] !== undefined) throw new ConfigError(`trainBpe: special token ${JSON.stringify(s)} collides with a learned token.`);
    vocab[s] = symbols.length + i;
  });
  return new BytePairTokenizer({ vocab, merges, specialTokens: specials, pattern });
}
