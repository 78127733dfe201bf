// Every differentiable op is checked against central finite differences in float64. Cases live in
// test/grad-cases/*.ts (each exports `cases: GradCases`); this suite loads them all, so a new op file only adds
// a case file, and the last test fails for any op with a gradient rule but no case.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import * as tf from '../src/index.js';
import { Tape, listOps, withTape } from '../src/tensor/engine.js';
import { expectGradClose } from './helpers/grad-check.js';
import type { GradCases } from './grad-cases/types.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'grad-cases');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'types.ts' && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
  .sort();

const all: GradCases = {};
for (const file of files) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { cases?: GradCases };
  if (!mod.cases) throw new Error(`test/grad-cases/${file} must export 'cases: GradCases'.`);
  for (const [op, list] of Object.entries(mod.cases)) all[op] = [...(all[op] ?? []), ...list];
}

const f64 = (t: tf.Tensor): tf.Tensor => (t.dtype === 'float32' ? tf.cast(t, 'float64') : t);
const opNames = new Set(listOps().map((op) => op.name));

/** Names of the ops `f` runs on its inputs (so a case keyed 'Maximum' must really reach Maximum). */
function opsRun(f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[]): Set<string> {
  const tape = new Tape();
  for (const x of inputs) tape.watch(x);
  withTape(tape, () => f(...inputs));
  return new Set(tape.nodes.map((n) => n.op.name));
}

describe('op gradients match central finite differences (float64)', () => {
  for (const [op, list] of Object.entries(all)) {
    list.forEach((c, i) => {
      test(`${op}${c.label ? ` (${c.label})` : list.length > 1 ? ` #${i}` : ''}`, () => {
        const inputs = c.inputs.map(f64);
        if (opNames.has(op)) expect([...opsRun(c.f, inputs)], `case for '${op}' must run ${op}`).toContain(op);
        const value = c.f(...inputs);
        expect(value.size, `case for '${op}' must return a scalar`).toBe(1);
        const opts: { eps?: number; tol?: number } = {};
        if (c.eps !== undefined) opts.eps = c.eps;
        if (c.tol !== undefined) opts.tol = c.tol;
        expectGradClose(c.f, inputs, opts);
      });
    });
  }
});

test('every differentiable op has a gradient case (so a new op cannot skip it)', () => {
  const missing = listOps()
    .filter((op) => op.grad !== null && !(op.name in all))
    .map((op) => op.name)
    .sort();
  expect(missing, `add cases to a file in test/grad-cases for: ${missing.join(', ')}`).toEqual([]);
});

test('the harness rejects a gradient that is off by 0.1% (so a passing case means something)', () => {
  const x = tf.tensor([0.3, -1.2, 0.8], [3], 'float64');
  const wrong = tf.customGrad((t) => ({ value: (t as tf.Tensor).exp(), gradFunc: (dy) => [dy.mul((t as tf.Tensor).exp()).mul(1.001)] }));
  expect(() => expectGradClose((t) => wrong(t).sum(), [x])).toThrow(/element \d: got/);
  const right = tf.customGrad((t) => ({ value: (t as tf.Tensor).exp(), gradFunc: (dy) => [dy.mul((t as tf.Tensor).exp())] }));
  expectGradClose((t) => right(t).sum(), [x]);
});
