import { ValueError } from '../core/errors.js';
import type { GradFn } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';
import { add, div, mul, neg, sub } from './arithmetic.js';
import { cast } from './cast.js';
import { logicalAnd, greaterEqual, lessEqual } from './compare.js';
import type { TensorLike } from './convert.js';
import { zerosLike } from './creation.js';
import { applyFloatUnary, applyUnary, defineUnary } from './elementwise-base.js';

type UnaryGrad = GradFn<'x', Record<string, never>>;
const zeroGrad: UnaryGrad = (dy) => ({ x: zerosLike(dy) });

/** Abs op declaration (keeps int32). */
export const AbsOp = defineUnary('Abs', 'same', (dy, { x }) => ({ x: mul(dy, sign(x)) }));
/** Sign op declaration; its gradient is zero, as in TF.js. */
export const SignOp = defineUnary('Sign', 'same', zeroGrad);
/** Exp op declaration. */
export const ExpOp = defineUnary('Exp', 'float', (dy, _, __, ctx) => ({ x: mul(dy, ctx.output) }));
/** Expm1 op declaration. */
export const Expm1Op = defineUnary('Expm1', 'float', (dy, { x }) => ({ x: mul(dy, exp(x)) }));
/** Log op declaration. */
export const LogOp = defineUnary('Log', 'float', (dy, { x }) => ({ x: div(dy, x) }));
/** Log1p op declaration. */
export const Log1pOp = defineUnary('Log1p', 'float', (dy, { x }) => ({ x: div(dy, add(x, 1)) }));
/** Sqrt op declaration. */
export const SqrtOp = defineUnary('Sqrt', 'float', (dy, _, __, ctx) => ({ x: div(dy, mul(ctx.output, 2)) }));
/** Rsqrt op declaration. */
export const RsqrtOp = defineUnary('Rsqrt', 'float', (dy, { x }) => ({ x: div(mul(dy, -0.5), mul(x, sqrt(x))) }));
/** Square op declaration (keeps int32). */
export const SquareOp = defineUnary('Square', 'same', (dy, { x }) => ({ x: mul(dy, mul(x, 2)) }));
/** Reciprocal op declaration. */
export const ReciprocalOp = defineUnary('Reciprocal', 'float', (dy, { x }) => ({ x: neg(div(dy, square(x))) }));
/** Sin op declaration. */
export const SinOp = defineUnary('Sin', 'float', (dy, { x }) => ({ x: mul(dy, cos(x)) }));
/** Cos op declaration. */
export const CosOp = defineUnary('Cos', 'float', (dy, { x }) => ({ x: neg(mul(dy, sin(x))) }));
/** Tan op declaration. */
export const TanOp = defineUnary('Tan', 'float', (dy, { x }) => ({ x: div(dy, square(cos(x))) }));
/** Asin op declaration. */
export const AsinOp = defineUnary('Asin', 'float', (dy, { x }) => ({ x: div(dy, sqrt(sub(1, square(x)))) }));
/** Acos op declaration. */
export const AcosOp = defineUnary('Acos', 'float', (dy, { x }) => ({ x: neg(div(dy, sqrt(sub(1, square(x))))) }));
/** Atan op declaration. */
export const AtanOp = defineUnary('Atan', 'float', (dy, { x }) => ({ x: div(dy, add(square(x), 1)) }));
/** Sinh op declaration. */
export const SinhOp = defineUnary('Sinh', 'float', (dy, { x }) => ({ x: mul(dy, cosh(x)) }));
/** Cosh op declaration. */
export const CoshOp = defineUnary('Cosh', 'float', (dy, { x }) => ({ x: mul(dy, sinh(x)) }));
/** Floor op declaration; zero gradient. */
export const FloorOp = defineUnary('Floor', 'same', zeroGrad);
/** Ceil op declaration; zero gradient. */
export const CeilOp = defineUnary('Ceil', 'same', zeroGrad);
/** Round op declaration (half to even); zero gradient. */
export const RoundOp = defineUnary('Round', 'same', zeroGrad);
/** Erf op declaration (the Gauss error function). */
export const ErfOp = defineUnary('Erf', 'float', (dy, { x }) => ({ x: mul(dy, mul(exp(neg(square(x))), 2 / Math.sqrt(Math.PI))) }));

