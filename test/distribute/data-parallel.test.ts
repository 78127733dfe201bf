// Data-parallel training on Open MPI: two ranks with global batch 64 end with the same weights as one process
// with batch 64 on the same MNIST slice, and a rank that dies or hangs makes the job fail within a timeout.
// Needs Open MPI (mpirun and the collective addon built against libmpi). Without it the suite is skipped with a
// message, except in CI (process.env.CI), where .ci/setup-services installs it and a missing library fails.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tf from '../../src/index.js';
import { mpirunArgs, workerEnv } from '../../src/cli/workers.js';
import { tempDir } from '../e2e/helpers.js';
import { hasDatasets, repoRoot } from '../helpers/paths.js';

const mpirun = spawnSync('mpirun', ['--version'], { encoding: 'utf8' });
const lib = tf.distribute.collectiveAvailability();
const libMissing = mpirun.status !== 0 ? 'mpirun is not installed' : !lib.available ? lib.reason : '';
const missing = libMissing || (!hasDatasets ? 'the shared MNIST data is missing' : '');
if (libMissing && process.env['CI']) {
  throw new Error(`data-parallel tests: ${missing}, and CI must run them. ${tf.distribute.INSTALL_HINT}`);
}
if (missing) console.warn(`data-parallel tests skipped: ${missing}. ${tf.distribute.INSTALL_HINT}`);

const worker = join(repoRoot, 'test/distribute/dp-worker.ts');

function run(ranks: number, out: string, mode = 'train'): { status: number | null; output: string; seconds: number } {
  const cmd = [process.execPath, '--import', 'tsx', worker, out, mode];
  const started = Date.now();
  const r = ranks === 1
    ? spawnSync(cmd[0] as string, cmd.slice(1), { cwd: repoRoot, encoding: 'utf8', env: workerEnv(), timeout: 120_000 })
    : spawnSync('mpirun', mpirunArgs(ranks, cmd), { cwd: repoRoot, encoding: 'utf8', env: workerEnv(), timeout: 120_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}`, seconds: (Date.now() - started) / 1000 };
}

interface Result { ranks: number; library: string; weights: number[][]; history: { loss: number[] } }

describe.skipIf(missing !== '')('data-parallel training (Open MPI, 127.0.0.1)', () => {
  it('two ranks with global batch 64 reach the weights of one process with batch 64', () => {
    const dir = tempDir();
    const one = run(1, join(dir, 'one.json'));
    expect(one.output).toBe('');
    expect(one.status).toBe(0);
    const two = run(2, join(dir, 'two.json'));
    expect(two.status, two.output).toBe(0);
    const a = JSON.parse(readFileSync(join(dir, 'one.json'), 'utf8')) as Result;
    const b = JSON.parse(readFileSync(join(dir, 'two.json'), 'utf8')) as Result;
    expect([a.ranks, b.ranks, b.library]).toEqual([1, 2, 'Open MPI (MPI-3)']);
    // Training moved the weights (the loss fell), so equal weights are not equal initial weights.
    expect(a.history.loss[1]).toBeLessThan((a.history.loss[0] as number) * 0.8);
    expect(b.history.loss).toHaveLength(2);
    b.history.loss.forEach((l, i) => expect(l).toBeCloseTo(a.history.loss[i] as number, 5));
    expect(b.weights.map((w) => w.length)).toEqual(a.weights.map((w) => w.length));
    let worst = 0;
    a.weights.forEach((w, i) => w.forEach((x, j) => (worst = Math.max(worst, Math.abs(x - (b.weights[i]?.[j] ?? NaN))))));
    expect(worst).toBeLessThan(1e-5);
  });

  it('tforge train --workers 2 trains one model, printed and saved by rank 0 only', () => {
    const out = join(tempDir(), 'blobs');
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), 'train', 'test/e2e/fixtures/blobs-spec.ts', '--out', out, '--seed', '1', '--epochs', '15', '--workers', '2'], {
      cwd: repoRoot, encoding: 'utf8', timeout: 120_000,
    });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    expect(r.stdout.match(/^Training blobs/gm)).toHaveLength(1);
    expect(r.stdout.match(/^Saved the model/gm)).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')).accuracy).toBe(1);
  });

  it('a rank that exits in the middle of fit makes the job fail, naming it, instead of hanging', () => {
    const r = run(2, join(tempDir(), 'die.json'), 'die');
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/mpirun detected that one or more processes exited with non-zero status[\s\S]*Process name: \[\[\d+,1\],1\]\s+Exit code:\s+3/);
    expect(r.seconds).toBeLessThan(100);
  });

  it('a rank that stops answering makes the waiting rank give up after its timeout', () => {
    const r = run(2, join(tempDir(), 'hang.json'), 'hang');
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/tensorforge: rank 0 waited more than 3 s in allreduce for the other ranks/);
    // Well before rank 1's 60 s sleep would end.
    expect(r.seconds).toBeLessThan(55);
  });
});
