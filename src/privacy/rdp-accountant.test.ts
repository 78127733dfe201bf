import { describe, expect, it } from 'vitest';
import { DEFAULT_ORDERS, computeRdp, dpSgdEpsilon, epsilonFromRdp, logErfc, noiseForEpsilon } from './rdp-accountant.js';

// Published by TensorFlow Privacy, tutorials/README.md ("Expected Output" and "Select Parameters"): MNIST,
// N = 60000, batch 256, steps = epochs × 234, delta = 1e-5, orders 1.1..10.9 and 12..63, printed with '%.2f'
// by the 2018-2020 code (get_privacy_spent: eps = rdp - log(delta) / (order - 1), our 'classic' conversion).
const PUBLISHED: { noise: number; epochs: number; epsilon: number }[] = [
  { noise: 1.12, epochs: 60, epsilon: 2.92 },
  { noise: 1.12, epochs: 1, epsilon: 1.0 },
  { noise: 1.12, epochs: 2, epsilon: 1.04 },
  { noise: 0.6, epochs: 30, epsilon: 9.74 },
  { noise: 1.2, epochs: 10, epsilon: 1.2 },
];

describe('RDP accountant', () => {
  it("matches TF Privacy's published epsilons for the MNIST tutorial settings", () => {
    for (const p of PUBLISHED) {
      const r = dpSgdEpsilon({ examples: 60000, batchSize: 256, noiseMultiplier: p.noise, epochs: p.epochs, delta: 1e-5, conversion: 'classic' });
      expect(r.steps).toBe(p.epochs * 234);
      // Two-decimal figures: within half a unit of the last printed digit (9.7469 was printed 9.74).
      expect(Math.abs(r.epsilon - p.epsilon), `noise ${p.noise}, ${p.epochs} epochs: ${r.epsilon}`).toBeLessThan(0.0075);
    }
  });

  it('gives the improved conversion, which is never looser, and epsilon grows with steps and falls with noise', () => {
    const base = { examples: 60000, batchSize: 256, epochs: 60, delta: 1e-5 };
    const classic = dpSgdEpsilon({ ...base, noiseMultiplier: 1.1, conversion: 'classic' }).epsilon;
    const improved = dpSgdEpsilon({ ...base, noiseMultiplier: 1.1 }).epsilon;
    expect(classic).toBeCloseTo(3.01, 2);
    expect(improved).toBeLessThan(classic);
    expect(dpSgdEpsilon({ ...base, epochs: 30, noiseMultiplier: 1.1 }).epsilon).toBeLessThan(improved);
    expect(dpSgdEpsilon({ ...base, noiseMultiplier: 2 }).epsilon).toBeLessThan(improved);
  });

  it('agrees with the closed form of the unsampled Gaussian mechanism (q = 1): rdp = steps·α/(2σ²)', () => {
    expect(computeRdp(1, 2, 10, [2, 5.5])).toEqual([10 * 2 / 8, 10 * 5.5 / 8]);
    // Integer and fractional formulas meet: α = 3 vs α = 3 ± 1e-6.
    const [a, b, c] = computeRdp(0.01, 1.3, 1, [3 - 1e-6, 3, 3 + 1e-6]);
    expect(Math.abs((b as number) - (a as number)) / (b as number)).toBeLessThan(1e-3);
    expect(Math.abs((c as number) - (b as number)) / (b as number)).toBeLessThan(1e-3);
  });

  it('computes log erfc without underflow', () => {
    expect(logErfc(0)).toBeCloseTo(0, 6);
    expect(Math.exp(logErfc(1))).toBeCloseTo(0.157299207, 6);
    expect(Math.exp(logErfc(-1))).toBeCloseTo(1.842700793, 6);
    // erfc(30) ≈ 2.5646e-393: log is -904.3 (asymptotic e^{-x²}/(x√π)).
    expect(logErfc(30)).toBeCloseTo(-900 - Math.log(30 * Math.sqrt(Math.PI)) - Math.log1p(-1 / 1800), 2);
  });

  it('finds the noise for a target epsilon, and rejects bad settings', () => {
    const s = { examples: 60000, batchSize: 256, epochs: 60, delta: 1e-5, conversion: 'classic' as const };
    const sigma = noiseForEpsilon(s, 2.92);
    expect(sigma).toBeGreaterThan(1.1);
    expect(sigma).toBeLessThan(1.13);
    expect(dpSgdEpsilon({ ...s, noiseMultiplier: sigma }).epsilon).toBeLessThanOrEqual(2.92);
    expect(() => computeRdp(0, 1, 1)).toThrow(/sampling rate q must be in \(0, 1\]/);
    expect(() => epsilonFromRdp(DEFAULT_ORDERS, [1], 1e-5)).toThrow(/151 orders but 1 RDP values/);
    expect(() => noiseForEpsilon(s, 0)).toThrow(/target epsilon must be > 0/);
  });
});
