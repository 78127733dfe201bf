// DP-SGD (Abadi et al. 2016) as Opacus and TF Privacy run it: Poisson-sampled lots, per-example gradients clipped
// to L2 norm C, Gaussian noise N(0, σ²C²) on their sum, divided by the expected lot size, then an SGD step. The RDP
// accountant (rdp-accountant.ts) turns (q, σ, steps) into (ε, δ).
import { randomBytes } from 'node:crypto';
import { Random, UniformSource } from '../core/random.js';
import { ValueError } from '../core/errors.js';
import { Tensor } from '../tensor/tensor.js';
import { dpSgdEpsilon } from './rdp-accountant.js';

/** A model that can produce the sum of its clipped per-example gradients without a backward pass per example. */
export interface PrivateTrainable {
  /**
   * Sum over the batch of each example's loss gradient scaled to L2 norm at most `clip` (over all parameters
   * together), one array per parameter; how many examples were clipped; and the summed loss.
   */
  clippedGradientSum(x: Tensor, y: Tensor, clip: number): { sums: Float32Array[]; clipped: number; lossSum: number };
  /** Subtracts `lr × update[k]` from parameter k. */
  applyUpdate(update: Float32Array[], lr: number): void;
}

/** Draws from crypto.randomBytes in 64 KiB blocks (53-bit uniforms, Box-Muller normals). */
class SecureRandom extends UniformSource {
  private buf = Buffer.alloc(0);
  private off = 0;

  next(): number {
    if (this.off + 8 > this.buf.length) {
      this.buf = randomBytes(65536);
      this.off = 0;
    }
    const hi = this.buf.readUInt32LE(this.off) >>> 5;
    const lo = this.buf.readUInt32LE(this.off + 4) >>> 6;
    this.off += 8;
    return (hi * 67108864 + lo) / 9007199254740992;
  }
}

/** True when `m` implements `PrivateTrainable`. */
export function isPrivateTrainable(m: unknown): m is PrivateTrainable {
  const p = m as Partial<PrivateTrainable>;
  return typeof p.clippedGradientSum === 'function' && typeof p.applyUpdate === 'function';
}

/** Options of `dpSgdFit`. */
export interface DpSgdOptions {
  epochs: number;
  /** Expected lot size L; each example joins a step's lot with probability q = L / N. */
  batchSize: number;
  noiseMultiplier: number;
  /** Per-example gradient norm bound C. */
  l2NormClip: number;
  learningRate: number;
  delta: number;
  /**
   * Seeds lot sampling and noise for a reproducible run (tests, experiments). Without it both come from the
   * operating system's CSPRNG, as Opacus' secure_mode does: a seeded generator's noise could be predicted and
   * subtracted by whoever learns the seed.
   */
  seed?: number;
  onEpochEnd?: (epoch: number, logs: Record<string, number>) => void | Promise<void>;
}

/** The privacy guarantee of a DP-SGD run, for the history and the model card. */
export interface PrivacyReport {
  mechanism: 'DP-SGD';
  accountant: 'RDP';
  epsilon: number;
  delta: number;
  noiseMultiplier: number;
  l2NormClip: number;
  sampleRate: number;
  steps: number;
  examples: number;
}

function rowsOf(t: Tensor, idx: readonly number[]): Tensor {
  const n = t.shape[0] ?? 0;
  const row = n === 0 ? 0 : t.size / n;
  const out = new (t.values.constructor as Float32ArrayConstructor)(idx.length * row);
  idx.forEach((r, i) => out.set(t.values.subarray(r * row, (r + 1) * row) as Float32Array, i * row));
  return new Tensor(out, [idx.length, ...t.shape.slice(1)], t.dtype);
}

/**
 * Trains `model` with DP-SGD and returns the per-epoch history (loss, epsilon so far, fraction of clipped
 * examples) and the final privacy report.
 * @example const { privacy } = await dpSgdFit(model, x, y, { epochs: 2, batchSize: 64, noiseMultiplier: 1.1, l2NormClip: 1, learningRate: 0.5, delta: 1e-5 });
 */
export async function dpSgdFit(model: PrivateTrainable, x: Tensor, y: Tensor, o: DpSgdOptions): Promise<{ history: Record<string, number[]>; privacy: PrivacyReport }> {
  const n = x.shape[0] ?? 0;
  if (n === 0) throw new ValueError('dpSgdFit: no training examples.');
  if (!(o.l2NormClip > 0)) throw new ValueError(`dpSgdFit: l2NormClip must be > 0, received ${o.l2NormClip}.`);
  if (!(o.batchSize >= 1 && o.batchSize <= n)) throw new ValueError(`dpSgdFit: batchSize must be in [1, ${n}] (the examples), received ${o.batchSize}.`);
  const q = o.batchSize / n;
  const stepsPerEpoch = Math.max(1, Math.floor(n / o.batchSize));
  const rng: UniformSource = o.seed === undefined ? new SecureRandom() : new Random(o.seed);
  const history: Record<string, number[]> = { loss: [], epsilon: [], clipped_fraction: [] };
  let steps = 0;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    let lossSum = 0;
    let seen = 0;
    let clippedCount = 0;
    for (let s = 0; s < stepsPerEpoch; s++) {
      // Poisson sampling: what the accountant assumes (a shuffled fixed-size batch would need another analysis).
      const lot: number[] = [];
      for (let i = 0; i < n; i++) if (rng.next() < q) lot.push(i);
      let update: Float32Array[];
      if (lot.length > 0) {
        const r = model.clippedGradientSum(rowsOf(x, lot), rowsOf(y, lot), o.l2NormClip);
        update = r.sums;
        lossSum += r.lossSum;
        clippedCount += r.clipped;
        seen += lot.length;
      } else {
        update = model.clippedGradientSum(rowsOf(x, [0]), rowsOf(y, [0]), o.l2NormClip).sums.map((a) => new Float32Array(a.length));
      }
      // Noise even on an empty lot: skipping it would reveal that the lot was empty.
      const sd = o.noiseMultiplier * o.l2NormClip;
      for (const u of update) for (let j = 0; j < u.length; j++) u[j] = ((u[j] as number) + sd * rng.normal()) / o.batchSize;
      model.applyUpdate(update, o.learningRate);
      steps++;
    }
    const eps = dpSgdEpsilon({ examples: n, batchSize: o.batchSize, noiseMultiplier: o.noiseMultiplier, epochs: 0, steps, delta: o.delta }).epsilon;
    const logs = { loss: lossSum / Math.max(seen, 1), epsilon: eps, clipped_fraction: clippedCount / Math.max(seen, 1) };
    for (const [k, v] of Object.entries(logs)) history[k]?.push(v);
    await o.onEpochEnd?.(epoch, logs);
  }
  const { epsilon } = dpSgdEpsilon({ examples: n, batchSize: o.batchSize, noiseMultiplier: o.noiseMultiplier, epochs: 0, steps, delta: o.delta });
  return {
    history,
    privacy: { mechanism: 'DP-SGD', accountant: 'RDP', epsilon, delta: o.delta, noiseMultiplier: o.noiseMultiplier, l2NormClip: o.l2NormClip, sampleRate: q, steps, examples: n },
  };
}
