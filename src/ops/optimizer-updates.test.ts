import { describe, expect, test } from 'vitest';
import * as tf from '../index.js';
import { runOpInto } from '../tensor/engine.js';
import { AddOp } from './arithmetic.js';
import { AdamUpdateOp, RMSPropUpdateOp, SGDUpdateOp, applyUpdate, applyUpdateInPlace } from './optimizer-updates.js';

const adamAttrs = { lr: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, step: 1, weightDecay: 0 };

describe('applyUpdateInPlace', () => {
  test('writes the Adam step into the variable and slot buffers and matches applyUpdate', () => {
    const w = tf.variable(tf.tensor([1, -2, 3], [3], 'float64'));
    const m = tf.tensor([0.1, 0, -0.1], [3], 'float64');
    const v = tf.tensor([0.01, 0, 0.02], [3], 'float64');
    const g = tf.tensor([0.5, -1, 2], [3], 'float64');
    const want = applyUpdate(AdamUpdateOp, { param: w, grad: g, m, v }, adamAttrs).map((t) => Array.from(t.dataSync()));
    const buffers = [w.values, m.values, v.values];
    const out = applyUpdateInPlace(AdamUpdateOp, { param: w, grad: g, m, v }, adamAttrs);
    expect(out[0]).toBe(w);
    expect(out[1]).toBe(m);
    expect(out[2]).toBe(v);
    expect([w.values, m.values, v.values]).toEqual(buffers);
    expect(buffers[0]).toBe(w.values);
    out.forEach((t, i) => expect(Array.from(t.dataSync())).toEqual(want[i]));
    // Hand check of the first element: m = 0.1 + (0.5 - 0.1) * 0.1, v = 0.01 + (0.25 - 0.01) * 0.001.
    const mNew = 0.14, vNew = 0.01024;
    const alpha = (0.1 * Math.sqrt(1 - 0.999)) / (1 - 0.9);
    expect(w.dataSync()[0]).toBeCloseTo(1 - (alpha * mNew) / (Math.sqrt(vNew) + 1e-7), 12);
  });

  test('a tensor passed for two slots keeps the first output (RMSProp without centering)', () => {
    const attrs = { lr: 0.01, rho: 0.9, momentum: 0.5, epsilon: 1e-7, centered: false };
    const make = () => ({ w: tf.variable(tf.tensor([1, 2], [2], 'float64')), ms: tf.tensor([0.2, 0.1], [2], 'float64'), mom: tf.tensor([0.3, -0.3], [2], 'float64') });
    const g = tf.tensor([0.5, -1], [2], 'float64');
    const a = make();
    const ref = applyUpdate(RMSPropUpdateOp, { param: a.w, grad: g, ms: a.ms, mom: a.mom, mg: a.mom }, attrs);
    const b = make();
    applyUpdateInPlace(RMSPropUpdateOp, { param: b.w, grad: g, ms: b.ms, mom: b.mom, mg: b.mom }, attrs);
    expect(Array.from(b.w.dataSync())).toEqual(Array.from((ref[0] as tf.Tensor).dataSync()));
    expect(Array.from(b.mom.dataSync())).toEqual(Array.from((ref[2] as tf.Tensor).dataSync()));
  });

  test('views of one buffer fall back to fresh outputs and a copy', () => {
    const buf = new Float64Array([1, 2, 0.5, 0.5]);
    const param = new tf.Tensor(buf.subarray(0, 2), [2], 'float64');
    const grad = new tf.Tensor(buf.subarray(2, 4), [2], 'float64');
    applyUpdateInPlace(SGDUpdateOp, { param, grad }, { lr: 2 });
    expect(Array.from(buf)).toEqual([0, 1, 0.5, 0.5]);
  });

  test('small tensors that share a slab but not memory are still updated in place', () => {
    // Adjacent views of one buffer, as small tensors carved from one slab are (src/core/slab.ts).
    const slab = new Float32Array([1, -2, 3, 0.1, 0, -0.1, 0.01, 0, 0.02]);
    const w = new tf.Tensor(slab.subarray(0, 3), [3], 'float32');
    const m = new tf.Tensor(slab.subarray(3, 6), [3], 'float32');
    const v = new tf.Tensor(slab.subarray(6, 9), [3], 'float32');
    const g = tf.tensor([0.5, -1, 2]);
    const want = applyUpdate(AdamUpdateOp, { param: w, grad: g, m, v }, adamAttrs).map((t) => Array.from(t.dataSync()));
    const before = [w.values, m.values, v.values];
    applyUpdateInPlace(AdamUpdateOp, { param: w, grad: g, m, v }, adamAttrs);
    expect([w.values, m.values, v.values]).toEqual(before);
    expect(w.values).toBe(before[0]);
    [w, m, v].forEach((t, i) => expect(Array.from(t.dataSync())).toEqual(want[i]));
    expect(Array.from(slab.subarray(0, 3))).toEqual(want[0]);
  });

  test('slots whose storage overlaps fall back to fresh outputs and give the same result', () => {
    const buf = new Float64Array([0.1, 0.2, 0.3, 0.4]);
    const make = () => {
      const store = buf.slice();
      return { store, m: new tf.Tensor(store.subarray(0, 3), [3], 'float64'), v: new tf.Tensor(store.subarray(1, 4), [3], 'float64') };
    };
    const w = () => tf.variable(tf.tensor([1, -2, 3], [3], 'float64'));
    const g = tf.tensor([0.5, -1, 2], [3], 'float64');
    const a = make();
    const wa = w();
    const want = applyUpdate(AdamUpdateOp, { param: wa, grad: g, m: a.m, v: a.v }, adamAttrs).map((t) => Array.from(t.dataSync()));
    const b = make();
    const wb = w();
    applyUpdateInPlace(AdamUpdateOp, { param: wb, grad: g, m: b.m, v: b.v }, adamAttrs);
    expect(Array.from(wb.dataSync())).toEqual(want[0]);
    // m and v overlap: the copy of v (written last) wins on the shared elements, as with sequential assignment.
    expect(Array.from(b.store)).toEqual([(want[1] as number[])[0], ...(want[2] as number[])]);
  });

  test('optimizer.minimize updates the variable without replacing its buffer', () => {
    const w = tf.variable(tf.tensor([3, -1]));
    const before = w.values;
    tf.train.adam(0.1).minimize(() => tf.sum(tf.square(w)));
    expect(w.values).toBe(before);
    expect(Array.from(w.dataSync()).map((x) => Number(x.toFixed(4)))).toEqual([2.9, -0.9]);
  });
});

describe('runOpInto', () => {
  test('checks the output shapes and dtypes against the op', () => {
    const p = tf.tensor([1, 2]);
    expect(() => runOpInto(SGDUpdateOp, { param: p, grad: tf.tensor([1, 1]) }, { lr: 1 }, [tf.tensor([1, 2, 3])])).toThrow(
      'runOpInto (SGDUpdate): output 0 must be float32 [2], received float32 [3].',
    );
    expect(() => runOpInto(SGDUpdateOp, { param: p, grad: tf.tensor([1, 1]) }, { lr: 1 }, [])).toThrow('the op has 1 outputs, received 0');
  });

  test('refuses differentiable ops', () => {
    const a = tf.tensor([1]);
    expect(() => runOpInto(AddOp, { a, b: a }, {}, [a])).toThrow("op 'Add' is differentiable or a view");
  });
});
