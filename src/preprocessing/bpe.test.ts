import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode as refEncode } from 'gpt-tokenizer/encoding/r50k_base';
import { describe, expect, it } from 'vitest';
import { gpt2Files } from '../../test/helpers/gpt2-vocab.js';
import { datasetsDir, hasDatasets } from '../../test/helpers/paths.js';
import { BytePairTokenizer, bytePairTokenizerFromJSON, bytesToUnicode, END_OF_TEXT } from './bpe.js';
import { loadBpeTokenizer, saveBpeTokenizer } from './bpe-files.js';
import { trainBpe } from './bpe-train.js';

const tricky = [
  'Hello world', ' leading and trailing spaces   ', 'tabs\tand\nnewlines\r\n\n\n  indented', "I'm, you're, we've, they'll, she'd, it's, DON'T",
  'naïve café résumé Ångström', '日本語のテキストと漢字', '한국어 문장입니다', 'Ελληνικά και русский текст', 'emoji 😀👍🏽 👨‍👩‍👧‍👦 flags 🇫🇷',
  'zero\u200bwidth\u00a0nbsp soft\u00adhyphen', 'combining e\u0301 and a\u030a', 'numbers 1234567890 3.14159 1e-9 ١٢٣', 'mixed123abc___---!!!???',
  'code: for (let i = 0; i < n; i++) { x[i] = "y"; }', '\u0000\u0001 control \u007f bytes', 'a'.repeat(300), '    ', '',
  'عربي مع العربية', 'हिन्दी पाठ', 'lone surrogate-free ∑∫√∞ ≠ ≤ ≥', "'s's 's ' s", 'Ġ Ċ ĉ (these are byte symbols themselves)',
];

describe('BytePairTokenizer (GPT-2)', () => {
  const { vocab, merges } = gpt2Files();
  const tok = new BytePairTokenizer({ vocab, merges });

  it('maps bytes to GPT-2 unicode symbols', () => {
    const m = bytesToUnicode();
    expect(m[32]).toBe('Ġ');
    expect(m[10]).toBe('Ċ');
    expect(m[65]).toBe('A');
    expect(new Set(m).size).toBe(256);
    expect(tok.vocabSize).toBe(50257);
    expect(tok.endOfTextId).toBe(50256);
  });

  it('matches gpt-tokenizer r50k_base on tricky unicode and round-trips', () => {
    for (const text of tricky) {
      expect(tok.encode(text), JSON.stringify(text)).toEqual(refEncode(text));
      expect(tok.decode(tok.encode(text))).toBe(text);
    }
    expect(tok.encode('Hello world')).toEqual([15496, 995]);
  });

  it.skipIf(!hasDatasets)('matches gpt-tokenizer on SST-2 and tinyshakespeare', () => {
    const sst = readFileSync(join(datasetsDir, 'sentiment/sst2/dev.tsv'), 'utf8').split('\n').slice(1).map((l) => l.split('\t')[0] ?? '');
    const shakespeare = readFileSync(join(datasetsDir, 'text/tinyshakespeare/input.txt'), 'utf8').slice(0, 200_000);
    for (const text of [...sst, shakespeare]) expect(tok.encode(text)).toEqual(refEncode(text));
    expect(tok.decode(tok.encode(shakespeare))).toBe(shakespeare);
  });

  it('encodes <|endoftext|> only when allowed', () => {
    const text = `a${END_OF_TEXT}b`;
    expect(tok.encode(text, { allowedSpecial: 'all' })).toEqual([64, 50256, 65]);
    expect(tok.encode(text)).not.toContain(50256);
    expect(tok.encode(text)).toEqual(refEncode(text, { disallowedSpecial: new Set() }));
    expect(tok.decode([64, 50256, 65])).toBe(text);
    expect(() => tok.encode(text, { allowedSpecial: ['<|nope|>'] })).toThrow(/not a special token/);
    expect(() => tok.decode([50257])).toThrow(/outside the vocabulary/);
  });

  it('loads HF (vocab.json + merges.txt) and OpenAI (encoder.json + vocab.bpe) files', async () => {
    const hf = mkdtempSync(join(tmpdir(), 'bpe-hf-'));
    const oa = mkdtempSync(join(tmpdir(), 'bpe-oa-'));
    await saveBpeTokenizer(tok, hf);
    writeFileSync(join(oa, 'encoder.json'), JSON.stringify(vocab));
    writeFileSync(join(oa, 'vocab.bpe'), `#version: 0.2\n${merges.join('\n')}\n`);
    const text = tricky.join(' | ');
    for (const dir of [hf, oa]) expect((await loadBpeTokenizer(dir)).encode(text)).toEqual(refEncode(text));
    await expect(loadBpeTokenizer(tmpdir() + '/does-not-exist')).rejects.toThrow(/vocab.json \+ merges.txt/);
    const back = bytePairTokenizerFromJSON(JSON.parse(JSON.stringify(tok.toJSON())));
    expect(back.encode(text)).toEqual(tok.encode(text));
  });
});

describe('trainBpe', () => {
  it('learns frequent merges first and round-trips any UTF-8', () => {
    const corpus = ['low low low low lower lower newest newest newest widest', 'low newest 😀😀'];
    const tok = trainBpe(corpus, { vocabSize: 256 + 8 + 1 });
    expect(tok.vocabSize).toBe(265);
    // ' low' (5 times as "Ġlow"/"low") and 'est' dominate: the first merges build them.
    expect(tok.merges[0]).toBe('l o');
    expect(tok.encode(' low')).toHaveLength(1);
    for (const text of [...corpus, 'unseen text ✓ 日本', '']) expect(tok.decode(tok.encode(text))).toBe(text);
    expect(tok.encode(END_OF_TEXT, { allowedSpecial: 'all' })).toEqual([264]);
    expect(() => trainBpe(corpus, { vocabSize: 10 })).toThrow(/vocabSize must be an integer >= 257/);
  });

  it('encodes its training words with fewer tokens than bytes', () => {
    const text = 'the cat sat on the mat. the cat ate the rat. '.repeat(20);
    const tok = trainBpe([text], { vocabSize: 300 });
    expect(tok.encode(text).length).toBeLessThan(new TextEncoder().encode(text).length / 3);
  });
});
