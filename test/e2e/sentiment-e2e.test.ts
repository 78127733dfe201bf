// examples/sentiment-lstm.ts end to end on a tiny model: train on a slice of the UCI data, save the model with its
// tokenizer, reload it in --interactive mode and pipe sentences (including blank lines) into it until EOF.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { hasDatasets, repoRoot } from '../helpers/paths.js';

const example = join(repoRoot, 'examples/sentiment-lstm.ts');
const dir = mkdtempSync(join(tmpdir(), 'tforge-sentiment-'));
const modelDir = join(dir, 'model');

function run(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  // The reference backend keeps this test independent of the native build's state.
  const r = spawnSync(process.execPath, ['--import', 'tsx', example, '--backend', 'ts', ...args], {
    cwd: repoRoot, input, encoding: 'utf8', timeout: 180_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasDatasets)('sentiment-lstm example', () => {
  test('trains a tiny model, reports precision/recall/F1 and saves the model with its tokenizer', () => {
    const r = run(['--dataset', 'uci', '--limit', '300', '--epochs', '1', '--units', '4', '--maxlen', '20', '--num-words', '500', '--verbose', '0', '--out', modelDir]);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/uci: 300 training sentences, 600 in UCI held-out/);
    expect(r.stdout).toMatch(/precision +recall +f1-score +support/);
    expect(r.stdout).toMatch(/Accuracy \d+\.\d+% +precision \d\.\d+ +recall \d\.\d+ +F1 \d\.\d+/);
    expect(existsSync(join(modelDir, 'model.json'))).toBe(true);
    const extras = JSON.parse(readFileSync(join(modelDir, 'extras.json'), 'utf8')) as { items: Record<string, { className?: string; maxlen?: number }> };
    expect(extras.items.tokenizer?.className).toBe('Tokenizer');
    expect(extras.items.textModel?.maxlen).toBe(20);
  }, 200_000);

  test('--interactive answers each sentence, survives blank lines and exits cleanly at EOF', () => {
    const lines = ['a great phone , works well', '', '   ', 'the worst film ever made', 'qqqzzz'];
    const r = run(['--interactive', '--model', modelDir], `${lines.join('\n')}\n`);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    const answers = r.stdout.split('\n').filter((l) => /^(Positive|Negative) \(p\(positive\) = [01]\.\d{3}\)/.test(l));
    expect(answers).toHaveLength(3);
    expect(r.stdout.match(/\(empty input: type a sentence\)/g)).toHaveLength(2);
    expect(r.stdout).toMatch(/\(no known words\)/);
    expect(r.stdout.trimEnd().endsWith('Bye.')).toBe(true);
  }, 200_000);

  test('--interactive on a directory without a model fails with a clear message', () => {
    const r = run(['--interactive', '--model', join(dir, 'missing')], '');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/missing/);
  }, 200_000);
});
