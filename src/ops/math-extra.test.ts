// The TF.js API additions (math-extra, rank aliases, tf.fused, random samplers, TensorBuffer, method forms) checked
// against @tensorflow/tfjs-core on its cpu backend, or against values worked out by hand.
import { describe, expect, test } from 'vitest';
import * as tfc from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '../index.js';
import { expectClose, randn } from '../../test/helpers/grad-check.js';

const ref = (t: tfc.Tensor): number[] => Array.from(t.dataSync());
const vals = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describe('element-wise additions match TF.js', () => {
  test('acosh, asinh, atanh, step (values, NaN outside the domain, dtypes)', () => {
    const x = [1, 1.5, 3, 0.5, -1];
    expectClose(tf.acosh(x), ref(tfc.acosh(x)));
    expectClose(tf.asinh(x), ref(tfc.asinh(x)));
    const y = [-0.9, 0, 0.5, 2];
    expectClose(tf.atanh(y), ref(tfc.atanh(y)));
    expectClose(tf.step([-2, 0, 3, NaN], 0.25), [0.25, 0.25, 1, NaN]);
    const ints = tf.tensor([-2, 0, 3], [3], 'int32');
    expect(tf.step(ints).dtype).toBe('int32');
    expect(tf.acosh(tf.tensor([1, 2], [2], 'int32')).dtype).toBe('float32');
  });

  test('logicalXor broadcasts; divNoNan is 0 where the divisor is 0', () => {
    const a = tf.tensor([[true], [false]]);
    const b = tf.tensor([true, false, true]);
    expect(vals(tf.logicalXor(a, b))).toEqual([0, 1, 0, 1, 0, 1]);
    expectClose(tf.divNoNan([1, 0, NaN, 6], [0, 0, 0, 3]), [0, 0, 0, 2]);
    expectClose(tf.tensor([4, 5]).divNoNan(tf.tensor([2, 0])), [2, 0]);
  });

  test('addN sums same-shape tensors and names the mismatch', () => {
    expectClose(tf.addN([tf.tensor([1, 2]), tf.tensor([3, 4]), [5, 6]]), [9, 12]);
    expect(() => tf.addN([])).toThrow(/at least one tensor/);
    expect(() => tf.addN([tf.zeros([2]), tf.zeros([3])])).toThrow(/same shape: tensors\[0\] is \[2\], tensors\[1\] is \[3\]/);
    expect(() => tf.addN([tf.zeros([2]), tf.zeros([2], 'int32')])).toThrow(/same dtype/);
  });

  test('clone copies and lets gradients through', () => {
    const x = tf.tensor([1, 2, 3]);
    const c = tf.clone(x);
    expect(c.values).not.toBe(x.values);
    expectClose(tf.grad((t: tf.Tensor) => tf.clone(t).square().sum())(x), [2, 4, 6]);
  });

  test('a value that is not tensor-like gets TF.js\'s message plus the fix', () => {
    // @ts-expect-error -- invalid on purpose: the run-time check and its message are under test
    expect(() => tf.abs({})).toThrow(/^Argument 'x' passed to 'abs' must be a Tensor or TensorLike, but got 'Object'\. Pass a Tensor/);
    // @ts-expect-error -- invalid on purpose: the run-time check and its message are under test
    expect(() => tf.tensor(null)).toThrow('The input to the tensor constructor must be a non-null value.');
  });
});

describe('rank aliases', () => {
  test('delegate to the general op and reject other ranks', () => {
    expect(vals(tf.concat1d([tf.tensor1d([1]), tf.tensor1d([2, 3])]))).toEqual([1, 2, 3]);
    expect(tf.concat2d([tf.ones([1, 2]), tf.zeros([1, 2])], 0).shape).toEqual([2, 2]);
    expect(vals(tf.slice1d(tf.tensor1d([1, 2, 3]), 1, 2))).toEqual([2, 3]);
    expect(vals(tf.reverse2d(tf.tensor2d([[1, 2], [3, 4]]), 1))).toEqual([2, 1, 4, 3]);
    expect(vals(tf.pad1d(tf.tensor1d([1, 2]), [1, 2], 9))).toEqual([9, 1, 2, 9, 9]);
    expect(() => tf.slice2d(tf.tensor1d([1, 2]), [0, 0], [1, 1])).toThrow(/slice2d expects a rank-2 tensor, but got a rank-1 tensor/);
    expect(() => tf.pad2d(tf.ones([2, 2]), [[1, 1]])).toThrow(/Invalid number of paddings for pad2d/);
    const x = randn([2, 3], { seed: 1, dtype: 'float32' });
    expectClose(tf.batchNorm2d(x, [0, 1, 2], [1, 2, 3], undefined, undefined, 0.1), ref(tfc.batchNorm2d(tfc.tensor(vals(x), [2, 3]), [0, 1, 2], [1, 2, 3], undefined, undefined, 0.1)));
  });
});

