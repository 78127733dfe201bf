import { DTypeError } from '../core/errors.js';
import { broadcastShapes } from '../core/shape.js';
import { defineOp, run1, MOVES_ELEMENTS } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { zerosLike } from './creation.js';
import { applyBinary, applyUnary, defineBinary, defineUnary, matchTypes } from './elementwise-base.js';

// Strings compare by the bytes of their UTF-8 text.
const BY_ORDER = { string: 'order' } as const;

/** Equal op declaration (bool output, not differentiable). */
export const EqualOp = defineBinary('Equal', 'bool', null, BY_ORDER);
/** NotEqual op declaration. */
export const NotEqualOp = defineBinary('NotEqual', 'bool', null, BY_ORDER);
/** Less op declaration. */
export const LessOp = defineBinary('Less', 'bool', null, BY_ORDER);
/** LessEqual op declaration. */
export const LessEqualOp = defineBinary('LessEqual', 'bool', null, BY_ORDER);
/** Greater op declaration. */
export const GreaterOp = defineBinary('Greater', 'bool', null, BY_ORDER);
/** GreaterEqual op declaration. */
export const GreaterEqualOp = defineBinary('GreaterEqual', 'bool', null, BY_ORDER);
/** LogicalAnd op declaration (bool inputs). */
export const LogicalAndOp = defineBinary('LogicalAnd', 'bool', null);
/** LogicalOr op declaration (bool inputs). */
export const LogicalOrOp = defineBinary('LogicalOr', 'bool', null);
/** LogicalNot op declaration (bool input). */
export const LogicalNotOp = defineUnary('LogicalNot', 'bool', null);
/** IsNan op declaration. */
export const IsNanOp = defineUnary('IsNan', 'bool', null);
/** IsFinite op declaration. */
export const IsFiniteOp = defineUnary('IsFinite', 'bool', null);
/** IsInf op declaration. */
export const IsInfOp = defineUnary('IsInf', 'bool', null);

/** Select op declaration: `condition ? a : b` element-wise, all three broadcasting together. */
export const SelectOp = defineOp<'condition' | 'a' | 'b'>({
  name: 'Select',
  special: MOVES_ELEMENTS,
  inputs: ['condition', 'a', 'b'],
  infer: ({ condition, a, b }) => ({
    shape: broadcastShapes(condition.shape, broadcastShapes(a.shape, b.shape, 'where'), 'where'),
    dtype: a.dtype,
  }),
  grad: (dy, { condition }) => {
    const zero = zerosLike(dy);
    return { a: where(condition, dy, zero), b: where(condition, zero, dy) };
  },
});

/** Element-wise a == b (bool). @example equal(tensor([1, 2]), 2); // [false, true] */
export function equal(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(EqualOp, a, b, 'equal');
}
/** Element-wise a != b (bool). @example notEqual(tensor([1, 2]), 2); // [true, false] */
export function notEqual(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(NotEqualOp, a, b, 'notEqual');
}
/** Element-wise a < b (bool). @example less(tensor([1, 2]), 2); // [true, false] */
export function less(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(LessOp, a, b, 'less');
}
/** Element-wise a <= b (bool). @example lessEqual(tensor([1, 3]), 2); // [true, false] */
export function lessEqual(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(LessEqualOp, a, b, 'lessEqual');
}
/** Element-wise a > b (bool). @example greater(tensor([1, 3]), 2); // [false, true] */
export function greater(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(GreaterOp, a, b, 'greater');
}
/** Element-wise a >= b (bool). @example greaterEqual(tensor([1, 2]), 2); // [false, true] */
export function greaterEqual(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(GreaterEqualOp, a, b, 'greaterEqual');
}

function boolArg(x: TensorLike, arg: string, op: string): Tensor {
  const t = convertToTensor(x, arg, op, x instanceof Tensor ? undefined : 'bool');
  if (t.dtype !== 'bool') {
    throw new DTypeError(`${op}: argument '${arg}' must be a bool tensor, received dtype ${t.dtype}. Compare it first (e.g. x.greater(0)) or cast it with cast(x, 'bool').`);
  }
  return t;
}

