import '../index.js'; // registers the kernels
import { describe, expect, test } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { setSeed } from '../core/random.js';
import type { Tensor } from '../tensor/tensor.js';
import * as I from './index.js';

function stats(t: Tensor): { mean: number; std: number; maxAbs: number } {
  const v = Array.from(t.dataSync());
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const std = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length);
  return { mean, std, maxAbs: Math.max(...v.map(Math.abs)) };
}

describe('fans and constant initializers', () => {
  test('computeFans follows Keras for dense and conv kernels', () => {
    expect(I.computeFans([3, 4])).toEqual({ fanIn: 3, fanOut: 4 });
    expect(I.computeFans([3, 3, 16, 32])).toEqual({ fanIn: 144, fanOut: 288 });
    expect(I.computeFans([5, 8, 2])).toEqual({ fanIn: 40, fanOut: 10 });
    expect(I.computeFans([7])).toEqual({ fanIn: 7, fanOut: 7 });
    expect(I.computeFans([])).toEqual({ fanIn: 1, fanOut: 1 });
  });
  test('zeros, ones, constant', () => {
    expect(Array.from(I.zeros().apply([3]).dataSync())).toEqual([0, 0, 0]);
    expect(Array.from(I.ones().apply([2], 'int32').dataSync())).toEqual([1, 1]);
    expect(I.ones().apply([2], 'int32').dtype).toBe('int32');
    expect(Array.from(I.constant({ value: 0.5 }).apply([2]).dataSync())).toEqual([0.5, 0.5]);
  });
});

describe('random initializers: statistics', () => {
  test('glorotUniform stays inside sqrt(6 / (fanIn + fanOut)) with the uniform std', () => {
    const limit = Math.sqrt(6 / 300);
    const s = stats(I.glorotUniform({ seed: 1 }).apply([100, 200]));
    expect(s.maxAbs).toBeLessThanOrEqual(limit);
    expect(Math.abs(s.mean)).toBeLessThan(0.005);
    expect(s.std).toBeGreaterThan((limit / Math.sqrt(3)) * 0.97);
    expect(s.std).toBeLessThan((limit / Math.sqrt(3)) * 1.03);
  });
  test('heNormal: truncated normal corrected to std sqrt(2 / fanIn)', () => {
    const target = Math.sqrt(2 / 400);
    const s = stats(I.heNormal({ seed: 2 }).apply([400, 100]));
    expect(s.std).toBeGreaterThan(target * 0.97);
    expect(s.std).toBeLessThan(target * 1.03);
    expect(s.maxAbs).toBeLessThanOrEqual((2 * target) / 0.87962566103423978 + 1e-6);
  });
  test('varianceScaling modes and distributions (conv kernel fans)', () => {
    const fanOut = 3 * 3 * 32;
    const s = stats(new I.VarianceScaling({ scale: 3, mode: 'fan_out', distribution: 'untruncated_normal', seed: 3 }).apply([3, 3, 16, 32]));
    expect(s.std).toBeGreaterThan(Math.sqrt(3 / fanOut) * 0.96);
    expect(s.std).toBeLessThan(Math.sqrt(3 / fanOut) * 1.04);
    const lecun = stats(I.lecunUniform({ seed: 4 }).apply([50, 400]));
    expect(lecun.maxAbs).toBeLessThanOrEqual(Math.sqrt(3 / 50));
    expect(lecun.std).toBeGreaterThan(Math.sqrt(1 / 50) * 0.97);
    const he = stats(I.heUniform({ seed: 5 }).apply([50, 400]));
    expect(he.std).toBeGreaterThan(Math.sqrt(2 / 50) * 0.97);
    expect(he.std).toBeLessThan(Math.sqrt(2 / 50) * 1.03);
    const gn = stats(I.glorotNormal({ seed: 6 }).apply([200, 200]));
    expect(gn.std).toBeGreaterThan(Math.sqrt(1 / 200) * 0.97);
    expect(gn.std).toBeLessThan(Math.sqrt(1 / 200) * 1.03);
    expect(() => new I.VarianceScaling({ mode: 'fanAll' })).toThrow(/VarianceScaling: unknown mode 'fanAll'. Expected one of: fanIn, fanOut, fanAvg/);
    expect(() => new I.VarianceScaling({ scale: 0 })).toThrow(/scale must be > 0/);
  });
  test('randomNormal, randomUniform, truncatedNormal use Keras defaults', () => {
    const n = stats(I.randomNormal({ seed: 7 }).apply([100, 100]));
    expect(n.std).toBeGreaterThan(0.05 * 0.97);
    expect(n.std).toBeLessThan(0.05 * 1.03);
    const u = stats(I.randomUniform({ seed: 8 }).apply([100, 100]));
    expect(u.maxAbs).toBeLessThanOrEqual(0.05);
    const tn = stats(I.truncatedNormal({ mean: 1, stddev: 0.1, seed: 9 }).apply([1000]));
    expect(Math.abs(tn.mean - 1)).toBeLessThan(0.01);
    expect(() => I.randomUniform({ minval: 1, maxval: 0 })).toThrow(/maxval \(0\) must be >= minval \(1\)/);
  });
});

