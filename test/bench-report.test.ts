import { describe, expect, test } from 'vitest';
import { type Row, checkTargets, formatTargets } from '../bench/report.js';

const row = (workload: string, engine: string, value: number, lowerIsBetter: boolean): Row => ({ workload, engine, status: 'ok', value, lowerIsBetter });

// Figures of the 2026-12-01 run (docs/NATIVE.md), with tfjs-cpu left out and one peer that cannot train.
const rows: Row[] = [
  row('sgemm', 'tforge-native', 112, false), row('sgemm', 'torch', 132, false),
  row('predict1', 'tforge-native', 0.0139, true), row('predict1', 'torch', 0.0977, true),
  row('predict256', 'tforge-native', 476573, false), row('predict256', 'torch', 434676, false),
  row('mlp', 'tforge-native', 1.55, true), row('mlp', 'torch', 2.8, true), row('mlp', 'tfjs-wasm', 24.3, true), row('mlp', 'tforge-ts', 15.2, true),
  row('cnn', 'tforge-native', 30.2, true), row('cnn', 'torch', 49.6, true),
  { workload: 'cnn', engine: 'tfjs-wasm', status: 'cannot train' },
];

describe('bench target checks (issue #4)', () => {
  const byTarget = new Map(checkTargets(rows).map((c) => [c.target, c]));
  test('ratios in either direction of the unit', () => {
    expect(byTarget.get('sgemm 1024^3: >= PyTorch/OpenBLAS')).toEqual({ target: 'sgemm 1024^3: >= PyTorch/OpenBLAS', status: 'not met', detail: '0.85x (needs >= 1x)' });
    // Latency: 0.0977 / 0.0139 = 7.03x, so p50 is at most half of PyTorch's.
    expect(byTarget.get('predict1 p50: <= 0.5x PyTorch latency')?.status).toBe('met');
    expect(byTarget.get('predict1 p50: <= 0.5x PyTorch latency')?.detail).toBe('7.03x (needs >= 2x)');
    expect(byTarget.get('predict256 throughput: >= PyTorch')?.status).toBe('met');
    expect(byTarget.get('mlp: >= 5x TF.js wasm')?.detail).toBe('15.68x (needs >= 5x)');
  });
  test('pairs that were not run, or that a peer cannot train, are not measured and say why', () => {
    expect(byTarget.get('cnn: >= 5x TF.js wasm')).toMatchObject({ status: 'not measured', detail: 'tfjs-wasm: cannot train' });
    expect(byTarget.get('TS backend: >= 5x TF.js cpu on the MLP')).toMatchObject({ status: 'not measured', detail: 'tfjs-cpu not run' });
    expect(byTarget.get('lstm: faster than PyTorch')).toMatchObject({ status: 'not measured', detail: 'tforge-native not run' });
    expect(formatTargets(checkTargets(rows)).split('\n')[0]).toBe('Targets (issues #4 and #16), this run:');
    // Restricted to the workloads of a run (--only), the others are not listed at all.
    expect(checkTargets(rows, ['sgemm', 'predict1']).map((c) => c.status)).toEqual(['not met', 'met']);
    expect(formatTargets(checkTargets(rows))).toContain('- not met: sgemm 1024^3: >= PyTorch/OpenBLAS - 0.85x (needs >= 1x)');
  });
  test('GPT rows (issue #16): ms/iter is lower-is-better, tokens/s higher-is-better', () => {
    const gpt = [row('gpt-char-train', 'tforge-native', 283.6, true), row('gpt-char-train', 'torch', 495.7, true), row('gpt2-decode-b1', 'tforge-native', 3, false), row('gpt2-decode-b1', 'torch', 3.7, false)];
    const checks = new Map(checkTargets(gpt, ['gpt-char-train', 'gpt2-decode-b1']).map((c) => [c.target, c]));
    expect(checks.get('gpt-char-train: faster than PyTorch (#16)')).toMatchObject({ status: 'met', detail: '1.75x (needs >= 1x)' });
    expect(checks.get('gpt2-decode-b1: faster than PyTorch (#16)')).toMatchObject({ status: 'not met', detail: '0.81x (needs >= 1x)' });
  });
});
