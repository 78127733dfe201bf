import { describe, expect, it } from 'vitest';
import '../index.js';
import { identityModel } from '../../test/e2e/helpers.js';
import { Random } from '../core/random.js';
import { logSoftmax } from '../ops/activations.js';
import { add, mul, neg } from '../ops/arithmetic.js';
import { variableGrads } from '../ops/gradients.js';
import { matMul } from '../ops/matmul.js';
import { sum } from '../ops/reduction.js';
import { Tensor } from '../tensor/tensor.js';
import { LinearSoftmax } from '../serve/linear-softmax.js';
import { dpSgdFit } from './dp-sgd.js';
import { dpSgdEpsilon } from './rdp-accountant.js';

/** n examples of 4 features; class c has feature c set to 2 plus noise. */
function data(n: number, seed: number): { x: Tensor; y: Tensor } {
  const rng = new Random(seed);
  const x = new Float32Array(n * 4);
  const y = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    for (let j = 0; j < 4; j++) x[i * 4 + j] = (j === c ? 2 : 0) + 0.3 * rng.normal();
    y[i * 3 + c] = 1;
  }
  return { x: new Tensor(x, [n, 4], 'float32'), y: new Tensor(y, [n, 3], 'float32') };
}

describe('clipped per-example gradients (vectorised)', () => {
  it('equal the per-example backward passes, each clipped to the bound, summed', () => {
    const m = identityModel();
    const { x, y } = data(6, 3);
    for (const clip of [1e6, 0.3]) {
      const expectW = new Float64Array(12);
      const expectB = new Float64Array(3);
      for (let i = 0; i < 6; i++) {
        const xi = new Tensor(x.values.slice(i * 4, i * 4 + 4), [1, 4], 'float32');
        const yi = new Tensor(y.values.slice(i * 3, i * 3 + 3), [1, 3], 'float32');
        const { grads } = variableGrads(() => neg(sum(mul(yi, logSoftmax(add(matMul(xi, m.w), m.b))))), [m.w, m.b]);
        const gw = grads[m.w.name]?.values as Float32Array;
        const gb = grads[m.b.name]?.values as Float32Array;
        const norm = Math.sqrt([...gw, ...gb].reduce((a, v) => a + v * v, 0));
        const s = Math.min(1, clip / norm);
        gw.forEach((v, j) => (expectW[j] = (expectW[j] as number) + s * v));
        gb.forEach((v, j) => (expectB[j] = (expectB[j] as number) + s * v));
      }
      const r = m.clippedGradientSum(x, y, clip);
      r.sums[0]?.forEach((v, j) => expect(v).toBeCloseTo(expectW[j] as number, 5));
      r.sums[1]?.forEach((v, j) => expect(v).toBeCloseTo(expectB[j] as number, 5));
      expect(r.clipped).toBe(clip > 1e5 ? 0 : 6);
    }
  });
});

describe('dpSgdFit', () => {
  it('learns separable classes under noise and reports the accountant epsilon per epoch', async () => {
    const m = new LinearSoftmax({ inputShape: [4], classes: 3, seed: 2 });
    const train = data(600, 5);
    const { history, privacy } = await dpSgdFit(m, train.x, train.y, { epochs: 3, batchSize: 60, noiseMultiplier: 1.0, l2NormClip: 1, learningRate: 0.5, delta: 1e-5, seed: 9 });
    expect((await m.evaluate(data(300, 6).x, data(300, 6).y)).accuracy).toBeGreaterThan(0.9);
    expect(privacy).toMatchObject({ mechanism: 'DP-SGD', steps: 30, sampleRate: 0.1, noiseMultiplier: 1, delta: 1e-5, examples: 600 });
    expect(privacy.epsilon).toBeCloseTo(dpSgdEpsilon({ examples: 600, batchSize: 60, noiseMultiplier: 1, epochs: 3, delta: 1e-5 }).epsilon, 10);
    expect(history.epsilon).toHaveLength(3);
    expect(history.epsilon?.[0]).toBeLessThan(history.epsilon?.[2] as number);
    expect(history.clipped_fraction?.every((f) => f >= 0 && f <= 1)).toBe(true);
  });

  it('draws noise from the CSPRNG unless seeded: seeded runs repeat, unseeded runs differ', async () => {
    const train = data(60, 5);
    const run = async (seed?: number) => {
      const m = new LinearSoftmax({ inputShape: [4], classes: 3, seed: 2 });
      await dpSgdFit(m, train.x, train.y, { epochs: 1, batchSize: 20, noiseMultiplier: 1, l2NormClip: 1, learningRate: 0.5, delta: 1e-5, ...(seed === undefined ? {} : { seed }) });
      return Array.from(m.w.values as Float32Array);
    };
    expect(await run(4)).toEqual(await run(4));
    const [a, b] = [await run(), await run()];
    expect(a).not.toEqual(b);
    expect(a.every(Number.isFinite)).toBe(true);
  });

  it('rejects settings that would void the guarantee', async () => {
    const m = identityModel();
    const { x, y } = data(10, 1);
    await expect(dpSgdFit(m, x, y, { epochs: 1, batchSize: 20, noiseMultiplier: 1, l2NormClip: 1, learningRate: 0.1, delta: 1e-5 })).rejects.toThrow(/batchSize must be in \[1, 10\]/);
    await expect(dpSgdFit(m, x, y, { epochs: 1, batchSize: 5, noiseMultiplier: 1, l2NormClip: 0, learningRate: 0.1, delta: 1e-5 })).rejects.toThrow(/l2NormClip must be > 0/);
  });
});
