// GPT benchmarks (issue #16), Tensorforge against PyTorch in the same run: `npx tsx bench/gpt.ts [--quick] [--only w]`.
// The same workloads run inside `npm run bench` (gpt-char-train, gpt2-*, bench/gpt-workloads.ts); this is the standalone form.
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
import { gptWorkload } from './gpt-workloads.js';
import type { Measurement } from './workloads.js';

type Result = Measurement;

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const onlyIdx = process.argv.indexOf('--only');
const only = onlyIdx > 0 ? process.argv[onlyIdx + 1] : undefined;
const WORKLOADS = ['char-train', 'gpt2-prompt', 'gpt2-decode-b1', 'gpt2-decode-b8'].filter((w) => !only || w === only);

function torch(workload: string): Result {
  const res = spawnSync('/usr/bin/python3', [join(here, 'torch_gpt.py'), workload, quick ? '1' : '0'], { encoding: 'utf8', timeout: 900_000 });
  const line = (res.stdout ?? '').split('\n').find((l) => l.startsWith('@@RESULT '));
  if (!line) return { status: 'error', note: (res.stderr ?? '').trim().split('\n').slice(-2).join(' ') || 'no result' };
  return JSON.parse(line.slice('@@RESULT '.length)) as Result;
}

const rows: { workload: string; tensorforge: Result; pytorch: Result }[] = [];
for (const w of WORKLOADS) {
  const ours = gptWorkload(tf, w === 'char-train' ? 'gpt-char-train' : w, quick);
  const theirs = torch(w);
  rows.push({ workload: w, tensorforge: ours, pytorch: theirs });
  const ratio = ours.value && theirs.value ? (ours.lowerIsBetter ? theirs.value / ours.value : ours.value / theirs.value) : NaN;
  console.log(`${w.padEnd(16)} tensorforge ${ours.value?.toFixed(1) ?? ours.status} ${ours.unit ?? ''}  pytorch ${theirs.value?.toFixed(1) ?? `${theirs.status} ${theirs.note ?? ''}`} ${theirs.unit ?? ''}  speed vs pytorch ${Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : '-'}`);
}
mkdirSync(join(here, 'results'), { recursive: true });
const file = join(here, 'results', `gpt-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), quick, cpu: cpus()[0]?.model, cores: cpus().length, backend: tf.getBackend(), rows }, null, 2));
console.log(`wrote ${file}`);
