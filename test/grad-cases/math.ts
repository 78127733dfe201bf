// Gradient cases for element-wise math, comparisons/select, activations and reductions (issue #2 part A).
import * as tf from '../../src/index.js';
import type { GradSaveFunc, Tensor } from '../../src/index.js';
import { randn } from '../helpers/grad-check.js';
import { weighted } from './core.js';
import type { GradCase, GradCases } from './types.js';

const r = (shape: number[], seed: number, offset = 0, scale = 1): Tensor => randn(shape, { seed, offset, scale });
const pos = (shape: number[], seed: number): Tensor => r(shape, seed).abs().add(0.5);

/** One case for a unary function on a [2, 3] input (optionally positive or small). */
function unary(fn: (x: Tensor) => Tensor, seed: number, input: Tensor = r([2, 3], seed)): GradCase[] {
  return [{ f: (x) => weighted(fn(x)), inputs: [input] }];
}

const cond = tf.tensor([[true, false, true]]);

const customSquare = tf.customGrad((x, save) => {
  const t = x as Tensor;
  (save as GradSaveFunc)([t]);
  return { value: t.square(), gradFunc: (dy: Tensor, [s]: Tensor[]) => [dy.mul(s as Tensor).mul(2)] };
});

export const cases: GradCases = {
  Abs: unary(tf.abs, 101),
  Sign: unary((x) => tf.sign(x).mul(x), 102),
  Exp: unary(tf.exp, 103),
  Expm1: unary(tf.expm1, 104),
  Log: unary(tf.log, 105, pos([2, 3], 105)),
  Log1p: unary(tf.log1p, 106, pos([2, 3], 106)),
  Sqrt: unary(tf.sqrt, 107, pos([2, 3], 107)),
  Rsqrt: unary(tf.rsqrt, 108, pos([2, 3], 108)),
  Square: unary(tf.square, 109),
  Reciprocal: unary(tf.reciprocal, 110, pos([2, 3], 110)),
  Sin: unary(tf.sin, 111),
  Cos: unary(tf.cos, 112),
  Tan: unary(tf.tan, 113, r([2, 3], 113, 0, 0.4)),
  Asin: unary(tf.asin, 114, r([2, 3], 114, 0, 0.3)),
  Acos: unary(tf.acos, 115, r([2, 3], 115, 0, 0.3)),
  Atan: unary(tf.atan, 116),
  Sinh: unary(tf.sinh, 117),
  Cosh: unary(tf.cosh, 118),
  Floor: unary((x) => tf.floor(x.mul(3)).mul(x), 119),
  Ceil: unary((x) => tf.ceil(x.mul(3)).mul(x), 120),
  Round: unary((x) => tf.round(x.mul(3)).mul(x), 121),
  Erf: unary(tf.erf, 122, r([2, 3], 122, 0, 1.5)),
  ClipByValue: unary((x) => tf.clipByValue(x, -0.5, 0.7).square(), 123),
  FloorDiv: [{ f: (a, b) => weighted(tf.floorDiv(a, b).mul(a)), inputs: [r([2, 3], 124), pos([3], 125)] }],
  Mod: [{ f: (a, b) => weighted(tf.mod(a, b)), inputs: [r([2, 3], 126, 0, 3), pos([3], 127)] }],
  Pow: [
    { label: 'positive base, broadcast exponent', f: (a, b) => weighted(tf.pow(a, b)), inputs: [pos([2, 3], 128), r([3], 129)] },
    { label: 'negative base, integer exponent', f: (a) => weighted(tf.pow(a, 3)), inputs: [r([2, 3], 130)] },
  ],
  Maximum: [{ label: 'broadcast', f: (a, b) => weighted(tf.maximum(a, b)), inputs: [r([2, 3], 131), r([3], 132)] }],
  Minimum: [{ label: 'broadcast', f: (a, b) => weighted(tf.minimum(a, b)), inputs: [r([2, 3], 133), r([2, 1], 134)] }],
  SquaredDifference: [{ f: (a, b) => weighted(tf.squaredDifference(a, b)), inputs: [r([2, 3], 135), r([3], 136)] }],
  Atan2: [{ f: (a, b) => weighted(tf.atan2(a, b)), inputs: [r([2, 3], 137), r([2, 3], 138)] }],
  Select: [
    { label: 'broadcast condition', f: (a, b) => weighted(tf.where(cond, a, b)), inputs: [r([2, 3], 139), r([2, 3], 140)] },
    { label: 'broadcast operands', f: (a, b) => weighted(tf.where(cond, a, b.square())), inputs: [r([2, 1], 141), r([3], 142)] },
  ],
  Relu: unary(tf.relu, 143),
  Sigmoid: unary(tf.sigmoid, 144, r([2, 3], 144, 0, 3)),
  Tanh: unary(tf.tanh, 145),
  Elu: unary(tf.elu, 146),
  Softplus: unary(tf.softplus, 147, r([2, 3], 147, 0, 4)),
  GeluTanh: unary((x) => tf.gelu(x, true), 161, r([2, 3], 161, 0, 3)),
  // dy * gelu'(x) through the gradient of gelu: checks GeluTanhGrad's own gradient (second order) in a and b.
  GeluTanhGrad: [{ f: (a, b) => weighted(tf.grad((x: Tensor) => tf.sum(tf.mul(tf.gelu(x, true), a)))(b)), inputs: [r([2, 3], 162), r([2, 3], 163, 0, 3)] }],
  Softmax: [
    { label: 'last axis', f: (x) => weighted(tf.softmax(x)), inputs: [r([2, 3], 148)] },
    { label: 'axis 0', f: (x) => weighted(tf.softmax(x, 0)), inputs: [r([3, 2], 149)] },
  ],
  LogSoftmax: [
    { label: 'last axis', f: (x) => weighted(tf.logSoftmax(x)), inputs: [r([2, 3], 150)] },
    { label: 'middle axis', f: (x) => weighted(tf.logSoftmax(x, 1)), inputs: [r([2, 3, 2], 151)] },
  ],
  relu6: unary((x) => tf.relu6(x.mul(4)), 152),
  leakyRelu: unary((x) => tf.leakyRelu(x, 0.1), 153),
  prelu: [{ f: (x, a) => weighted(tf.prelu(x, a)), inputs: [r([2, 3], 154), r([3], 155)] }],
  selu: unary(tf.selu, 156),
  logSigmoid: unary(tf.logSigmoid, 157),
  softsign: unary(tf.softsign, 158),
  gelu: [
    { label: 'exact', f: (x) => weighted(tf.gelu(x)), inputs: [r([2, 3], 159)] },
    { label: 'tanh approximation', f: (x) => weighted(tf.gelu(x, true)), inputs: [r([2, 3], 160)] },
  ],
  swish: unary(tf.swish, 161),
  mish: unary(tf.mish, 162),
  Max: [
    { label: 'all', f: (x) => tf.max(x).square(), inputs: [r([2, 3], 163)] },
    { label: 'axis -1', f: (x) => weighted(tf.max(x, -1)), inputs: [r([2, 3], 164)] },
    { label: 'axes [0,2] keepDims', f: (x) => weighted(tf.max(x, [0, 2], true)), inputs: [r([2, 3, 2], 165)] },
  ],
  Min: [{ label: 'axis 0', f: (x) => weighted(tf.min(x, 0)), inputs: [r([2, 3], 166)] }],
  Prod: [
    { label: 'axis 1', f: (x) => weighted(tf.prod(x, 1)), inputs: [r([2, 3], 167)] },
    { label: 'one zero', f: (x) => weighted(tf.prod(x, 0)), inputs: [tf.tensor([[0, 2], [3, 0.5], [1.5, -1]], undefined, 'float64')] },
    { label: 'all keepDims', f: (x) => tf.prod(x, null, true).sum(), inputs: [r([2, 2], 168)] },
  ],
  mean: [{ f: (x) => weighted(tf.mean(x, [0, -1]).square()), inputs: [r([2, 3, 2], 169)] }],
  logSumExp: [
    { label: 'all', f: (x) => tf.logSumExp(x), inputs: [r([2, 3], 170)] },
    { label: 'axis 1 keepDims', f: (x) => weighted(tf.logSumExp(x, 1, true)), inputs: [r([2, 3], 171)] },
  ],
  moments: [
    {
      f: (x) => {
        const { mean, variance } = tf.moments(x, 0);
        return weighted(mean).add(weighted(variance, 98));
      },
      inputs: [r([3, 2], 172)],
    },
  ],
  norm: [
    { label: 'euclidean', f: (x) => tf.norm(x), inputs: [r([2, 3], 173)] },
    { label: 'ord 1 axis 1', f: (x) => weighted(tf.norm(x, 1, 1)), inputs: [r([2, 3], 174)] },
    { label: 'fro matrix', f: (x) => weighted(tf.norm(x, 'fro', [1, 2])), inputs: [r([2, 2, 3], 175)] },
    { label: 'matrix inf', f: (x) => tf.norm(x, Infinity, [0, 1]), inputs: [r([3, 2], 176)] },
  ],
  Cumsum: [
    { label: 'axis 1', f: (x) => weighted(tf.cumsum(x, 1)), inputs: [r([2, 3], 177)] },
    { label: 'exclusive reverse axis 0', f: (x) => weighted(tf.cumsum(x, 0, true, true)), inputs: [r([3, 2], 178)] },
  ],
  customGrad: [{ f: (x) => weighted(customSquare(x)), inputs: [r([2, 3], 179)] }],
};
