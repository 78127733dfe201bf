// Bidirectional (merge modes, states, masks), TimeDistributed and Masking.
import { describe, expect, test } from 'vitest';
import * as tf from '../../index.js';
import type { Tensor } from '../../index.js';
import { expectClose, expectGradClose, randn } from '../../../test/helpers/grad-check.js';

const B = 2, T = 3, D = 3, U = 2;
const x64 = (seed = 1): Tensor => randn([B, T, D], { seed });

describe('Bidirectional', () => {
  test('merge modes combine the forward and (re-aligned) backward outputs', () => {
    const x = x64();
    const parts = tf.layers.bidirectional({ layer: tf.layers.lstm({ units: U, returnSequences: true, dtype: 'float64' }), mergeMode: null, dtype: 'float64' });
    const [f, b] = parts.apply(x) as [Tensor, Tensor];
    // The backward half at step t is the backward RNN's state after reading steps T-1..t: run it on the reversed
    // input and flip back.
    const back = tf.layers.lstm({ units: U, returnSequences: true, dtype: 'float64', weights: parts.getWeights().slice(3) });
    expectClose(b, tf.reverse(back.apply(tf.reverse(x, 1)) as Tensor, 1), 1e-12);
    const w = parts.getWeights();
    const mk = (mergeMode: 'concat' | 'sum' | 'mul' | 'ave'): Tensor =>
      tf.layers.bidirectional({ layer: tf.layers.lstm({ units: U, returnSequences: true, dtype: 'float64' }), mergeMode, dtype: 'float64', weights: w }).apply(x) as Tensor;
    expectClose(mk('concat'), tf.concat([f, b], -1), 1e-12);
    expectClose(mk('sum'), f.add(b), 1e-12);
    expectClose(mk('mul'), f.mul(b), 1e-12);
    expectClose(mk('ave'), f.add(b).mul(0.5), 1e-12);
  });

  test('returnState returns [merged, forward h, c, backward h, c]', () => {
    const layer = tf.layers.bidirectional({ layer: tf.layers.lstm({ units: U, returnState: true }) });
    const out = layer.apply(x64()) as Tensor[];
    expect(out.map((t) => t.shape)).toEqual([[B, 2 * U], [B, U], [B, U], [B, U], [B, U]]);
    const sym = layer.apply(tf.input({ shape: [T, D] })) as tf.layers.SymbolicTensor[];
    expect(sym.map((s) => s.shape)).toEqual([[null, 2 * U], [null, U], [null, U], [null, U], [null, U]]);
  });

  test('with a mask, padded steps output zeros and the sequence mask passes on', () => {
    const mask = tf.tensor([[1, 1, 0], [1, 1, 1]], [B, T], 'bool');
    const layer = tf.layers.bidirectional({ layer: tf.layers.gru({ units: U, returnSequences: true, dtype: 'float64' }), dtype: 'float64' });
    const y = layer.apply(x64(), { mask }) as Tensor;
    expectClose(y.slice([0, 2, 0], [1, 1, 2 * U]), tf.zeros([1, 1, 2 * U], 'float64'), 0);
    // Row 0 equals the bidirectional output of its two real steps.
    const short = layer.apply(x64().slice([0, 0, 0], [1, 2, D])) as Tensor;
    expectClose(y.slice([0, 0, 0], [1, 2, 2 * U]), short, 1e-12);
    expect(layer.computeMask(x64(), mask)).toBe(mask);
    const proj = randn([B, T, 2 * U], { seed: 9 });
    expectGradClose((x) => tf.sum(tf.mul(layer.apply(x, { mask }) as Tensor, proj)), [x64(2)], { tol: 1e-6 });
  });

  test('rejects a non-recurrent layer and a bad merge mode', () => {
    // @ts-expect-error -- invalid on purpose: the run-time check and its message are under test
    expect(() => tf.layers.bidirectional({ layer: tf.layers.dense({ units: 2 }) })).toThrow(/layer must be a recurrent layer .*received Dense/);
    // @ts-expect-error -- invalid on purpose: the run-time check and its message are under test
    expect(() => tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 2 }), mergeMode: 'max' })).toThrow(
      /mergeMode must be 'concat', 'sum', 'mul', 'ave' or null, received "max"/,
    );
  });
});

describe('TimeDistributed', () => {
  test('equals the inner layer applied to every step', () => {
    const dense = tf.layers.dense({ units: 2, dtype: 'float64' });
    const td = tf.layers.timeDistributed({ layer: dense, dtype: 'float64' });
    const x = x64();
    const y = td.apply(x) as Tensor;
    for (let t = 0; t < T; t++) expectClose(y.slice([0, t, 0], [B, 1, 2]).reshape([B, 2]), dense.apply(x.slice([0, t, 0], [B, 1, D]).reshape([B, D])) as Tensor, 1e-12);
  });

  test('passes the time mask through to the next layer', () => {
    const mask = tf.tensor([[1, 0, 1]], [1, T], 'bool');
    expect(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 2 }) }).computeMask(tf.zeros([1, T, D]), mask)).toBe(mask);
  });

  test('needs rank >= 3', () => {
    expect(() => tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 2 }) }).apply(tf.zeros([2, 3]))).toThrow(/expected input of rank >= 3/);
  });
});

describe('Masking', () => {
  test('masks steps whose features all equal maskValue and zeroes them', () => {
    const x = tf.tensor([[[0, 0], [1, 0], [0, 0]], [[2, 2], [2, 3], [4, 2]]], [2, 3, 2]);
    const layer = tf.layers.masking({ maskValue: 2 });
    expect(Array.from((layer.computeMask(x) as Tensor).dataSync())).toEqual([1, 1, 1, 0, 1, 1]);
    expect(Array.from((layer.apply(x) as Tensor).dataSync())).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 2, 3, 4, 2]);
  });

  test('in a model, Masking makes an LSTM skip all-zero steps', () => {
    const inp = tf.input({ shape: [T, D] });
    const lstm = tf.layers.lstm({ units: U });
    const model = tf.model({ inputs: inp, outputs: lstm.apply(tf.layers.masking().apply(inp)) as tf.layers.SymbolicTensor });
    const x = tf.concat([tf.zeros([1, 1, D]), randn([1, 2, D], { seed: 3, dtype: 'float32' })], 1);
    expectClose(model.predict(x) as Tensor, lstm.apply(x.slice([0, 1, 0], [1, 2, D])) as Tensor, 1e-6);
  });
});
