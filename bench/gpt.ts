// GPT benchmarks (issue #16), Tensorforge against PyTorch in the same run: `npx tsx bench/gpt.ts [--quick] [--only w]`.
// Workloads (bench/torch_gpt.py mirrors each one):
//   char-train      nanoGPT's CPU char config, one AdamW step with global-norm clipping (ms/iter, lower is better)
//   gpt2-prompt     GPT-2 124M with random weights, forward over a 128-token prompt (tokens/s)
//   gpt2-decode-b1  128 new tokens (32 with --quick) with the KV cache after a 16-token prompt, batch 1 (tokens/s)
//   gpt2-decode-b8  the same with batch 8 (tokens/s)
// Prints a table and writes bench/results/gpt-<timestamp>.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '../src/index.js';
import { Random } from '../src/core/random.js';

interface Result { status: string; value?: number; unit?: string; lowerIsBetter?: boolean; note?: string }

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const onlyIdx = process.argv.indexOf('--only');
const only = onlyIdx > 0 ? process.argv[onlyIdx + 1] : undefined;
const WORKLOADS = ['char-train', 'gpt2-prompt', 'gpt2-decode-b1', 'gpt2-decode-b8'].filter((w) => !only || w === only);

function randIds(b: number, t: number, v: number, seed: number): tf.Tensor {
  const r = new Random(seed);
  return new tf.Tensor(Int32Array.from({ length: b * t }, () => r.int(v)), [b, t], 'int32');
}

function charTrain(): Result {
  const model = new tf.GPTModel({ vocabSize: 65, contextLength: 64, numLayers: 4, numHeads: 4, hiddenDim: 128, seed: 0 });
  const opt = tf.train.adamw(1e-3, 0.1, 0.9, 0.99, 1e-8, { globalClipnorm: 1 });
  const x = randIds(12, 64, 65, 1), y = randIds(12, 64, 65, 2);
  const vars = model.trainableWeights;
  const step = (): void => {
    opt.minimize(() => tf.mean(tf.sparseSoftmaxCrossEntropyWithLogits(y, model.forward(x, { training: true }).logits)), false, vars);
  };
  for (let i = 0; i < 3; i++) step();
  const n = quick ? 10 : 30;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) step();
  return { status: 'ok', value: (performance.now() - t0) / n, unit: 'ms/iter', lowerIsBetter: true };
}

function gpt2(workload: string): Result {
  const model = new tf.GPTModel('gpt2', { seed: 0 });
  if (workload === 'gpt2-prompt') {
    const ids = randIds(1, 128, 50257, 3);
    model.forward(ids);
    const reps = quick ? 2 : 3;
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) model.forward(ids);
    return { status: 'ok', value: (128 * reps) / ((performance.now() - t0) / 1000), unit: 'tokens/s' };
  }
  const b = workload === 'gpt2-decode-b1' ? 1 : 8;
  const n = quick ? 32 : 128;
  const prompts = Array.from({ length: b }, (_, i) => Array.from(randIds(1, 16, 50257, 10 + i).values));
  const t0 = performance.now();
  model.generate(prompts, { maxNewTokens: n });
  return { status: 'ok', value: (b * n) / ((performance.now() - t0) / 1000), unit: 'tokens/s' };
}

function torch(workload: string): Result {
  const res = spawnSync('/usr/bin/python3', [join(here, 'torch_gpt.py'), workload, quick ? '1' : '0'], { encoding: 'utf8', timeout: 900_000 });
  const line = (res.stdout ?? '').split('\n').find((l) => l.startsWith('@@RESULT '));
  if (!line) return { status: 'error', note: (res.stderr ?? '').trim().split('\n').slice(-2).join(' ') || 'no result' };
  return JSON.parse(line.slice('@@RESULT '.length)) as Result;
}

const rows: { workload: string; tensorforge: Result; pytorch: Result }[] = [];
for (const w of WORKLOADS) {
  const ours = w === 'char-train' ? charTrain() : gpt2(w);
  const theirs = torch(w);
  rows.push({ workload: w, tensorforge: ours, pytorch: theirs });
  const ratio = ours.value && theirs.value ? (ours.lowerIsBetter ? theirs.value / ours.value : ours.value / theirs.value) : NaN;
  console.log(`${w.padEnd(16)} tensorforge ${ours.value?.toFixed(1) ?? ours.status} ${ours.unit ?? ''}  pytorch ${theirs.value?.toFixed(1) ?? `${theirs.status} ${theirs.note ?? ''}`} ${theirs.unit ?? ''}  speed vs pytorch ${Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : '-'}`);
}
mkdirSync(join(here, 'results'), { recursive: true });
const file = join(here, 'results', `gpt-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), quick, cpu: cpus()[0]?.model, cores: cpus().length, backend: tf.getBackend(), rows }, null, 2));
console.log(`wrote ${file}`);
