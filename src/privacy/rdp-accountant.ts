// Rényi-DP accountant for the sampled Gaussian mechanism (DP-SGD with Poisson sampling at rate q and noise
// multiplier σ). Formulas: Mironov, Talwar, Zhang, "Rényi Differential Privacy of the Sampled Gaussian Mechanism"
// (2019), §3.3 (integer orders: binomial expansion; fractional orders: the two-sided erfc series). Conversion to
// (ε, δ): Mironov 2017 Prop. 3 ('classic') or Canonne, Kamath, Steinke 2020 / Balle et al. 2020 ('improved').
import { ValueError } from '../core/errors.js';

/** The orders TF Privacy's tutorials and Opacus search over: 1.1 … 10.9 in steps of 0.1, then 12 … 63. */
export const DEFAULT_ORDERS: readonly number[] = [...Array.from({ length: 99 }, (_, i) => 1 + (i + 1) / 10), ...Array.from({ length: 52 }, (_, i) => 12 + i)];

/** log(e^a + e^b) without overflow. */
function logAdd(a: number, b: number): number {
  const hi = Math.max(a, b);
  const lo = Math.min(a, b);
  if (lo === -Infinity) return hi;
  return hi + Math.log1p(Math.exp(lo - hi));
}

/** log(e^a − e^b) for a ≥ b. */
function logSub(a: number, b: number): number {
  if (b === -Infinity) return a;
  if (a <= b) return -Infinity;
  return a + Math.log1p(-Math.exp(b - a));
}

/**
 * log(erfc(x)) for any real x, never underflowing: the Chebyshev fit of erfc from Numerical Recipes (erfcc) taken in
 * log form. Relative error ~1e-7 for |x| < 5 and ~1e-3 by x = 30, where the accountant's terms are already below e^−30.
 */
export function logErfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const logPos = Math.log(t) + poly;
  return x >= 0 ? logPos : Math.log(2 - Math.exp(logPos));
}

/** log A_α for integer α: log Σ_k C(α,k) (1−q)^(α−k) q^k exp((k²−k)/(2σ²)). */
function logAInt(q: number, sigma: number, alpha: number): number {
  let logA = -Infinity;
  let logBinom = 0; // log C(α, 0)
  for (let k = 0; k <= alpha; k++) {
    if (k > 0) logBinom += Math.log((alpha - k + 1) / k);
    const term = logBinom + k * Math.log(q) + (alpha - k) * Math.log1p(-q) + (k * k - k) / (2 * sigma * sigma);
    logA = logAdd(logA, term);
  }
  return logA;
}

/** log A_α for fractional α: the series of §3.3, summed until both tails fall below e^−30. */
function logAFrac(q: number, sigma: number, alpha: number): number {
  let logA0 = -Infinity;
  let logA1 = -Infinity;
  const z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
  let logCoef = 0; // log |C(α, i)|
  let sign = 1;
  for (let i = 0; ; i++) {
    if (i > 0) {
      const f = (alpha - i + 1) / i;
      if (f < 0) sign = -sign;
      logCoef += Math.log(Math.abs(f));
    }
    const j = alpha - i;
    const logT0 = logCoef + i * Math.log(q) + j * Math.log1p(-q);
    const logT1 = logCoef + j * Math.log(q) + i * Math.log1p(-q);
    const logE0 = Math.log(0.5) + logErfc((i - z0) / (Math.SQRT2 * sigma));
    const logE1 = Math.log(0.5) + logErfc((z0 - j) / (Math.SQRT2 * sigma));
    const logS0 = logT0 + (i * i - i) / (2 * sigma * sigma) + logE0;
    const logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
    if (sign > 0) {
      logA0 = logAdd(logA0, logS0);
      logA1 = logAdd(logA1, logS1);
    } else {
      logA0 = logSub(logA0, logS0);
      logA1 = logSub(logA1, logS1);
    }
    if (Math.max(logS0, logS1) < -30 || i > 10_000) break;
  }
  return logAdd(logA0, logA1);
}

/**
 * RDP ε(α) of `steps` compositions of the sampled Gaussian mechanism, one value per order.
 * @example computeRdp(256 / 60000, 1.1, 14040, [2, 8, 32]);
 */