/** Element-wise logical AND of bool tensors. @example logicalAnd(tensor([true, true]), tensor([true, false])); // [true, false] */
export function logicalAnd(a: TensorLike, b: TensorLike): Tensor {
  return run1(LogicalAndOp, { a: boolArg(a, 'a', 'logicalAnd'), b: boolArg(b, 'b', 'logicalAnd') }, {});
}
/** Element-wise logical OR of bool tensors. @example logicalOr(tensor([true, false]), tensor([false, false])); // [true, false] */
export function logicalOr(a: TensorLike, b: TensorLike): Tensor {
  return run1(LogicalOrOp, { a: boolArg(a, 'a', 'logicalOr'), b: boolArg(b, 'b', 'logicalOr') }, {});
}
/** Element-wise logical NOT of a bool tensor. @example logicalNot(tensor([true, false])); // [false, true] */
export function logicalNot(x: TensorLike): Tensor {
  return run1(LogicalNotOp, { x: boolArg(x, 'x', 'logicalNot') }, {});
}
/** True where x is NaN. @example isNaN(tensor([NaN, 1])); // [true, false] */
export function isNaN(x: TensorLike): Tensor {
  return applyUnary(IsNanOp, x, {}, 'isNaN');
}
/** True where x is finite. @example isFinite(tensor([Infinity, 1])); // [false, true] */
export function isFinite(x: TensorLike): Tensor {
  return applyUnary(IsFiniteOp, x, {}, 'isFinite');
}
/** True where x is +Infinity or -Infinity. @example isInf(tensor([-Infinity, NaN])); // [true, false] */
export function isInf(x: TensorLike): Tensor {
  return applyUnary(IsInfOp, x, {}, 'isInf');
}

/**
 * Picks `a` where `condition` is true and `b` elsewhere; the three shapes broadcast together.
 * @example where(tensor([true, false]), tensor([1, 2]), tensor([3, 4])); // [1, 4]
 */
export function where(condition: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const c = boolArg(condition, 'condition', 'where');
  const [ta, tb] = matchTypes(a, b, 'where');
  return run1(SelectOp, { condition: c, a: ta, b: tb }, {});
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    equal(b: TensorLike): Tensor;
    notEqual(b: TensorLike): Tensor;
    less(b: TensorLike): Tensor;
    lessEqual(b: TensorLike): Tensor;
    greater(b: TensorLike): Tensor;
    greaterEqual(b: TensorLike): Tensor;
    logicalAnd(b: TensorLike): Tensor;
    logicalOr(b: TensorLike): Tensor;
    logicalNot(): Tensor;
    isNaN(): Tensor;
    isFinite(): Tensor;
    isInf(): Tensor;
  }
}
Tensor.prototype.equal = function (this: Tensor, b: TensorLike) {
  return equal(this, b);
};
Tensor.prototype.notEqual = function (this: Tensor, b: TensorLike) {
  return notEqual(this, b);
};
Tensor.prototype.less = function (this: Tensor, b: TensorLike) {
  return less(this, b);
};
Tensor.prototype.lessEqual = function (this: Tensor, b: TensorLike) {
  return lessEqual(this, b);
};
Tensor.prototype.greater = function (this: Tensor, b: TensorLike) {
  return greater(this, b);
};
Tensor.prototype.greaterEqual = function (this: Tensor, b: TensorLike) {
  return greaterEqual(this, b);
};
Tensor.prototype.logicalAnd = function (this: Tensor, b: TensorLike) {
  return logicalAnd(this, b);
};
Tensor.prototype.logicalOr = function (this: Tensor, b: TensorLike) {
  return logicalOr(this, b);
};
Tensor.prototype.logicalNot = function (this: Tensor) {
  return logicalNot(this);
};
Tensor.prototype.isNaN = function (this: Tensor) {
  return isNaN(this);
};
Tensor.prototype.isFinite = function (this: Tensor) {
  return isFinite(this);
};
Tensor.prototype.isInf = function (this: Tensor) {
  return isInf(this);
};
