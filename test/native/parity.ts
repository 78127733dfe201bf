// Shared helpers of the native parity suites: every native kernel is run against the TypeScript reference
// kernel on the same float32 inputs (random shapes, sizes 0 and 1, SIMD tails, broadcasting, NaN/Inf).
import { describe, expect, test } from 'vitest';
import { type Tensor, tensor } from '../../src/index.js';
import { hasKernel, listBackends } from '../../src/core/kernel-registry.js';
import { Random } from '../../src/core/random.js';
import { native } from '../../src/backends/native/index.js';
import { expectClose, forEachBackend, runOn } from '../helpers/grad-check.js';

/** True when the addon loaded and registered the 'native' backend. */
export const hasNative = listBackends().includes('native');

/** Title of a parity suite; names the reason when the suite is skipped. */
export function suite(name: string): string {
  return hasNative ? name : `${name} (skipped: native addon not built; run \`npm rebuild\` with g++ installed)`;
}

const defaultIsa = native?.info().isa ?? 'none';
/** Every kernel set (ISA) this CPU can run: parity is checked for each, so AVX2 and baseline code is tested too. */
export const isas: string[] = native ? ['avx512', 'avx2', 'base'].filter((isa) => native?.setIsa(isa) === true) : [];
native?.setIsa(defaultIsa);

/** `describe` that skips, with the reason in its title, when the addon is missing. */
export function nativeDescribe(name: string, body: () => void): void {
  if (hasNative) describe(name, body);
  // Without the addon the suite registers no cases; one skipped entry keeps the reason in the report.
  else describe(suite(name), () => test.skip('needs build/Release/tensorforge_native.node', () => undefined));
}

/** A float32 tensor of standard normals (scaled and shifted), optionally with NaN/Inf planted at fixed spots. */
export function rnd(shape: number[], seed: number, opts: { scale?: number; offset?: number; specials?: boolean } = {}): Tensor {
  const rng = new Random(seed);
  const n = shape.reduce((p, d) => p * d, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = (opts.offset ?? 0) + (opts.scale ?? 1) * rng.normal();
  if (opts.specials && n > 0) {
    v[0] = NaN;
    if (n > 2) v[Math.floor(n / 2)] = Infinity;
    if (n > 3) v[n - 1] = -Infinity;
  }
  return tensor(v, shape, 'float32');
}

/** Ops that some parity case names (test/native/parity.test.ts requires one for every native kernel). */
export const covered = new Set<string>();

/**
 * Registers one test per non-reference backend (and per ISA for 'native'): `fn` there must match `fn` on 'ts'
 * within `tol` (absolute plus relative), and each op in `ops` must really have a kernel there, so a silent
 * fallback to the reference cannot make the test pass.
 */
export function parity(name: string, ops: string[], fn: () => Tensor | Tensor[], tol = 1e-5): void {
  for (const op of ops) covered.add(op);
  forEachBackend((backend) => {
    if (backend === 'ts') return;
    for (const isa of backend === 'native' ? isas : ['']) {
      test(`${name} on ${backend}${isa ? ` (${isa})` : ''} matches ts`, () => {
        for (const op of ops) expect(hasKernel(op, backend), `${op} has a ${backend} kernel`).toBe(true);
        if (isa) native?.setIsa(isa);
        try {
          const got = runOn(backend, fn);
          const want = runOn('ts', fn);
          const gs = Array.isArray(got) ? got : [got];
          const ws = Array.isArray(want) ? want : [want];
          expect(gs.length).toBe(ws.length);
          gs.forEach((g, i) => expectClose(g, ws[i] as Tensor, tol));
        } finally {
          native?.setIsa(defaultIsa);
        }
      });
    }
  });
}
