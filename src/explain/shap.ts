// Shapley values for tabular models with the interventional value function v(S) = E_b[f(x_S, b_rest)] over a
// background set. `exactShapley` enumerates every coalition; `kernelShap` is Lundberg & Lee's KernelSHAP (2017):
// weighted least squares over coalitions with the Shapley kernel π(s) = (M−1) / (C(M,s)·s·(M−s)), constrained so
// the values sum to f(x) − E_b[f(b)]. With every coalition enumerated it reproduces the exact values.
import { Random } from '../core/random.js';
import { ValueError } from '../core/errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { ModelFn } from './gradients.js';

/** Options shared by the Shapley explainers. */
export interface ShapOptions {
  /** Class whose score is explained (default: the predicted one). */
  target?: number;
}

/** Shapley values of one example: one per feature, plus the base value E_b[f(b)] they start from. */
export interface ShapValues {
  values: number[];
  baseValue: number;
  /** f(x) for the target: baseValue + Σ values. */
  output: number;
  target: number;
}

function checkInputs(x: readonly number[], background: readonly (readonly number[])[], where: string): number {
  const m = x.length;
  if (m === 0) throw new ValueError(`${where}: the example has no features.`);
  if (background.length === 0) throw new ValueError(`${where}: pass at least one background row (e.g. a sample of the training data).`);
  background.forEach((b, i) => {
    if (b.length !== m) throw new ValueError(`${where}: background row ${i} holds ${b.length} values, the example ${m}.`);
  });
  return m;
}

/** v(S) for each coalition mask (1 = feature taken from x), evaluated in one batch over all masks × background. */
function coalitionValues(f: ModelFn, x: readonly number[], background: readonly (readonly number[])[], masks: readonly Uint8Array[], target: number | undefined): { v: Float64Array; target: number } {
  const m = x.length;
  const nb = background.length;
  const rows = new Float32Array(masks.length * nb * m);
  masks.forEach((mask, k) => {
    background.forEach((b, j) => {
      const off = (k * nb + j) * m;
      for (let i = 0; i < m; i++) rows[off + i] = mask[i] ? (x[i] as number) : (b[i] as number);
    });
  });
  const y = f(new Tensor(rows, [masks.length * nb, m], 'float32'));
  const classes = y.shape[1] ?? 1;
  const yv = y.values as Float32Array;
  let t = target;
  if (t === undefined) {
    const full = masks.findIndex((mk) => mk.every((z) => z === 1));
    const row = Array.from({ length: classes }, (_, c) => (yv[(full * nb) * classes + c] as number));
    t = row.indexOf(Math.max(...row));
  }
  if (t < 0 || t >= classes) throw new ValueError(`shap: target must be a class in [0, ${classes - 1}], received ${t}.`);
  const v = new Float64Array(masks.length);
  for (let k = 0; k < masks.length; k++) {
    let s = 0;
    for (let j = 0; j < nb; j++) s += yv[(k * nb + j) * classes + t] as number;
    v[k] = s / nb;
  }
  return { v, target: t };
}

function maskOf(bits: number, m: number): Uint8Array {
  return Uint8Array.from({ length: m }, (_, i) => (bits >> i) & 1);
}

function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}

/**
 * Exact Shapley values by enumerating all 2^M coalitions (M ≤ 16).
 * @example exactShapley(f, [1, 2, 3], background).values;
 */
export function exactShapley(f: ModelFn, x: readonly number[], background: readonly (readonly number[])[], options: ShapOptions = {}): ShapValues {
  const m = checkInputs(x, background, 'exactShapley');
  if (m > 16) throw new ValueError(`exactShapley: ${m} features need 2^${m} coalitions; use kernelShap beyond 16.`);
  const masks = Array.from({ length: 1 << m }, (_, bits) => maskOf(bits, m));
  const { v, target } = coalitionValues(f, x, background, masks, options.target);
  const weight = Array.from({ length: m }, (_, s) => Math.exp(logFactorial(s) + logFactorial(m - s - 1) - logFactorial(m)));
  const values = new Array<number>(m).fill(0);
  for (let bits = 0; bits < 1 << m; bits++) {
    let size = 0;
    for (let i = 0; i < m; i++) size += (bits >> i) & 1;
    for (let i = 0; i < m; i++) {
      if ((bits >> i) & 1) continue;
      values[i] = (values[i] as number) + (weight[size] as number) * ((v[bits | (1 << i)] as number) - (v[bits] as number));
    }
  }
  return { values, baseValue: v[0] as number, output: v[(1 << m) - 1] as number, target };
}

/** Solves the symmetric system A z = b (Gaussian elimination with partial pivoting, float64). */
function solve(a: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs((a[r] as Float64Array)[c] as number) > Math.abs((a[p] as Float64Array)[c] as number)) p = r;
    [a[c], a[p]] = [a[p] as Float64Array, a[c] as Float64Array];
    [b[c], b[p]] = [b[p] as number, b[c] as number];
    const pivot = (a[c] as Float64Array)[c] as number;
    if (Math.abs(pivot) < 1e-12) throw new ValueError('kernelShap: the coalition sample is degenerate; raise samples.');
    for (let r = c + 1; r < n; r++) {
      const k = ((a[r] as Float64Array)[c] as number) / pivot;
      for (let j = c; j < n; j++) (a[r] as Float64Array)[j] = ((a[r] as Float64Array)[j] as number) - k * ((a[c] as Float64Array)[j] as number);
      b[r] = (b[r] as number) - k * (b[c] as number);
    }
  }
  const z = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r] as number;
    for (let j = r + 1; j < n; j++) s -= ((a[r] as Float64Array)[j] as number) * (z[j] as number);
    z[r] = s / ((a[r] as Float64Array)[r] as number);
  }
  return z;
}

