import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape, normalizeAxis, shapesEqual } from '../core/shape.js';
import { defineOp, run1 } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';
import { add, mul, neg, sub } from './arithmetic.js';
import { minimum } from './binary-math.js';
import { cast } from './cast.js';
import { greater, where } from './compare.js';
import { type TensorLike, convertToTensor, expectDType } from './convert.js';
import { applyFloatUnary, applyUnary, defineBinary, defineUnary, matchTypes } from './elementwise-base.js';
import { abs, erf, exp, square } from './elementwise-math.js';
import { sum } from './reduction.js';

/** Relu op declaration: max(x, 0); the gradient at 0 is 0 (one ReluGrad op on the forward output). */
export const ReluOp = defineOp<'x'>({
  name: 'Relu',
  inputs: ['x'],
  infer: ({ x }) => ({ shape: [...x.shape], dtype: x.dtype }),
  grad: (dy, _, __, { output: y }) => ({ x: reluGrad(dy, y) }),
  fullyWrites: true,
});
/** ReluGrad op declaration (TF.js kernel 'ReluGrad'): dy where the relu output y is positive, 0 elsewhere. */
export const ReluGradOp = defineOp<'dy' | 'y'>({
  name: 'ReluGrad',
  inputs: ['dy', 'y'],
  infer: ({ dy, y }) => {
    if (!shapesEqual(dy.shape, y.shape)) {
      throw new ShapeError(`reluGrad: dy and y must have the same shape, received dy ${fmtShape(dy.shape)} and y ${fmtShape(y.shape)}.`);
    }
    return { shape: [...dy.shape], dtype: dy.dtype };
  },
  // Linear in dy; the step in y has zero derivative almost everywhere, so y gets no gradient.
  grad: (ddx, { y }) => ({ dy: reluGrad(ddx, y) }),
  fullyWrites: true,
});

/**
 * Gradient of relu given the upstream gradient `dy` and relu's output `y`: dy where y > 0, else 0.
 * @example reluGrad(tensor([5, 5]), tensor([0, 2])); // [0, 5]
 */
export function reluGrad(dy: Tensor, y: Tensor): Tensor {
  return run1(ReluGradOp, { dy, y }, {});
}
/** Sigmoid op declaration (stable for large |x|). */
export const SigmoidOp = defineUnary('Sigmoid', 'float', (dy, _, __, { output: y }) => ({ x: mul(dy, mul(y, sub(1, y))) }));
/** Tanh op declaration. */
export const TanhOp = defineUnary('Tanh', 'float', (dy, _, __, { output: y }) => ({ x: mul(dy, sub(1, square(y))) }));
/** Elu op declaration: x for x > 0, e^x - 1 otherwise. */
export const EluOp = defineUnary('Elu', 'float', (dy, { x }, __, { output: y }) => ({ x: where(greater(x, 0), dy, mul(dy, add(y, 1))) }));
/** Softplus op declaration: log(1 + e^x), computed as max(x, 0) + log1p(e^-|x|). */
export const SoftplusOp = defineUnary('Softplus', 'float', (dy, { x }) => ({ x: mul(dy, sigmoid(x)) }));

// The tanh-approximated GELU (GPT-2's 'gelu_new') as one element-wise op with a one-op backward, instead of an
// eight-op composition: 0.5 x (1 + tanh(c (x + k x^3))), c = sqrt(2 / pi), k = 0.044715.
/** sqrt(2 / pi) and the cubic coefficient of the tanh approximation. */
export const GELU_C = Math.sqrt(2 / Math.PI);
export const GELU_K = 0.044715;

/**
 * d gelu_tanh / dx times dy. Past |u| = 10 the sech^2 term is below 1e-8 and is dropped, so x = +-Inf (or an x
 * whose cube overflows float32) gives dy or 0 rather than 0 * Inf = NaN.
 */
export function geluTanhGradScalar(dy: number, x: number): number {
  const u = GELU_C * (x + GELU_K * x * x * x);
  if (!(Math.abs(u) <= 10)) return u !== u ? u : x > 0 ? dy : 0 * dy;
  const t = Math.tanh(u);
  return dy * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * GELU_K * x * x));
}

/** Second derivative of gelu_tanh, composed (only second-order gradients use it). */
function geluTanhSecond(x: Tensor): Tensor {
  const x2 = square(x);
  const t = tanh(mul(add(x, mul(mul(x, x2), GELU_K)), GELU_C));
  const du = mul(add(mul(x2, 3 * GELU_K), 1), GELU_C);
  // (1 - t^2) (u' - x t u'^2 + 3 c k x^2)
  return mul(sub(1, square(t)), add(sub(du, mul(mul(x, t), square(du))), mul(x2, 3 * GELU_C * GELU_K)));
}

