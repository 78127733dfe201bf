import { inferReshape } from '../core/shape.js';
import { defineOp, run1, MOVES_ELEMENTS } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';
import { type TensorLike, convertToTensor } from './convert.js';

/** Reshape op declaration: a view sharing storage with its input (tensors are immutable). */
export const ReshapeOp = defineOp<'x', { shape: number[] }>({
  name: 'Reshape',
  special: MOVES_ELEMENTS,
  inputs: ['x'],
  infer: ({ x }, { shape }) => ({ shape: inferReshape(shape, x.size, 'reshape'), dtype: x.dtype }),
  grad: (dy, { x }) => ({ x: reshape(dy, x.shape) }),
  compute: ({ x }, { shape }) => [new Tensor(x.values, inferReshape(shape, x.size, 'reshape'), x.dtype)],
});

/**
 * Gives `x` a new shape with the same number of elements; one dimension may be -1.
 * @example reshape(tensor([1, 2, 3, 4]), [2, -1]); // shape [2, 2]
 */
export function reshape(x: TensorLike, shape: readonly number[]): Tensor {
  return run1(ReshapeOp, { x: convertToTensor(x, 'x', 'reshape') }, { shape: [...shape] });
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    reshape(shape: readonly number[]): Tensor;
    flatten(): Tensor;
  }
}
Tensor.prototype.reshape = function (this: Tensor, shape: readonly number[]) {
  return reshape(this, shape);
};
Tensor.prototype.flatten = function (this: Tensor) {
  return reshape(this, [this.size]);
};
