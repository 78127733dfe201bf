import { describe, expect, it } from 'vitest';
import '../index.js';
import { Random } from '../core/random.js';
import { softmax } from '../ops/activations.js';
import { add } from '../ops/arithmetic.js';
import { matMul } from '../ops/matmul.js';
import { tanh } from '../ops/index.js';
import { Tensor } from '../tensor/tensor.js';
import { integratedGradients, saliency, smoothGrad } from './gradients.js';
import { exactShapley, kernelShap } from './shap.js';

function randn(shape: number[], seed: number, scale = 1): Tensor {
  const rng = new Random(seed);
  const n = shape.reduce((a, d) => a * d, 1);
  return new Tensor(Float32Array.from({ length: n }, () => scale * rng.normal()), shape, 'float32');
}

/** A small differentiable MLP: softmax(tanh(x W1 + b1) W2 + b2), `features` inputs, 8 hidden units, 3 classes. */
function mlp(features = 6): (x: Tensor) => Tensor {
  const w1 = randn([features, 8], 1, 0.8);
  const b1 = randn([8], 2, 0.1);
  const w2 = randn([8, 3], 3, 0.8);
  const b2 = randn([3], 4, 0.1);
  return (x) => softmax(add(matMul(tanh(add(matMul(x, w1), b1)), w2), b2));
}

describe('gradient attributions', () => {
  const f = mlp();
  const x = randn([1, 6], 7, 1.5);

  it('integrated gradients satisfy completeness: attributions sum to f(x) - f(baseline) within 1 %', () => {
    for (const target of [0, 1, 2]) {
      const ig = integratedGradients(f, x, { target, steps: 128 });
      const total = Array.from(ig.attributions.values as Float32Array).reduce((a, v) => a + v, 0);
      const diff = ig.output - ig.baselineOutput;
      expect(Math.abs(diff)).toBeGreaterThan(1e-3);
      expect(Math.abs(total - diff)).toBeLessThan(0.01 * Math.abs(diff));
      expect(ig.completenessGap).toBeCloseTo(total - diff, 6);
      const fx = (f(x).values as Float32Array)[target] as number;
      expect(ig.output).toBeCloseTo(fx, 5);
    }
    // A non-zero baseline too.
    const baseline = randn([1, 6], 9, 0.5);
    const ig = integratedGradients(f, x, { target: 1, baseline });
    const total = Array.from(ig.attributions.values as Float32Array).reduce((a, v) => a + v, 0);
    expect(Math.abs(total - (ig.output - ig.baselineOutput))).toBeLessThan(0.01 * Math.abs(ig.output - ig.baselineOutput));
  });

  it('saliency is the input gradient (central differences) and SmoothGrad converges to it as noise vanishes', () => {
    const s = Array.from(saliency(f, x, { target: 2 }).values as Float32Array);
    const xv = Array.from(x.values as Float32Array);
    const h = 1e-2;
    xv.forEach((_, j) => {
      const up = xv.slice();
      const dn = xv.slice();
      up[j] = (up[j] as number) + h;
      dn[j] = (dn[j] as number) - h;
      const fd = (((f(new Tensor(Float32Array.from(up), [1, 6], 'float32')).values as Float32Array)[2] as number) - ((f(new Tensor(Float32Array.from(dn), [1, 6], 'float32')).values as Float32Array)[2] as number)) / (2 * h);
      expect(s[j]).toBeCloseTo(fd, 3);
    });
    const sg = Array.from(smoothGrad(f, x, { target: 2, noise: 1e-4, samples: 8 }).values as Float32Array);
    sg.forEach((v, j) => expect(v).toBeCloseTo(s[j] as number, 3));
    expect(() => saliency(f, randn([2, 6], 1))).toThrow(/explains one example: pass a batch of 1/);
    expect(() => saliency(f, x, { target: 5 })).toThrow(/target must be a class in \[0, 2\]/);
  });
});

describe('Shapley values', () => {
  const f = mlp();
  const background = Array.from({ length: 12 }, (_, i) => Array.from(randn([6], 20 + i).values as Float32Array));
  const row = Array.from(randn([6], 99, 1.5).values as Float32Array);

  it('KernelSHAP over every coalition equals exact Shapley values; both are efficient', () => {
    const exact = exactShapley(f, row, background, { target: 1 });
    expect(exact.baseValue + exact.values.reduce((a, v) => a + v, 0)).toBeCloseTo(exact.output, 6);
    const kernel = kernelShap(f, row, background, { target: 1, samples: 62 });
    kernel.values.forEach((v, i) => expect(v).toBeCloseTo(exact.values[i] as number, 5));
    expect(kernel.output).toBeCloseTo(exact.output, 6);
  });

  it('sampled KernelSHAP approaches the exact values (10 features: 1022 coalitions, 600 sampled)', () => {
    const f10 = mlp(10);
    const bg = Array.from({ length: 8 }, (_, i) => Array.from(randn([10], 40 + i).values as Float32Array));
    const r = Array.from(randn([10], 98, 1.5).values as Float32Array);
    const exact = exactShapley(f10, r, bg, { target: 0 });
    const sampled = kernelShap(f10, r, bg, { target: 0, samples: 600, seed: 3 });
    const scale = Math.max(...exact.values.map(Math.abs));
    sampled.values.forEach((v, i) => expect(Math.abs(v - (exact.values[i] as number)), `feature ${i}`).toBeLessThan(0.1 * scale));
    expect(sampled.values.reduce((a, v) => a + v, 0)).toBeCloseTo(exact.output - exact.baseValue, 5);
  });

  it('gives w_i (x_i - mean b_i) for a linear model, the closed form', () => {
    const w = [0.5, -1, 2];
    const lin = (x: Tensor) => matMul(x, new Tensor(Float32Array.from(w), [3, 1], 'float32'));
    const bg = [[0, 1, 2], [2, 1, 0], [1, 4, 1]];
    const xr = [3, 0, 1];
    const mean = [1, 2, 1];
    const exact = exactShapley(lin, xr, bg, { target: 0 });
    exact.values.forEach((v, i) => expect(v).toBeCloseTo((w[i] as number) * ((xr[i] as number) - (mean[i] as number)), 5));
    expect(() => exactShapley(lin, xr, [[1, 2]])).toThrow(/background row 0 holds 2 values, the example 3/);
  });
});