/**
 * KernelSHAP. Enumerates every coalition when 2^M − 2 ≤ `samples` (then it equals `exactShapley`), otherwise
 * samples coalition sizes by the Shapley kernel's mass and pairs each coalition with its complement.
 * @example kernelShap(f, row, background, { samples: 2048, seed: 1 }).values;
 */
export function kernelShap(f: ModelFn, x: readonly number[], background: readonly (readonly number[])[], options: ShapOptions & { samples?: number; seed?: number } = {}): ShapValues {
  const m = checkInputs(x, background, 'kernelShap');
  const samples = options.samples ?? 2048;
  const full = maskOf((1 << m) - 1, m);
  const empty = new Uint8Array(m);
  const masks: Uint8Array[] = [];
  const weights: number[] = [];
  const kernel = (s: number) => (m - 1) / (Math.exp(logFactorial(m) - logFactorial(s) - logFactorial(m - s)) * s * (m - s));
  if (m <= 30 && (1 << m) - 2 <= samples) {
    for (let bits = 1; bits < (1 << m) - 1; bits++) {
      const mask = maskOf(bits, m);
      masks.push(mask);
      weights.push(kernel(mask.reduce((a, z) => a + z, 0)));
    }
  } else {
    // Each size s carries kernel mass π(s)·C(M,s) ∝ (M−1)/(s(M−s)); draw sizes by it, members uniformly, and add
    // the complement so both halves of the kernel are covered. Sampled coalitions then get equal weights.
    const rng = new Random(options.seed ?? 1);
    const mass = Array.from({ length: m - 1 }, (_, k) => (m - 1) / ((k + 1) * (m - k - 1)));
    const total = mass.reduce((a, w) => a + w, 0);
    for (let k = 0; k < Math.floor(samples / 2); k++) {
      let u = rng.next() * total;
      let s = 1;
      while (u > (mass[s - 1] as number) && s < m - 1) u -= mass[s++ - 1] as number;
      const idx = Array.from({ length: m }, (_, i) => i);
      for (let i = 0; i < s; i++) {
        const j = i + rng.int(m - i);
        [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
      }
      const mask = new Uint8Array(m);
      for (let i = 0; i < s; i++) mask[idx[i] as number] = 1;
      masks.push(mask, mask.map((z) => 1 - z));
      weights.push(1, 1);
    }
  }
  const { v, target } = coalitionValues(f, x, background, [empty, full, ...masks], options.target);
  const base = v[0] as number;
  const fx = v[1] as number;
  const delta = fx - base;
  // Eliminate the last feature with the constraint Σφ = Δ: φ_M = Δ − Σ_{i<M} φ_i.
  const p = m - 1;
  const ata = Array.from({ length: p }, () => new Float64Array(p));
  const atb = new Float64Array(p);
  masks.forEach((mask, k) => {
    const w = weights[k] as number;
    const zm = mask[m - 1] as number;
    const yk = (v[k + 2] as number) - base - zm * delta;
    for (let i = 0; i < p; i++) {
      const xi = (mask[i] as number) - zm;
      if (xi === 0) continue;
      atb[i] = (atb[i] as number) + w * xi * yk;
      for (let j = 0; j < p; j++) {
        const xj = (mask[j] as number) - zm;
        if (xj !== 0) (ata[i] as Float64Array)[j] = ((ata[i] as Float64Array)[j] as number) + w * xi * xj;
      }
    }
  });
  const head = p === 0 ? new Float64Array(0) : solve(ata, atb);
  const values = [...head, delta - head.reduce((a, z) => a + z, 0)];
  return { values, baseValue: base, output: fx, target };
}

/** Mean |Shapley value| per feature over several examples: a model-level ranking of features. */
export interface GlobalImportance {
  method: 'KernelSHAP';
  /** One value per feature, in input order. */
  values: number[];
  /** How many examples were explained, and against how many background rows. */
  examples: number;
  background: number;
}

/**
 * Global feature importance: mean |KernelSHAP value| for each example's predicted class, over `rows` examples
 * (first ones of `x`) against `background`. For the model card of tabular models.
 * @example globalImportance(f, testRows.slice(0, 20), trainRows.slice(0, 20)).values;
 */
export function globalImportance(f: ModelFn, rows: readonly (readonly number[])[], background: readonly (readonly number[])[], options: { samples?: number; seed?: number } = {}): GlobalImportance {
  if (rows.length === 0) throw new ValueError('globalImportance: pass at least one example row.');
  const m = rows[0]?.length ?? 0;
  const sums = new Array<number>(m).fill(0);
  for (const r of rows) {
    const { values } = kernelShap(f, r, background, { samples: options.samples ?? 512, seed: options.seed ?? 1 });
    values.forEach((v, i) => (sums[i] = (sums[i] as number) + Math.abs(v) / rows.length));
  }
  return { method: 'KernelSHAP', values: sums, examples: rows.length, background: background.length };
}
