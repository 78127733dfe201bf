// Ops flagged `fullyWrites` get outputs that are not zero-filled (src/tensor/engine.ts), so every kernel of such an
// op must write every output element. This suite records each call of those ops while the gradient cases run
// (forward and backward) through a recording backend, then replays every call on each backend into outputs
// pre-filled with NaN: an element a kernel skips stays NaN and fails the comparison with a zero-filled run.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import * as tf from '../src/index.js';
import { type TensorData, findKernel, getBackend, registerBackend, registerKernel, setBackendSync } from '../src/core/kernel-registry.js';
import { native } from '../src/backends/native/index.js';
import { type OutputSpec, listOps } from '../src/tensor/engine.js';
import { Tensor } from '../src/tensor/tensor.js';
import type { GradCases } from './grad-cases/types.js';

interface Call {
  op: string;
  inputs: Record<string, Tensor>;
  attrs: unknown;
  specs: OutputSpec[];
}

const flagged = listOps().filter((op) => op.fullyWrites === true);
const calls = new Map<string, Call[]>(flagged.map((op) => [op.name, []]));

registerBackend({ name: 'record-fully-writes', priority: -1 });
for (const op of flagged) {
  registerKernel(op, 'record-fully-writes', (inputs, attrs, outputs) => {
    const copy: Record<string, Tensor> = {};
    for (const [k, v] of Object.entries(inputs)) copy[k] = new Tensor(v.values.slice(), v.shape, v.dtype);
    calls.get(op.name)?.push({ op: op.name, inputs: copy, attrs, specs: outputs.map((o) => ({ shape: [...o.shape], dtype: o.dtype })) });
    const ts = findKernel(op.name, 'ts', inputs, attrs);
    if (!ts) throw new Error(`${op.name} has no ts kernel`);
    ts(inputs, attrs, outputs);
  });
}

// Run every gradient case (value and gradient, in float32 so native kernels accept the recorded inputs).
const dir = join(dirname(fileURLToPath(import.meta.url)), 'grad-cases');
const before = getBackend();
setBackendSync('record-fully-writes');
try {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'types.ts').sort()) {
    const { cases } = (await import(pathToFileURL(join(dir, file)).href)) as { cases: GradCases };
    for (const list of Object.values(cases)) {
      for (const c of list) {
        const inputs = c.inputs.map((x) => (x.dtype === 'float64' ? tf.cast(x, 'float32') : x));
        const floats = inputs.map((x, i) => (x.dtype === 'float32' ? i : -1)).filter((i) => i >= 0);
        const f = (...xs: Tensor[]): Tensor => c.f(...inputs.map((x, i) => (floats.includes(i) ? (xs[floats.indexOf(i)] as Tensor) : x)));
        tf.grads(f)(floats.map((i) => inputs[i] as Tensor));
      }
    }
  }
  // Shapes the cases lack: an empty batch, windows that leave the last row and column uncovered, and layers big
  // enough for the native kernels' threaded paths.
  const r = (shape: number[], seed: number) => tf.randomUniform(shape, -1, 1, 'float32', seed);
  const cnn = (x: Tensor, w: Tensor): Tensor => tf.sum(tf.mul(tf.maxPool(tf.relu(tf.conv2d(x, w, 1, 'valid')), 2, 2, 'valid'), 0.5));
  tf.grads(cnn)([r([0, 6, 6, 2], 1), r([3, 3, 2, 4], 2)]);
  tf.grads(cnn)([r([2, 8, 8, 1], 3), r([3, 3, 1, 3], 4)]);
  tf.grads(cnn)([r([8, 28, 28, 1], 5), r([3, 3, 1, 32], 6)]);
  tf.grads((x: Tensor) => tf.sum(tf.avgPool(x, 2, 2, 'valid')))([r([1, 5, 5, 3], 7)]);
  tf.grads((a: Tensor, b: Tensor) => tf.sum(tf.matMul(a, b)))([r([300, 70], 8), r([70, 200], 9)]);
} finally {
  setBackendSync(before);
}

function run(backend: string, call: Call, fill: number): Tensor[] {
  const outputs = call.specs.map((s) => {
    const t = Tensor.empty(s.shape, s.dtype);
    t.values.fill(fill);
    return t;
  });
  const kernel = findKernel(call.op, backend, call.inputs as Record<string, TensorData>, call.attrs);
  if (!kernel) throw new Error(`${call.op} has no kernel on ${backend}`);
  kernel(call.inputs, call.attrs, outputs);
  return outputs;
}

const backends = ['ts', ...(native ? ['native'] : [])];

describe('kernels of ops flagged fullyWrites write every output element', () => {
  test('the gradient cases reach every flagged op', () => {
    const unreached = [...calls].filter(([, list]) => list.length === 0).map(([name]) => name);
    expect(unreached, 'add a gradient case that runs these ops').toEqual([]);
  });
  for (const [name, list] of calls) {
    for (const backend of backends) {
      test(`${name} on ${backend} (${list.length} recorded calls)`, () => {
        for (const call of list) {
          const zero = run(backend, call, 0);
          const nan = run(backend, call, NaN);
          nan.forEach((o, i) => expect(Array.from(o.values)).toEqual(Array.from((zero[i] as Tensor).values)));
        }
      });
    }
  }
});
