import * as tf from '../../../src/index.js';
import {
  AdagradUpdateOp, AdamUpdateOp, MomentumUpdateOp, RMSPropUpdateOp, SGDUpdateOp, applyUpdate,
} from '../../../src/ops/optimizer-updates.js';
import { nativeDescribe, parity, rnd } from '../parity.js';

const abs = (t: tf.Tensor): tf.Tensor => tf.abs(t);

nativeDescribe('native optimizer-update and embedding parity', () => {
  for (const n of [0, 1, 17, 1000]) {
    const p = (): tf.Tensor => rnd([n], 1);
    const g = (): tf.Tensor => rnd([n], 2);
    parity(`SGD update of ${n} values`, ['SGDUpdate'], () => applyUpdate(SGDUpdateOp, { param: p(), grad: g() }, { lr: 0.1 }));
    for (const [nesterov, kerasForm] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      parity(`momentum update of ${n} values nesterov=${nesterov} kerasForm=${kerasForm}`, ['MomentumUpdate'], () =>
        applyUpdate(MomentumUpdateOp, { param: p(), grad: g(), accum: rnd([n], 3) }, { lr: 0.05, momentum: 0.9, nesterov, kerasForm }));
    }
    for (const weightDecay of [0, 0.01]) {
      parity(`Adam update of ${n} values weightDecay=${weightDecay}`, ['AdamUpdate'], () =>
        applyUpdate(AdamUpdateOp, { param: p(), grad: g(), m: rnd([n], 3), v: abs(rnd([n], 4)) }, {
          lr: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, step: 3, weightDecay,
        }));
    }
    for (const [momentum, centered] of [[0, false], [0.9, true]] as const) {
      parity(`RMSprop update of ${n} values momentum=${momentum} centered=${centered}`, ['RMSPropUpdate'], () =>
        applyUpdate(RMSPropUpdateOp, { param: p(), grad: g(), ms: tf.add(abs(rnd([n], 3)), 1), mom: rnd([n], 4), mg: tf.mul(rnd([n], 5), 0.1) }, {
          lr: 0.01, rho: 0.9, momentum, epsilon: 1e-7, centered,
        }));
    }
    parity(`Adagrad update of ${n} values`, ['AdagradUpdate'], () =>
      applyUpdate(AdagradUpdateOp, { param: p(), grad: g(), accum: abs(rnd([n], 3)) }, { lr: 0.1, epsilon: 1e-7 }));
  }

  parity('gather rows of an embedding table', ['GatherV2'], () =>
    tf.gather(rnd([50, 17], 1), tf.tensor([[0, 49, 3], [3, 3, 10]], [2, 3], 'int32')));
  parity('gather from a 1-D table and with a single index', ['GatherV2'], () => [
    tf.gather(rnd([9], 2), tf.tensor([8, 0, 4], [3], 'int32')),
    tf.gather(rnd([4, 3, 2], 3), tf.tensor([2], [1], 'int32')),
  ]);
  parity('embedding gradient (scatter-add of repeated ids)', ['GatherV2', 'UnsortedSegmentSum'], () => {
    const table = rnd([20, 33], 4);
    const ids = tf.tensor([1, 5, 1, 19, 0, 5, 5], [7], 'int32');
    const w = rnd([7, 33], 5);
    return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), w)))(table);
  });
  parity('unsortedSegmentSum drops out-of-range ids', ['UnsortedSegmentSum'], () =>
    tf.unsortedSegmentSum(rnd([6, 5], 6), tf.tensor([0, 3, -1, 3, 7, 2], [6], 'int32'), 4));
});
