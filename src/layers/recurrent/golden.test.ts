// SimpleRNN, LSTM, GRU (both reset conventions) and Bidirectional LSTM agree with PyTorch for fixed weights
// (test/golden/make-golden-rnn.py converts PyTorch's gate orders and biases to the Keras layout).
import { describe, expect, test } from 'vitest';
import * as tf from '../../index.js';
import type { Tensor } from '../../index.js';
import { expectClose, forEachBackend, runOn } from '../../../test/helpers/grad-check.js';
import { type Stored, readGolden } from '../../../test/golden/golden-file.js';

interface GoldenCase {
  name: string;
  x: Stored;
  h0?: Stored;
  c0?: Stored;
  weights: Stored[];
  sequence: Stored;
  states?: Stored[];
}

const golden = readGolden<{ cases: GoldenCase[] }>('rnn-layers.json');
const byName = (name: string): GoldenCase => {
  const c = golden.cases.find((g) => g.name === name);
  if (!c) throw new Error(`golden case ${name} missing: rerun test/golden/make-golden-rnn.py`);
  return c;
};
const t64 = (s: Stored): Tensor => tf.tensor(s.values, s.shape, 'float64');
const t32 = (s: Stored): Tensor => tf.tensor(s.values, s.shape, 'float32');

type Factory = (dtype: 'float32' | 'float64') => tf.layers.Layer;
const units = 5;
const factories: Record<string, Factory> = {
  simple_rnn: (dtype) => tf.layers.simpleRNN({ units, dtype, returnSequences: true, returnState: true }),
  lstm: (dtype) => tf.layers.lstm({ units, dtype, recurrentActivation: 'sigmoid', returnSequences: true, returnState: true }),
  gru_reset_after: (dtype) => tf.layers.gru({ units, dtype, recurrentActivation: 'sigmoid', resetAfter: true, returnSequences: true, returnState: true }),
  gru_reset_before: (dtype) => tf.layers.gru({ units, dtype, recurrentActivation: 'sigmoid', resetAfter: false, returnSequences: true, returnState: true }),
};

/** Runs the layer on the golden input (and initial states) with the golden weights in `dtype`. */
function run(name: string, dtype: 'float32' | 'float64', extra: (layer: tf.layers.Layer) => void = () => undefined): Tensor[] {
  const g = byName(name);
  const conv = dtype === 'float64' ? t64 : t32;
  const layer = (factories[name] as Factory)(dtype);
  const init = [g.h0, g.c0].filter((s): s is Stored => s !== undefined).map(conv);
  const inputs = [conv(g.x), ...init];
  layer.apply(inputs);
  layer.setWeights(g.weights.map(conv));
  extra(layer);
  const out = layer.apply(inputs);
  return Array.isArray(out) ? out : [out];
}

describe('recurrent layers match PyTorch (test/golden/rnn-layers.json)', () => {
  for (const name of Object.keys(factories)) {
    test(`${name}: sequence and final states in float64`, () => {
      const g = byName(name);
      const [seq, ...states] = run(name, 'float64');
      expectClose(seq as Tensor, t64(g.sequence), 1e-10);
      expect(states.length).toBe(g.states?.length);
      states.forEach((s, i) => expectClose(s, t64((g.states as Stored[])[i] as Stored), 1e-10));
    });
  }

  forEachBackend((backend) =>
    test(`lstm in float32 on ${backend} (the fused path of that backend)`, () => {
      const g = byName('lstm');
      const [seq, h, c] = runOn(backend, () => run('lstm', 'float32'));
      expectClose(seq as Tensor, t32(g.sequence), 1e-5);
      expectClose(h as Tensor, t32((g.states as Stored[])[0] as Stored), 1e-5);
      expectClose(c as Tensor, t32((g.states as Stored[])[1] as Stored), 1e-5);
    }));

  test('lstm with recurrentDropout set but inference mode (the step-by-step path) matches too', () => {
    const g = byName('lstm');
    const layer = tf.layers.lstm({ units, recurrentActivation: 'sigmoid', recurrentDropout: 0.5, returnSequences: true, dtype: 'float64' });
    const x = t64(g.x);
    layer.apply([x, t64(g.h0 as Stored), t64(g.c0 as Stored)]);
    layer.setWeights(g.weights.map(t64));
    expectClose(layer.apply([x, t64(g.h0 as Stored), t64(g.c0 as Stored)]) as Tensor, t64(g.sequence), 1e-10);
  });

  test('bidirectional LSTM (concat, returnSequences) matches PyTorch bidirectional=True', () => {
    const g = byName('bidirectional_lstm_concat');
    const layer = tf.layers.bidirectional({ layer: tf.layers.lstm({ units, recurrentActivation: 'sigmoid', returnSequences: true, dtype: 'float64' }), dtype: 'float64' });
    const x = t64(g.x);
    layer.apply(x);
    layer.setWeights(g.weights.map(t64));
    expectClose(layer.apply(x) as Tensor, t64(g.sequence), 1e-10);
  });
});
