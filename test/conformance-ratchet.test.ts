// The TF.js conformance ratchet's rules (scripts/conformance-ratchet.mjs), checked on small made-up summaries; the
// suite itself runs with `npm run conformance`. Also checks that the committed baseline and exclusions are
// well-formed, so a hand edit that breaks them fails here rather than in CI.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { type Summary, checkKnownFailures, compareWithBaseline, familyCounts, familyOf, makeBaseline, passingSpecs } from '../scripts/conformance-ratchet.mjs';

function summary(files: Record<string, Record<string, 'passed' | 'failed'>>): Summary {
  let passed = 0;
  let failed = 0;
  const list = Object.entries(files).map(([file, specs]) => {
    const tests = Object.entries(specs).map(([name, status]) => ({ name, status }));
    const p = tests.filter((t) => t.status === 'passed').length;
    passed += p;
    failed += tests.length - p;
    return { file, passed: p, failed: tests.length - p, tests };
  });
  return { tfjsCoreVersion: '4.22.0', totals: { passed, failed, excluded: 0 }, files: list };
}

const before = summary({
  'ops/abs_test.js': { 'abs basic': 'passed', 'abs complex': 'failed' },
  'ops/conv2d_test.js': { 'conv2d x=[1,1]': 'passed' },
});

describe('conformance ratchet', () => {
  test('a run that loses a passing spec fails, even when another spec starts passing', () => {
    const baseline = makeBaseline(before);
    const after = summary({
      'ops/abs_test.js': { 'abs basic': 'failed', 'abs complex': 'passed' },
      'ops/conv2d_test.js': { 'conv2d x=[1,1]': 'passed' },
    });
    const r = compareWithBaseline(baseline, after);
    expect(r.ok).toBe(false);
    expect(r.lost).toEqual(['ops/abs_test.js :: abs basic']);
    expect(r.gained).toEqual(['ops/abs_test.js :: abs complex']);
  });

  test('a run with the same passes plus new ones is accepted and reports the gains', () => {
    const after = summary({
      'ops/abs_test.js': { 'abs basic': 'passed', 'abs complex': 'passed' },
      'ops/conv2d_test.js': { 'conv2d x=[1,1]': 'passed' },
    });
    const r = compareWithBaseline(makeBaseline(before), after);
    expect(r).toEqual({ lost: [], gained: ['ops/abs_test.js :: abs complex'], totalDropped: false, ok: true });
  });

  test('a filtered run is compared only on the files it ran', () => {
    const onlyAbs = summary({ 'ops/abs_test.js': { 'abs basic': 'passed', 'abs complex': 'failed' } });
    const r = compareWithBaseline(makeBaseline(before), onlyAbs, new Set(['ops/abs_test.js']));
    expect(r.ok).toBe(true);
    // The same run judged as a full run has lost the conv2d spec.
    expect(compareWithBaseline(makeBaseline(before), onlyAbs).lost).toEqual(['ops/conv2d_test.js :: conv2d x=[1,1]']);
  });

  test('specs that share a name within a file are kept apart', () => {
    const s = before;
    s.files[1]?.tests?.push({ name: 'conv2d x=[1,1]', status: 'passed' });
    expect(passingSpecs(s).filter((n) => n.startsWith('ops/conv2d'))).toEqual([
      'ops/conv2d_test.js :: conv2d x=[1,1]',
      'ops/conv2d_test.js :: conv2d x=[1,1] [#2]',
    ]);
    s.files[1]?.tests?.pop();
  });

  test('files are grouped into families, excluded files are not counted', () => {
    expect(familyOf('ops/fused/fused_mat_mul_test.js')).toBe('fused');
    expect(familyOf('ops/conv2d_test.js')).toBe('conv/pool');
    expect(familyOf('ops/slice2d_test.js')).toBe('shape/slice/gather');
    expect(familyOf('ops/abs_test.js')).toBe('elementwise/other');
    const s = summary({ 'ops/conv2d_test.js': { a: 'passed', b: 'failed' } });
    s.files.push({ file: 'ops/conv_util_test.js', excluded: 'internal helper' });
    expect(familyCounts(s)['conv/pool']).toEqual({ passed: 1, failed: 1 });
  });

  test('the committed baseline and exclusions are consistent', () => {
    const baseline = JSON.parse(readFileSync('conformance/baseline.json', 'utf8')) as { passed: number; specs: string[] };
    expect(baseline.specs.length).toBe(baseline.passed);
    expect(new Set(baseline.specs).size).toBe(baseline.specs.length);
    const ex = JSON.parse(readFileSync('conformance/exclusions.json', 'utf8')) as { exclusions: { file: string; reason: string }[] };
    for (const e of ex.exclusions) {
      expect(e.file, JSON.stringify(e)).toMatch(/_test\.js$/);
      expect(e.reason.length, `exclusion without a real reason: ${JSON.stringify(e)}`).toBeGreaterThan(10);
    }
  });

  test('known failures: an unlisted failure and a listed spec that passes both fail the check', () => {
    const s = summary({ 'ops/a_test.js': { x: 'passed', y: 'failed', z: 'failed' } });
    const reason = 'a reason long enough';
    const exact = { knownFailures: [{ file: 'ops/a_test.js', test: 'y', reason }, { file: 'ops/a_test.js', test: 'z', reason }] };
    expect(checkKnownFailures(exact, s).ok).toBe(true);
    const missing = checkKnownFailures({ knownFailures: [exact.knownFailures[0]!] }, s);
    expect(missing.unlisted).toEqual(['ops/a_test.js :: z']);
    expect(missing.ok).toBe(false);
    const stale = checkKnownFailures({ knownFailures: [...exact.knownFailures, { file: 'ops/a_test.js', test: 'x', reason }] }, s);
    expect(stale.nowPassing).toEqual(['ops/a_test.js :: x']);
    expect(stale.ok).toBe(false);
    // A filtered run checks only the files that ran.
    expect(checkKnownFailures({ knownFailures: [{ file: 'ops/b_test.js', test: 'q', reason }, ...exact.knownFailures] }, s, new Set(['ops/a_test.js'])).ok).toBe(true);
  });

  test('the committed known failures each have a reason and fit the baseline', () => {
    const baseline = JSON.parse(readFileSync('conformance/baseline.json', 'utf8')) as { passed: number; failed: number; specs: string[] };
    const known = JSON.parse(readFileSync('conformance/known-failures.json', 'utf8')) as { knownFailures: { file: string; test: string; reason: string }[] };
    expect(known.knownFailures.length, 'the baseline run failed exactly the listed specs').toBe(baseline.failed);
    const passing = new Set(baseline.specs);
    for (const e of known.knownFailures) {
      expect(e.reason, JSON.stringify(e)).toMatch(/^(Deliberate|Not yet)[: ]/);
      expect(passing.has(`${e.file} :: ${e.test}`), `${e.test} is in the baseline and in the known failures`).toBe(false);
    }
  });
});
