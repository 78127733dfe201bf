import { describe, expect, test } from 'vitest';
import { deserializeLayer, serializeLayer } from '../layers/registry.js';
import type { Tensor } from '../tensor/tensor.js';
import { TextVectorization } from './text-vectorization.js';

const texts = ['The cat sat.', 'The dog sat!', 'the end'];
const rows = (t: Tensor): number[][] => {
  const [n, d] = t.shape as [number, number];
  return Array.from({ length: n }, (_, i) => Array.from(t.values.subarray(i * d, (i + 1) * d)));
};

describe('TextVectorization', () => {
  test('int mode: vocabulary by frequency with padding and OOV entries', () => {
    const tv = new TextVectorization();
    tv.adapt(texts);
    expect(tv.getVocabulary()).toEqual(['', '[UNK]', 'the', 'sat', 'end', 'dog', 'cat']);
    const out = tv.transform(['The bird sat', 'cat']);
    expect(out.dtype).toBe('int32');
    expect(rows(out)).toEqual([
      [2, 1, 3],
      [6, 0, 0],
    ]);
    const fixed = new TextVectorization({ outputSequenceLength: 2, maxTokens: 4 });
    fixed.adapt(texts);
    expect(fixed.getVocabulary()).toEqual(['', '[UNK]', 'the', 'sat']);
    expect(rows(fixed.transform(['sat the cat dog', '']))).toEqual([
      [3, 2],
      [0, 0],
    ]);
  });

  test('multi_hot, count and tf_idf', () => {
    const mh = new TextVectorization({ outputMode: 'multi_hot' });
    mh.adapt(texts);
    expect(mh.getVocabulary()).toEqual(['[UNK]', 'the', 'sat', 'end', 'dog', 'cat']);
    expect(rows(mh.transform(['the the bird']))).toEqual([[1, 1, 0, 0, 0, 0]]);
    const cnt = new TextVectorization({ outputMode: 'count' });
    cnt.adapt(texts);
    expect(rows(cnt.transform(['the the bird']))).toEqual([[1, 2, 0, 0, 0, 0]]);
    const tf = new TextVectorization({ outputMode: 'tf_idf' });
    tf.adapt(texts);
    const idfThe = Math.log(1 + 3 / 4);
    const idfOov = (idfThe + Math.log(2) + 3 * Math.log(2.5)) / 5;
    const [r] = rows(tf.transform(['the the bird cat']));
    expect(r![0]).toBeCloseTo(idfOov, 6);
    expect(r![1]).toBeCloseTo(2 * idfThe, 6);
    expect(r![5]).toBeCloseTo(Math.log(2.5), 6);
    expect(r![2]).toBe(0);
  });

  test('standardize and split options; errors', () => {
    const chars = new TextVectorization({ split: 'character', standardize: 'lower' });
    chars.adapt(['abca']);
    expect(chars.getVocabulary()).toEqual(['', '[UNK]', 'a', 'c', 'b']);
    const raw = new TextVectorization({ standardize: null, split: null, vocabulary: ['Yes', 'No'] });
    expect(rows(raw.transform(['No', 'yes']))).toEqual([[3], [1]]);
    expect(() => new TextVectorization().transform(['x'])).toThrow(/no vocabulary; call adapt\(texts\)/);
    expect(() => new TextVectorization({ outputMode: 'count', outputSequenceLength: 3 })).toThrow(/outputSequenceLength only applies/);
    expect(() => new TextVectorization({ maxTokens: 1 })).toThrow(/maxTokens must be an integer >= 2/);
  });

  test('config round trip keeps the vocabulary and idf weights', () => {
    const tf = new TextVectorization({ outputMode: 'tf_idf', maxTokens: 5 });
    tf.adapt(texts);
    const back = deserializeLayer(JSON.parse(JSON.stringify(serializeLayer(tf)))) as TextVectorization;
    expect(back.getVocabulary()).toEqual(tf.getVocabulary());
    expect(rows(back.transform(['the end cat']))).toEqual(rows(tf.transform(['the end cat'])));
  });
});
