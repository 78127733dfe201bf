// Where a GPT workload's time goes on the native backend: wraps every addon function with a timer, runs the
// workload and prints milliseconds per step by addon function, plus the JavaScript remainder (op dispatch, tape,
// element-wise work done in TS).
// Usage: npx tsx bench/gpt-profile.ts [gpt-char-train|gpt2-prompt|gpt2-decode-b1|gpt2-decode-b8]
import { native } from '../src/backends/native/addon.js';
import * as tf from '../src/index.js';
import { gptWorkload } from './gpt-workloads.js';

const workload = process.argv[2] ?? 'gpt-char-train';
if (!native) throw new Error('native addon not built: run npm run build:native');
if (!(await tf.setBackend('native'))) throw new Error("backend 'native' is not available");
const addon: object = native;
const spent = new Map<string, { ms: number; calls: number }>();
for (const name of Object.keys(addon)) {
  const fn: unknown = Reflect.get(addon, name);
  if (typeof fn !== 'function' || name === 'info') continue;
  Reflect.set(addon, name, (...args: unknown[]): unknown => {
    const t0 = performance.now();
    const r: unknown = Reflect.apply(fn, addon, args);
    const e = spent.get(name) ?? { ms: 0, calls: 0 };
    e.ms += performance.now() - t0;
    e.calls += 1;
    spent.set(name, e);
    return r;
  });
}

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
