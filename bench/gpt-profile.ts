// Where a GPT workload's time goes on the native backend: wraps every addon function with a timer, runs the
// workload and prints milliseconds per step by addon function, plus the JavaScript remainder (op dispatch, tape,
// element-wise work done in TS).
// Usage: npx tsx bench/gpt-profile.ts [gpt-char-train|gpt2-prompt|gpt2-decode-b1|gpt2-decode-b8]
import * as tf from '../src/index.js';
import { timeAddon } from './addon-timer.js';
import { gptWorkload } from './gpt-workloads.js';

const workload = process.argv[2] ?? 'gpt-char-train';
const spent = timeAddon();
if (!(await tf.setBackend('native'))) throw new Error("backend 'native' is not available");

const t0 = performance.now();
const m = gptWorkload(tf, workload, true);
const total = performance.now() - t0;
const rows = [...spent.entries()].sort((a, b) => b[1].ms - a[1].ms);
const nativeMs = rows.reduce((a, [, e]) => a + e.ms, 0);
console.log(`${workload}: ${m.value?.toFixed(1)} ${m.unit} (wall ${(total / 1000).toFixed(1)} s, set-up and warm-up included below)`);
for (const [name, e] of rows.slice(0, 15)) {
  console.log(`${name.padEnd(24)} ${(e.ms / 1000).toFixed(2).padStart(8)} s  ${((100 * e.ms) / total).toFixed(1).padStart(5)} %  ${e.calls} calls`);
}
console.log(`native total ${((nativeMs / total) * 100).toFixed(1)} %, JavaScript and allocation ${((1 - nativeMs / total) * 100).toFixed(1)} %`);
