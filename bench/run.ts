// `npm run bench [-- --only mlp,sgemm --engines tforge-native,torch --quick --budget 60]`
// Runs every (workload, engine) pair in its own process, prints a table of results and the ratio of
// Tensorforge (native) to each peer, and writes bench/results/bench-<timestamp>.json with the CPU model and
// thread count. Peers that are not installed, or cannot train a workload, are reported instead of failing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { prepareData } from './data.js';
import { mpirunArgs } from '../src/cli/workers.js';
import { GPT_WORKLOADS } from './gpt-workloads.js';
import { checkTargets, formatTable, formatTargets, type Row } from './report.js';
import type { Measurement } from './workloads.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

/** Workloads in run order: kernel-level and inference first, then training. */
export const WORKLOADS = ['sgemm', 'bf16-gemm', 'elementwise', 'predict1', 'predict256', 'mlp', 'cnn-small', 'cnn', 'lstm', 'cnn-dp1', 'cnn-dp2', ...GPT_WORKLOADS];
/** Data-parallel workloads (issue #19): the cnn-small epoch on N ranks, one thread each, against PyTorch DDP (Gloo). */
const DP_RANKS: Record<string, number> = { 'cnn-dp1': 1, 'cnn-dp2': 2 };
/** Engines: Tensorforge's two backends, then the peers. */
export const ENGINES = ['tforge-native', 'tforge-ts', 'tfjs-cpu', 'tfjs-wasm', 'torch'];
const PYTHON = '/usr/bin/python3';

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
}

function cpuFlags(): string {
  try {
    const flags = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('flags'))?.split(':')[1]?.trim().split(/\s+/) ?? [];
    return ['avx512f', 'avx2', 'fma'].filter((f) => flags.includes(f)).join(' ');
  } catch {
    return '';
  }
}

/** The command of one (engine, workload) pair, or a Measurement saying why it does not apply. */
function commandFor(engine: string, workload: string, quick: boolean, budget: number, dataDir: string): { cmd: string; argv: string[]; env?: Record<string, string> } | Measurement {
  const q = quick ? '1' : '0';
  const isTorch = engine === 'torch';
  if (isTorch && !existsSync(PYTHON)) return { status: 'error', note: `${PYTHON} not found (the PyTorch peer is skipped)` };
  const ranks = DP_RANKS[workload];
  if (ranks !== undefined || workload === 'bf16-gemm') {
    if (engine !== 'tforge-native' && !isTorch) return { status: 'not available yet', note: `${workload} runs on tforge-native and torch only` };
    if (workload === 'bf16-gemm') {
      return isTorch ? { cmd: PYTHON, argv: [join(here, 'torch_worker.py'), workload, q, String(budget), dataDir] } : { cmd: process.execPath, argv: ['--import', 'tsx', join(here, 'bf16-gemm.ts'), q] };
    }
    if (isTorch) return { cmd: PYTHON, argv: [join(here, 'torch_ddp.py'), String(ranks), q, String(budget), dataDir] };
    const rank = [process.execPath, '--import', 'tsx', join(here, 'dp-epoch.ts'), q, String(budget), dataDir];
    const env = { TENSORFORGE_NUM_THREADS: '1' };
    if (ranks === 1) return { cmd: rank[0] as string, argv: rank.slice(1), env };
    const mpi = spawnSync('mpirun', ['--version'], { encoding: 'utf8' });
    if (mpi.error || mpi.status !== 0) return { status: 'not available yet', note: 'mpirun not installed (apt-get install libopenmpi-dev openmpi-bin)' };
    return { cmd: 'mpirun', argv: mpirunArgs(ranks ?? 2, rank), env };
  }
  const args = [workload, q, String(budget), dataDir];
  const torchScript = GPT_WORKLOADS.includes(workload) ? 'torch_gpt.py' : 'torch_worker.py';
  if (isTorch) return { cmd: PYTHON, argv: [join(here, torchScript), ...args] };
  return { cmd: process.execPath, argv: ['--import', 'tsx', join(here, 'worker.ts'), engine, ...args] };
}

function runOne(engine: string, workload: string, quick: boolean, budget: number, dataDir: string): Measurement {
  const c = commandFor(engine, workload, quick, budget, dataDir);
  if ('status' in c) return c;
  const { cmd, argv } = c;
  const res = spawnSync(cmd, argv, {
    cwd: root, encoding: 'utf8', timeout: (2 * budget + 300) * 1000, maxBuffer: 64 * 1024 * 1024,
    // OpenMP threads that busy-wait are pathological when the machine is shared (PyTorch's MLP epoch took 20x
    // longer here with the default policy), so the peer gets the passive policy; Tensorforge's pool yields.
    env: { ...process.env, ...c.env, TFORGE_BENCH_LIBRARY: libraryEntry, TENSORFORGE_QUIET: '1', TF_CPP_MIN_LOG_LEVEL: '3', OMP_WAIT_POLICY: process.env['OMP_WAIT_POLICY'] ?? 'PASSIVE' },
  });
  if (res.error) return { status: 'error', note: res.error.message.includes('ETIMEDOUT') ? 'timed out' : res.error.message };
  const line = `${res.stdout ?? ''}`.split('\n').find((l) => l.startsWith('@@RESULT '));
  if (!line) return { status: 'error', note: `no result (exit ${res.status}): ${(res.stderr ?? '').trim().split('\n').slice(-1)[0] ?? ''}` };
  return JSON.parse(line.slice('@@RESULT '.length)) as Measurement;
}