describe('tf.fused', () => {
  const a = randn([2, 3], { seed: 2, dtype: 'float32' });
  const b = randn([4, 3], { seed: 3, dtype: 'float32' });
  const bias = randn([4], { seed: 4, dtype: 'float32' });
  const tc = (t: tf.Tensor): tfc.Tensor => tfc.tensor(vals(t), t.shape);

  test('matMul with transposes and every activation equals TF.js', () => {
    for (const activation of ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const) {
      const alpha = tf.tensor([0.1, 0.2, 0.3, 0.4]);
      const got = tf.fused.matMul({ a, b, transposeB: true, bias, activation, preluActivationWeights: alpha, leakyreluAlpha: 0.3 });
      const want = tfc.fused.matMul({ a: tc(a), b: tc(b), transposeB: true, bias: tc(bias), activation, preluActivationWeights: tc(alpha), leakyreluAlpha: 0.3 });
      expectClose(got, ref(want), 1e-5);
    }
    // The kernel path (rank 2, no transposes, bias [n], relu) agrees with the composite one.
    const bt = tf.transpose(b);
    expectClose(tf.fused.matMul({ a, b: bt, bias, activation: 'relu' }), vals(tf.relu(tf.add(tf.matMul(a, bt), bias))), 1e-6);
    expect(() => tf.fused.matMul({ a, b: bt, activation: 'swish' as 'relu' })).toThrow(/unknown activation 'swish'/);
  });

  test('conv2d and depthwiseConv2d, NHWC and NCHW, equal TF.js', () => {
    const x = randn([1, 4, 4, 2], { seed: 5, dtype: 'float32' });
    const w = randn([2, 2, 2, 3], { seed: 6, dtype: 'float32' });
    const cb = randn([3], { seed: 7, dtype: 'float32' });
    const want = tfc.fused.conv2d({ x: tc(x) as tfc.Tensor4D, filter: tc(w) as tfc.Tensor4D, strides: 1, pad: 'same', bias: tc(cb), activation: 'elu' });
    expectClose(tf.fused.conv2d({ x, filter: w, strides: 1, pad: 'same', bias: cb, activation: 'elu' }), ref(want), 1e-5);
    const relu = tfc.fused.conv2d({ x: tc(x) as tfc.Tensor4D, filter: tc(w) as tfc.Tensor4D, strides: 1, pad: 'valid', bias: tc(cb), activation: 'relu' });
    const nchw = tf.fused.conv2d({ x: tf.transpose(x, [0, 3, 1, 2]), filter: w, strides: 1, pad: 'valid', dataFormat: 'NCHW', bias: cb, activation: 'relu' });
    expectClose(tf.transpose(nchw, [0, 2, 3, 1]), ref(relu), 1e-5);
    const dw = randn([2, 2, 2, 1], { seed: 8, dtype: 'float32' });
    const db = tf.tensor([0.5, -0.5]);
    const dwant = tfc.fused.depthwiseConv2d({ x: tc(x) as tfc.Tensor4D, filter: tc(dw) as tfc.Tensor4D, strides: 1, pad: 'same', bias: tc(db), activation: 'relu6' });
    expectClose(tf.fused.depthwiseConv2d({ x, filter: dw, strides: 1, pad: 'same', bias: db, activation: 'relu6' }), ref(dwant), 1e-5);
  });
});

