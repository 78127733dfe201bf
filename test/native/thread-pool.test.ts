// The native thread pool under contention: every chunk of every job runs exactly once, no chunk outlives its
// job, and kernels give the one-thread results, on 2 and 4 threads, with and without the test hook that makes a
// late worker meet the next job on every run (TENSORFORGE_TEST_POOL_DELAY_US, see native/src/thread_pool.cc).
// The old pool, which claimed a chunk index before checking it against the job's bounds, hung on every run of
// the hooked check and on most runs of the kernel stress. Each run is a child process so a hang fails the test.
import { spawnSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { repoRoot } from '../helpers/paths.js';
import { nativeDescribe } from './parity.js';

interface Run {
  threads: number;
  [key: string]: unknown;
}

function child(args: string[], env: Record<string, string>, timeoutS: number): Run {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'test/native/pool-stress-child.ts', ...args], {
    cwd: repoRoot, encoding: 'utf8', env: { ...process.env, TENSORFORGE_QUIET: '1', ...env }, timeout: timeoutS * 1000,
  });
  if (res.error || res.status !== 0) {
    const why = res.signal ? `was killed by ${res.signal} (a hang past ${timeoutS} s, or a crash)` : `exited with ${res.status}`;
    throw new Error(`pool-stress-child ${args.join(' ')} ${why}\n${res.stderr}`);
  }
  return JSON.parse(res.stdout.trim().split('\n').pop() ?? '') as Run;
}

const clean = { wrongItems: 0, wrongJobs: 0, lateChunks: 0 };

nativeDescribe('native thread pool', () => {
  test.each([
    ['2 threads, late workers forced by the hook', '2', '50', 5000],
    ['4 threads, late workers forced by the hook', '4', '20', 3000],
    ['2 threads', '2', '', 20000],
    ['4 threads (more threads than cores)', '4', '', 20000],
  ])('every chunk runs exactly once, inside its job: %s', (_name, threads, delay, jobs) => {
    const run = child(['check', String(jobs), '7'], { TENSORFORGE_NUM_THREADS: threads, TENSORFORGE_TEST_POOL_DELAY_US: delay }, 90);
    expect(run).toEqual({ threads: Number(threads), jobs, ...clean });
  });

  test.each([
    ['2 threads', '2', ''],
    ['2 threads, late workers forced by the hook', '2', '50'],
  ])('back-to-back small GEMMs and relu give the one-thread results: %s', (_name, threads, delay) => {
    const run = child(['kernels', '4'], { TENSORFORGE_NUM_THREADS: threads, TENSORFORGE_TEST_POOL_DELAY_US: delay }, 90);
    expect(run.threads).toBe(Number(threads));
    expect(run.iterations).toBeGreaterThanOrEqual(60); // the child's MIN_ITERATIONS
    expect(run.mismatches).toBe(0);
  });

  test('a worker thread computing and resizing the pool while the main thread computes', () => {
    const run = child(['workers', '4'], { TENSORFORGE_NUM_THREADS: '2' }, 90);
    const { main, worker } = run as { main?: Run; worker?: Run };
    for (const side of [main, worker]) {
      expect(side?.iterations).toBeGreaterThanOrEqual(60);
      expect(side?.mismatches).toBe(0);
    }
    expect(worker?.resized).toBe(true);
  });
});
