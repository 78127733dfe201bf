// TF.js's rank-specific aliases (concat1d..4d, slice1d..4d, reverse1d..4d, pad1d..4d, batchNorm2d..4d): the general
// op after a check that the input has the named rank.
import { ShapeError } from '../core/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { concat } from './concat.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { batchNorm } from './nn.js';
import { pad } from './pad.js';
import { reverse } from './shape-ops.js';
import { slice } from './slice.js';

function ofRank(x: TensorLike, rank: number, op: string, arg = 'x'): Tensor {
  const t = convertToTensor(x, arg, op);
  if (t.rank !== rank) {
    throw new ShapeError(`${op} expects a rank-${rank} tensor, but got a rank-${t.rank} tensor; use ${op.replace(/\dd$/, '')} for any rank.`);
  }
  return t;
}

function concatOfRank(rank: number) {
  const name = `concat${rank}d`;
  return (tensors: TensorLike[], axis = 0): Tensor => concat(Array.isArray(tensors) ? tensors.map((t, i) => ofRank(t, rank, name, `tensors[${i}]`)) : tensors, axis);
}
/** Concatenates rank-1 tensors. @example concat1d([tensor1d([1]), tensor1d([2, 3])]); // [1, 2, 3] */
export const concat1d: (tensors: TensorLike[]) => Tensor = (tensors) => concatOfRank(1)(tensors, 0);
/** Concatenates rank-2 tensors along `axis`. @example concat2d([ones([1, 2]), zeros([1, 2])], 0); // [[1, 1], [0, 0]] */
export const concat2d = concatOfRank(2);
/** Concatenates rank-3 tensors along `axis`. @example concat3d([ones([1, 1, 2]), zeros([1, 1, 2])], 2); */
export const concat3d = concatOfRank(3);
/** Concatenates rank-4 tensors along `axis`. @example concat4d([ones([1, 1, 1, 2]), zeros([1, 1, 1, 2])], 3); */
export const concat4d = concatOfRank(4);

function sliceOfRank(rank: number) {
  const name = `slice${rank}d`;
  return (x: TensorLike, begin: number | number[], size: number | number[]): Tensor => slice(ofRank(x, rank, name), begin, size);
}
/** Slices a rank-1 tensor. @example slice1d(tensor1d([1, 2, 3]), 1, 2); // [2, 3] */
export const slice1d: (x: TensorLike, begin: number, size: number) => Tensor = sliceOfRank(1);
/** Slices a rank-2 tensor. @example slice2d(ones([3, 3]), [1, 1], [2, 2]); */
export const slice2d: (x: TensorLike, begin: [number, number], size: [number, number]) => Tensor = sliceOfRank(2);
/** Slices a rank-3 tensor. @example slice3d(ones([2, 2, 2]), [0, 0, 1], [2, 2, 1]); */
export const slice3d: (x: TensorLike, begin: [number, number, number], size: [number, number, number]) => Tensor = sliceOfRank(3);
/** Slices a rank-4 tensor. @example slice4d(ones([2, 2, 2, 2]), [0, 0, 0, 1], [2, 2, 2, 1]); */
export const slice4d: (x: TensorLike, begin: [number, number, number, number], size: [number, number, number, number]) => Tensor =
  sliceOfRank(4);

function reverseOfRank(rank: number) {
  const name = `reverse${rank}d`;
  return (x: TensorLike, axis?: number | number[]): Tensor => reverse(ofRank(x, rank, name), axis);
}
/** Reverses a rank-1 tensor. @example reverse1d(tensor1d([1, 2, 3])); // [3, 2, 1] */
export const reverse1d: (x: TensorLike) => Tensor = (x) => reverseOfRank(1)(x, 0);
/** Reverses a rank-2 tensor along `axis` (default all). @example reverse2d(tensor2d([[1, 2], [3, 4]]), 1); // [[2, 1], [4, 3]] */
export const reverse2d = reverseOfRank(2);
/** Reverses a rank-3 tensor along `axis` (default all). @example reverse3d(ones([1, 2, 2]), [1]); */
export const reverse3d = reverseOfRank(3);
/** Reverses a rank-4 tensor along `axis` (default all). @example reverse4d(ones([1, 1, 2, 2]), [3]); */
export const reverse4d = reverseOfRank(4);

function padOfRank(rank: number) {
  const name = `pad${rank}d`;
  return (x: TensorLike, paddings: number[][], constantValue = 0): Tensor => {
    const t = ofRank(x, rank, name);
    if (!Array.isArray(paddings) || paddings.length !== rank || paddings.some((p) => !Array.isArray(p) || p.length !== 2)) {
      throw new ShapeError(`Invalid number of paddings for ${name}: expected ${rank} pairs [before, after], received ${JSON.stringify(paddings)}.`);
    }
    return pad(t, paddings, constantValue);
  };
}
/** Pads a rank-1 tensor. @example pad1d(tensor1d([1, 2]), [1, 1]); // [0, 1, 2, 0] */
export function pad1d(x: TensorLike, paddings: [number, number], constantValue = 0): Tensor {
  if (!Array.isArray(paddings) || paddings.length !== 2) {
    throw new ShapeError(`Invalid number of paddings for pad1d: expected [before, after], received ${JSON.stringify(paddings)}.`);
  }
  return padOfRank(1)(x, [paddings], constantValue);
}
/** Pads a rank-2 tensor. @example pad2d(ones([1, 1]), [[1, 0], [0, 1]]); */
export const pad2d = padOfRank(2);
/** Pads a rank-3 tensor. @example pad3d(ones([1, 1, 1]), [[0, 0], [1, 0], [0, 1]]); */
export const pad3d = padOfRank(3);
/** Pads a rank-4 tensor. @example pad4d(ones([1, 1, 1, 1]), [[0, 0], [0, 0], [1, 0], [0, 1]]); */
export const pad4d = padOfRank(4);

function batchNormOfRank(rank: number) {
  const name = `batchNorm${rank}d`;
  return (
    x: TensorLike,
    mean: TensorLike,
    variance: TensorLike,
    offset?: TensorLike,
    scale?: TensorLike,
    varianceEpsilon?: number,
  ): Tensor => {
    const t = convertToTensor(x, 'x', 'batchNorm');
    if (t.rank !== rank) throw new ShapeError(`${name} expects a rank-${rank} tensor, but got a rank-${t.rank} tensor; use batchNorm for any rank.`);
    for (const [arg, v] of [['mean', mean], ['variance', variance], ['offset', offset], ['scale', scale]] as const) {
      if (v === undefined) continue;
      const r = convertToTensor(v, arg, 'batchNorm').rank;
      if (r !== rank && r !== 1) {
        throw new ShapeError(`${name}: ${arg} must be rank ${rank} or rank 1 [channels], but got rank ${r}.`);
      }
    }
    return batchNorm(t, mean, variance, offset, scale, varianceEpsilon);
  };
}
/** Batch normalisation of a rank-2 input. @example batchNorm2d(ones([2, 2]), [1, 1], [1, 1]); */
export const batchNorm2d = batchNormOfRank(2);
/** Batch normalisation of a rank-3 input. @example batchNorm3d(ones([1, 2, 2]), [1, 1], [1, 1]); */
export const batchNorm3d = batchNormOfRank(3);
/** Batch normalisation of a rank-4 input. @example batchNorm4d(ones([1, 1, 2, 2]), [1, 1], [1, 1]); */
export const batchNorm4d = batchNormOfRank(4);