describe('random samplers', () => {
  const mean = (t: tf.Tensor): number => vals(t).reduce((s, v) => s + v, 0) / t.size;

  test('seeded draws repeat; int32 draws are integers with an unbiased mean', () => {
    expect(vals(tf.randomStandardNormal([50], 'float32', 3))).toEqual(vals(tf.randomStandardNormal([50], 'float32', 3)));
    const ints = tf.randomNormal([20000], 5, 2, 'int32', 9);
    expect(vals(ints).every(Number.isInteger)).toBe(true);
    expect(Math.abs(mean(ints) - 5)).toBeLessThan(0.05);
    expect(tf.randomNormal([2], 0, 1, null).dtype).toBe('float32');
    const u = tf.randomUniformInt([5000], -3, 4, 1);
    expect(Math.min(...vals(u))).toBe(-3);
    expect(Math.max(...vals(u))).toBe(3);
  });

  test('randomGamma has mean alpha / beta and variance alpha / beta²', () => {
    for (const [alpha, beta] of [[0.5, 1], [2, 2], [9, 0.5]] as const) {
      const g = tf.randomGamma([40000], alpha, beta, 'float32', 17);
      const m = mean(g);
      const v = mean(tf.square(tf.sub(g, m)));
      expect(Math.abs(m - alpha / beta) / (alpha / beta)).toBeLessThan(0.03);
      expect(Math.abs(v - alpha / beta ** 2) / (alpha / beta ** 2)).toBeLessThan(0.06);
    }
  });

  test('multinomial follows the softmax of the logits (or the given probabilities)', () => {
    const s = tf.multinomial(tf.tensor2d([[0, Math.log(3)], [Math.log(4), 0]]), 20000, 5);
    expect(s.shape).toEqual([2, 20000]);
    const row = (i: number): number[] => vals(s).slice(i * 20000, (i + 1) * 20000);
    expect(Math.abs(row(0).filter((c) => c === 1).length / 20000 - 0.75)).toBeLessThan(0.015);
    expect(Math.abs(row(1).filter((c) => c === 0).length / 20000 - 0.8)).toBeLessThan(0.015);
    expect(vals(tf.multinomial(tf.tensor1d([0, 1, 0]), 10, 1, true))).toEqual(new Array(10).fill(1));
    expect(() => tf.multinomial(tf.tensor1d([1]), 3)).toThrow(/at least 2 outcomes/);
  });
});

describe('TensorBuffer and method forms', () => {
  test('buffer get/set/indexToLoc round-trip and toTensor copies', () => {
    const b = tf.buffer([2, 3], 'int32');
    b.set(7, 1, 2);
    expect(b.get(1, 2)).toBe(7);
    expect(b.indexToLoc(5)).toEqual([1, 2]);
    expect(b.locToIndex([1, 2])).toBe(5);
    const t = b.toTensor();
    b.set(1, 0, 0);
    expect(vals(t)).toEqual([0, 0, 0, 0, 0, 7]);
    expect(() => b.get(2, 0)).toThrow(/coordinate 0 is 2, expected an integer in \[0, 2\)/);
    expect(tf.tensor([1, 2]).bufferSync().values).toEqual(new Float32Array([1, 2]));
  });

  test('bytes, asND and op methods', async () => {
    expect(await tf.tensor([1.5], [1], 'float32').bytes()).toEqual(new Uint8Array(new Float32Array([1.5]).buffer));
    expect(tf.tensor([1, 2, 3, 4]).as2D(2, 2).shape).toEqual([2, 2]);
    expect(tf.tensor([[5]]).asScalar().shape).toEqual([]);
    expect(() => tf.tensor([1, 2]).asScalar()).toThrow(/exactly one element/);
    const x = randn([1, 4, 4, 1], { seed: 9, dtype: 'float32' });
    expectClose(x.maxPool(2, 2, 'valid'), vals(tf.maxPool(x, 2, 2, 'valid')));
    expect(tf.tensor([1, 2]).stack(tf.tensor([3, 4])).shape).toEqual([2, 2]);
    expect(tf.tensor([1, 2]).variable(false, 'v_method').trainable).toBe(false);
  });

  test('tf.util helpers and tf.Reduction', () => {
    expect(tf.util.sizeFromShape([2, 3, 4])).toBe(24);
    expect(tf.util.computeStrides([2, 3, 4])).toEqual([12, 4]);
    expect(tf.util.flatten([[1, [2]], [3]])).toEqual([1, 2, 3]);
    expect(tf.util.decodeString(tf.util.encodeString('héllo'))).toBe('héllo');
    expect(tf.Reduction.MEAN).toBe(tf.losses.Reduction.MEAN);
  });
});

test('stridedSlice with ellipsis and new axes equals TF.js', () => {
  const x = randn([2, 3, 4, 5], { seed: 30, dtype: 'float32' });
  const xc = tfc.tensor(vals(x), x.shape);
  const specs: [number[], number[], number[], number, number, number, number, number][] = [
    [[0, 1], [0, 3], [1, 1], 0, 0, 1, 0, 0],
    [[1, 0, 2], [2, 0, 4], [1, 1, 1], 0, 0, 2, 0, 0],
    [[0, 0, 1], [0, 0, 3], [1, 1, 1], 0, 0, 1, 2, 0],
  ];
  for (const [b, e, s, bm, em, el, na, sh] of specs) {
    const got = tf.stridedSlice(x, b, e, s, bm, em, el, na, sh);
    const want = tfc.stridedSlice(xc, b, e, s, bm, em, el, na, sh);
    expect(got.shape).toEqual(want.shape);
    expectClose(got, ref(want));
  }
  expect(x.stridedSlice([0, 4], [0, 5], [1, 1], 0, 0, 1).shape).toEqual([2, 3, 4, 1]);
});
