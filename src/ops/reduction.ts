import { defineOp, run1 } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';
import { mul } from './arithmetic.js';
import { cast } from './cast.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { type ReduceAttrs, keptShape, reduceAttrs, reduceInfer } from './reduce-base.js';
import { reshape } from './reshape.js';
import { ones } from './creation.js';

/** Sum op declaration (bool sums as int32). */
export const SumOp = defineOp<'x', ReduceAttrs>({
  name: 'Sum',
  inputs: ['x'],
  infer: reduceInfer((x) => (x.dtype === 'bool' ? 'int32' : x.dtype)),
  grad: (dy, { x }, { axes }) => ({ x: mul(reshape(dy, keptShape(x.shape, axes)), ones(x.shape, dy.dtype)) }),
});

/**
 * Sum over `axis` (all axes when omitted; negative axes count from the end).
 * @example sum(tensor([[1, 2], [3, 4]]), 1); // [3, 7]
 */
export function sum(x: TensorLike, axis?: number | number[] | null, keepDims = false): Tensor {
  let t = convertToTensor(x, 'x', 'sum');
  if (t.dtype === 'bool') t = cast(t, 'int32');
  return run1(SumOp, { x: t }, reduceAttrs(t, axis, keepDims, 'sum'));
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    sum(axis?: number | number[] | null, keepDims?: boolean): Tensor;
  }
}
Tensor.prototype.sum = function (this: Tensor, axis?: number | number[] | null, keepDims?: boolean) {
  return sum(this, axis, keepDims);
};
