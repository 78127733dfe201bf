import { beforeAll, describe, expect, test } from 'vitest';
import { setBackendSync } from '../../core/kernel-registry.js';
import { Random } from '../../core/random.js';
import * as tf from '../../index.js';
import { gemm } from './gemm.js';

/** op(A)·op(B) with the textbook triple loop, in float64. */
function naive(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number, tA: boolean, tB: boolean): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (tA ? a[p * m + i] : a[i * k + p])! * (tB ? b[j * k + p] : b[p * n + j])!;
      c[i * n + j] = s;
    }
  }
  return c;
}

function fill<T extends Float32Array | Float64Array>(arr: T, rng: Random): T {
  for (let i = 0; i < arr.length; i++) arr[i] = rng.normal();
  return arr;
}

function maxRelErr(got: ArrayLike<number>, want: ArrayLike<number>, off = 0): number {
  let e = 0;
  for (let i = 0; i < want.length; i++) e = Math.max(e, Math.abs(got[off + i]! - want[i]!) / (1 + Math.abs(want[i]!)));
  return e;
}

const sizes = [0, 1, 3, 5, 17, 33];

describe('gemm (TS backend)', () => {
  // The tf.matMul cases must reach this kernel even when the native addon is built.
  beforeAll(() => void setBackendSync('ts'));

  for (const dtype of ['float32', 'float64'] as const) {
    test(`${dtype}: every transpose combination on odd sizes matches the naive product`, () => {
      const rng = new Random(7);
      const Arr = dtype === 'float32' ? Float32Array : Float64Array;
      const tol = dtype === 'float32' ? 1e-5 : 1e-12;
      let checked = 0;
      for (const m of sizes) for (const k of sizes) for (const n of sizes) {
        for (const tA of [false, true]) for (const tB of [false, true]) {
          const a = fill(new Arr(m * k), rng);
          const b = fill(new Arr(k * n), rng);
          // C starts as garbage: gemm must overwrite it, including when k = 0.
          const c = new Arr(m * n).fill(123);
          gemm(a, 0, b, 0, c, 0, m, k, n, tA, tB);
          const err = maxRelErr(c, naive(a, b, m, k, n, tA, tB));
          if (err > tol) expect.fail(`${dtype} m=${m} k=${k} n=${n} tA=${tA} tB=${tB}: max rel err ${err}`);
          checked++;
        }
      }
      expect(checked).toBe(sizes.length ** 3 * 4);
    });
  }

  test('spans several KC slices and MC blocks, at offsets, without touching neighbours', () => {
    const rng = new Random(3);
    const m = 70, k = 600, n = 9;
    for (const [tA, tB] of [[false, false], [true, true]] as const) {
      const a = fill(new Float64Array(5 + m * k), rng);
      const b = fill(new Float64Array(2 + k * n), rng);
      const c = new Float64Array(4 + m * n + 4).fill(-1);
      gemm(a, 5, b, 2, c, 4, m, k, n, tA, tB);
      const want = naive(a.subarray(5), b.subarray(2), m, k, n, tA, tB);
      expect(maxRelErr(c, want, 4)).toBeLessThan(1e-12);
      expect([...c.subarray(0, 4), ...c.subarray(4 + m * n)]).toEqual(new Array(8).fill(-1));
    }
  });

  test('products wider than one packed block of B (n > 4096) for both B layouts', () => {
    const rng = new Random(5);
    const m = 5, k = 7, n = 4103;
    for (const tB of [false, true]) {
      const a = fill(new Float32Array(m * k), rng);
      const b = fill(new Float32Array(k * n), rng);
      const c = new Float32Array(m * n);
      gemm(a, 0, b, 0, c, 0, m, k, n, false, tB);
      expect(maxRelErr(c, naive(a, b, m, k, n, false, tB))).toBeLessThan(1e-5);
    }
  });

  test('accumulate adds to C instead of overwriting it', () => {
    const a = new Float64Array([1, 2, 3, 4]);
    const b = new Float64Array([5, 6, 7, 8]);
    const c = new Float64Array([100, 200, 300, 400]);
    gemm(a, 0, b, 0, c, 0, 2, 2, 2, false, false, true);
    expect(Array.from(c)).toEqual([119, 222, 343, 450]);
    gemm(a, 0, b, 0, c, 0, 2, 0, 2, false, false, true);
    expect(Array.from(c)).toEqual([119, 222, 343, 450]);
  });

  test('matMul broadcasts batch dimensions through the blocked kernel', () => {
    const rng = new Random(11);
    const a = fill(new Float64Array(2 * 1 * 5 * 6), rng);
    const b = fill(new Float64Array(3 * 6 * 7), rng);
    const out = tf.matMul(tf.tensor(a, [2, 1, 5, 6], 'float64'), tf.tensor(b, [3, 6, 7], 'float64'));
    expect(out.shape).toEqual([2, 3, 5, 7]);
    const ov = out.dataSync();
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        const want = naive(a.subarray(i * 30, i * 30 + 30), b.subarray(j * 42, j * 42 + 42), 5, 6, 7, false, false);
        expect(maxRelErr(ov, want, (i * 3 + j) * 35)).toBeLessThan(1e-12);
      }
    }
  });

  test('int32 matMul stays exact', () => {
    const out = tf.matMul(tf.tensor([[1, 2, 3], [4, 5, 6]], [2, 3], 'int32'), tf.tensor([[7], [8], [9]], [3, 1], 'int32'));
    expect(out.dtype).toBe('int32');
    expect(Array.from(out.dataSync())).toEqual([50, 122]);
  });
});
