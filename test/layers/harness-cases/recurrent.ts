// Harness cases: recurrent layers, cells (driven directly with [x, ...states]) and wrappers.
import * as tf from '../../../src/index.js';
import { describe } from 'vitest';
import { layerCase } from '../harness.js';

const B = 2, T = 4, D = 3, U = 3;

describe('recurrent layers through the harness', () => {
  layerCase('simpleRNN, last output', (o) => tf.layers.simpleRNN({ units: U, ...o }), [B, T, D], { expectedOutputShape: [B, U], expectedWeightCount: 3 });
  layerCase('simpleRNN, returnSequences', (o) => tf.layers.simpleRNN({ units: U, returnSequences: true, ...o }), [B, T, D], { expectedOutputShape: [B, T, U] });
  layerCase('lstm (fused path), sigmoid gates', (o) => tf.layers.lstm({ units: U, recurrentActivation: 'sigmoid', returnSequences: true, ...o }), [B, T, D], {
    expectedOutputShape: [B, T, U],
    expectedWeightCount: 3,
  });
  layerCase('lstm with the TF.js default hard-sigmoid gates', (o) => tf.layers.lstm({ units: U, kernelInitializer: { className: 'RandomNormal', config: { stddev: 0.2, seed: 3 } }, ...o }), [B, T, D], {
    expectedOutputShape: [B, U],
  });
  layerCase('lstm returnState: [output, h, c]', (o) => tf.layers.lstm({ units: U, recurrentActivation: 'sigmoid', returnState: true, ...o }), [B, T, D], {
    expectedOutputShape: [[B, U], [B, U], [B, U]],
  });
  layerCase('gru, resetAfter false', (o) => tf.layers.gru({ units: U, recurrentActivation: 'sigmoid', ...o }), [B, T, D], { expectedOutputShape: [B, U], expectedWeightCount: 3 });
  layerCase('gru, resetAfter true (bias [2, 3·units])', (o) => tf.layers.gru({ units: U, recurrentActivation: 'sigmoid', resetAfter: true, returnSequences: true, ...o }), [B, T, D], {
    expectedOutputShape: [B, T, U],
  });
  layerCase('rnn over an lstmCell', (o) => tf.layers.rnn({ cell: tf.layers.lstmCell({ units: U, recurrentActivation: 'sigmoid', ...o }), ...o }), [B, T, D], {
    expectedOutputShape: [B, U],
  });
  layerCase(
    'rnn over stackedRNNCells (lstm then gru)',
    (o) =>
      tf.layers.rnn({
        cell: tf.layers.stackedRNNCells({ cells: [tf.layers.lstmCell({ units: 4, recurrentActivation: 'sigmoid', ...o }), tf.layers.gruCell({ units: 2, ...o })], ...o }),
        returnSequences: true,
        ...o,
      }),
    [B, T, D],
    { expectedOutputShape: [B, T, 2], expectedWeightCount: 6 },
  );
});

// A cell takes one step: [x_t, ...states] -> [output, ...new states]; gradients w.r.t. x_t and every state. The
// input width (5) differs from the units, so an output shape that echoes the input cannot pass.
describe('recurrent cells through the harness', () => {
  layerCase('simpleRNNCell: [x, h] -> [h\', h\']', (o) => tf.layers.simpleRNNCell({ units: U, ...o }), [[B, 5], [B, U]], {
    expectedOutputShape: [[B, U], [B, U]],
    expectedWeightCount: 3,
  });
  layerCase('lstmCell: [x, h, c] -> [h\', h\', c\']', (o) => tf.layers.lstmCell({ units: U, recurrentActivation: 'sigmoid', ...o }), [[B, 5], [B, U], [B, U]], {
    expectedOutputShape: [[B, U], [B, U], [B, U]],
    expectedWeightCount: 3,
  });
  layerCase('gruCell, resetAfter true', (o) => tf.layers.gruCell({ units: U, recurrentActivation: 'sigmoid', resetAfter: true, ...o }), [[B, 5], [B, U]], {
    expectedOutputShape: [[B, U], [B, U]],
    expectedWeightCount: 3,
  });
  layerCase(
    'stackedRNNCells (lstm then gru): [x, h1, c1, h2] -> [h2\', h1\', c1\', h2\']',
    (o) => tf.layers.stackedRNNCells({ cells: [tf.layers.lstmCell({ units: 4, recurrentActivation: 'sigmoid', ...o }), tf.layers.gruCell({ units: 2, ...o })], ...o }),
    [[B, 5], [B, 4], [B, 4], [B, 2]],
    { expectedOutputShape: [[B, 2], [B, 4], [B, 4], [B, 2]], expectedWeightCount: 6 },
  );
});

describe('recurrent wrappers through the harness', () => {
  for (const mergeMode of ['concat', 'sum', 'mul', 'ave'] as const) {
    layerCase(`bidirectional gru, mergeMode ${mergeMode}`, (o) => tf.layers.bidirectional({ layer: tf.layers.gru({ units: 2, returnSequences: true, ...o }), mergeMode, ...o }), [2, 3, 3], {
      expectedOutputShape: [2, 3, mergeMode === 'concat' ? 4 : 2],
      expectedWeightCount: 6,
    });
  }
  layerCase('timeDistributed around dense', (o) => tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 4, ...o }), ...o }), [2, 3, 3], {
    expectedOutputShape: [2, 3, 4],
    expectedWeightCount: 2,
  });
  layerCase('masking', (o) => tf.layers.masking({ maskValue: 0, ...o }), [2, 3, 3], { expectedOutputShape: [2, 3, 3], expectedWeightCount: 0 });
});
