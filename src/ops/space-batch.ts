// spaceToBatchND, batchToSpaceND and depthToSpace, composed from pad/reshape/transpose/slice (so their gradients are
// those of the parts). Error texts for the checks TF.js's tests pin follow TF.js word for word.
import { ShapeError, ValueError } from '../core/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { type TensorLike, convertToTensor, expectDType } from './convert.js';
import { pad } from './pad.js';
import { reshape } from './reshape.js';
import { transpose } from './shape-ops.js';
import { slice } from './slice.js';

const prod = (xs: readonly number[]): number => xs.reduce((p, d) => p * d, 1);
const dim = (t: Tensor, i: number): number => t.shape[i] ?? 0;

/**
 * Moves blocks of the spatial dimensions into the batch: x [B, s1..sM, ...rest] padded by `paddings` becomes
 * [B·prod(blockShape), (s1+p1)/b1, ..., ...rest].
 * @example spaceToBatchND(ones([1, 2, 2, 1]), [2, 2], [[0, 0], [0, 0]]).shape; // [4, 1, 1, 1]
 */
export function spaceToBatchND(x: TensorLike, blockShape: number[], paddings: number[][]): Tensor {
  const t = convertToTensor(x, 'x', 'spaceToBatchND');
  const m = blockShape.length;
  if (t.rank < 1 + m) throw new ShapeError(`input rank ${t.rank} should be > than [blockShape] ${m}`);
  if (paddings.length !== m) throw new ShapeError(`paddings.shape[0] ${paddings.length} must be equal to [blockShape] ${m}`);
  const padded = t.shape.slice(1, 1 + m).map((d, i) => d + (paddings[i]?.[0] ?? 0) + (paddings[i]?.[1] ?? 0));
  if (padded.some((d, i) => d % (blockShape[i] ?? 1) !== 0)) {
    throw new ShapeError(
      `input spatial dimensions ${t.shape.slice(1).join(',')} with paddings ${paddings.toString()} must be divisible by blockShapes ${blockShape.toString()}`,
    );
  }
  const rest = t.shape.slice(1 + m);
  const p = pad(t, [[0, 0], ...paddings.map((q) => [q[0] ?? 0, q[1] ?? 0]), ...rest.map(() => [0, 0])]);
  const split = [dim(t, 0), ...padded.flatMap((d, i) => [d / (blockShape[i] ?? 1), blockShape[i] ?? 1]), ...rest];
  const perm = [...blockShape.map((_, i) => 2 + 2 * i), 0, ...blockShape.map((_, i) => 1 + 2 * i), ...rest.map((_, i) => 1 + 2 * m + i)];
  const moved = transpose(reshape(p, split), perm);
  return reshape(moved, [dim(t, 0) * prod(blockShape), ...padded.map((d, i) => d / (blockShape[i] ?? 1)), ...rest]);
}

/**
 * The inverse of spaceToBatchND: x [B·prod(blockShape), s1..sM, ...rest] becomes [B, s1·b1 - crops, ..., ...rest].
 * @example batchToSpaceND(ones([4, 1, 1, 1]), [2, 2], [[0, 0], [0, 0]]).shape; // [1, 2, 2, 1]
 */
export function batchToSpaceND(x: TensorLike, blockShape: number[], crops: number[][]): Tensor {
  const t = convertToTensor(x, 'x', 'batchToSpaceND');
  const m = blockShape.length;
  const n = prod(blockShape);
  if (t.rank < 1 + m) throw new ShapeError(`input rank is ${t.rank} but should be > than blockShape.length ${m}`);
  if (crops.length !== m) throw new ShapeError(`crops.length is ${crops.length} but should be equal to blockShape.length  ${m}`);
  if (dim(t, 0) % n !== 0) {
    throw new ShapeError(
      `input tensor batch is ${dim(t, 0)} but is not divisible by the product of the elements of blockShape ${blockShape.join(' * ')} === ${n}`,
    );
  }
  const batch = dim(t, 0) / n;
  const spatial = t.shape.slice(1, 1 + m);
  const rest = t.shape.slice(1 + m);
  const split = reshape(t, [...blockShape, batch, ...spatial, ...rest]);
  const perm = [m, ...spatial.flatMap((_, i) => [m + 1 + i, i]), ...rest.map((_, i) => 2 * m + 1 + i)];
  const merged = reshape(transpose(split, perm), [batch, ...spatial.map((d, i) => d * (blockShape[i] ?? 1)), ...rest]);
  const begin = [0, ...crops.map((c) => c[0] ?? 0), ...rest.map(() => 0)];
  const size = [batch, ...spatial.map((d, i) => d * (blockShape[i] ?? 1) - (crops[i]?.[0] ?? 0) - (crops[i]?.[1] ?? 0)), ...rest];
  return slice(merged, begin, size);
}

/**
 * Moves depth into blocks of space: [B, H, W, C] becomes [B, H·s, W·s, C / s²] (NHWC; NCHW goes through a transpose).
 * @example depthToSpace(ones([1, 1, 1, 4]), 2).shape; // [1, 2, 2, 1]
 */
export function depthToSpace(x: TensorLike, blockSize: number, dataFormat: 'NHWC' | 'NCHW' = 'NHWC'): Tensor {
  const t = expectDType(convertToTensor(x, 'x', 'depthToSpace'), 'float32', 'x', 'depthToSpace');
  if (t.rank !== 4) throw new ShapeError(`depthToSpace: x must be rank 4, but got rank ${t.rank}.`);
  if (!Number.isInteger(blockSize) || blockSize < 2) throw new ValueError(`blockSize should be > 1 for depthToSpace, but was: ${blockSize}`);
  const nhwc = dataFormat === 'NCHW' ? transpose(t, [0, 2, 3, 1]) : t;
  const [b, h, w, c] = nhwc.shape as [number, number, number, number];
  if (h * blockSize < 0 || c % (blockSize * blockSize) !== 0) {
    throw new ShapeError(`Dimension size must be evenly divisible by ${blockSize * blockSize} but is ${c} for depthToSpace with input shape ${nhwc.shape}`);
  }
  const oc = c / (blockSize * blockSize);
  const y = reshape(transpose(reshape(nhwc, [b, h, w, blockSize, blockSize, oc]), [0, 1, 3, 2, 4, 5]), [b, h * blockSize, w * blockSize, oc]);
  return dataFormat === 'NCHW' ? transpose(y, [0, 3, 1, 2]) : y;
}