/** GeluTanhGrad(a = dy, b = x) = dy * gelu_tanh'(x): the whole backward of GeluTanh in one kernel. */
export const GeluTanhGradOp = defineBinary('GeluTanhGrad', 'float', (dz, { a: dy, b: x }) => ({
  a: run1(GeluTanhGradOp, { a: dz, b: x }, {}),
  b: mul(mul(dz, dy), geluTanhSecond(x)),
}));

/** GeluTanh op declaration: the tanh approximation of x * Phi(x). */
export const GeluTanhOp = defineUnary('GeluTanh', 'float', (dy, { x }) => ({ x: run1(GeluTanhGradOp, { a: dy, b: x }, {}) }));

/** Attrs of Softmax and LogSoftmax: the (normalised) axis. */
export interface SoftmaxAttrs {
  dim: number;
}
/** Softmax op declaration along one axis (max-subtracted, so large logits do not overflow). */
export const SoftmaxOp = defineOp<'logits', SoftmaxAttrs>({
  name: 'Softmax',
  inputs: ['logits'],
  infer: ({ logits }) => ({ shape: [...logits.shape], dtype: logits.dtype }),
  grad: (dy, _, { dim }, { output: y }) => ({ logits: mul(y, sub(dy, sum(mul(dy, y), dim, true))) }),
});
/** LogSoftmax op declaration along one axis (x - max - log(sum(exp(x - max)))). */
export const LogSoftmaxOp = defineOp<'logits', SoftmaxAttrs>({
  name: 'LogSoftmax',
  inputs: ['logits'],
  infer: ({ logits }) => ({ shape: [...logits.shape], dtype: logits.dtype }),
  grad: (dy, _, { dim }, { output: y }) => ({ logits: sub(dy, mul(exp(y), sum(dy, dim, true))) }),
});

/** Rectified linear unit, max(x, 0). @example relu(tensor([-1, 2])); // [0, 2] */
export function relu(x: TensorLike): Tensor {
  return applyUnary(ReluOp, x, {}, 'relu');
}
/** Relu capped at 6, min(max(x, 0), 6). @example relu6(tensor([-1, 3, 8])); // [0, 3, 6] */
export function relu6(x: TensorLike): Tensor {
  return minimum(relu(x), 6);
}
/** Logistic function 1 / (1 + e^-x). @example sigmoid(tensor([0])); // [0.5] */
export function sigmoid(x: TensorLike): Tensor {
  return applyFloatUnary(SigmoidOp, x, {}, 'sigmoid');
}
/** Hyperbolic tangent. @example tanh(tensor([0])); // [0] */
export function tanh(x: TensorLike): Tensor {
  return applyFloatUnary(TanhOp, x, {}, 'tanh');
}
/** Exponential linear unit. @example elu(tensor([-1, 2])); // [-0.632, 2] */
export function elu(x: TensorLike): Tensor {
  return applyFloatUnary(EluOp, x, {}, 'elu');
}
/** log(1 + e^x), stable for large |x|. @example softplus(tensor([0])); // [0.693] */
export function softplus(x: TensorLike): Tensor {
  return applyUnary(SoftplusOp, x, {}, 'softplus');
}
/** log(sigmoid(x)) = -softplus(-x), stable for large |x|. @example logSigmoid(tensor([0])); // [-0.693] */
export function logSigmoid(x: TensorLike): Tensor {
  return neg(softplus(neg(convertToTensor(x, 'x', 'logSigmoid'))));
}
/** x / (1 + |x|). @example softsign(tensor([1])); // [0.5] */
export function softsign(x: TensorLike): Tensor {
  const t = convertToTensor(x, 'x', 'softsign');
  return t.div(add(abs(t), 1));
}

