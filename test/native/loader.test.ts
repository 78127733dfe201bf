import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { loadError, native } from '../../src/backends/native/index.js';
import { getBackend, hasKernel, listBackends } from '../../src/core/kernel-registry.js';
import { repoRoot } from '../helpers/paths.js';
import { hasNative, isas, nativeDescribe } from './parity.js';

/** Runs a snippet in a fresh process (the backend choice happens at import) and returns its stdout and stderr. */
function fresh(code: string, env: Record<string, string>): { out: string; err: string } {
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000,
  });
  return { out: res.stdout.trim(), err: res.stderr.trim() };
}

const probe = "import * as tf from './src/index.js'; console.log(tf.getBackend(), tf.listBackends().join(','));";

describe('native backend loading', () => {
  test('without the addon only ts is registered and one line says how to build it', () => {
    const { out, err } = fresh(probe, { TENSORFORGE_NATIVE: '0', TENSORFORGE_QUIET: '', TENSORFORGE_BACKEND: '' });
    expect(out).toBe('ts ts');
    const lines = err.split('\n').filter((l) => l.includes('tensorforge:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('native CPU backend unavailable (disabled by TENSORFORGE_NATIVE=0)');
    expect(lines[0]).toContain('npm rebuild tensorforge');
  });

  test('TENSORFORGE_QUIET silences the hint', () => {
    const { err } = fresh(probe, { TENSORFORGE_NATIVE: '0', TENSORFORGE_QUIET: '1' });
    expect(err).not.toContain('tensorforge:');
  });
});

nativeDescribe('native backend selection and argument checks', () => {
  test('native is registered with a higher priority than ts and is the default', () => {
    expect(listBackends()).toContain('native');
    expect(fresh(probe, { TENSORFORGE_BACKEND: '' }).out).toBe('native ts,native');
    // This process chose its default the same way, unless TENSORFORGE_BACKEND forced one.
    const forced = process.env['TENSORFORGE_BACKEND'];
    expect(getBackend()).toBe(forced === 'ts' || forced === 'native' ? forced : 'native');
  });

  test('TENSORFORGE_BACKEND=ts forces the default backend', () => {
    expect(fresh(probe, { TENSORFORGE_BACKEND: 'ts' }).out).toBe('ts ts,native');
  });

  test('TENSORFORGE_NUM_THREADS sizes the pool', () => {
    const code = "import { native } from './src/backends/native/index.js'; console.log(native.info().threads);";
    expect(fresh(code, { TENSORFORGE_NUM_THREADS: '3' }).out).toBe('3');
  });

  test('reports its kernel set and runs every ISA the CPU supports', () => {
    const info = native?.info();
    expect(['avx512', 'avx2', 'base']).toContain(info?.isa);
    expect(isas).toContain('base');
    expect(native?.setIsa('sse9')).toBe(false);
  });

  test('bad arguments throw TypeErrors naming the function instead of touching memory', () => {
    const a = new Float32Array(4);
    expect(() => native?.matmul(a, a, a, 3, 3, 3, false, false, 1, null, null, 1, 1)).toThrow(
      /tensorforge native matmul: argument 0 has 4 elements, expected at least 9/,
    );
    // Wrong array types can only come from untyped callers, hence Reflect.apply.
    expect(() => Reflect.apply(native?.unary ?? (() => undefined), native, [1, new Float64Array(4), a, 0, 0])).toThrow(/argument 1 must be a Float32Array/);
    expect(() => native?.reduce(0, a, a, -1, 1, 1)).toThrow(/argument 3 must be a non-negative integer/);
    expect(() => native?.unary(native.ops().unary.length, a, a, 0, 0)).toThrow(/argument 0 is not a known unary op code/);
    expect(() => native?.reduce(-1, a, a, 1, 1, 1)).toThrow(/argument 0 is not a known reduction code/);
  });
});

test.runIf(!hasNative)('without the addon, loadError says why and no native kernel is registered', () => {
  expect(loadError).toMatch(/not built|failed to load|disabled/);
  expect(hasKernel('BatchMatMul', 'native')).toBe(false);
});
