import { type DataType, floatType, upcastType } from '../core/dtype.js';
import { broadcastShapes } from '../core/shape.js';
import { type GradFn, type OpDef, type OutputSpec, type SpecialDTypes, defineOp, run1 } from '../tensor/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { type TensorLike, convertToTensor, expectDType } from './convert.js';

/** How a binary op chooses its output dtype from the (already matched) input dtype. */
export type DTypeRule = 'same' | 'float' | 'bool';

function outDType(dtype: DataType, rule: DTypeRule): DataType {
  if (rule === 'bool') return 'bool';
  if (rule === 'float') return floatType(dtype);
  return dtype;
}

/** Declares a broadcasting binary op with inputs `a` and `b`. */
export function defineBinary(
  name: string,
  rule: DTypeRule,
  grad: GradFn<'a' | 'b', Record<string, never>> | null,
  special?: SpecialDTypes,
): OpDef<'a' | 'b', Record<string, never>> {
  return defineOp<'a' | 'b'>({
    name,
    inputs: ['a', 'b'],
    ...(special ? { special } : {}),
    infer: ({ a, b }): OutputSpec => ({ shape: broadcastShapes(a.shape, b.shape, name), dtype: outDType(a.dtype, rule) }),
    grad,
  });
}

/** Declares an element-wise unary op with input `x`. */
export function defineUnary<A = Record<string, never>>(
  name: string,
  rule: DTypeRule,
  grad: GradFn<'x', A> | null,
  special?: SpecialDTypes,
): OpDef<'x', A> {
  return defineOp<'x', A>({
    name,
    inputs: ['x'],
    ...(special ? { special } : {}),
    infer: ({ x }): OutputSpec => ({ shape: [...x.shape], dtype: outDType(x.dtype, rule) }),
    grad,
  });
}

/** Converts both operands and promotes them to a common dtype (TF.js `makeTypesMatch`). */
export function matchTypes(a: TensorLike, b: TensorLike, op: string, names: [string, string] = ['a', 'b']): [Tensor, Tensor] {
  // A plain JS number adopts the other operand's dtype when it fits, so `x.mul(2)` keeps float64 or int32; it is
  // converted straight to that dtype (never through float32, which would round 0.8 in float64 arithmetic).
  const other = (v: TensorLike, name: string): DataType => convertToTensor(v, name, op).dtype;
  const ta = typeof a === 'number' && typeof b !== 'number' ? convertToTensor(a, names[0], op, numberDType(a, other(b, names[1]))) : convertToTensor(a, names[0], op);
  const tb = typeof b === 'number' && typeof a !== 'number' ? convertToTensor(b, names[1], op, numberDType(b, ta.dtype)) : convertToTensor(b, names[1], op);
  const dtype = upcastType(ta.dtype, tb.dtype);
  return [cast(ta, dtype), cast(tb, dtype)];
}

function numberDType(n: number, other: DataType): DataType {
  if (other === 'float64' || other === 'float32') return other;
  return Number.isInteger(n) ? 'int32' : 'float32';
}

// The complex64 forms of ops whose complex case is not their real kernel on each part (mul, abs), keyed by op
// name; src/ops/complex.ts fills them (it builds on the ops that import this file).
const complexBinary = new Map<string, (a: Tensor, b: Tensor) => Tensor>();
const complexUnary = new Map<string, (x: Tensor) => Tensor>();

/** Makes `fn` the complex64 case of the binary op called `opName`. */
export function registerComplexBinary(opName: string, fn: (a: Tensor, b: Tensor) => Tensor): void {
  complexBinary.set(opName, fn);
}

/** Makes `fn` the complex64 case of the unary op called `opName`. */
export function registerComplexUnary(opName: string, fn: (x: Tensor) => Tensor): void {
  complexUnary.set(opName, fn);
}

/** Applies a binary op declaration to two tensor-likes. */
export function applyBinary(op: OpDef<'a' | 'b', Record<string, never>>, a: TensorLike, b: TensorLike, apiName: string): Tensor {
  const [ta, tb] = matchTypes(a, b, apiName);
  const viaComplex = ta.dtype === 'complex64' ? complexBinary.get(op.name) : undefined;
  return viaComplex ? viaComplex(ta, tb) : run1(op, { a: ta, b: tb }, {});
}

/** Applies a unary op declaration to a tensor-like. */
export function applyUnary<A>(op: OpDef<'x', A>, x: TensorLike, attrs: A, apiName: string): Tensor {
  const t = convertToTensor(x, 'x', apiName);
  const viaComplex = t.dtype === 'complex64' ? complexUnary.get(op.name) : undefined;
  return viaComplex ? viaComplex(t) : run1(op, { x: t }, attrs);
}

/**
 * Applies a unary op that TF.js defines for floats only: arrays parse as float32, and int32 or bool tensors are
 * rejected with TF.js's message (float64 is this library's extension).
 */
export function applyFloatUnary<A>(op: OpDef<'x', A>, x: TensorLike, attrs: A, apiName: string): Tensor {
  const t = convertToTensor(x, 'x', apiName, 'float32');
  if (t.dtype === 'int32' || t.dtype === 'bool') expectDType(t, 'float32', 'x', apiName);
  return run1(op, { x: t }, attrs);
}
