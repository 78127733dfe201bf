// Load test of the model server on 127.0.0.1: a bounded, fetch-based closed-loop generator (C connections, each
// sending its next request when the previous answer arrives) against `tforge serve`, reporting throughput, latency
// percentiles and failures. Exits 1 on any failed request.
//
//   npx tsx bench/serve-load.ts [--model models/mnist] [--connections 16] [--seconds 10] [--protocol v1|v2] [--rows 1]
//
// Without --model it trains a small MNIST MLP (3000 examples, 1 epoch) into a temporary folder first.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import '../src/index.js';
import { runServe } from '../src/cli/registry-commands.js';
import { runTrain } from '../src/cli/train.js';
import { loadMnistDir } from '../src/cli/workloads.js';
import { datasetsDir } from '../test/helpers/paths.js';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string' },
    connections: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '10' },
    protocol: { type: 'string', default: 'v1' },
    rows: { type: 'string', default: '1' },
    'batch-delay-ms': { type: 'string', default: '2' },
  },
});
const connections = Number(args.connections);
const seconds = Number(args.seconds);
const rows = Number(args.rows);
const quiet = { write: () => true };

let modelDir = args.model;
if (!modelDir) {
  const dir = mkdtempSync(join(tmpdir(), 'tforge-load-'));
  const spec = join(dir, 'mnist.json');
  writeFileSync(spec, JSON.stringify({ workload: 'mnist-mlp', dataDir: join(datasetsDir, 'mnist'), trainLimit: 3000, testLimit: 500 }));
  console.log('training a small MNIST MLP for the load test...');
  modelDir = (await runTrain(spec, { epochs: 1, seed: 1, out: join(dir, 'mnist') }, quiet)).out;
}

const server = await runServe(modelDir, { port: 0, host: '127.0.0.1', maxBatchDelayMs: Number(args['batch-delay-ms']) }, quiet);
const name = server.host.registry.name;
const { test } = await loadMnistDir(join(datasetsDir, 'mnist'), { testLimit: 64 });
const images = Array.from({ length: 64 }, (_, i) => Array.from(test.x.values.subarray(i * 784, (i + 1) * 784), (v) => Math.round(v * 1000) / 1000));
const bodies = images.map((_, i) => {
  const batch = Array.from({ length: rows }, (_, r) => images[(i + r) % images.length] as number[]);
  return JSON.stringify(
    args.protocol === 'v2'
      ? { id: `load-${i}`, inputs: [{ name: server.host.current.servable.input.name, shape: [rows, 28, 28], datatype: 'FP32', data: batch.flat() }] }
      : { instances: batch },
  );
});
const url = args.protocol === 'v2' ? `${server.url}/v2/models/${name}/infer` : `${server.url}/v1/models/${name}:predict`;

const latencies: number[] = [];
let failures = 0;
const errors = new Map<string, number>();
const deadline = performance.now() + seconds * 1000;
let next = 0;

async function worker(): Promise<void> {
  while (performance.now() < deadline) {
    const body = bodies[next++ % bodies.length] as string;
    const t0 = performance.now();
    try {
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const text = await r.text();
      if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${text.slice(0, 80)}`);
      latencies.push(performance.now() - t0);
    } catch (e) {
      failures++;
      const key = (e as Error).message;
      errors.set(key, (errors.get(key) ?? 0) + 1);
    }
  }
}

const batchesBefore = server.host.current.batcher.batchesRun;
const start = performance.now();
await Promise.all(Array.from({ length: connections }, worker));
const elapsed = (performance.now() - start) / 1000;
const batches = server.host.current.batcher.batchesRun - batchesBefore;
await server.close();

latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
const result = {
  protocol: args.protocol,
  connections,
  seconds: Number(elapsed.toFixed(2)),
  rowsPerRequest: rows,
  requests: latencies.length,
  failed: failures,
  requestsPerSecond: Number((latencies.length / elapsed).toFixed(1)),
  examplesPerSecond: Number(((latencies.length * rows) / elapsed).toFixed(1)),
  latencyMs: { p50: Number(pct(50).toFixed(2)), p90: Number(pct(90).toFixed(2)), p99: Number(pct(99).toFixed(2)), max: Number((latencies[latencies.length - 1] ?? NaN).toFixed(2)) },
  meanRowsPerPredict: Number(((latencies.length * rows) / Math.max(batches, 1)).toFixed(2)),
  errors: Object.fromEntries(errors),
};
console.log(JSON.stringify(result, null, 2));
mkdirSync(join('bench', 'results'), { recursive: true });
writeFileSync(join('bench', 'results', `serve-load-${args.protocol}.json`), JSON.stringify(result, null, 2));
process.exit(failures > 0 ? 1 : 0);
