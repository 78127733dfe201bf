import { describe, expect, test } from 'vitest';
import * as tf from '../index.js';
import { fingerprint64 } from '../core/fingerprint.js';

describe('string tensors', () => {
  test('hold text, decode through dataSync and keep UTF-8 bytes', async () => {
    const t = tf.tensor([['a', 'héllo'], ['', 'z']]);
    expect(t.dtype).toBe('string');
    expect(t.dataSync<'string'>()).toEqual(['a', 'héllo', '', 'z']);
    expect(await t.bytes()).toEqual([[97], [104, 195, 169, 108, 108, 111], [], [122]].map((b) => new Uint8Array(b)));
    expect(t.toString()).toBe("Tensor\n    [['a', 'héllo'],\n     ['' , 'z'    ]]"); // TF.js 4.22's exact text
  });

  test('move through reshape, gather, concat and compare by text', () => {
    const a = tf.tensor1d(['x', 'y', 'z']);
    const b = tf.tensor1d(['y', 'w']);
    expect(tf.gather(a, tf.tensor1d([2, 0], 'int32')).dataSync<'string'>()).toEqual(['z', 'x']);
    expect(tf.concat([a, b]).dataSync<'string'>()).toEqual(['x', 'y', 'z', 'y', 'w']);
    expect(tf.reshape(a, [3, 1]).arraySync<string>()).toEqual([['x'], ['y'], ['z']]);
    expect(Array.from(tf.equal(tf.slice(a, [1], [2]), b).dataSync())).toEqual([1, 0]);
    expect(Array.from(tf.less(tf.slice(a, [1], [2]), b).dataSync())).toEqual([0, 0]);
    const u = tf.unique(tf.concat([a, b]));
    expect(u.values.dataSync<'string'>()).toEqual(['x', 'y', 'z', 'w']);
    expect(Array.from(u.indices.dataSync())).toEqual([0, 1, 2, 1, 3]);
  });

  test('numeric ops reject them in TF.js words', () => {
    expect(() => tf.exp(tf.tensor1d(['a']))).toThrow(/Argument 'x' passed to 'exp' must be numeric tensor, but got string tensor/);
    expect(() => tf.cast(tf.tensor1d(['a']), 'float32')).toThrow(/cannot cast a string tensor/);
  });
});

describe('tf.string ops', () => {
  test('stringNGrams pads each row and records the splits', () => {
    const r = tf.string.stringNGrams(['a', 'b', 'c', 'd', 'e'], tf.tensor1d([0, 3, 5], 'int32'), '_', [2], '<', '>', 1, false);
    expect(r.nGrams.dataSync<'string'>()).toEqual(['<_a', 'a_b', 'b_c', 'c_>', '<_d', 'd_e', 'e_>']);
    expect(Array.from(r.nGramsSplits.dataSync())).toEqual([0, 4, 7]);
    expect(() => tf.string.stringNGrams(['a'], tf.tensor1d([1, 1], 'int32'), '', [1], '', '', 0, false)).toThrow(/First split value must be 0/);
  });

  test('stringSplit gives a sparse matrix of tokens', () => {
    const r = tf.string.stringSplit(['a b', 'c'], ' ');
    expect(r.indices.arraySync()).toEqual([[0, 0], [0, 1], [1, 0]]);
    expect(r.values.dataSync<'string'>()).toEqual(['a', 'b', 'c']);
    expect(Array.from(r.shape.dataSync())).toEqual([2, 2]);
  });

  test('stringToHashBucketFast uses Fingerprint64 (TensorFlow golden values)', () => {
    // Values from TF.js 4.22's tf.util.fingerPrint64 on 'x' repeated n times (one per length class of the hash).
    const golden: [number, string][] = [[5, '4353426961065742888'], [20, '8233088228747857348'], [40, '17003596230054984852'], [100, '6590480085648050719']];
    for (const [n, v] of golden) expect(fingerprint64(new TextEncoder().encode('x'.repeat(n))).toString()).toBe(v);
    expect(Array.from(tf.string.stringToHashBucketFast(['a', 'b', 'c', 'd'], 10).dataSync())).toEqual([9, 2, 2, 5]);
    expect(() => tf.string.stringToHashBucketFast(['a'], 0)).toThrow(/at least 1/);
  });

  test('staticRegexReplace replaces the first or every match', () => {
    expect(tf.string.staticRegexReplace(['aa  b'], 'a', 'c', false).dataSync<'string'>()).toEqual(['ca  b']);
    expect(tf.string.staticRegexReplace(['aa  b'], ' +', '-').dataSync<'string'>()).toEqual(['aa-b']);
  });
});
