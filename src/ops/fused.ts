// Fused dense op (TF.js `_FusedMatMul`): activation(a · b + bias) in one kernel, so a Dense layer costs one op
// (one output allocation, one dispatch) instead of three.
import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { defineOp, run1 } from '../tensor/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import { reluGrad, relu, sigmoid, tanh } from './activations.js';
import { mul, sub } from './arithmetic.js';
import { square } from './elementwise-math.js';
import { matMul } from './matmul.js';
import { sum } from './reduction.js';

/** Activations the fused kernel applies itself. */
export type FusedActivation = 'linear' | 'relu' | 'sigmoid' | 'tanh';
/** Every FusedActivation, for membership checks. */
export const FUSED_ACTIVATIONS: readonly FusedActivation[] = ['linear', 'relu', 'sigmoid', 'tanh'];

/** Attrs of _FusedMatMul. */
export interface FusedMatMulAttrs {
  activation: FusedActivation;
}

/** Gradient of the pre-activation z given dy and the fused output y = act(z). */
export function preActivationGrad(dy: Tensor, y: Tensor, activation: FusedActivation): Tensor {
  switch (activation) {
    case 'relu':
      return reluGrad(dy, y);
    case 'sigmoid':
      return mul(dy, mul(y, sub(1, y)));
    case 'tanh':
      return mul(dy, sub(1, square(y)));
    default:
      return dy;
  }
}

/** _FusedMatMul op declaration: activation(a[m,k] · b[k,n] + bias[n]), float inputs of one dtype. */
export const FusedMatMulOp = defineOp<'a' | 'b' | 'bias', FusedMatMulAttrs>({
  name: '_FusedMatMul',
  inputs: ['a', 'b', 'bias'],
  infer: ({ a, b, bias }) => {
    const k = a.shape[1];
    const n = b.shape[1];
    if (a.rank !== 2 || b.rank !== 2 || k !== b.shape[0] || bias.rank !== 1 || bias.shape[0] !== n) {
      throw new ShapeError(
        `fusedMatMul: expected a [m,k], b [k,n] and bias [n], received a ${fmtShape(a.shape)}, b ${fmtShape(b.shape)} and bias ${fmtShape(bias.shape)}. Use matMul and add for other shapes.`,
      );
    }
    if (a.dtype !== b.dtype || a.dtype !== bias.dtype) {
      throw new ValueError(`fusedMatMul: a, b and bias must share a dtype, received ${a.dtype}, ${b.dtype} and ${bias.dtype}. Cast them first.`);
    }
    return { shape: [a.shape[0] ?? 0, n ?? 0], dtype: a.dtype };
  },
  grad: (dy, { a, b }, { activation }, { output: y }) => {
    let dz: Tensor | null = null;
    const pre = (): Tensor => (dz ??= preActivationGrad(dy, y, activation));
    // Getters: backprop reads only the gradients it needs (the data batch `a` is usually off the tape).
    return {
      get a() { return matMul(pre(), b, false, true); },
      get b() { return matMul(a, pre(), true, false); },
      get bias() { return sum(pre(), 0); },
    };
  },
  fullyWrites: true,
});

/** Arguments of `fusedMatMul`. */
export interface FusedMatMulArgs {
  /** Left operand, [m, k]. */
  a: Tensor;
  /** Right operand, [k, n]. */
  b: Tensor;
  /** Bias added to every row, [n]; omitted means none. */
  bias?: Tensor | null;
  /** Activation applied last; default 'linear'. */
  activation?: FusedActivation;
}

/**
 * activation(a · b + bias) as one op for rank-2 float `a` and `b` (what a Dense layer computes).
 * @example fusedMatMul({ a: tensor([[1, 2]]), b: tensor([[3], [-4]]), bias: tensor([1]), activation: 'relu' }); // [[0]]
 */
export function fusedMatMul({ a, b, bias = null, activation = 'linear' }: FusedMatMulArgs): Tensor {
  if (!FUSED_ACTIVATIONS.includes(activation)) {
    throw new ValueError(`fusedMatMul: activation must be one of ${FUSED_ACTIVATIONS.join(', ')}, received '${String(activation)}'.`);
  }
  if (!bias) {
    // Without a bias the unfused ops are already minimal (matMul plus at most one activation).
    const z = matMul(a, b);
    return activation === 'relu' ? relu(z) : activation === 'sigmoid' ? sigmoid(z) : activation === 'tanh' ? tanh(z) : z;
  }
  return run1(FusedMatMulOp, { a, b, bias }, { activation });
}
