import { expect, test } from 'vitest';
import * as tf from '../index.js';

const i32 = (v: number[]): tf.Tensor => tf.tensor(v, [v.length], 'int32');

test('raggedTensorToTensor: row splits and row ids describe the same ragged tensor', () => {
  // [[1, 2, 3], [], [4]] padded with 0 to [3, 4]; [4] written by hand.
  const dense = [[1, 2, 3, 0], [0, 0, 0, 0], [4, 0, 0, 0]];
  expect(tf.raggedTensorToTensor([3, 4], [1, 2, 3, 4], 0, [i32([0, 3, 3, 4])], ['ROW_SPLITS']).arraySync()).toEqual(dense);
  expect(tf.raggedTensorToTensor([3, 4], [1, 2, 3, 4], 0, [tf.scalar(3, 'int32'), i32([0, 0, 0, 2])], ['FIRST_DIM_SIZE', 'VALUE_ROWIDS']).arraySync()).toEqual(dense);
});

test('raggedTensorToTensor: two ragged levels, dense inner values, truncation to a smaller shape', () => {
  // [[[a], [b, c]], [[d]]] with a..d = rows of [4, 2]; output [2, 2, 1, 2] keeps only the first of each innermost row.
  const values = tf.tensor([1, 10, 2, 20, 3, 30, 4, 40], [4, 2]);
  const out = tf.raggedTensorToTensor([2, 2, 1, 2], values, tf.tensor([-1, -2]), [i32([0, 2, 3]), i32([0, 1, 3, 4])], ['ROW_SPLITS', 'ROW_SPLITS']);
  expect(out.arraySync()).toEqual([[[[1, 10]], [[2, 20]]], [[[4, 40]], [[-1, -2]]]]);
  expect(() => tf.raggedTensorToTensor([2, 2], values, 0, [i32([0, 2, 4])], ['ROW_SPLITS'])).toThrow(/are incompatible: the shape needs rank 3/);
  expect(() => tf.raggedTensorToTensor([2, 2], [1, 2], 0, [i32([1, 0])], ['VALUE_ROWIDS'])).toThrow(/must be FIRST_DIM_SIZE or ROW_SPLITS/);
});
