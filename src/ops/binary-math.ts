import { Tensor } from '../tensor/tensor.js';
import { add, div, mul, neg, sub } from './arithmetic.js';
import { cast } from './cast.js';
import { greater, greaterEqual, less, lessEqual, where } from './compare.js';
import type { TensorLike } from './convert.js';
import { zerosLike } from './creation.js';
import { applyBinary, defineBinary, matchTypes } from './elementwise-base.js';
import { run1, type OpDef } from '../tensor/engine.js';
import { floor, log, square } from './elementwise-math.js';

const mask = (cond: Tensor, like: Tensor): Tensor => cast(cond, like.dtype);

/** FloorDiv op declaration. Its gradient is zero almost everywhere (TF.js uses the RealDiv rule instead). */
export const FloorDivOp = defineBinary('FloorDiv', 'same', (dy) => ({ a: zerosLike(dy), b: zerosLike(dy) }));
/** Mod op declaration: the remainder takes the sign of the divisor (Python/TF.js `floormod`). */
// int32 div already floors (and floor takes floats only).
export const ModOp = defineBinary('Mod', 'same', (dy, { a, b }) => ({ a: dy, b: mul(dy, neg(a.dtype === 'int32' ? div(a, b) : floor(div(a, b)))) }));
/** Pow op declaration; d/db uses log(a) where a > 0 and 0 elsewhere (as in TF.js). */
export const PowOp = defineBinary('Pow', 'same', (dy, { a, b }, _, ctx) => {
  const positive = greater(a, 0);
  const logA = where(positive, log(where(positive, a, 1)), 0);
  return { a: mul(dy, mul(b, pow(a, sub(b, 1)))), b: mul(dy, mul(ctx.output, logA)) };
});
/** Maximum op declaration; ties send the gradient to `a`. */
export const MaximumOp = defineBinary('Maximum', 'same', (dy, { a, b }) => ({
  a: mul(dy, mask(greaterEqual(a, b), dy)),
  b: mul(dy, mask(less(a, b), dy)),
}));
/** Minimum op declaration; ties send the gradient to `a`. */
export const MinimumOp = defineBinary('Minimum', 'same', (dy, { a, b }) => ({
  a: mul(dy, mask(lessEqual(a, b), dy)),
  b: mul(dy, mask(greater(a, b), dy)),
}));
/** SquaredDifference op declaration. */
export const SquaredDifferenceOp = defineBinary('SquaredDifference', 'same', (dy, { a, b }) => {
  const g = mul(dy, mul(sub(a, b), 2));
  return { a: g, b: neg(g) };
});
/** Atan2 op declaration. */
export const Atan2Op = defineBinary('Atan2', 'float', (dy, { a, b }) => {
  const d = add(square(a), square(b));
  return { a: div(mul(dy, b), d), b: neg(div(mul(dy, a), d)) };
});

/** Runs a numeric binary op; bool operands compute as int32 (as TF.js does). */
function numeric(op: OpDef<'a' | 'b', Record<string, never>>, a: TensorLike, b: TensorLike, apiName: string, names?: [string, string]): Tensor {
  let [ta, tb] = matchTypes(a, b, apiName, names);
  if (ta.dtype === 'bool') {
    ta = cast(ta, 'int32');
    tb = cast(tb, 'int32');
  }
  return run1(op, { a: ta, b: tb }, {});
}

/** Element-wise floor(a / b); int32 stays int32. @example floorDiv(tensor([7, -7]), 2); // [3, -4] */
export function floorDiv(a: TensorLike, b: TensorLike): Tensor {
  return numeric(FloorDivOp, a, b, 'floorDiv');
}
/** Element-wise remainder with the sign of b. @example mod(tensor([5, -5]), 3); // [2, 1] */
export function mod(a: TensorLike, b: TensorLike): Tensor {
  return numeric(ModOp, a, b, 'mod');
}
/** Element-wise a ** b. @example pow(tensor([2, 3]), 2); // [4, 9] */
export function pow(base: TensorLike, exponent: TensorLike): Tensor {
  return numeric(PowOp, base, exponent, 'pow', ['base', 'exp']);
}
/** Element-wise maximum (NaN propagates). @example maximum(tensor([1, 4]), tensor([3, 2])); // [3, 4] */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return numeric(MaximumOp, a, b, 'maximum');
}
/** Element-wise minimum (NaN propagates). @example minimum(tensor([1, 4]), tensor([3, 2])); // [1, 2] */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return numeric(MinimumOp, a, b, 'minimum');
}
/** Element-wise (a - b)^2. @example squaredDifference(tensor([1, 4]), 2); // [1, 4] */
export function squaredDifference(a: TensorLike, b: TensorLike): Tensor {
  return numeric(SquaredDifferenceOp, a, b, 'squaredDifference');
}
/** Element-wise atan(a / b) using the signs of both to pick the quadrant. @example atan2(tensor([1]), tensor([-1])); // [3pi/4] */
export function atan2(a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(Atan2Op, a, b, 'atan2');
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    floorDiv(b: TensorLike): Tensor;
    mod(b: TensorLike): Tensor;
    pow(exponent: TensorLike): Tensor;
    maximum(b: TensorLike): Tensor;
    minimum(b: TensorLike): Tensor;
    squaredDifference(b: TensorLike): Tensor;
    atan2(b: TensorLike): Tensor;
  }
}
type BinaryName = 'floorDiv' | 'mod' | 'pow' | 'maximum' | 'minimum' | 'squaredDifference' | 'atan2';
const binaryMethods: Record<BinaryName, (a: Tensor, b: TensorLike) => Tensor> = { floorDiv, mod, pow, maximum, minimum, squaredDifference, atan2 };
for (const [name, fn] of Object.entries(binaryMethods) as [BinaryName, (a: Tensor, b: TensorLike) => Tensor][]) {
  Tensor.prototype[name] = function (this: Tensor, b: TensorLike) {
    return fn(this, b);
  };
}
