import { expect } from 'vitest';
import { type Tensor, grads, tensor } from '../../src/index.js';
import { listBackends, setBackendSync, getBackend } from '../../src/core/kernel-registry.js';
import { Random } from '../../src/core/random.js';

/** A float64 tensor of standard normals from `seed` (sharp finite differences). */
export function randn(shape: number[], opts: { seed: number; dtype?: 'float32' | 'float64'; scale?: number; offset?: number }): Tensor {
  const rng = new Random(opts.seed);
  const n = shape.reduce((p, d) => p * d, 1);
  const values = Array.from({ length: n }, () => (opts.offset ?? 0) + (opts.scale ?? 1) * rng.normal());
  return tensor(values, shape, opts.dtype ?? 'float64');
}

/** Asserts two tensors (or arrays) agree element-wise within `tol` (absolute + relative). */
export function expectClose(actual: Tensor | ArrayLike<number>, expected: Tensor | ArrayLike<number>, tol = 1e-5): void {
  const a = 'dataSync' in actual ? Array.from(actual.dataSync()) : Array.from(actual);
  const e = 'dataSync' in expected ? Array.from(expected.dataSync()) : Array.from(expected);
  if ('shape' in actual && 'shape' in expected) expect(actual.shape).toEqual(expected.shape);
  expect(a.length).toBe(e.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = e[i] as number;
    if (Number.isNaN(y)) {
      expect(x, `element ${i}`).toBeNaN();
      continue;
    }
    if (!Number.isFinite(y)) {
      expect(x, `element ${i}`).toBe(y);
      continue;
    }
    const err = Math.abs(x - y);
    if (err > tol * (1 + Math.abs(y))) {
      expect.fail(`element ${i}: got ${x}, expected ${y} (|diff| ${err} > tol ${tol})`);
    }
  }
}

/**
 * Checks the analytic gradients of scalar `f` against central finite differences for every input (float64).
 */
export function expectGradClose(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[], opts: { eps?: number; tol?: number } = {}): void {
  const eps = opts.eps ?? 1e-6;
  const tol = opts.tol ?? 1e-6;
  const analytic = grads(f)(inputs);
  inputs.forEach((x, k) => {
    const numeric = new Float64Array(x.size);
    for (let i = 0; i < x.size; i++) {
      const plus = inputs.map((t, j) => (j === k ? bump(t, i, eps) : t));
      const minus = inputs.map((t, j) => (j === k ? bump(t, i, -eps) : t));
      numeric[i] = ((f(...plus).dataSync()[0] as number) - (f(...minus).dataSync()[0] as number)) / (2 * eps);
    }
    const g = analytic[k];
    if (!g) throw new Error(`no gradient for input ${k}`);
    expect(g.shape, `gradient ${k} shape`).toEqual(x.shape);
    expectClose(g.dataSync(), numeric, tol);
  });
}

function bump(t: Tensor, i: number, eps: number): Tensor {
  const v = Float64Array.from(t.dataSync());
  v[i] = (v[i] as number) + eps;
  return tensor(v, t.shape, t.dtype);
}

/** Runs `fn` once per registered backend, restoring the previous one. */
export function forEachBackend(fn: (backend: string) => void): void {
  for (const b of listBackends()) fn(b);
}

/** Runs `fn` on `backend`, restoring the previous backend afterwards. */
export function runOn<T>(backend: string, fn: () => T): T {
  const prev = getBackend();
  setBackendSync(backend);
  try {
    return fn();
  } finally {
    setBackendSync(prev);
  }
}
