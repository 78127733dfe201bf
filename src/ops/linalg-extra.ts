// TF.js's `tf.linalg`: bandPart (differentiable, a mask), gramSchmidt (composite, differentiable) and qr (Householder
// reflections computed on the host in float64; not differentiable here).
import { allocArray } from '../core/dtype.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { div, mul, sub } from './arithmetic.js';
import { cast } from './cast.js';
import { greaterEqual, lessEqual, logicalAnd, where } from './compare.js';
import { stack, unstack } from './concat.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { range, zerosLike } from './creation.js';
import { sqrt } from './elementwise-math.js';
import { sum } from './reduction.js';
import { reshape } from './reshape.js';

function scalarArg(v: number | Tensor, name: string): number {
  const n = v instanceof Tensor ? (v.dataSync()[0] as number) : v;
  if (!Number.isInteger(n)) throw new ValueError(`bandPart(): ${name} must be an integer, received ${n}.`);
  return n;
}

/**
 * Keeps the central band of each innermost matrix: `numLower` subdiagonals and `numUpper` superdiagonals (a negative
 * count keeps the whole triangle).
 * @example linalg.bandPart(ones([3, 3]), 0, -1); // upper triangle
 */
function bandPart(a: TensorLike, numLower: number | Tensor, numUpper: number | Tensor): Tensor {
  const t = convertToTensor(a, 'a', 'bandPart');
  if (t.rank < 2) throw new ShapeError(`bandPart(): Rank must be at least 2, got ${t.rank}.`);
  const m = t.shape[t.rank - 2] ?? 0;
  const n = t.shape[t.rank - 1] ?? 0;
  let lower = scalarArg(numLower, 'numLower');
  let upper = scalarArg(numUpper, 'numUpper');
  if (lower > m) throw new ValueError(`bandPart(): numLower (${lower}) must not be greater than the number of rows (${m}).`);
  if (upper > n) throw new ValueError(`bandPart(): numUpper (${upper}) must not be greater than the number of columns (${n}).`);
  if (lower < 0) lower = m;
  if (upper < 0) upper = n;
  const ij = sub(reshape(range(0, m, 1, 'int32'), [m, 1]), reshape(range(0, n, 1, 'int32'), [1, n]));
  const inBand = logicalAnd(lessEqual(ij, lower), greaterEqual(ij, -upper));
  return where(inBand, t, zerosLike(t));
}

/**
 * Orthonormalises vectors by the Gram-Schmidt process: an array of rank-1 tensors, or the rows of a matrix.
 * @example linalg.gramSchmidt(tensor2d([[1, 1], [1, 0]])); // rows (1, 1)/√2 and (1, -1)/√2
 */
function gramSchmidt(xs: Tensor[] | Tensor): Tensor[] | Tensor {
  const isMatrix = !Array.isArray(xs);
  if (Array.isArray(xs)) {
    if (xs.length === 0) throw new ValueError('gramSchmidt: the input is empty; pass at least one vector.');
    const dim = xs[0]?.shape[0];
    for (const x of xs) {
      if (x.rank !== 1 || x.shape[0] !== dim) {
        throw new ShapeError(`Non-unique lengths found in the input vectors: ${fmtShape(x.shape)} versus [${dim}].`);
      }
    }
  } else if (xs.rank !== 2) {
    throw new ShapeError(`gramSchmidt: a matrix input must be rank 2, received ${fmtShape(xs.shape)}.`);
  }
  const vectors = Array.isArray(xs) ? xs : unstack(xs, 0);
  const dim = vectors[0]?.shape[0] ?? 0;
  if (vectors.length > dim) throw new ValueError(`Number of vectors (${vectors.length}) exceeds number of dimensions (${dim}).`);
  const ys: Tensor[] = [];
  for (const x of vectors) {
    let v = x;
    for (const y of ys) v = sub(v, mul(sum(mul(y, v)), y));
    ys.push(div(v, sqrt(sum(mul(v, v)))));
  }
  return isMatrix ? stack(ys, 0) : ys;
}

/** Householder QR of one row-major m×n matrix in float64; returns q [m, m] and r [m, n]. */
function householder(a: Float64Array, m: number, n: number): { q: Float64Array; r: Float64Array } {
  const r = Float64Array.from(a);
  const q = new Float64Array(m * m);
  for (let i = 0; i < m; i++) q[i * m + i] = 1;
  const w = new Float64Array(m);
  for (let j = 0; j < Math.min(m, n); j++) {
    let normX = 0;
    for (let i = j; i < m; i++) normX += (r[i * n + j] as number) ** 2;
    normX = Math.sqrt(normX);
    const rjj = r[j * n + j] as number;
    // Reflect onto -sign(rjj)·|x| (with +|x| for rjj = 0), the choice that avoids cancellation.
    const s = rjj > 0 ? -1 : 1;
    const u1 = rjj - s * normX;
    for (let i = j; i < m; i++) w[i] = i === j ? 1 : (r[i * n + j] as number) / u1;
    const tau = (-s * u1) / normX;
    for (let c = 0; c < n; c++) {
      let dot = 0;
      for (let i = j; i < m; i++) dot += (w[i] as number) * (r[i * n + c] as number);
      for (let i = j; i < m; i++) r[i * n + c] = (r[i * n + c] as number) - tau * (w[i] as number) * dot;
    }
    for (let row = 0; row < m; row++) {
      let dot = 0;
      for (let i = j; i < m; i++) dot += (q[row * m + i] as number) * (w[i] as number);
      for (let i = j; i < m; i++) q[row * m + i] = (q[row * m + i] as number) - tau * dot * (w[i] as number);
    }
  }
  return { q, r };
}

/**
 * QR decomposition of each innermost matrix by Householder reflections: [q, r] with q orthogonal and r upper
 * triangular. Without `fullMatrices`, a tall m×n input gives q [m, n] and r [n, n].
 * @example const [q, r] = linalg.qr(tensor2d([[1, 2], [3, 4]]));
 */
function qr(x: TensorLike, fullMatrices = false): [Tensor, Tensor] {
  const t = convertToTensor(x, 'x', 'qr');
  if (t.rank < 2) throw new ShapeError(`qr() requires input tensor to have a rank >= 2, but got rank ${t.rank}`);
  const m = t.shape[t.rank - 2] ?? 0;
  const n = t.shape[t.rank - 1] ?? 0;
  const batch = t.shape.slice(0, -2);
  const count = t.size / Math.max(m * n, 1);
  const keep = fullMatrices || m <= n ? m : n;
  const dtype = t.dtype === 'float64' ? 'float64' : 'float32';
  const qs = allocArray(dtype, count * m * keep);
  const rs = allocArray(dtype, count * keep * n);
  const src = cast(t, 'float64').dataSync();
  for (let b = 0; b < count; b++) {
    const { q, r } = householder(Float64Array.from(src.subarray(b * m * n, (b + 1) * m * n)), m, n);
    for (let i = 0; i < m; i++) for (let k = 0; k < keep; k++) qs[(b * m + i) * keep + k] = q[i * m + k] as number;
    for (let i = 0; i < keep; i++) for (let k = 0; k < n; k++) rs[(b * keep + i) * n + k] = r[i * n + k] as number;
  }
  return [new Tensor(qs, [...batch, m, keep], dtype), new Tensor(rs, [...batch, keep, n], dtype)];
}

/** TF.js `tf.linalg`: bandPart, gramSchmidt and qr. @example linalg.qr(tensor2d([[1, 2], [3, 4]])); */
export const linalg = { bandPart, gramSchmidt, qr };
