import { ValueError } from '../core/errors.js';
import { fmtShape, shapesEqual } from '../core/shape.js';
import { recordCustomGrad, withoutTape } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';

/** Saves tensors inside a `customGrad` forward function for its `gradFunc`. */
export type GradSaveFunc = (save: Tensor[]) => void;

/** What a `customGrad` forward function returns: the value and how to compute input gradients from `dy`. */
export interface CustomGradResult {
  value: Tensor;
  gradFunc: (dy: Tensor, saved: Tensor[]) => Tensor | Tensor[];
}

/** The forward function given to `customGrad`: the inputs, then a `save` callback as the last argument. */
export type CustomGradientFunc = (...args: (Tensor | GradSaveFunc)[]) => CustomGradResult;

/**
 * Wraps `f` so that its gradient is `gradFunc` instead of the gradient of the ops inside it (TF.js semantics).
 * The forward ops are not recorded; `gradFunc(dy, saved)` is written with public ops, so it can itself be
 * differentiated.
 * @example
 * const clipGrad = customGrad((x, save) => {
 *   (save as GradSaveFunc)([x as Tensor]);
 *   return { value: (x as Tensor).square(), gradFunc: (dy, [s]) => [dy.mul(s!).clipByValue(-1, 1)] };
 * });
 */
export function customGrad(f: CustomGradientFunc): (...args: Tensor[]) => Tensor {
  return (...args: Tensor[]): Tensor => {
    if (!args.every((a) => a instanceof Tensor)) {
      throw new ValueError('customGrad: the arguments passed to customGrad(f)(x1, x2, ...) must all be tensors; convert numbers with tensor().');
    }
    let saved: Tensor[] = [];
    const save: GradSaveFunc = (tensors) => {
      saved = tensors;
    };
    const result = withoutTape(() => f(...args, save));
    if (!result || !(result.value instanceof Tensor)) {
      throw new ValueError('customGrad: f must return an object {value, gradFunc} where value is a Tensor.');
    }
    if (typeof result.gradFunc !== 'function') {
      throw new ValueError('customGrad: f must return an object {value, gradFunc} where gradFunc is a function (dy, saved) => gradients.');
    }
    const value = result.value;
    recordCustomGrad('CustomGrad', args, [value], (dys) => {
      const dy = dys[0] as Tensor;
      const out = result.gradFunc(dy, saved);
      const grads = Array.isArray(out) ? out : [out];
      if (grads.length !== args.length) {
        throw new ValueError(
          `customGrad: gradFunc must return one gradient per input (${args.length}), received ${grads.length}.`,
        );
      }
      grads.forEach((g, i) => {
        const x = args[i] as Tensor;
        if (!(g instanceof Tensor) || !shapesEqual(g.shape, x.shape)) {
          throw new ValueError(
            `customGrad: gradient ${i} returned by gradFunc must have the input's shape ${fmtShape(x.shape)}, received ${g instanceof Tensor ? fmtShape(g.shape) : typeof g}.`,
          );
        }
      });
      return grads;
    });
    return value;
  };
}
