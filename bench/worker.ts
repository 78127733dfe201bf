// One benchmark measurement in its own process: `tsx bench/worker.ts <engine> <workload> <quick> <budget> <dataDir>`.
// Prints one line `@@RESULT {json}` (a Measurement) for bench/run.ts.
import { pathToFileURL } from 'node:url';
import { loadEngine } from './engines.js';
import { GPT_WORKLOADS, type Tforge, gptWorkload } from './gpt-workloads.js';
import { elementwise, predict1, predict256, sgemm } from './micro.js';
import { type Measurement, type RunOptions, Unavailable, trainEpoch } from './workloads.js';

// The training loops of peers leak warnings (e.g. TF.js's "hi there" banner); keep stdout parseable.
process.env['TENSORFORGE_QUIET'] = '1';

/** GPT workloads need Tensorforge's GPTModel; TF.js has no GPT model, and GPT-2 124M on the TS backend takes hours. */
async function measureGPT(engineName: string, workload: string, opts: RunOptions): Promise<Measurement> {
  if (!engineName.startsWith('tforge-')) return { status: 'not available yet', note: `${engineName} has no GPT model` };
  if (engineName === 'tforge-ts' && workload !== 'gpt-char-train') return { status: 'not available yet', note: 'GPT-2 124M on the TS backend is skipped (too slow to measure)' };
  const engine = await loadEngine(engineName);
  const entry = process.env['TFORGE_BENCH_LIBRARY'] ?? new URL('../src/index.ts', import.meta.url).pathname;
  const tf = (await import(pathToFileURL(entry).href)) as Tforge;
  const m = gptWorkload(tf, workload, opts.quick);
  return { ...m, detail: { threads: engine.threads, ...m.detail } };
}

async function measure(engineName: string, workload: string, opts: RunOptions): Promise<Measurement> {
  if (GPT_WORKLOADS.includes(workload)) return measureGPT(engineName, workload, opts);
  const engine = await loadEngine(engineName);
  const base = { threads: engine.threads };
  try {
    let m: Measurement;
    if (workload === 'sgemm') m = sgemm(engine, opts);
    else if (workload === 'elementwise') m = elementwise(engine, opts);
    else if (workload === 'predict1') m = predict1(engine, opts);
    else if (workload === 'predict256') m = predict256(engine, opts);
    else m = await trainEpoch(engine, workload, opts);
    return { ...m, detail: { ...base, ...m.detail } };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (e instanceof Unavailable) return { status: 'not available yet', note: msg };
    // Backends without gradient kernels for some op (TF.js wasm: conv and embedding gradients) cannot train.
    if (/kernel .* not registered|gradient|not implemented|backend 'wasm'/i.test(msg)) return { status: 'cannot train', note: msg.split('\n')[0] ?? msg };
    return { status: 'error', note: msg.split('\n')[0] ?? msg };
  }
}

const [engineName = '', workload = '', quick = '0', budget = '60', dataDir = ''] = process.argv.slice(2);
measure(engineName, workload, { quick: quick === '1', budget: Number(budget), dataDir })
  .catch((e: unknown): Measurement => ({ status: 'error', note: e instanceof Error ? e.message.split('\n')[0] ?? e.message : String(e) }))
  .then((m) => {
    console.log(`@@RESULT ${JSON.stringify(m)}`);
    process.exit(0);
  });