/** The best of repeated measurements (lowest time or highest throughput), with every value kept in the detail. */
function best(ms: Measurement[]): Measurement {
  const ok = ms.filter((m) => m.status === 'ok' && m.value !== undefined);
  if (ok.length === 0) return ms[ms.length - 1] ?? { status: 'error', note: 'not run' };
  const pick = ok.reduce((a, b) => ((a.lowerIsBetter ? (b.value ?? 0) < (a.value ?? 0) : (b.value ?? 0) > (a.value ?? 0)) ? b : a));
  return ms.length > 1 ? { ...pick, detail: { ...pick.detail, runs: ok.map((m) => (m.value ?? NaN).toPrecision(4)).join(' ') } } : pick;
}

// What users run is the compiled library (dist/, from `npm install`), so that is what the JavaScript engines measure.
// Running src/ through tsx costs extra per call (its loader wraps every function declared inside a function with a
// name-keeping helper), which would charge Tensorforge for the benchmark's own tooling.
let libraryEntry = join(root, 'src', 'index.ts');

function buildLibrary(): string {
  const t0 = Date.now();
  const res = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], {
    cwd: root, encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`bench: compiling the library failed (npm run build shows why):\n${res.stdout}${res.stderr}`);
  libraryEntry = join(root, 'dist', 'index.js');
  return `dist/ (compiled in ${((Date.now() - t0) / 1000).toFixed(0)} s)`;
}

async function main(): Promise<void> {
  const program = new Command()
    .option('--only <workloads>', `comma-separated workloads (${WORKLOADS.join(', ')})`)
    .option('--engines <engines>', `comma-separated engines (${ENGINES.join(', ')})`)
    .option('--quick', 'short measurements; training epochs are extrapolated from at most ~15 s of training', false)
    .option('--budget <seconds>', 'training seconds per process before the epoch time is extrapolated', '120')
    .option('--out <file>', 'JSON output file (default bench/results/bench-<timestamp>.json)')
    .option('--repeat <n>', 'runs of every pair, interleaved; the best is reported (shared machines are noisy)', '1')
    .option('--reuse <file>', 'earlier results JSON: its rows fill the table for engines not run now (e.g. slow peers)')
    .option('--no-build', 'measure the TypeScript sources through tsx instead of compiling dist/ first');
  program.parse(process.argv);
  const o = program.opts<{ only?: string; engines?: string; quick: boolean; budget: string; out?: string; reuse?: string; repeat: string; build: boolean }>();
  const repeat = Math.max(1, Number(o.repeat) || 1);
  const workloads = o.only ? o.only.split(',').map((s) => s.trim()) : WORKLOADS;
  const engines = o.engines ? o.engines.split(',').map((s) => s.trim()) : ENGINES;
  for (const w of workloads) if (!WORKLOADS.includes(w)) throw new Error(`bench: unknown workload '${w}'; choose from ${WORKLOADS.join(', ')}.`);
  for (const e of engines) if (!ENGINES.includes(e)) throw new Error(`bench: unknown engine '${e}'; choose from ${ENGINES.join(', ')}.`);
  const budget = Number(o.budget);
  const dataDir = join(tmpdir(), 'tensorforge-bench-data');
  prepareData(dataDir);
  const library = o.build ? buildLibrary() : 'src (through tsx)';

  const machine = { cpu: cpuModel(), flags: cpuFlags(), logicalCpus: cpus().length, loadAverageAtStart: loadavg()[0] ?? 0, node: process.version };
  console.log(`Tensorforge benchmarks on ${machine.cpu} (${machine.flags}; ${machine.logicalCpus} logical CPUs, load ${machine.loadAverageAtStart.toFixed(1)}); library: ${library}`);
  const runs = new Map<string, Measurement[]>();
  for (let round = 1; round <= repeat; round++) {
    for (const workload of workloads) {
      for (const engine of engines) {
        const t0 = Date.now();
        const m = runOne(engine, workload, o.quick, budget, dataDir);
        const key = `${workload}\u0000${engine}`;
        runs.set(key, [...(runs.get(key) ?? []), m]);
        const shown = m.status === 'ok' ? `${(m.value ?? NaN).toPrecision(4)} ${m.unit ?? ''}` : `${m.status}${m.note ? ` (${m.note})` : ''}`;
        const tag = repeat > 1 ? ` #${round}` : '';
        console.log(`  ${workload.padEnd(12)} ${engine.padEnd(14)} ${shown}  [${((Date.now() - t0) / 1000).toFixed(0)} s]${tag}`);
      }
    }
  }
  const rows: Row[] = [];
  for (const workload of workloads) {
    for (const engine of engines) rows.push({ workload, engine, ...best(runs.get(`${workload}\u0000${engine}`) ?? []) });
  }
  let shownEngines = engines;
  if (o.reuse) {
    const earlier = (JSON.parse(readFileSync(o.reuse, 'utf8')) as { results: Row[] }).results;
    for (const r of earlier) {
      if (!workloads.includes(r.workload) || engines.includes(r.engine)) continue;
      rows.push({ ...r, note: `${r.note ? `${r.note}; ` : ''}reused from ${o.reuse}` });
    }
    shownEngines = ENGINES.filter((e) => engines.includes(e) || rows.some((r) => r.engine === e));
  }
  console.log('');
  console.log(formatTable(rows, workloads, shownEngines));
  const targets = checkTargets(rows, workloads);
  console.log(`\n${formatTargets(targets)}`);
  const out = o.out ?? join(root, 'bench', 'results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), machine, library, quick: o.quick, budget, repeat, results: rows, targets }, null, 2)}\n`);
  console.log(`\nwrote ${out}`);
}

await main();
