// GPT-2 tokenizer files. Hugging Face: vocab.json ({token: id}) + merges.txt; OpenAI's release: encoder.json (the
// same mapping) + vocab.bpe (the same merges). Both merges files start with a '#version: 0.2' line followed by one
// 'a b' pair per line in rank order; tokens are in GPT-2's byte-unicode form.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { FormatError } from '../core/errors.js';
import { BytePairTokenizer } from './bpe.js';

/** Parses merges.txt / vocab.bpe text into 'a b' pairs (skipping the '#version' line and blank lines). */
export function parseMerges(text: string, where = 'merges.txt'): string[] {
  const out: string[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line === '' || (i === 0 && line.startsWith('#version'))) return;
    const parts = line.split(' ');
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw new FormatError(`${where}: line ${i + 1} must hold two tokens separated by one space, received ${JSON.stringify(line)}.`);
    out.push(line);
  });
  return out;
}

/** Parses vocab.json / encoder.json text. */
export function parseVocab(text: string, where = 'vocab.json'): Record<string, number> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FormatError(`${where}: not valid JSON (${(e as Error).message}).`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new FormatError(`${where}: expected an object {token: id}.`);
  return json as Record<string, number>;
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await fsp.readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new FormatError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}

/**
 * Loads a GPT-2 tokenizer from a directory holding vocab.json + merges.txt (Hugging Face) or encoder.json +
 * vocab.bpe (OpenAI).
 * @example const tok = await loadBpeTokenizer('models/gpt2'); tok.encode('Hello');
 */
export async function loadBpeTokenizer(dir: string): Promise<BytePairTokenizer> {
  for (const [vocabName, mergesName] of [['vocab.json', 'merges.txt'], ['encoder.json', 'vocab.bpe']] as const) {
    const vocab = await readIfExists(join(dir, vocabName));
    const merges = await readIfExists(join(dir, mergesName));
    if (vocab !== null && merges !== null) {
      return new BytePairTokenizer({ vocab: parseVocab(vocab, join(dir, vocabName)), merges: parseMerges(merges, join(dir, mergesName)) });
    }
  }
  throw new FormatError(`${dir}: no tokenizer found; expected vocab.json + merges.txt (Hugging Face) or encoder.json + vocab.bpe (OpenAI).`);
}

/**
 * Writes vocab.json + merges.txt (Hugging Face layout) into a directory.
 * @example await saveBpeTokenizer(tok, 'out/');
 */
export async function saveBpeTokenizer(tokenizer: BytePairTokenizer, dir: string): Promise<void> {
  await fsp.mkdir(dir, { recursive: true });
  await fsp.writeFile(join(dir, 'vocab.json'), JSON.stringify(tokenizer.getVocab()));
  await fsp.writeFile(join(dir, 'merges.txt'), `#version: 0.2\n${tokenizer.merges.join('\n')}\n`);
}