export function computeRdp(q: number, noiseMultiplier: number, steps: number, orders: readonly number[] = DEFAULT_ORDERS): number[] {
  if (!(q > 0 && q <= 1)) throw new ValueError(`computeRdp: the sampling rate q must be in (0, 1], received ${q}.`);
  if (!(noiseMultiplier >= 0)) throw new ValueError(`computeRdp: the noise multiplier must be >= 0, received ${noiseMultiplier}.`);
  if (!(steps >= 0)) throw new ValueError(`computeRdp: steps must be >= 0, received ${steps}.`);
  return orders.map((alpha) => {
    if (!(alpha > 1)) throw new ValueError(`computeRdp: orders must be > 1, received ${alpha}.`);
    if (noiseMultiplier === 0) return Infinity;
    if (q === 1) return (steps * alpha) / (2 * noiseMultiplier * noiseMultiplier);
    const logA = Number.isInteger(alpha) ? logAInt(q, noiseMultiplier, alpha) : logAFrac(q, noiseMultiplier, alpha);
    return (steps * logA) / (alpha - 1);
  });
}

/** How RDP turns into (ε, δ). */
export type RdpConversion = 'classic' | 'improved';

/**
 * The smallest ε over the orders for the given δ, and the order that gives it. 'classic' is ε = r − log δ/(α−1)
 * (what TF Privacy's 2018–2020 tutorials printed); 'improved' is ε = r + log1p(−1/α) − log(δα)/(α−1), always at
 * least as tight (what dp_accounting and Opacus use today).
 * @example epsilonFromRdp(DEFAULT_ORDERS, rdp, 1e-5).epsilon;
 */
export function epsilonFromRdp(orders: readonly number[], rdp: readonly number[], delta: number, conversion: RdpConversion = 'improved'): { epsilon: number; order: number } {
  if (!(delta > 0 && delta < 1)) throw new ValueError(`epsilonFromRdp: delta must be in (0, 1), received ${delta}.`);
  if (orders.length !== rdp.length) throw new ValueError(`epsilonFromRdp: ${orders.length} orders but ${rdp.length} RDP values.`);
  let best = { epsilon: Infinity, order: NaN };
  orders.forEach((a, i) => {
    const r = rdp[i] as number;
    let eps: number;
    if (conversion === 'classic') eps = r - Math.log(delta) / (a - 1);
    else if (delta * delta + Math.expm1(-r) >= 0) eps = 0;
    else eps = a > 1.01 ? r + Math.log1p(-1 / a) - Math.log(delta * a) / (a - 1) : Infinity;
    if (eps < best.epsilon) best = { epsilon: Math.max(0, eps), order: a };
  });
  return best;
}

/** A DP-SGD run to account for. */
export interface DpSgdSetting {
  /** Training examples. */
  examples: number;
  batchSize: number;
  noiseMultiplier: number;
  /** Epochs; steps are epochs × floor(examples / batchSize), as in TF Privacy's tutorials, unless `steps` is given. */
  epochs: number;
  steps?: number;
  delta: number;
  conversion?: RdpConversion;
  orders?: readonly number[];
}

/**
 * (ε, δ) of DP-SGD with Poisson sampling rate batchSize/examples.
 * @example dpSgdEpsilon({ examples: 60000, batchSize: 256, noiseMultiplier: 1.12, epochs: 60, delta: 1e-5 });
 */
export function dpSgdEpsilon(s: DpSgdSetting): { epsilon: number; delta: number; order: number; steps: number; q: number } {
  const q = s.batchSize / s.examples;
  const steps = s.steps ?? s.epochs * Math.floor(s.examples / s.batchSize);
  const orders = s.orders ?? DEFAULT_ORDERS;
  const { epsilon, order } = epsilonFromRdp(orders, computeRdp(Math.min(1, q), s.noiseMultiplier, steps, orders), s.delta, s.conversion);
  return { epsilon, delta: s.delta, order, steps, q };
}

/**
 * The smallest noise multiplier whose ε stays within `targetEpsilon` (bisection to 0.1 %), for `--dp-epsilon`.
 * @example noiseForEpsilon({ examples: 60000, batchSize: 256, epochs: 60, delta: 1e-5 }, 3);
 */
export function noiseForEpsilon(s: Omit<DpSgdSetting, 'noiseMultiplier'>, targetEpsilon: number): number {
  if (!(targetEpsilon > 0)) throw new ValueError(`noiseForEpsilon: the target epsilon must be > 0, received ${targetEpsilon}.`);
  const eps = (sigma: number) => dpSgdEpsilon({ ...s, noiseMultiplier: sigma }).epsilon;
  let lo = 0.1;
  let hi = 1;
  while (eps(hi) > targetEpsilon) {
    hi *= 2;
    if (hi > 1e4) throw new ValueError(`noiseForEpsilon: no noise multiplier up to 1e4 reaches epsilon ${targetEpsilon}; raise it or train on fewer steps.`);
  }
  if (eps(lo) <= targetEpsilon) return lo;
  while ((hi - lo) / hi > 1e-3) {
    const mid = (lo + hi) / 2;
    if (eps(mid) > targetEpsilon) lo = mid;
    else hi = mid;
  }
  return hi;
}
