import { describe, expect, test } from 'vitest';
import * as tfc from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import * as tf from '../index.js';
import { expectClose, randn, runOn } from '../../test/helpers/grad-check.js';

await tfc.setBackend('cpu');
const toTfjs = (t: tf.Tensor): tfc.Tensor4D => tfc.tensor4d(Array.from(t.dataSync()), t.shape as [number, number, number, number], 'float32');
const ramp = tf.tensor(Array.from({ length: 16 }, (_, i) => i + 1), [1, 4, 4, 1]);

describe('maxPool and avgPool', () => {
  test.each(tf.listBackends())('hand-computed values: same padding puts the extra row/col at the bottom/right (%s)', (backend) => runOn(backend, () => {
    // 3x3 window, stride 2, 'same' on 4x4: out 2x2, total padding 1, all of it after.
    expect(tf.maxPool(ramp, 3, 2, 'same').reshape([2, 2]).arraySync()).toEqual([[11, 12], [15, 16]]);
    // avgPool divides by the in-bounds cells only: (3+4+7+8+11+12)/6 = 7.5.
    expect(tf.avgPool(ramp, 3, 2, 'same').reshape([2, 2]).arraySync()).toEqual([[6, 7.5], [12, 13.5]]);
    expect(tf.maxPool(ramp, 2, 2, 'valid').reshape([2, 2]).arraySync()).toEqual([[6, 8], [14, 16]]);
    expect(tf.avgPool(ramp, [1, 2], [1, 2], 'valid').reshape([4, 2]).arraySync()).toEqual([[1.5, 3.5], [5.5, 7.5], [9.5, 11.5], [13.5, 15.5]]);
    // Numeric padding: padded cells never win a max and are not counted in the average.
    expect(tf.maxPool(tf.fill([1, 2, 2, 1], -5), 2, 1, 1).reshape([3, 3]).arraySync()).toEqual([[-5, -5, -5], [-5, -5, -5], [-5, -5, -5]]);
    expect(tf.avgPool(tf.fill([1, 2, 2, 1], 3), 2, 1, 1).reshape([3, 3]).arraySync()).toEqual([[3, 3, 3], [3, 3, 3], [3, 3, 3]]);
  }));

  const configs: Array<{ label: string; shape: number[]; f: number | [number, number]; s: number | [number, number]; pad: 'same' | 'valid' | number; round?: 'floor' | 'ceil' | 'round' }> = [
    { label: 'same 3x3 stride 2, odd sizes', shape: [2, 7, 5, 3], f: 3, s: 2, pad: 'same' },
    { label: 'same even 2x2 stride 1', shape: [1, 5, 6, 2], f: 2, s: 1, pad: 'same' },
    { label: 'valid [3,2] stride [2,1]', shape: [2, 7, 6, 1], f: [3, 2], s: [2, 1], pad: 'valid' },
    { label: 'numeric pad 1 with ceil rounding', shape: [1, 6, 6, 2], f: 3, s: 2, pad: 1, round: 'ceil' },
  ];
  const backends = tf.listBackends();
  for (const c of configs) {
    test.each(backends)(`forward and gradient match TF.js: ${c.label} (%s)`, (backend) => runOn(backend, () => {
      const x = randn(c.shape, { seed: 1, dtype: 'float32' });
      for (const [ours, ref] of [[tf.maxPool, tfc.maxPool], [tf.avgPool, tfc.avgPool]] as const) {
        const y = ours(x, c.f, c.s, c.pad, c.round);
        const r = ref(toTfjs(x), c.f, c.s, c.pad, c.round);
        expect(y.shape).toEqual(r.shape);
        expectClose(y.dataSync(), r.dataSync(), 1e-5);
        // TF.js's AvgPoolGrad divides by the full window even where the forward pass counted only in-bounds cells,
        // so its avgPool gradient is not the gradient of its forward pass under padding; TF (Python) and we agree
        // with the forward (checked by finite differences in test/grad-cases). Compare avgPool gradients only unpadded.
        if (ours === tf.avgPool && c.pad !== 'valid') continue;
        // TF.js's MaxPoolGrad also drops windows that overhang past the padding (ceil rounding); our gradient for that
        // case is checked against finite differences in test/grad-cases/shape-nn.ts instead.
        if (c.round === 'ceil') continue;
        const g = tf.grad((a) => ours(a, c.f, c.s, c.pad, c.round).square().sum())(x);
        const gr = tfc.grad((a: tfc.Tensor) => tfc.sum(tfc.square(ref(a as tfc.Tensor4D, c.f, c.s, c.pad, c.round))))(toTfjs(x));
        expectClose(g.dataSync(), gr.dataSync(), 1e-4);
      }
    }));
  }

  test('unbatched input, int input to avgPool becomes float, float64 is kept', () => {
    expect(tf.maxPool(tf.tensor([1, 5, 3, 2], [2, 2, 1]), 2, 1, 'valid').arraySync()).toEqual([[[5]]]);
    const avg = tf.avgPool(tf.tensor([1, 2, 3, 4], [1, 2, 2, 1], 'int32'), 2, 1, 'valid');
    expect(avg.dtype).toBe('float32');
    expect(avg.dataSync()[0]).toBe(2.5);
    expect(tf.maxPool(tf.tensor([1, 2, 3, 4], [1, 2, 2, 1], 'int32'), 2, 1, 'valid').dtype).toBe('int32');
    expect(tf.avgPool(randn([1, 3, 3, 1], { seed: 2 }), 2, 1, 'same').dtype).toBe('float64');
  });

  test.each(tf.listBackends())('maxPoolGrad sends each gradient to the first maximum of a tie (%s)', (backend) => runOn(backend, () => {
    const g = tf.grad((a) => tf.maxPool(a, 2, 2, 'valid').sum())(tf.ones([1, 2, 2, 1]));
    expect(Array.from(g.dataSync())).toEqual([1, 0, 0, 0]);
  }));

  test('1-D helpers', () => {
    expect(tf.maxPool1d(tf.tensor([1, 3, 2, 5, 4], [1, 5, 1]), 2, 2, 'valid').arraySync()).toEqual([[[3], [5]]]);
    expect(tf.avgPool1d(tf.tensor([1, 3, 2, 5, 4], [5, 1]), 2, 2, 'same').arraySync()).toEqual([[2], [3.5], [4]]);
  });

  test('errors', () => {
    expect(() => tf.maxPool(tf.zeros([4, 4]), 2, 2, 'valid')).toThrow(/maxPool: x must be rank 4 .* received shape \[4,4\]/);
    expect(() => tf.avgPool(ramp, 2, 2, 'same', 'ceil')).toThrow(/avgPool: dimRoundingMode 'ceil' requires a numeric pad/);
    expect(() => tf.maxPool1d(tf.zeros([2]), 2, 2, 'valid')).toThrow(/maxPool1d: x must be rank 3/);
  });
});
