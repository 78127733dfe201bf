// GPT-2's tokenizer files rebuilt from gpt-tokenizer's r50k_base ranks (a devDependency), so tests can load real
// vocab.json / merges.txt without committing 1.5 MB of vocabulary. r50k_base is GPT-2's encoding: token rank = GPT-2
// id, and merge i produced id 256 + i. Each merge is recovered by running BPE on the token's bytes with only the
// lower ranks: the last step joins exactly two parts, and those are the merge.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { bytesToUnicode } from '../../src/preprocessing/bpe.js';

/** GPT-2's vocab.json object and merges.txt lines. */
export interface Gpt2Files {
  vocab: Record<string, number>;
  merges: string[];
}

let cached: Gpt2Files | null = null;

/** Builds (once per process) GPT-2's vocabulary and merges. */
export function gpt2Files(): Gpt2Files {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const path = require.resolve('gpt-tokenizer/data/r50k_base.tiktoken');
  const byRank: string[] = []; // latin1 strings: one char per byte
  const rankOf = new Map<string, number>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    const [b64, rank] = line.split(' ') as [string, string];
    const bytes = Buffer.from(b64, 'base64').toString('latin1');
    byRank[Number(rank)] = bytes;
    rankOf.set(bytes, Number(rank));
  }
  const uni = bytesToUnicode();
  const toUnicode = (latin1: string): string => Array.from(latin1, (c) => uni[c.charCodeAt(0)] as string).join('');
  const vocab: Record<string, number> = {};
  byRank.forEach((t, r) => (vocab[toUnicode(t)] = r));
  vocab['<|endoftext|>'] = byRank.length;
  const merges: string[] = [];
  for (let r = 256; r < byRank.length; r++) {
    let parts = Array.from(byRank[r] as string);
    while (parts.length > 2) {
      let best = Infinity, at = -1;
      for (let i = 0; i + 1 < parts.length; i++) {
        const rr = rankOf.get((parts[i] as string) + (parts[i + 1] as string));
        if (rr !== undefined && rr < r && rr < best) {
          best = rr;
          at = i;
        }
      }
      if (at < 0) throw new Error(`gpt2Files: token of rank ${r} cannot be split`);
      parts = [...parts.slice(0, at), (parts[at] as string) + (parts[at + 1] as string), ...parts.slice(at + 2)];
    }
    merges.push(`${toUnicode(parts[0] as string)} ${toUnicode(parts[1] as string)}`);
  }
  cached = { vocab, merges };
  return cached;
}
