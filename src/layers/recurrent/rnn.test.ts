// Recurrent layers: harness checks (shapes, config round trip, float64 finite-difference gradients, a training step)
// and the Keras semantics of returnSequences/returnState, masking, goBackwards, stateful, initial states, dropout.
import { describe, expect, test } from 'vitest';
import * as tf from '../../index.js';
import type { Tensor } from '../../index.js';
import { expectClose, expectGradClose, forEachBackend, randn, runOn } from '../../../test/helpers/grad-check.js';

const B = 2, T = 4, D = 3, U = 3;
const x64 = (seed = 1): Tensor => randn([B, T, D], { seed });

describe('outputs and states', () => {
  test('gru with resetAfter keeps a [2, 3·units] bias (input and recurrent halves)', () => {
    const layer = tf.layers.gru({ units: U, resetAfter: true });
    layer.apply(tf.zeros([1, 2, D]));
    expect(layer.weights.map((w) => w.shape)).toEqual([[D, 3 * U], [U, 3 * U], [2, 3 * U]]);
  });

  test('returnState gives [output, h, c] for LSTM and [output, h] for GRU, eagerly and symbolically', () => {
    const lstm = tf.layers.lstm({ units: U, returnState: true });
    const out = lstm.apply(x64()) as Tensor[];
    expect(out.map((t) => t.shape)).toEqual([[B, U], [B, U], [B, U]]);
    expectClose(out[0] as Tensor, out[1] as Tensor, 0);
    const sym = tf.layers.gru({ units: U, returnSequences: true, returnState: true }).apply(tf.input({ shape: [T, D] }));
    expect((sym as tf.layers.SymbolicTensor[]).map((s) => s.shape)).toEqual([[null, T, U], [null, U]]);
  });

  test('the last output equals the last step of the sequence', () => {
    const layer = tf.layers.gru({ units: U, returnSequences: true });
    const seq = layer.apply(x64()) as Tensor;
    const last = tf.layers.gru({ units: U, weights: layer.getWeights() }).apply(x64()) as Tensor;
    expectClose(last, seq.slice([0, T - 1, 0], [B, 1, U]).reshape([B, U]), 1e-12);
  });

  test('a cell applied to [x_t, h, c] takes one step of the layer', () => {
    const layer = tf.layers.lstm({ units: U, returnState: true, dtype: 'float64' });
    const x1 = x64().slice([0, 0, 0], [B, 1, D]);
    const [, h, c] = layer.apply(x1) as Tensor[];
    const cell = tf.layers.lstmCell({ units: U, dtype: 'float64' });
    cell.apply([x1.reshape([B, D]), tf.zeros([B, U], 'float64'), tf.zeros([B, U], 'float64')]);
    cell.setWeights(layer.getWeights());
    const [out, h1, c1] = cell.apply([x1.reshape([B, D]), tf.zeros([B, U], 'float64'), tf.zeros([B, U], 'float64')]) as Tensor[];
    expectClose(out as Tensor, h as Tensor, 1e-12);
    expectClose(h1 as Tensor, h as Tensor, 1e-12);
    expectClose(c1 as Tensor, c as Tensor, 1e-12);
  });

  test('unitForgetBias starts the forget-gate bias at one', () => {
    const layer = tf.layers.lstm({ units: 2 });
    layer.apply(tf.zeros([1, 1, D]));
    expect(Array.from((layer.weights[2] as Tensor).dataSync())).toEqual([0, 0, 1, 1, 0, 0, 0, 0]);
    const off = tf.layers.lstm({ units: 2, unitForgetBias: false });
    off.apply(tf.zeros([1, 1, D]));
    expect(Array.from((off.weights[2] as Tensor).dataSync())).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  test('goBackwards equals running forwards on the reversed sequence (last output)', () => {
    const fwd = tf.layers.lstm({ units: U, dtype: 'float64' });
    const y = fwd.apply(tf.reverse(x64(), 1)) as Tensor;
    const back = tf.layers.lstm({ units: U, goBackwards: true, dtype: 'float64', weights: fwd.getWeights() });
    expectClose(back.apply(x64()) as Tensor, y, 1e-12);
  });

  test('initial states: from a list input or the initialState kwarg, same result', () => {
    const h0 = randn([B, U], { seed: 5 }), c0 = randn([B, U], { seed: 6 });
    const layer = tf.layers.lstm({ units: U, dtype: 'float64' });
    const a = layer.apply([x64(), h0, c0]) as Tensor;
    const b = layer.apply(x64(), { initialState: [h0, c0] }) as Tensor;
    const zero = layer.apply(x64()) as Tensor;
    expectClose(a, b, 0);
    expect(Math.abs((a.sub(zero).abs().sum().dataSync()[0] as number))).toBeGreaterThan(1e-3);
  });

  test('stateful carries the final state into the next call; resetStates clears it', () => {
    const whole = tf.layers.simpleRNN({ units: U, dtype: 'float64' });
    const full = x64(7);
    const expected = whole.apply(full) as Tensor;
    const layer = tf.layers.simpleRNN({ units: U, stateful: true, dtype: 'float64', weights: whole.getWeights() });
    layer.apply(full.slice([0, 0, 0], [B, 2, D]));
    expectClose(layer.apply(full.slice([0, 2, 0], [B, 2, D])) as Tensor, expected, 1e-12);
    layer.resetStates();
    const fresh = tf.layers.simpleRNN({ units: U, dtype: 'float64', weights: whole.getWeights() });
    expectClose(layer.apply(full.slice([0, 2, 0], [B, 2, D])) as Tensor, fresh.apply(full.slice([0, 2, 0], [B, 2, D])) as Tensor, 1e-12);
  });

  test('dropout and recurrentDropout act in training only', () => {
    const layer = tf.layers.lstm({ units: U, dropout: 0.5, recurrentDropout: 0.5, dtype: 'float64' });
    const a = layer.apply(x64()) as Tensor;
    expectClose(layer.apply(x64()) as Tensor, a, 0);
    const t = layer.apply(x64(), { training: true }) as Tensor;
    expect(t.sub(a).abs().max().dataSync()[0]).toBeGreaterThan(1e-6);
  });
});

describe('masking (Keras semantics: masked steps carry the state and repeat the output)', () => {
  // Row 0 is pre-padded by two steps, row 1 is complete.
  const mask = tf.tensor([[0, 0, 1, 1], [1, 1, 1, 1]], [B, T], 'bool');
  const makers: Record<string, () => tf.layers.Layer> = {
    'lstm (fused)': () => tf.layers.lstm({ units: U, recurrentActivation: 'sigmoid', returnSequences: true, dtype: 'float64' }),
    'lstm (step path, recurrentDropout)': () => tf.layers.lstm({ units: U, recurrentDropout: 0.3, returnSequences: true, dtype: 'float64' }),
    gru: () => tf.layers.gru({ units: U, resetAfter: true, returnSequences: true, dtype: 'float64' }),
    simpleRNN: () => tf.layers.simpleRNN({ units: U, returnSequences: true, dtype: 'float64' }),
  };
  for (const [name, make] of Object.entries(makers)) {
    forEachBackend((backend) =>
      test(`${name} on ${backend}: a padded row gives the output of its unpadded suffix`, () =>
        runOn(backend, () => {
          const layer = make();
          const x = x64(11);
          const y = layer.apply(x, { mask }) as Tensor;
          const suffix = layer.apply(x.slice([0, 2, 0], [1, 2, D])) as Tensor;
          expectClose(y.slice([0, 2, 0], [1, 2, U]), suffix, 1e-12);
          // Padded steps before any input repeat the initial (zero) output.
          expectClose(y.slice([0, 0, 0], [1, 2, U]), tf.zeros([1, 2, U], 'float64'), 0);
          expectClose(y.slice([1, 0, 0], [1, T, U]), layer.apply(x.slice([1, 0, 0], [1, T, D])) as Tensor, 1e-12);
        })));
  }

  forEachBackend((backend) =>
    test(`masked gradients (LSTM fused, GRU, SimpleRNN) match finite differences on ${backend}`, () =>
      runOn(backend, () => {
        const m = tf.tensor([[0, 1, 0, 1], [1, 1, 1, 0]], [B, T], 'bool');
        const layers = [
          tf.layers.lstm({ units: 2, recurrentActivation: 'sigmoid', returnSequences: true, dtype: 'float64' }),
          tf.layers.gru({ units: 2, recurrentActivation: 'sigmoid', returnSequences: true, dtype: 'float64' }),
          tf.layers.simpleRNN({ units: 2, returnSequences: true, dtype: 'float64' }),
        ];
        const proj = randn([B, T, 2], { seed: 3 });
        for (const layer of layers) expectGradClose((x) => tf.sum(tf.mul(layer.apply(x, { mask: m }) as Tensor, proj)), [x64(4)], { tol: 1e-6 });
      })));

  test('an embedding with maskZero feeds its mask to the LSTM inside a model', () => {
    const ids = tf.tensor([[0, 0, 3, 4], [1, 2, 3, 4]], [B, T], 'int32');
    const inp = tf.input({ shape: [T], dtype: 'int32' });
    const emb = tf.layers.embedding({ inputDim: 5, outputDim: D, maskZero: true });
    const lstm = tf.layers.lstm({ units: U });
    const model = tf.model({ inputs: inp, outputs: lstm.apply(emb.apply(inp)) as tf.layers.SymbolicTensor });
    const y = model.predict(ids) as Tensor;
    const short = lstm.apply(emb.apply(tf.tensor([[3, 4]], [1, 2], 'int32'))) as Tensor;
    expectClose(y.slice([0, 0], [1, U]), short, 1e-6);
  });
});

describe('errors', () => {
  test('units must be a positive integer', () => {
    expect(() => tf.layers.lstm({ units: 0 })).toThrow(/LSTMCell \(lstm.*\): units must be a positive integer, received 0/);
  });
  test('dropout outside [0, 1)', () => {
    expect(() => tf.layers.gru({ units: 2, dropout: 1 })).toThrow(/dropout must be in \[0, 1\), received 1/);
  });
  test('a rank-2 input names the layer and the expected rank', () => {
    expect(() => tf.layers.simpleRNN({ units: 2 }).apply(tf.zeros([2, 3]))).toThrow(/simple_rnn.*expected input of rank 3, received shape \[2,3\]/);
  });
  test('initial states must match [batch, units]; a stateful layer keeps its batch size', () => {
    expect(() => tf.layers.lstm({ units: 2 }).apply([tf.zeros([2, 3, 1]), tf.zeros([2, 3]), tf.zeros([2, 2])])).toThrow(
      /lstm.*state 0 must have shape \[2, 2\], received \[2,3\]/,
    );
    expect(() => tf.layers.lstm({ units: 2 }).apply([tf.zeros([2, 3, 1]), tf.zeros([2, 2])])).toThrow(/expected 2 initial state\(s\), received 1/);
    const layer = tf.layers.gru({ units: 2, stateful: true });
    layer.apply(tf.zeros([2, 3, 1]));
    expect(() => layer.apply(tf.zeros([3, 3, 1]))).toThrow(/call resetStates\(\) before changing it/);
  });

  test('rnn needs a recurrent cell', () => {
    // @ts-expect-error -- invalid on purpose: the run-time check and its message are under test
    expect(() => tf.layers.rnn({ cell: tf.layers.dense({ units: 2 }) })).toThrow(/cell must be a recurrent cell, received Dense/);
  });
  test('stackedRNNCells needs at least one cell', () => {
    expect(() => tf.layers.stackedRNNCells({ cells: [] })).toThrow(/cells must be a non-empty list/);
  });
});