/** Attrs of ClipByValue. */
export interface ClipAttrs {
  clipValueMin: number;
  clipValueMax: number;
}
/** ClipByValue op declaration: the gradient passes where min <= x <= max. */
export const ClipByValueOp = defineUnary<ClipAttrs>('ClipByValue', 'same', (dy, { x }, { clipValueMin, clipValueMax }) => {
  const inside = logicalAnd(greaterEqual(x, clipValueMin), lessEqual(x, clipValueMax));
  return { x: mul(dy, cast(inside, dy.dtype)) };
});

/** Element-wise |x|. @example abs(tensor([-1, 2])); // [1, 2] */
export function abs(x: TensorLike): Tensor {
  return applyUnary(AbsOp, x, {}, 'abs');
}
/** Element-wise sign: -1, 0 or 1 (NaN stays NaN). @example sign(tensor([-3, 0, 2])); // [-1, 0, 1] */
export function sign(x: TensorLike): Tensor {
  return applyUnary(SignOp, x, {}, 'sign');
}
/** Element-wise e^x. @example exp(tensor([0, 1])); // [1, 2.718...] */
export function exp(x: TensorLike): Tensor {
  return applyUnary(ExpOp, x, {}, 'exp');
}
/** Element-wise e^x - 1, accurate near 0. @example expm1(tensor([1e-10])); // [1e-10] */
export function expm1(x: TensorLike): Tensor {
  return applyUnary(Expm1Op, x, {}, 'expm1');
}
/** Element-wise natural logarithm. @example log(tensor([1, Math.E])); // [0, 1] */
export function log(x: TensorLike): Tensor {
  return applyFloatUnary(LogOp, x, {}, 'log');
}
/** Element-wise log(1 + x), accurate near 0. @example log1p(tensor([0])); // [0] */
export function log1p(x: TensorLike): Tensor {
  return applyUnary(Log1pOp, x, {}, 'log1p');
}
/** Element-wise square root. @example sqrt(tensor([4, 9])); // [2, 3] */
export function sqrt(x: TensorLike): Tensor {
  return applyFloatUnary(SqrtOp, x, {}, 'sqrt');
}
/** Element-wise 1 / sqrt(x). @example rsqrt(tensor([4])); // [0.5] */
export function rsqrt(x: TensorLike): Tensor {
  return applyFloatUnary(RsqrtOp, x, {}, 'rsqrt');
}
/** Element-wise x * x. @example square(tensor([-2, 3])); // [4, 9] */
export function square(x: TensorLike): Tensor {
  return applyUnary(SquareOp, x, {}, 'square');
}
/** Element-wise 1 / x. @example reciprocal(tensor([2, 4])); // [0.5, 0.25] */
export function reciprocal(x: TensorLike): Tensor {
  return applyUnary(ReciprocalOp, x, {}, 'reciprocal');
}
/** Element-wise sine. @example sin(tensor([0])); // [0] */
export function sin(x: TensorLike): Tensor {
  return applyFloatUnary(SinOp, x, {}, 'sin');
}
/** Element-wise cosine. @example cos(tensor([0])); // [1] */
export function cos(x: TensorLike): Tensor {
  return applyFloatUnary(CosOp, x, {}, 'cos');
}
/** Element-wise tangent. @example tan(tensor([0])); // [0] */
export function tan(x: TensorLike): Tensor {
  return applyFloatUnary(TanOp, x, {}, 'tan');
}
/** Element-wise arcsine (NaN outside [-1, 1]). @example asin(tensor([1])); // [pi/2] */
export function asin(x: TensorLike): Tensor {
  return applyUnary(AsinOp, x, {}, 'asin');
}
/** Element-wise arccosine (NaN outside [-1, 1]). @example acos(tensor([1])); // [0] */
export function acos(x: TensorLike): Tensor {
  return applyUnary(AcosOp, x, {}, 'acos');
}
/** Element-wise arctangent. @example atan(tensor([1])); // [pi/4] */
export function atan(x: TensorLike): Tensor {
  return applyUnary(AtanOp, x, {}, 'atan');
}
/** Element-wise hyperbolic sine. @example sinh(tensor([0])); // [0] */
export function sinh(x: TensorLike): Tensor {
  return applyUnary(SinhOp, x, {}, 'sinh');
}
/** Element-wise hyperbolic cosine. @example cosh(tensor([0])); // [1] */
export function cosh(x: TensorLike): Tensor {
  return applyFloatUnary(CoshOp, x, {}, 'cosh');
}
/** Element-wise floor. @example floor(tensor([1.5, -1.5])); // [1, -2] */
export function floor(x: TensorLike): Tensor {
  return applyFloatUnary(FloorOp, x, {}, 'floor');
}
/** Element-wise ceiling. @example ceil(tensor([1.5, -1.5])); // [2, -1] */
export function ceil(x: TensorLike): Tensor {
  return applyFloatUnary(CeilOp, x, {}, 'ceil');
}
/** Element-wise rounding, halves to the nearest even integer (like TF.js). @example round(tensor([0.5, 1.5, 2.5])); // [0, 2, 2] */
export function round(x: TensorLike): Tensor {
  return applyUnary(RoundOp, x, {}, 'round');
}
/** Element-wise Gauss error function. @example erf(tensor([0, 1])); // [0, 0.8427] */
export function erf(x: TensorLike): Tensor {
  return applyUnary(ErfOp, x, {}, 'erf');
}

