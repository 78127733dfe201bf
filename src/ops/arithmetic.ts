import { broadcastShapes } from '../core/shape.js';
import { type OpDef, defineOp } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from './convert.js';
import { applyBinary, applyUnary, defineBinary, defineUnary } from './elementwise-base.js';

// Linear ops act on real and imaginary parts apart, so complex64 inputs run through the engine's lift.
const LINEAR = { complex64: 'move' } as const;

/** Add op declaration. */
export const AddOp = defineBinary('Add', 'same', (dy) => ({ a: dy, b: dy }), LINEAR);
/** Sub op declaration. */
export const SubOp = defineBinary('Sub', 'same', (dy) => ({ a: dy, b: neg(dy) }), LINEAR);
/** Mul op declaration. */
export const MulOp = defineBinary('Multiply', 'same', (dy, { a, b }) => ({ a: mul(dy, b), b: mul(dy, a) }));
/**
 * RealDiv op declaration: true division of floats; two int32 operands give int32 floor division, as TF.js's div
 * does (bool gives float32). The gradient is the real-division rule either way (TF.js's too), in float32 for ints.
 */
export const DivOp: OpDef<'a' | 'b', Record<string, never>> = defineOp<'a' | 'b'>({
  name: 'RealDiv',
  inputs: ['a', 'b'],
  infer: ({ a, b }) => ({ shape: broadcastShapes(a.shape, b.shape, 'RealDiv'), dtype: a.dtype === 'bool' ? 'float32' : a.dtype }),
  grad: (dy, { a, b }) => {
    const [fa, fb] = a.dtype === 'int32' ? [a.cast('float32'), b.cast('float32')] : [a, b];
    return { a: div(dy, fb), b: neg(div(mul(dy, fa), mul(fb, fb))) };
  },
});
/** Neg op declaration. */
export const NegOp = defineUnary('Neg', 'same', (dy) => ({ x: neg(dy) }), LINEAR);

/**
 * Element-wise a + b with broadcasting.
 * @example add(tensor([1, 2]), 10); // [11, 12]
 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(AddOp, a, b, 'add');
}

/**
 * Element-wise a - b with broadcasting.
 * @example sub(tensor([3, 4]), 1); // [2, 3]
 */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(SubOp, a, b, 'sub');
}

/**
 * Element-wise a * b with broadcasting.
 * @example mul(tensor([1, 2]), tensor([3, 4])); // [3, 8]
 */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(MulOp, a, b, 'mul');
}

/**
 * Element-wise a / b with broadcasting; two int32 operands divide with floor (TF.js), so cast one to float32 for
 * true division.
 * @example div(tensor([1, 3]), 2); // [0.5, 1.5]
 */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(DivOp, a, b, 'div');
}

/**
 * Element-wise -x.
 * @example neg(tensor([1, -2])); // [-1, 2]
 */
export function neg(x: TensorLike): Tensor {
  return applyUnary(NegOp, x, {}, 'neg');
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    add(b: TensorLike): Tensor;
    sub(b: TensorLike): Tensor;
    mul(b: TensorLike): Tensor;
    div(b: TensorLike): Tensor;
    neg(): Tensor;
  }
}
Tensor.prototype.add = function (this: Tensor, b: TensorLike) {
  return add(this, b);
};
Tensor.prototype.sub = function (this: Tensor, b: TensorLike) {
  return sub(this, b);
};
Tensor.prototype.mul = function (this: Tensor, b: TensorLike) {
  return mul(this, b);
};
Tensor.prototype.div = function (this: Tensor, b: TensorLike) {
  return div(this, b);
};
Tensor.prototype.neg = function (this: Tensor) {
  return neg(this);
};
