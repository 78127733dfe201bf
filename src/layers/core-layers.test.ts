import { describe, expect, test } from 'vitest';
import { expectClose } from '../../test/helpers/grad-check.js';
import { setSeed } from '../core/random.js';
import { ones, tensor } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import {
  Dense,
  dense,
  dropout,
  flatten,
  gaussianNoise,
  input,
  permute,
  repeatVector,
  reshape,
  spatialDropout1d,
} from './index.js';

const t = (x: Tensor | Tensor[]): Tensor => x as Tensor;

describe('core layer values', () => {
  test('dense computes x·W + b with the given weights', () => {
    const d = dense({ units: 2, inputShape: [3], weights: [tensor([[1, 0], [0, 1], [1, 1]]), tensor([0.5, -0.5])] });
    const y = t(d.apply(tensor([[1, 2, 3]])));
    expectClose(y, tensor([[4.5, 4.5]]));
    expect(d.getConfig()).toMatchObject({ units: 2, useBias: true, activation: 'linear', batchInputShape: [null, 3] });
    expect(d.getConfig().kernelInitializer).toEqual({ className: 'GlorotUniform', config: { seed: null } });
  });

  test('dense inputDim is shorthand for inputShape', () => {
    expect(new Dense({ units: 1, inputDim: 7 }).batchInputShape).toEqual([null, 7]);
  });

  test('flatten and reshape and permute values', () => {
    const x = tensor([[[1, 2], [3, 4]]]);
    expect(t(flatten().apply(x)).arraySync()).toEqual([[1, 2, 3, 4]]);
    expect(t(permute({ dims: [2, 1] }).apply(x)).arraySync()).toEqual([[[1, 3], [2, 4]]]);
    expect(t(reshape({ targetShape: [4, 1] }).apply(x)).shape).toEqual([1, 4, 1]);
    expect(t(repeatVector({ n: 2 }).apply(tensor([[1, 2]]))).arraySync()).toEqual([[[1, 2], [1, 2]]]);
  });

  test('dropout zeroes about rate of the values in training and rescales the rest', () => {
    setSeed(3);
    const d = dropout({ rate: 0.25 });
    const y = t(d.apply(ones([100, 100]), { training: true }));
    const v = Array.from(y.values);
    const zeros = v.filter((a) => a === 0).length / v.length;
    expect(zeros).toBeGreaterThan(0.22);
    expect(zeros).toBeLessThan(0.28);
    expect(v.filter((a) => a !== 0).every((a) => Math.abs(a - 1 / 0.75) < 1e-6)).toBe(true);
    expect(t(d.apply(ones([2, 2]))).arraySync()).toEqual([[1, 1], [1, 1]]);
  });

  test('dropout masks differ per call but repeat under the same seed', () => {
    setSeed(5);
    const a1 = Array.from(t(dropout({ rate: 0.5 }).apply(ones([50]).reshape([1, 50]), { training: true })).values);
    setSeed(5);
    const d = dropout({ rate: 0.5 });
    const b1 = Array.from(t(d.apply(ones([1, 50]), { training: true })).values);
    const b2 = Array.from(t(d.apply(ones([1, 50]), { training: true })).values);
    expect(b1).toEqual(a1);
    expect(b2).not.toEqual(b1);
  });

  test('spatialDropout1d drops whole channels', () => {
    setSeed(1);
    const y = t(spatialDropout1d({ rate: 0.5 }).apply(ones([2, 6, 8]), { training: true }));
    const v = y.values;
    for (let b = 0; b < 2; b++) {
      for (let c = 0; c < 8; c++) {
        const col = Array.from({ length: 6 }, (_, s) => v[(b * 6 + s) * 8 + c]);
        expect(new Set(col).size).toBe(1);
      }
    }
  });

  test('gaussianNoise changes values only in training', () => {
    const g = gaussianNoise({ stddev: 1, seed: 2 });
    const y = t(g.apply(ones([1000]).reshape([10, 100]), { training: true }));
    const m = Array.from(y.values).reduce((a, b) => a + b, 0) / y.size;
    expect(Math.abs(m - 1)).toBeLessThan(0.15);
    expect(t(g.apply(ones([1, 3]))).arraySync()).toEqual([[1, 1, 1]]);
  });

  test('symbolic shapes through a chain', () => {
    const x = input({ shape: [28, 28] });
    const y = dense({ units: 10 }).apply(flatten().apply(x));
    expect((y as { shape: unknown }).shape).toEqual([null, 10]);
  });
});

describe('core layer errors', () => {
  test('bad configs name the layer and the fix', () => {
    expect(() => dense({ units: 0 })).toThrow(/Dense \(dense.*\): units must be a positive integer, received 0/);
    expect(() => reshape({ targetShape: [-1, -1] })).toThrow(/at most one -1/);
    expect(() => permute({ dims: [0, 1] })).toThrow(/permutation of 1\.\.n/);
    expect(() => dropout({ rate: 1 })).toThrow(/rate must be a number in \[0, 1\)/);
  });

  test('dense rejects an input whose last dimension changed', () => {
    const d = dense({ units: 2 });
    d.apply(ones([1, 3]));
    expect(() => d.apply(ones([1, 4]))).toThrow(/expected axis -1 of the input to have size 3, received shape \[1,4\]/);
  });

  test('reshape reports impossible targets', () => {
    expect(() => reshape({ targetShape: [5] }).apply(ones([2, 6]))).toThrow(/cannot reshape an input of shape \[2,6\]/);
  });
});