describe('determinism', () => {
  test('a seed fixes the values; unseeded initializers follow setSeed', () => {
    const a = I.glorotUniform({ seed: 11 }).apply([4, 4]).dataSync();
    const b = I.glorotUniform({ seed: 11 }).apply([4, 4]).dataSync();
    const c = I.glorotUniform({ seed: 12 }).apply([4, 4]).dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    setSeed(42);
    const d = I.heNormal().apply([3, 3]).dataSync();
    const e = I.orthogonal().apply([3, 3]).dataSync();
    setSeed(42);
    expect(Array.from(I.heNormal().apply([3, 3]).dataSync())).toEqual(Array.from(d));
    expect(Array.from(I.orthogonal().apply([3, 3]).dataSync())).toEqual(Array.from(e));
  });
});

describe('orthogonal and identity', () => {
  function gram(t: Tensor, byRows: boolean): number[][] {
    const [r, c] = t.shape as [number, number];
    const v = t.dataSync();
    const n = byRows ? r : c;
    const len = byRows ? c : r;
    const at = (i: number, k: number): number => (byRows ? (v[i * c + k] as number) : (v[k * c + i] as number));
    return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => {
      let s = 0;
      for (let k = 0; k < len; k++) s += at(i, k) * at(j, k);
      return s;
    }));
  }
  const expectIdentity = (g: number[][], scale: number): void =>
    g.forEach((row, i) => row.forEach((x, j) => expect(x).toBeCloseTo(i === j ? scale : 0, 5)));

  test('tall matrices have orthonormal columns, wide ones orthonormal rows, gain scales', () => {
    expectIdentity(gram(I.orthogonal({ seed: 1 }).apply([6, 4]), false), 1);
    expectIdentity(gram(I.orthogonal({ seed: 2 }).apply([3, 5]), true), 1);
    expectIdentity(gram(I.orthogonal({ gain: 2, seed: 3 }).apply([4, 4], 'float64'), false), 4);
    const conv = I.orthogonal({ seed: 4 }).apply([2, 2, 3, 4]);
    expect(conv.shape).toEqual([2, 2, 3, 4]);
    expectIdentity(gram(conv.reshape([12, 4]), false), 1);
    expect(() => I.orthogonal().apply([4])).toThrow(/Orthogonal: needs a shape of rank >= 2, received \[4\]/);
  });
  test('identity', () => {
    expect(I.identity({ gain: 2 }).apply([2, 3]).arraySync()).toEqual([[2, 0, 0], [0, 2, 0]]);
    expect(() => I.identity().apply([2, 2, 2])).toThrow(/Identity: needs a 2-D shape/);
  });
});

describe('getInitializer and serialization', () => {
  test('ids, class names, snake_case and defaults', () => {
    expect(I.getInitializer('glorot_uniform').className).toBe('GlorotUniform');
    expect(I.getInitializer('heNormal').className).toBe('HeNormal');
    expect(I.getInitializer('LecunNormal').className).toBe('LeCunNormal');
    expect(I.getInitializer(undefined).className).toBe('GlorotUniform');
    expect(I.getInitializer(undefined, 'zeros').className).toBe('Zeros');
    const init = I.glorotNormal({ seed: 1 });
    expect(I.getInitializer(init)).toBe(init);
    const vs = I.getInitializer({ className: 'VarianceScaling', config: { scale: 2, mode: 'fan_avg', distribution: 'uniform', seed: 5 } }) as I.VarianceScaling;
    expect([vs.scale, vs.mode, vs.distribution, vs.seed]).toEqual([2, 'fanAvg', 'uniform', 5]);
  });
  test('round trips reproduce the same values', () => {
    const all: I.Initializer[] = [
      I.zeros(), I.ones(), I.constant({ value: 3 }), I.randomNormal({ mean: 1, stddev: 2, seed: 1 }),
      I.randomUniform({ minval: -2, maxval: 2, seed: 2 }), I.truncatedNormal({ stddev: 0.3, seed: 3 }),
      I.varianceScaling({ scale: 2, mode: 'fanOut', distribution: 'normal', seed: 4 }), I.glorotUniform({ seed: 5 }),
      I.glorotNormal({ seed: 6 }), I.heNormal({ seed: 7 }), I.heUniform({ seed: 8 }), I.lecunNormal({ seed: 9 }),
      I.lecunUniform({ seed: 10 }), I.orthogonal({ gain: 1.5, seed: 11 }), I.identity({ gain: 0.5 }),
    ];
    for (const init of all) {
      const spec = JSON.parse(JSON.stringify(I.serializeInitializer(init))) as I.InitializerSpec;
      const back = I.getInitializer(spec);
      expect(back.className, init.className).toBe(init.className);
      expect(back.getConfig()).toEqual(init.getConfig());
      expect(Array.from(back.apply([3, 3]).dataSync()), init.className).toEqual(Array.from(init.apply([3, 3]).dataSync()));
    }
  });
  test('unknown ids list the valid ones', () => {
    expect(() => I.getInitializer('glorot')).toThrow(ConfigError);
    expect(() => I.getInitializer('glorot')).toThrow(/unknown initializer "glorot".*glorotUniform, glorotNormal/);
  });
});
