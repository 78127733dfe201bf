// Element-wise ops of the TF.js API that the first op families did not cover: the inverse hyperbolic functions,
// step, logicalXor, divNoNan, addN and clone.
import { DTypeError, ShapeError, ValueError } from '../core/errors.js';
import { fmtShape, shapesEqual } from '../core/shape.js';
import { defineOp, run1, MOVES_ELEMENTS } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';
import { add, div, sub } from './arithmetic.js';
import { equal, logicalAnd, logicalNot, logicalOr, where } from './compare.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { zerosLike } from './creation.js';
import { applyUnary, defineUnary, matchTypes } from './elementwise-base.js';
import { sqrt, square } from './elementwise-math.js';

/** Acosh op declaration: d/dx acosh(x) = 1 / sqrt(x² - 1). */
export const AcoshOp = defineUnary('Acosh', 'float', (dy, { x }) => ({ x: div(dy, sqrt(sub(square(x), 1))) }));
/** Asinh op declaration: d/dx asinh(x) = 1 / sqrt(x² + 1). */
export const AsinhOp = defineUnary('Asinh', 'float', (dy, { x }) => ({ x: div(dy, sqrt(add(square(x), 1))) }));
/** Atanh op declaration: d/dx atanh(x) = 1 / (1 - x²). */
export const AtanhOp = defineUnary('Atanh', 'float', (dy, { x }) => ({ x: div(dy, sub(1, square(x))) }));

/** Attrs of Step. */
export interface StepAttrs {
  /** The value where x <= 0. */
  alpha: number;
}
/** Step op declaration: 1 where x > 0, else alpha (NaN stays NaN); its gradient is zero, as in TF.js. */
export const StepOp = defineUnary<StepAttrs>('Step', 'same', (dy) => ({ x: zerosLike(dy) }));

/** Identity op declaration (tf.clone): a copy whose gradient passes through. */
export const IdentityOp = defineOp<'x'>({
  name: 'Identity',
  special: MOVES_ELEMENTS,
  inputs: ['x'],
  infer: ({ x }) => ({ shape: [...x.shape], dtype: x.dtype }),
  grad: (dy) => ({ x: dy }),
});

/** Element-wise inverse hyperbolic cosine (NaN below 1). @example acosh(tensor([1, 2])); // [0, 1.3170] */
export function acosh(x: TensorLike): Tensor {
  return applyUnary(AcoshOp, x, {}, 'acosh');
}
/** Element-wise inverse hyperbolic sine. @example asinh(tensor([0, 1])); // [0, 0.8814] */
export function asinh(x: TensorLike): Tensor {
  return applyUnary(AsinhOp, x, {}, 'asinh');
}
/** Element-wise inverse hyperbolic tangent (NaN outside (-1, 1)). @example atanh(tensor([0, 0.5])); // [0, 0.5493] */
export function atanh(x: TensorLike): Tensor {
  return applyUnary(AtanhOp, x, {}, 'atanh');
}
/** Element-wise step: 1 where x > 0, else `alpha`. @example step(tensor([-1, 0, 2]), 0.1); // [0.1, 0.1, 1] */
export function step(x: TensorLike, alpha = 0): Tensor {
  return applyUnary(StepOp, x, { alpha }, 'step');
}

/** A copy of `x` (same shape and dtype); gradients pass through. @example clone(tensor([1, 2])); // [1, 2] */
export function clone(x: TensorLike): Tensor {
  return run1(IdentityOp, { x: convertToTensor(x, 'x', 'clone') }, {});
}

/** Element-wise exclusive OR of bool tensors, with broadcasting. @example logicalXor(tensor([true, true]), tensor([true, false])); // [false, true] */
export function logicalXor(a: TensorLike, b: TensorLike): Tensor {
  const ta = convertToTensor(a, 'a', 'logicalXor', 'bool');
  const tb = convertToTensor(b, 'b', 'logicalXor', 'bool');
  return logicalAnd(logicalOr(ta, tb), logicalNot(logicalAnd(ta, tb)));
}

/** a / b, but 0 wherever b is 0 (even when a is 0 or NaN). @example divNoNan(tensor([1, 2]), tensor([0, 4])); // [0, 0.5] */
export function divNoNan(a: TensorLike, b: TensorLike): Tensor {
  const [ta, tb] = matchTypes(a, b, 'divNoNan');
  const q = div(ta, tb);
  return where(equal(tb, 0), zerosLike(q), q);
}

/**
 * Element-wise sum of a list of tensors of one shape and dtype (TF.js `addN`; no broadcasting).
 * @example addN([tensor([1, 2]), tensor([3, 4]), tensor([5, 6])]); // [9, 12]
 */
export function addN(tensors: TensorLike[]): Tensor {
  if (!Array.isArray(tensors)) {
    throw new ValueError(`The argument passed to tf.addN() must be a list of tensors, received ${typeof tensors}. Wrap a single tensor in [ ].`);
  }
  if (tensors.length < 1) throw new ValueError('Must pass at least one tensor to tf.addN(), but got 0.');
  const ts = tensors.map((t, i) => convertToTensor(t, `tensors[${i}]`, 'addN'));
  const first = ts[0] as Tensor;
  for (const [i, t] of ts.entries()) {
    if (t.dtype !== first.dtype) {
      throw new DTypeError(`All tensors passed to tf.addN() must have the same dtype: tensors[0] is ${first.dtype}, tensors[${i}] is ${t.dtype}.`);
    }
    if (!shapesEqual(t.shape, first.shape)) {
      throw new ShapeError(
        `All tensors passed to tf.addN() must have the same shape: tensors[0] is ${fmtShape(first.shape)}, tensors[${i}] is ${fmtShape(t.shape)}.`,
      );
    }
  }
  return ts.length === 1 ? clone(first) : ts.slice(1).reduce((acc, t) => add(acc, t), first);
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    acosh(): Tensor;
    asinh(): Tensor;
    atanh(): Tensor;
    step(alpha?: number): Tensor;
    logicalXor(b: TensorLike): Tensor;
    divNoNan(b: TensorLike): Tensor;
  }
}
Tensor.prototype.acosh = function (this: Tensor) {
  return acosh(this);
};
Tensor.prototype.asinh = function (this: Tensor) {
  return asinh(this);
};
Tensor.prototype.atanh = function (this: Tensor) {
  return atanh(this);
};
Tensor.prototype.step = function (this: Tensor, alpha?: number) {
  return step(this, alpha);
};
Tensor.prototype.logicalXor = function (this: Tensor, b: TensorLike) {
  return logicalXor(this, b);
};
Tensor.prototype.divNoNan = function (this: Tensor, b: TensorLike) {
  return divNoNan(this, b);
};
