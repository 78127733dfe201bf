import { ShapeError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { matMul } from './matmul.js';
import { reshape } from './reshape.js';

/**
 * Dot product of vectors and/or matrices (ranks 1 or 2): vector·vector gives a scalar, matrix·vector and
 * vector·matrix a vector, matrix·matrix a matrix.
 * @example dot(tensor([1, 2]), tensor([3, 4])); // 11
 */
export function dot(t1: TensorLike, t2: TensorLike): Tensor {
  const a = convertToTensor(t1, 't1', 'dot');
  const b = convertToTensor(t2, 't2', 'dot');
  if (a.rank < 1 || a.rank > 2 || b.rank < 1 || b.rank > 2) {
    throw new ShapeError(`dot: inputs must be vectors or matrices (rank 1 or 2), received t1 ${fmtShape(a.shape)} and t2 ${fmtShape(b.shape)}. Use matMul for batches.`);
  }
  const ka = a.shape[a.rank - 1] ?? 0;
  const kb = b.shape[0] ?? 0;
  if (ka !== kb) {
    throw new ShapeError(`dot: inner dimensions must agree: t1 ${fmtShape(a.shape)} ends in ${ka} but t2 ${fmtShape(b.shape)} starts with ${kb}.`);
  }
  const am = a.rank === 1 ? reshape(a, [1, ka]) : a;
  const bm = b.rank === 1 ? reshape(b, [kb, 1]) : b;
  const c = matMul(am, bm);
  if (a.rank === 1 && b.rank === 1) return reshape(c, []);
  if (a.rank === 1) return reshape(c, [b.shape[1] ?? 0]);
  if (b.rank === 1) return reshape(c, [a.shape[0] ?? 0]);
  return c;
}

/**
 * Outer product of two vectors: out[i][j] = v1[i] · v2[j].
 * @example outerProduct(tensor([1, 2]), tensor([3, 4])); // [[3, 4], [6, 8]]
 */
export function outerProduct(v1: TensorLike, v2: TensorLike): Tensor {
  const a = convertToTensor(v1, 'v1', 'outerProduct');
  const b = convertToTensor(v2, 'v2', 'outerProduct');
  if (a.rank !== 1 || b.rank !== 1) {
    throw new ShapeError(`outerProduct: both inputs must be vectors, received v1 ${fmtShape(a.shape)} and v2 ${fmtShape(b.shape)}.`);
  }
  return matMul(reshape(a, [a.size, 1]), reshape(b, [1, b.size]));
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    dot(b: TensorLike): Tensor;
  }
}
Tensor.prototype.dot = function (this: Tensor, b: TensorLike) {
  return dot(this, b);
};
