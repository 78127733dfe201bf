#!/usr/bin/env node
// TF.js conformance ratchet (issue #15). Runs TensorFlow.js's own op test suite (the compiled tests inside the
// installed @tensorflow/tfjs-core) against the built library (dist/) through the harness in
// ../shared/conformance/tfjs-op-tests, with the project's exclusions (conformance/exclusions.json), and fails when
// a spec that passes in conformance/baseline.json stops passing or the pass count drops.
//
//   npm run conformance                      build, run everything, compare with the baseline
//   npm run conformance -- --update          ... and rewrite the baseline (refused if anything regressed)
//   node scripts/conformance.mjs --filter conv2d   (no build) run matching files only, compare those
//
// Options: --filter REGEX, --jobs N (default 2), --update, --harness DIR (or $TFJS_OP_TESTS_DIR), --json FILE.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkKnownFailures, compareWithBaseline, familyCounts, makeBaseline } from './conformance-ratchet.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const baselineFile = path.join(root, 'conformance', 'baseline.json');
const exclusionsFile = path.join(root, 'conformance', 'exclusions.json');
const knownFailuresFile = path.join(root, 'conformance', 'known-failures.json');

function fail(msg) {
  console.error(`conformance: ${msg}`);
  process.exit(1);
}

const args = process.argv.slice(2);
const opts = { filter: null, jobs: '2', update: false, harness: process.env.TFJS_OP_TESTS_DIR ?? null, json: null };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const next = () => {
    if (i + 1 >= args.length) fail(`${a} needs a value.`);
    return args[++i];
  };
  if (a === '--filter') opts.filter = next();
  else if (a === '--jobs') opts.jobs = next();
  else if (a === '--update') opts.update = true;
  else if (a === '--harness') opts.harness = next();
  else if (a === '--json') opts.json = next();
  else fail(`unknown option '${a}'; expected --filter REGEX, --jobs N, --update, --harness DIR or --json FILE.`);
}

const harnessDir = path.resolve(root, opts.harness ?? '../shared/conformance/tfjs-op-tests');
const runner = path.join(harnessDir, 'run.mjs');
if (!existsSync(runner)) {
  fail(`the harness is not at ${runner}; pass --harness DIR or set TFJS_OP_TESTS_DIR to the tfjs-op-tests folder.`);
}
if (!existsSync(path.join(root, 'dist', 'index.js'))) fail('dist/index.js is missing; run `npm run build` first.');
const coreLink = path.join(root, 'node_modules', '@tensorflow', 'tfjs-core');
if (!existsSync(coreLink)) fail('@tensorflow/tfjs-core is not installed (it comes with the @tensorflow/tfjs devDependency).');
// The harness's loader hooks match the tests' own paths, which Node reports after resolving symlinks: pass the
// real path, or a symlinked node_modules makes every file fail to load.
const tfjsCore = realpathSync(coreLink);

const jsonOut = opts.json ?? path.join(mkdtempSync(path.join(tmpdir(), 'tforge-conf-')), 'summary.json');
const harnessArgs = [runner, '.', '--jobs', opts.jobs, '--tfjs-core', tfjsCore, '--exclusions', exclusionsFile, '--json', jsonOut];
if (opts.filter) harnessArgs.push('--filter', opts.filter);
// One kernel thread per worker: the workers already use the cores, and results do not depend on scheduling.
const env = { ...process.env, TENSORFORGE_NUM_THREADS: process.env.TENSORFORGE_NUM_THREADS ?? '1' };
const started = Date.now();
const run = spawnSync(process.execPath, harnessArgs, { cwd: root, env, stdio: ['inherit', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
// The harness closes with a bare `N passed, M failed`, the line CI reads as a test run's verdict; the failures it
// counts are TF.js specs we do not pass yet (the ratchet below is the verdict), so that line is reworded.
process.stdout.write((run.stdout ?? '').replace(/^(\d+) passed, (\d+) failed$/m, 'TF.js op specs: $1 pass, $2 do not pass yet'));
if (run.status !== 0) fail(`the harness exited with status ${run.status ?? run.signal}.`);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const summary = JSON.parse(readFileSync(jsonOut, 'utf8'));

console.log(`\nconformance: ${summary.totals.passed} of ${summary.totals.passed + summary.totals.failed} TF.js specs pass (${summary.totals.failed} do not yet), ${seconds} s`);
for (const [family, c] of Object.entries(familyCounts(summary))) {
  console.log(`  ${family.padEnd(26)} ${String(c.passed).padStart(5)} passed ${String(c.failed).padStart(5)} failed`);
}

if (!existsSync(baselineFile)) {
  if (!opts.update || opts.filter) fail('conformance/baseline.json is missing; create it with a full run and --update.');
  writeFileSync(baselineFile, `${JSON.stringify(makeBaseline(summary), null, 2)}\n`);
  console.log(`conformance: wrote ${path.relative(root, baselineFile)} (${summary.totals.passed} passing).`);
  process.exit(0);
}
const baseline = JSON.parse(readFileSync(baselineFile, 'utf8'));
const ranFiles = opts.filter ? new Set(summary.files.map((f) => f.file)) : null;
const result = compareWithBaseline(baseline, summary, ranFiles);
if (result.lost.length > 0) {
  console.error(`\nconformance: ${result.lost.length} spec(s) passed in the baseline and fail now:`);
  for (const s of result.lost.slice(0, 50)) console.error(`  - ${s}`);
  if (result.lost.length > 50) console.error(`  ... and ${result.lost.length - 50} more`);
}
if (result.totalDropped) console.error(`conformance: the pass count fell from ${baseline.passed} to ${summary.totals.passed}.`);
if (!result.ok) fail('regression against conformance/baseline.json; fix it (or, for a deliberate change, explain it and --update).');

console.log(`conformance: no regressions against the baseline (${baseline.passed} passing); ${result.gained.length} new pass(es).`);

const known = checkKnownFailures(JSON.parse(readFileSync(knownFailuresFile, 'utf8')), summary, ranFiles);
for (const k of known.unlisted) console.error(`  - fails and is not in conformance/known-failures.json: ${k}`);
for (const k of known.nowPassing) console.error(`  - passes now; remove it from conformance/known-failures.json: ${k}`);
if (!known.ok) fail('conformance/known-failures.json must list exactly the specs that fail, each with its reason.');
console.log(`conformance: every spec that does not pass is listed with its reason in conformance/known-failures.json.`);
if (opts.update) {
  if (opts.filter) fail('--update needs a full run (no --filter).');
  writeFileSync(baselineFile, `${JSON.stringify(makeBaseline(summary), null, 2)}\n`);
  console.log(`conformance: baseline updated to ${summary.totals.passed} passing.`);
} else if (result.gained.length > 0 && !opts.filter) {
  console.log('conformance: run `npm run conformance -- --update` to raise the baseline.');
}