/**
 * Clips every value into [clipValueMin, clipValueMax].
 * @example clipByValue(tensor([-2, 0.5, 3]), 0, 1); // [0, 0.5, 1]
 */
export function clipByValue(x: TensorLike, clipValueMin: number, clipValueMax: number): Tensor {
  if (!(clipValueMin <= clipValueMax)) {
    throw new ValueError(
      `clipByValue: clipValueMin (${clipValueMin}) must be less than or equal to clipValueMax (${clipValueMax}); swap the two bounds.`,
    );
  }
  return applyUnary(ClipByValueOp, x, { clipValueMin, clipValueMax }, 'clipByValue');
}

type UnaryName =
  | 'abs' | 'sign' | 'exp' | 'expm1' | 'log' | 'log1p' | 'sqrt' | 'rsqrt' | 'square' | 'reciprocal'
  | 'sin' | 'cos' | 'tan' | 'asin' | 'acos' | 'atan' | 'sinh' | 'cosh' | 'floor' | 'ceil' | 'round' | 'erf';

declare module '../tensor/tensor.js' {
  interface Tensor {
    abs(): Tensor;
    sign(): Tensor;
    exp(): Tensor;
    expm1(): Tensor;
    log(): Tensor;
    log1p(): Tensor;
    sqrt(): Tensor;
    rsqrt(): Tensor;
    square(): Tensor;
    reciprocal(): Tensor;
    sin(): Tensor;
    cos(): Tensor;
    tan(): Tensor;
    asin(): Tensor;
    acos(): Tensor;
    atan(): Tensor;
    sinh(): Tensor;
    cosh(): Tensor;
    floor(): Tensor;
    ceil(): Tensor;
    round(): Tensor;
    erf(): Tensor;
    clipByValue(clipValueMin: number, clipValueMax: number): Tensor;
  }
}
const unaryMethods: Record<UnaryName, (x: Tensor) => Tensor> = {
  abs, sign, exp, expm1, log, log1p, sqrt, rsqrt, square, reciprocal,
  sin, cos, tan, asin, acos, atan, sinh, cosh, floor, ceil, round, erf,
};
for (const [name, fn] of Object.entries(unaryMethods) as [UnaryName, (x: Tensor) => Tensor][]) {
  Tensor.prototype[name] = function (this: Tensor) {
    return fn(this);
  };
}
Tensor.prototype.clipByValue = function (this: Tensor, clipValueMin: number, clipValueMax: number) {
  return clipByValue(this, clipValueMin, clipValueMax);
};
