import { describe, expect, test } from 'vitest';
import type { Tensor } from '../tensor/tensor.js';
import { Tokenizer, padSequences, textToWordSequence, tokenizerFromJSON } from './tokenizer.js';

const texts = ['The cat sat on the mat.', 'The dog ate my homework!', 'cat and dog'];
const rows = (t: Tensor): number[][] => {
  const [n, d] = t.shape as [number, number];
  return Array.from({ length: n }, (_, i) => Array.from(t.values.subarray(i * d, (i + 1) * d)));
};

describe('Tokenizer (Keras semantics)', () => {
  test('word index by frequency, ties in first-seen order; counts and docs', () => {
    const tok = new Tokenizer();
    tok.fitOnTexts(texts);
    expect([...tok.wordIndex]).toEqual([
      ['the', 1], ['cat', 2], ['dog', 3], ['sat', 4], ['on', 5], ['mat', 6], ['ate', 7], ['my', 8], ['homework', 9], ['and', 10],
    ]);
    expect(tok.indexWord.get(3)).toBe('dog');
    expect(tok.wordCounts.get('the')).toBe(3);
    expect(tok.wordDocs.get('the')).toBe(2);
    expect(tok.indexDocs.get(1)).toBe(2);
    expect(tok.documentCount).toBe(3);
    expect(tok.textsToSequences(['the cat ate a fish'])).toEqual([[1, 2, 7]]);
    expect(tok.sequencesToTexts([[1, 2, 7, 99]])).toEqual(['the cat ate']);
  });

  test('oovToken takes index 1; numWords keeps indices < numWords', () => {
    const tok = new Tokenizer({ oovToken: '<OOV>', numWords: 4 });
    tok.fitOnTexts(texts);
    expect(tok.wordIndex.get('<OOV>')).toBe(1);
    expect(tok.wordIndex.get('the')).toBe(2);
    expect(tok.wordIndex.get('ate')).toBe(8); // the index keeps every word
    expect(tok.textsToSequences(['the cat ate a fish'])).toEqual([[2, 3, 1, 1, 1]]);
    expect(tok.sequencesToTexts([[2, 3, 8, 42]])).toEqual(['the cat <OOV> <OOV>']);
    const noOov = new Tokenizer({ numWords: 3 });
    noOov.fitOnTexts(texts);
    expect(noOov.textsToSequences(['the cat dog ate'])).toEqual([[1, 2]]);
    expect(noOov.sequencesToTexts([[1, 2, 7]])).toEqual(['the cat']);
  });

  test('filters, lower, split and charLevel', () => {
    expect(textToWordSequence('Hello,  World!\tAgain')).toEqual(['hello', 'world', 'again']);
    expect(textToWordSequence('A-B c', { filters: '', lower: false })).toEqual(['A-B', 'c']);
    expect(textToWordSequence('a;b;;c', { split: ';' })).toEqual(['a', 'b', 'c']);
    const chars = new Tokenizer({ charLevel: true });
    chars.fitOnTexts(['aAb', 'b']);
    expect([...chars.wordIndex]).toEqual([['a', 1], ['b', 2]]);
    expect(chars.textsToSequences(['ab c'])).toEqual([[1, 2]]);
    expect(() => new Tokenizer({ numWords: 0 })).toThrow(/numWords must be a positive integer or null, received 0/);
  });

  test('empty input and JSON round trip', () => {
    const empty = new Tokenizer();
    empty.fitOnTexts([]);
    expect(empty.textsToSequences(['anything'])).toEqual([[]]);
    const tok = new Tokenizer({ oovToken: '<OOV>', numWords: 5 });
    tok.fitOnTexts(texts);
    const back = tokenizerFromJSON(JSON.stringify(tok));
    expect([...back.wordIndex]).toEqual([...tok.wordIndex]);
    expect(back.textsToSequences(['the dog barked'])).toEqual(tok.textsToSequences(['the dog barked']));
    expect(back.sequencesToTexts([[2, 3, 9]])).toEqual(tok.sequencesToTexts([[2, 3, 9]]));
    expect(back.documentCount).toBe(3);
    expect(() => tokenizerFromJSON('{"className":"Other","config":{}}')).toThrow(/expected \{className: 'Tokenizer', config\}/);
  });
});

describe('padSequences (Keras semantics)', () => {
  const seqs = [[1, 2, 3], [4]];
  test('pre/post padding and truncating', () => {
    expect(rows(padSequences(seqs))).toEqual([[1, 2, 3], [0, 0, 4]]);
    expect(rows(padSequences(seqs, { maxlen: 2 }))).toEqual([[2, 3], [0, 4]]);
    expect(rows(padSequences(seqs, { maxlen: 2, padding: 'post', truncating: 'post' }))).toEqual([[1, 2], [4, 0]]);
    expect(rows(padSequences(seqs, { maxlen: 4, value: -1 }))).toEqual([[-1, 1, 2, 3], [-1, -1, -1, 4]]);
    expect(rows(padSequences([[], [5]], { maxlen: 2 }))).toEqual([[0, 0], [0, 5]]);
    const t = padSequences(seqs, { dtype: 'float32' });
    expect(t.dtype).toBe('float32');
    expect(padSequences([]).shape).toEqual([0, 0]);
    expect(padSequences(seqs).dtype).toBe('int32');
    // @ts-expect-error -- invalid on purpose: the run-time check and its message are under test
    expect(() => padSequences(seqs, { padding: 'middle' })).toThrow(/padding must be 'pre' or 'post', received 'middle'/);
  });
});
