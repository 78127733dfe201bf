// Values and gradients agree with PyTorch (issue #2 acceptance: 1e-4 relative error). The expected numbers come
// from test/golden/make-golden.py; each expression below mirrors the Python one of the same name, written only
// against the TF.js-style API.
import { describe, expect, test } from 'vitest';
import * as tf from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { expectClose, runOn } from '../helpers/grad-check.js';
import { type GoldenCase, readGolden } from './golden-file.js';


const golden = readGolden<{ cases: GoldenCase[] }>('core-ops.json');

const exprs: Record<string, (...xs: Tensor[]) => Tensor> = {
  mlp_tanh: (a, b, c) => tf.tanh(tf.matMul(a, b).add(c)),
  batched_matmul_broadcast: (a, b) => tf.matMul(a, b),
  matmul_transposed: (a, b) => tf.matMul(a, b, true, true),
  softmax_last: (x) => tf.softmax(x),
  softmax_dim0: (x) => tf.softmax(x, 0),
  log_softmax: (x) => tf.logSoftmax(x),
  cross_entropy: (x) => tf.logSoftmax(x).mul(tf.oneHot(tf.tensor([0, 3, 1], [3], 'int32'), 4).cast(x.dtype)).sum(-1).mean().neg(),
  relu: (x) => x.relu(),
  relu6: (x) => x.relu6(),
  leaky_relu: (x) => tf.leakyRelu(x, 0.1),
  prelu: (x, a) => tf.prelu(x, a),
  elu: (x) => x.elu(),
  selu: (x) => x.selu(),
  sigmoid: (x) => x.sigmoid(),
  log_sigmoid: (x) => x.logSigmoid(),
  tanh: (x) => x.tanh(),
  softplus: (x) => x.softplus(),
  softsign: (x) => x.softsign(),
  gelu: (x) => tf.gelu(x),
  gelu_tanh: (x) => tf.gelu(x, true),
  silu: (x) => tf.silu(x),
  mish: (x) => tf.mish(x),
  erf: (x) => tf.erf(x),
  exp_log: (x, p) => x.exp().add(p.log()).add(x.expm1().mul(p.log1p())),
  roots: (p) => p.sqrt().mul(p.add(1).rsqrt()).add(p.reciprocal()).add(p.square()),
  trig: (x, s) => x.sin().mul(x.cos()).add(s.tan()).add(x.atan()),
  inverse_trig: (s) => s.asin().add(s.acos().mul(s)),
  hyperbolic: (x) => x.sinh().sub(x.cosh().mul(x)),
  abs_sign: (x) => x.abs().add(x.sign().mul(x)),
  atan2: (a, b) => tf.atan2(a, b),
  pow: (a, b) => a.pow(b),
  max_min_elementwise: (a, b) => a.maximum(b).sub(a.minimum(b).mul(2)),
  squared_difference: (a, b) => a.squaredDifference(b),
  clip: (x) => x.clipByValue(-0.5, 0.7).mul(x),
  mod: (a, b) => a.mod(b),
  floor_div: (a, b) => a.floorDiv(b),
  round_floor_ceil: (x) => x.round().add(x.floor().mul(10)).add(x.ceil().mul(100)),
  where_broadcast: (a, b) => tf.where(a.greater(0), a, b.mul(b)),
  sum_axes: (x) => x.sum([0, 2]),
  mean_keepdim: (x) => x.mean(-1, true),
  prod_axis: (x) => x.prod(1),
  max_axis: (x) => x.max(-1),
  min_axes: (x) => x.min([0, 1]),
  logsumexp: (x) => x.logSumExp(1),
  variance: (x) => {
    const { mean, variance } = tf.moments(x, 0);
    return variance.add(mean);
  },
  norm_euclidean: (x) => x.norm(),
  norm_l1_axis: (x) => x.norm(1, 1),
  norm_inf_axis: (x) => x.norm(Infinity, 0),
  norm_fro: (x) => x.norm('fro', [-2, -1]),
  norm_matrix_1: (x) => x.norm(1, [0, 1]),
  norm_matrix_inf: (x) => x.norm(Infinity, [0, 1]),
  cumsum: (x) => x.cumsum(1),
  cumsum_exclusive_reverse: (x) => x.cumsum(0, true, true),
  argmax_argmin: (x) => x.argMax(1).mul(10).add(x.argMin(0).sum()),
  layer_norm_like: (x, g) => {
    const { mean, variance } = tf.moments(x, -1, true);
    return x.sub(mean).mul(variance.add(1e-5).rsqrt()).mul(g);
  },
};

/** sin(1 + i) in y's shape: the same weights the Python script used. */
function weights(y: Tensor): Tensor {
  return tf.range(0, y.size, 1, y.dtype === 'float64' ? 'float64' : 'float32').add(1).sin().reshape(y.shape);
}

test('every golden case has an expression', () => {
  expect(golden.cases.map((c) => c.name).filter((n) => !(n in exprs))).toEqual([]);
});

const combos = tf.listBackends().flatMap((backend) => (['float32', 'float64'] as const).map((dtype) => [backend, dtype] as const));
describe.each(combos)('agreement with PyTorch (%s backend, %s)', (backend, dtype) => {
  for (const c of golden.cases) {
    test(c.name, () => runOn(backend, () => {
      const f = exprs[c.name];
      if (!f) throw new Error(`no expression for golden case '${c.name}'`);
      const inputs = c.inputs.map((s) => tf.tensor(s.values, s.shape, dtype));
      const y = f(...inputs);
      expect(y.shape).toEqual(c.value.shape);
      expectClose(y.dataSync(), c.value.values, 1e-4);
      if (!c.grads) return;
      const gs = tf.grads((...xs: Tensor[]) => f(...xs).cast(dtype).mul(weights(f(...xs))).sum())(inputs);
      c.grads.forEach((g, i) => {
        expect(gs[i]?.shape).toEqual(g.shape);
        expectClose((gs[i] as Tensor).dataSync(), g.values, 1e-4);
      });
    }));
  }
});
