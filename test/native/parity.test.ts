// The native parity suite. Cases live in test/native/parity-cases/*.ts (each registers its tests through
// `parity`, which records the ops it names); this file loads them all, then fails for any op that has a native
// kernel and no case, so a newly native op cannot go untested. Its title says how many are covered.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { native, opListMismatches } from '../../src/backends/native/index.js';
import { hasKernel } from '../../src/core/kernel-registry.js';
import { listOps } from '../../src/tensor/engine.js';
import { covered, nativeDescribe } from './parity.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'parity-cases');
for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) await import(pathToFileURL(join(dir, file)).href);

// Registered after the case files, so its body runs after theirs and sees every case they named.
nativeDescribe('native parity coverage', () => {
  const nativeOps = listOps()
    .map((op) => op.name)
    .filter((name) => hasKernel(name, 'native'))
    .sort();
  const missing = nativeOps.filter((name) => !covered.has(name));
  test(`native parity: ${nativeOps.length - missing.length} of ${nativeOps.length} native kernels have a case`, () => {
    expect(nativeOps.length, 'the native backend registered kernels').toBeGreaterThan(0);
    expect(missing, `add parity cases to test/native/parity-cases/ for: ${missing.join(', ')}`).toEqual([]);
  });

  test('every name in the addon op list (native/src/ops.def) matches an op declaration', () => {
    expect(opListMismatches).toEqual([]);
  });

  test('every element-wise, comparison and reduction op the addon lists has a native kernel', () => {
    const list = native?.ops();
    const names = [...(list?.binary ?? []), ...(list?.unary ?? []).map(([name]) => name), ...(list?.compare ?? []), ...(list?.reduce ?? [])];
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !hasKernel(name, 'native'))).toEqual([]);
  });
});
