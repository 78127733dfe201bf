import { describe, expect, test } from 'vitest';
import * as tf from '../index.js';

describe('complex64', () => {
  const a = tf.complex([1, 2], [3, -4]);
  const b = tf.complex([5, -1], [0.5, 2]);

  test('data interleaves [re, im] and real/imag split the parts', () => {
    expect(a.dtype).toBe('complex64');
    expect(Array.from(a.dataSync())).toEqual([1, 3, 2, -4]);
    expect(Array.from(tf.real(a).dataSync())).toEqual([1, 2]);
    expect(Array.from(tf.imag(a).dataSync())).toEqual([3, -4]);
    expect(a.toString()).toBe('Tensor\n    [1 + 3j, 2 + -4j]');
  });

  test('add, sub and mul follow complex arithmetic (with broadcasting)', () => {
    expect(Array.from(tf.add(a, b).dataSync())).toEqual([6, 3.5, 1, -2]);
    expect(Array.from(tf.sub(a, b).dataSync())).toEqual([-4, 2.5, 3, -6]);
    // (1+3j)(5+0.5j) = 3.5+15.5j; (2-4j)(-1+2j) = 6+8j
    expect(Array.from(tf.mul(a, b).dataSync())).toEqual([3.5, 15.5, 6, 8]);
    expect(Array.from(tf.mul(a, tf.complex([2], [0])).dataSync())).toEqual([2, 6, 4, -8]);
  });

  test('abs is the modulus, without overflow', () => {
    expect(Array.from(tf.abs(tf.complex([3, 1e30], [4, 1e30])).dataSync())).toEqual([5, Math.fround(Math.SQRT2 * 1e30)]);
  });

  test('element-moving ops keep both parts; cast takes the real part', () => {
    const m = tf.complex([[1, 2], [3, 4]], [[5, 6], [7, 8]]);
    expect(Array.from(tf.transpose(m).dataSync())).toEqual([1, 5, 3, 7, 2, 6, 4, 8]);
    expect(Array.from(tf.concat([a, b]).dataSync())).toEqual([1, 3, 2, -4, 5, 0.5, -1, 2]);
    expect(Array.from(tf.slice(m, [1, 0], [1, 2]).dataSync())).toEqual([3, 7, 4, 8]);
    expect(Array.from(tf.cast(a, 'int32').dataSync())).toEqual([1, 2]);
  });

  test('ops without a complex form reject it by name', () => {
    expect(() => tf.exp(a)).toThrow(/Exp: input 'x' is a complex64 tensor/);
  });
});
