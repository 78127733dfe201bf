import { upcastType } from '../core/dtype.js';
import { ShapeError } from '../core/errors.js';
import { broadcastShapes, fmtShape } from '../core/shape.js';
import { defineOp, run1 } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { type TensorLike, convertToTensor } from './convert.js';

/** Attrs of MatMul. */
export interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

/** Shapes of a (batched) matmul: batch shape, M, K, N. */
export function matMulDims(a: readonly number[], b: readonly number[], { transposeA, transposeB }: MatMulAttrs) {
  const ra = a.length;
  const rb = b.length;
  const m = (transposeA ? a[ra - 1] : a[ra - 2]) ?? 0;
  const ka = (transposeA ? a[ra - 2] : a[ra - 1]) ?? 0;
  const kb = (transposeB ? b[rb - 1] : b[rb - 2]) ?? 0;
  const n = (transposeB ? b[rb - 2] : b[rb - 1]) ?? 0;
  if (ka !== kb) {
    const hint = !transposeB && a[ra - 1] === b[rb - 1] ? ' Did you mean transposeB: true?' : !transposeA && a[ra - 2] === b[rb - 2] ? ' Did you mean transposeA: true?' : '';
    throw new ShapeError(
      `matMul: inner dimensions must agree: a is ${fmtShape(a)}${transposeA ? ' (transposed)' : ''}, b is ${fmtShape(b)}${transposeB ? ' (transposed)' : ''}, so ${ka} != ${kb}.${hint}`,
    );
  }
  const batch = broadcastShapes(a.slice(0, -2), b.slice(0, -2), 'matMul (batch dimensions)');
  return { batch, m, k: ka, n };
}

/** MatMul op declaration: batched, with broadcasting of the batch dimensions. */
export const MatMulOp = defineOp<'a' | 'b', MatMulAttrs>({
  name: 'BatchMatMul',
  inputs: ['a', 'b'],
  // Every kernel overwrites C, including k = 0 (zeros) and batch 0 (no elements).
  fullyWrites: true,
  infer: ({ a, b }, attrs) => {
    const { batch, m, n } = matMulDims(a.shape, b.shape, attrs);
    return { shape: [...batch, m, n], dtype: a.dtype };
  },
  grad: (dy, { a, b }, { transposeA: tA, transposeB: tB }) => {
    const mm = (x: Tensor, y: Tensor, ta: boolean, tb: boolean): Tensor => run1(MatMulOp, { a: x, b: y }, { transposeA: ta, transposeB: tb });
    // Getters: backprop reads only the gradients it needs, so an input off the tape (the data batch) costs nothing.
    if (!tA && !tB) return { get a() { return mm(dy, b, false, true); }, get b() { return mm(a, dy, true, false); } };
    if (!tA && tB) return { get a() { return mm(dy, b, false, false); }, get b() { return mm(dy, a, true, false); } };
    if (tA && !tB) return { get a() { return mm(b, dy, false, true); }, get b() { return mm(a, dy, false, false); } };
    return { get a() { return mm(b, dy, true, true); }, get b() { return mm(dy, a, true, true); } };
  },
});

/**
 * Matrix product of the last two dimensions, batched over leading dimensions with broadcasting.
 * @example matMul(tensor([[1, 2]]), tensor([[3], [4]])); // [[11]]
 */
export function matMul(a: TensorLike, b: TensorLike, transposeA = false, transposeB = false): Tensor {
  let ta = convertToTensor(a, 'a', 'matMul');
  let tb = convertToTensor(b, 'b', 'matMul');
  if (ta.rank < 2 || tb.rank < 2) {
    throw new ShapeError(
      `matMul: both inputs must have rank >= 2, received a ${fmtShape(ta.shape)} and b ${fmtShape(tb.shape)}. Use dot() for vectors or expandDims first.`,
    );
  }
  const dtype = upcastType(ta.dtype, tb.dtype) === 'float64' ? 'float64' : upcastType(ta.dtype, tb.dtype) === 'bool' ? 'int32' : upcastType(ta.dtype, tb.dtype);
  ta = cast(ta, dtype);
  tb = cast(tb, dtype);
  return run1(MatMulOp, { a: ta, b: tb }, { transposeA, transposeB });
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    matMul(b: TensorLike, transposeA?: boolean, transposeB?: boolean): Tensor;
  }
}
Tensor.prototype.matMul = function (this: Tensor, b: TensorLike, transposeA?: boolean, transposeB?: boolean) {
  return matMul(this, b, transposeA, transposeB);
};
