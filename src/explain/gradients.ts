// Gradient attributions for any differentiable model f: batch → [batch, classes].
// Saliency (Simonyan et al. 2014), SmoothGrad (Smilkov et al. 2017), Integrated Gradients (Sundararajan et al.
// 2017). Each runs one batched forward/backward pass over all its points (interpolation steps or noisy copies):
// the rows are independent, so the gradient of Σ_rows f(rows)[:, target] gives every row's gradient at once.
import { Random } from '../core/random.js';
import { ValueError } from '../core/errors.js';
import { valueAndGrad } from '../ops/gradients.js';
import { mul } from '../ops/arithmetic.js';
import { sum } from '../ops/reduction.js';
import { Tensor } from '../tensor/tensor.js';

/** A differentiable model: a batch in, one row of class scores (or probabilities) per example out. */
export type ModelFn = (x: Tensor) => Tensor;

/** Which output the attribution explains; default: the class the model predicts for x. */
export interface TargetOption {
  target?: number;
}

function checkOne(x: Tensor, where: string): number[] {
  if ((x.shape[0] ?? 0) !== 1) throw new ValueError(`${where}: explains one example: pass a batch of 1 (shape [1, ...]), received shape [${x.shape.join(', ')}].`);
  return x.shape.slice(1);
}

/** The predicted class of f(x) (one example). */
function predicted(f: ModelFn, x: Tensor): number {
  const v = Array.from(f(x).values as Float32Array);
  return v.indexOf(Math.max(...v));
}

/** f(rows)[:, target] for every row, and ∂/∂rows of their sum (each row's own gradient). */
function rowGradients(f: ModelFn, rows: Tensor, target: number, where: string): { values: Float32Array; grads: Float32Array } {
  const n = rows.shape[0] ?? 0;
  let outValues = new Float32Array(0);
  const { grad } = valueAndGrad((x) => {
    const y = f(x);
    const classes = y.shape[1] ?? 0;
    if (y.rank !== 2 || target < 0 || target >= classes) throw new ValueError(`${where}: target must be a class in [0, ${classes - 1}] of an output [batch, classes], received ${target} for output shape [${y.shape.join(', ')}].`);
    const mask = new Float32Array(n * classes);
    for (let i = 0; i < n; i++) mask[i * classes + target] = 1;
    const picked = mul(y, new Tensor(mask, [n, classes], 'float32'));
    const yv = y.values as Float32Array;
    outValues = Float32Array.from({ length: n }, (_, i) => yv[i * classes + target] as number);
    return sum(picked);
  })(rows.dtype === 'float32' ? rows : new Tensor(Float32Array.from(rows.values as ArrayLike<number>), rows.shape, 'float32'));
  return { values: outValues, grads: Float32Array.from(grad.values as ArrayLike<number>) };
}

/**
 * Saliency: the gradient of the target score with respect to the input (absolute values with `absolute`).
 * @example const s = saliency(x => model.predict(x), tensor([[...pixels]]));
 */
export function saliency(f: ModelFn, x: Tensor, options: TargetOption & { absolute?: boolean } = {}): Tensor {
  const dims = checkOne(x, 'saliency');
  const target = options.target ?? predicted(f, x);
  const { grads } = rowGradients(f, x, target, 'saliency');
  if (options.absolute) for (let i = 0; i < grads.length; i++) grads[i] = Math.abs(grads[i] as number);
  return new Tensor(grads, [1, ...dims], 'float32');
}

/**
 * SmoothGrad: saliency averaged over `samples` copies of x with Gaussian noise of sd `noise × (max − min of x)`.
 * @example smoothGrad(f, x, { samples: 50, noise: 0.15, seed: 1 });
 */
export function smoothGrad(f: ModelFn, x: Tensor, options: TargetOption & { samples?: number; noise?: number; seed?: number; absolute?: boolean } = {}): Tensor {
  const dims = checkOne(x, 'smoothGrad');
  const samples = options.samples ?? 50;
  if (!Number.isInteger(samples) || samples < 1) throw new ValueError(`smoothGrad: samples must be a positive integer, received ${samples}.`);
  const target = options.target ?? predicted(f, x);
  const xv = x.values as Float32Array;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of xv) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const sd = (options.noise ?? 0.15) * (hi - lo || 1);
  const rng = new Random(options.seed ?? 1);
  const size = xv.length;
  const noisy = new Float32Array(samples * size);
  for (let s = 0; s < samples; s++) for (let j = 0; j < size; j++) noisy[s * size + j] = (xv[j] as number) + sd * rng.normal();
  const { grads } = rowGradients(f, new Tensor(noisy, [samples, ...dims], 'float32'), target, 'smoothGrad');
  const out = new Float32Array(size);
  for (let s = 0; s < samples; s++) {
    for (let j = 0; j < size; j++) {
      const g = grads[s * size + j] as number;
      out[j] = (out[j] as number) + (options.absolute ? Math.abs(g) : g) / samples;
    }
  }
  return new Tensor(out, [1, ...dims], 'float32');
}

/** What `integratedGradients` returns. */
export interface IntegratedGradients {
  /** Same shape as x; sums to ≈ f(x) − f(baseline) for the target (completeness). */
  attributions: Tensor;
  target: number;
  /** f(x) and f(baseline) for the target. */
  output: number;
  baselineOutput: number;
  /** Σ attributions − (f(x) − f(baseline)): the integration error. Raise `steps` when it is large. */
  completenessGap: number;
}

/**
 * Integrated gradients along the straight path from `baseline` (default all zeros) to x, by the trapezoid rule on
 * `steps` intervals (default 128), with every path point in one batch.
 * @example const { attributions, completenessGap } = integratedGradients(f, x, { steps: 256 });
 */
export function integratedGradients(f: ModelFn, x: Tensor, options: TargetOption & { baseline?: Tensor; steps?: number } = {}): IntegratedGradients {
  const dims = checkOne(x, 'integratedGradients');
  const steps = options.steps ?? 128;
  if (!Number.isInteger(steps) || steps < 1) throw new ValueError(`integratedGradients: steps must be a positive integer, received ${steps}.`);
  const xv = Float32Array.from(x.values as ArrayLike<number>);
  const size = xv.length;
  const bv = options.baseline ? Float32Array.from(options.baseline.values as ArrayLike<number>) : new Float32Array(size);
  if (bv.length !== size) throw new ValueError(`integratedGradients: the baseline holds ${bv.length} values, the input ${size}; pass a baseline of x's shape.`);
  const target = options.target ?? predicted(f, x);
  const points = new Float32Array((steps + 1) * size);
  for (let s = 0; s <= steps; s++) {
    const a = s / steps;
    for (let j = 0; j < size; j++) points[s * size + j] = (bv[j] as number) + a * ((xv[j] as number) - (bv[j] as number));
  }
  const { values, grads } = rowGradients(f, new Tensor(points, [steps + 1, ...dims], 'float32'), target, 'integratedGradients');
  const out = new Float32Array(size);
  for (let s = 0; s <= steps; s++) {
    const w = (s === 0 || s === steps ? 0.5 : 1) / steps;
    for (let j = 0; j < size; j++) out[j] = (out[j] as number) + w * (grads[s * size + j] as number);
  }
  let total = 0;
  for (let j = 0; j < size; j++) {
    out[j] = (out[j] as number) * ((xv[j] as number) - (bv[j] as number));
    total += out[j] as number;
  }
  const output = values[steps] as number;
  const baselineOutput = values[0] as number;
  return { attributions: new Tensor(out, [1, ...dims], 'float32'), target, output, baselineOutput, completenessGap: total - (output - baselineOutput) };
}
