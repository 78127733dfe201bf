// Element-wise, comparison, cast and select parity. The binary, unary and comparison cases are generated from
// the addon's own op list (native/src/ops.def), so an op added there is tested here without an edit; the cases
// after them aim at known traps (exp's range ends, tanh's polynomial switch).
import * as tf from '../../../src/index.js';
import { native } from '../../../src/backends/native/index.js';
import { listOps, run1 } from '../../../src/tensor/engine.js';
import { nativeDescribe, parity, rnd } from '../parity.js';

const list = native?.ops();
const byName = new Map(listOps().map((op) => [op.name, op]));

/** Runs the declaration named `name` (the addon's name for it) on `inputs`. */
function runNamed(name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, number> = {}): tf.Tensor {
  const op = byName.get(name);
  if (!op) throw new Error(`the addon lists '${name}', which no op declaration has`);
  return run1(op, inputs, attrs);
}

const pairs: [number[], number[]][] = [
  [[], []], [[0], [0]], [[1], [1]], [[37], [37]], [[5, 33], [33]], [[5, 33], [5, 1]], [[33], []], [[], [7, 3]],
  [[4, 1, 6], [1, 5, 1]], [[2, 3, 4, 5], [3, 1, 5]], [[3, 1], [1, 1]], [[2, 0, 3], [3]],
  // Nine dimensions that do not merge: the native kernel hands this one to the reference kernel.
  [[2, 1, 2, 1, 2, 1, 2, 1, 2], [1, 2, 1, 2, 1, 2, 1, 2, 1]],
];

// Inputs of every unary op: plain normals (NaN/Inf planted), a wide range (overflow, saturation) and positives
// (the domains of log, sqrt, rsqrt).
const unaryInputs: [string, (seed: number) => tf.Tensor][] = [
  ...[0, 1, 17, 1000].map((n): [string, (seed: number) => tf.Tensor] => [`${n} normals with NaN/Inf`, (s) => rnd([n], s, { scale: 3, specials: true })]),
  ['1000 values in +-100', (s) => rnd([1000], s, { scale: 30, specials: true })],
  ['1000 positive values', (s) => tf.add(tf.abs(rnd([1000], s, { scale: 4 })), 1e-3)],
];
// Parameters (for ClipByValue: min, max), in the order the addon lists their attrs.
const PARAMS = [-0.5, 0.75];

nativeDescribe('native element-wise parity (generated from the addon op list)', () => {
  (list?.binary ?? []).forEach((name, k) => {
    pairs.forEach(([sa, sb], i) => {
      parity(`${name} [${sa.join(',')}] with [${sb.join(',')}]`, [name], () =>
        runNamed(name, { a: rnd(sa, 100 * k + i, { specials: true }), b: rnd(sb, 100 * k + i + 50) }));
    });
  });
  (list?.unary ?? []).forEach(([name, ...params], k) => {
    const attrs: Record<string, number> = {};
    params.forEach((p, i) => {
      if (p) attrs[p] = PARAMS[i] ?? 0;
    });
    for (const [label, input] of unaryInputs) parity(`${name} on ${label}`, [name], () => runNamed(name, { x: input(7 * k + 1) }, attrs));
  });
  (list?.compare ?? []).forEach((name, k) => {
    const shapes: [number[], number[]][] = [[[0], [0]], [[1], []], [[37], [37]], [[5, 33], [33]], [[4, 1, 6], [1, 5, 1]]];
    for (const [sa, sb] of shapes) {
      // Rounded values make ties (equal elements) common.
      parity(`${name} [${sa.join(',')}] with [${sb.join(',')}]`, [name], () =>
        runNamed(name, { a: tf.round(rnd(sa, k, { specials: true, scale: 2 })), b: tf.round(rnd(sb, k + 9, { scale: 2 })) }));
    }
  });
  parity('exp over the whole float range (overflow, underflow, subnormals)', ['Exp'], () =>
    tf.exp(tf.tensor([-200, -104, -103.9, -100, -90, -87.4, -87.3, -20, -1e-7, 0, 1e-7, 1, 20, 88, 88.72, 88.73, 100], undefined, 'float32')));
  parity('tanh near 0, the 0.625 switch and saturation', ['Tanh'], () =>
    tf.tanh(tf.tensor([-20, -9, -0.7, -0.625, -0.6249, -1e-3, -1e-30, 0, 1e-30, 1e-3, 0.6249, 0.625, 0.7, 9, 20], undefined, 'float32')));
  parity('elu near 0 (expm1, not exp - 1)', ['Elu'], () => tf.elu(tf.tensor([-1e-7, -1e-4, -3e-3, 0, 1e-7], undefined, 'float32')), 1e-9);
  parity('cast bool to float32, int32 to float32 and float32 to bool', ['Cast'], () => {
    const x = rnd([67], 4, { specials: true });
    return [tf.cast(tf.greater(x, 0), 'float32'), tf.cast(tf.tensor([-3, 0, 7, 2147483647], [4], 'int32'), 'float32'), tf.cast(tf.cast(x, 'bool'), 'float32')];
  });
  parity('where on equal shapes (the elu gradient)', ['Select'], () => {
    const x = rnd([5, 13], 6, { specials: true });
    return tf.where(tf.greater(x, 0), x, rnd([5, 13], 7));
  });
});