/** Leaky relu: x for x > 0, alpha * x otherwise. @example leakyRelu(tensor([-1, 2]), 0.2); // [-0.2, 2] */
export function leakyRelu(x: TensorLike, alpha = 0.2): Tensor {
  const t = convertToTensor(x, 'x', 'leakyRelu');
  return where(greater(t, 0), t, mul(t, alpha));
}
/** Parametric relu: x for x > 0, alpha * x otherwise, `alpha` broadcasting against x. @example prelu(tensor([-2, 2]), tensor([0.5])); // [-1, 2] */
export function prelu(x: TensorLike, alpha: TensorLike): Tensor {
  const [t, a] = matchTypes(convertToTensor(x, 'x', 'prelu'), convertToTensor(alpha, 'alpha', 'prelu'), 'prelu');
  return where(greater(t, 0), t, mul(t, a));
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
/** Scaled exponential linear unit (Klambauer et al. 2017 constants). @example selu(tensor([1])); // [1.0507] */
export function selu(x: TensorLike): Tensor {
  const t = convertToTensor(x, 'x', 'selu');
  return mul(where(greater(t, 0), t, mul(elu(t), SELU_ALPHA)), SELU_SCALE);
}

/**
 * Gaussian error linear unit: x * Phi(x) with the exact erf form, or the tanh approximation when `approximate`.
 * @example gelu(tensor([1])); // [0.8413]
 */
export function gelu(x: TensorLike, approximate = false): Tensor {
  const t = convertToTensor(x, 'x', 'gelu');
  if (!approximate) return mul(mul(t, 0.5), add(erf(mul(t, Math.SQRT1_2)), 1));
  return run1(GeluTanhOp, { x: t.dtype === 'float32' || t.dtype === 'float64' ? t : cast(t, 'float32') }, {});
}
/** Swish / SiLU: x * sigmoid(x). @example swish(tensor([0])); // [0] */
export function swish(x: TensorLike): Tensor {
  const t = convertToTensor(x, 'x', 'swish');
  return mul(t, sigmoid(t));
}
/** Alias of `swish` (PyTorch's name). @example silu(tensor([1])); // [0.731] */
export const silu = swish;
/** Mish: x * tanh(softplus(x)). @example mish(tensor([1])); // [0.865] */
export function mish(x: TensorLike): Tensor {
  const t = convertToTensor(x, 'x', 'mish');
  return mul(t, tanh(softplus(t)));
}

function softmaxArgs(logits: TensorLike, dim: number, op: string): [Tensor, SoftmaxAttrs] {
  let t = convertToTensor(logits, 'logits', op, 'float32');
  // TF.js takes float logits only (float64 is this library's extension).
  if (t.dtype === 'int32' || t.dtype === 'bool') expectDType(t, 'float32', 'logits', op);
  if (t.rank === 0) {
    throw new ShapeError(`${op}: logits must have rank >= 1, received a scalar ${fmtShape(t.shape)}. Wrap it: tensor([x]).`);
  }
  if (!Number.isInteger(dim)) throw new ValueError(`${op}: dim must be an integer axis, received ${dim}.`);
  if (t.dtype !== 'float32' && t.dtype !== 'float64') t = cast(t, 'float32');
  return [t, { dim: normalizeAxis(dim, t.rank, op) }];
}

/**
 * Softmax along `dim` (default: the last axis).
 * @example softmax(tensor([1, 2, 3])); // [0.090, 0.245, 0.665]
 */
export function softmax(logits: TensorLike, dim = -1): Tensor {
  const [t, attrs] = softmaxArgs(logits, dim, 'softmax');
  return run1(SoftmaxOp, { logits: t }, attrs);
}
/**
 * Log of softmax along `axis` (default: the last), computed stably.
 * @example logSoftmax(tensor([1, 2, 3])); // [-2.408, -1.408, -0.408]
 */
export function logSoftmax(logits: TensorLike, axis = -1): Tensor {
  const [t, attrs] = softmaxArgs(logits, axis, 'logSoftmax');
  return run1(LogSoftmaxOp, { logits: t }, attrs);
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    relu(): Tensor;
    relu6(): Tensor;
    sigmoid(): Tensor;
    tanh(): Tensor;
    elu(): Tensor;
    selu(): Tensor;
    softplus(): Tensor;
    logSigmoid(): Tensor;
    softsign(): Tensor;
    leakyRelu(alpha?: number): Tensor;
    prelu(alpha: TensorLike): Tensor;
    gelu(approximate?: boolean): Tensor;
    swish(): Tensor;
    mish(): Tensor;
    softmax(dim?: number): Tensor;
    logSoftmax(axis?: number): Tensor;
  }
}
type ActName = 'relu' | 'relu6' | 'sigmoid' | 'tanh' | 'elu' | 'selu' | 'softplus' | 'logSigmoid' | 'softsign' | 'swish' | 'mish';
const methods: Record<ActName, (x: Tensor) => Tensor> = { relu, relu6, sigmoid, tanh, elu, selu, softplus, logSigmoid, softsign, swish, mish };
for (const [name, fn] of Object.entries(methods) as [ActName, (x: Tensor) => Tensor][]) {
  Tensor.prototype[name] = function (this: Tensor) {
    return fn(this);
  };
}
Tensor.prototype.leakyRelu = function (this: Tensor, alpha?: number) {
  return leakyRelu(this, alpha);
};
Tensor.prototype.prelu = function (this: Tensor, alpha: TensorLike) {
  return prelu(this, alpha);
};
Tensor.prototype.gelu = function (this: Tensor, approximate?: boolean) {
  return gelu(this, approximate);
};
Tensor.prototype.softmax = function (this: Tensor, dim?: number) {
  return softmax(this, dim);
};
Tensor.prototype.logSoftmax = function (this: Tensor, axis?: number) {
  return logSoftmax(this, axis);
};
