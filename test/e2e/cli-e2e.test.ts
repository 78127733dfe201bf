// The `tforge` binary as a user runs it (a child process): train a TS spec module, predict (inline and
// --interactive from stdin), evaluate and summary.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths.js';
import { tempDir } from './helpers.js';

function tforge(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), ...args], {
    cwd: repoRoot,
    input: input ?? '',
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tforge binary', () => {
  it('trains a TS spec module, then predicts, evaluates and summarises the saved model', () => {
    const out = join(tempDir(), 'blobs');
    const train = tforge(['train', 'test/e2e/fixtures/blobs-spec.ts', '--out', out, '--seed', '1', '--epochs', '15']);
    expect(train.stderr).toBe('');
    expect(train.status).toBe(0);
    expect(train.stdout).toMatch(/Epoch 15\/15\n8\/8 \[={30}\]/);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.accuracy).toBe(1);
    expect(JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')).loss).toHaveLength(15);

    const predict = tforge(['predict', out, '[[4,0.2],[0,0],[0.1,3.8]]']);
    expect(predict.stdout.split('\n').slice(0, 3).map((l) => l.split(' ')[0])).toEqual(['b', 'a', 'c']);
    const inter = tforge(['predict', out, '--interactive'], '4 0\n\n   \nnot numbers\n[0,4]\n');
    expect(inter.status).toBe(0);
    expect(inter.stdout).toMatch(/\nb \(p=0\.\d+\)/);
    expect(inter.stdout).toMatch(/error: input: 'not numbers' is not a list of numbers\.\nc \(p=/);

    const evaluate = tforge(['evaluate', out, '--json']);
    expect(JSON.parse(evaluate.stdout)).toMatchObject({ accuracy: 1, confusion: [[10, 0, 0], [0, 10, 0], [0, 0, 10]] });
    const summary = tforge(['summary', out]);
    expect(summary.stdout).toMatch(/Total params: 9/);
  });
});
