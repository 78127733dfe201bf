import { ShapeError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { defineOp, runOp } from '../tensor/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import { stack } from './concat.js';

/** Attrs of the fused LSTM ops: which recurrent activation the gates use (`tanh` is the cell activation). */
export interface LstmAttrs {
  /** 'sigmoid' (Keras) or 'hardSigmoid' (TF.js default: clip(0.2x + 0.5, 0, 1)). */
  recurrentActivation: 'sigmoid' | 'hardSigmoid';
}

type LstmIn = 'x' | 'u' | 'h0' | 'c0' | 'mask';

/**
 * LSTMSequence op declaration: runs a whole LSTM over time in one kernel call. `x` [B,T,4H] is the input projection
 * (x·W + b) in Keras gate order i, f, c, o; `u` [H,4H] the recurrent kernel; `mask` [B,T] (1 = step used, 0 = state
 * and output carried over, as Keras masking does). Outputs: hs [B,T,H], hT, cT [B,H], and the activated gates
 * [B,T,4H] and cell states [B,T,H] that the backward pass reads (not for users).
 */
export const LstmSequenceOp = defineOp<LstmIn, LstmAttrs>({
  name: 'LSTMSequence',
  inputs: ['x', 'u', 'h0', 'c0', 'mask'],
  infer: ({ x, u, h0, c0, mask }) => {
    const [b, t, g] = x.shape as [number, number, number];
    const h = (u.shape[0] ?? 0);
    const ok = x.rank === 3 && u.rank === 2 && g === 4 * h && u.shape[1] === g &&
      h0.shape[0] === b && h0.shape[1] === h && c0.shape[0] === b && c0.shape[1] === h && mask.shape[0] === b && mask.shape[1] === t;
    if (!ok) {
      throw new ShapeError(
        `lstmSequence: expected x [B,T,4H], u [H,4H], h0/c0 [B,H], mask [B,T]; received x ${fmtShape(x.shape)}, u ${fmtShape(u.shape)}, ` +
          `h0 ${fmtShape(h0.shape)}, c0 ${fmtShape(c0.shape)}, mask ${fmtShape(mask.shape)}.`,
      );
    }
    const d = x.dtype;
    return [
      { shape: [b, t, h], dtype: d },
      { shape: [b, h], dtype: d },
      { shape: [b, h], dtype: d },
      { shape: [b, t, g], dtype: d },
      { shape: [b, t, h], dtype: d },
    ];
  },
  grad: (_dy, { u, h0, c0, mask }, attrs, { outputs, dys }) => {
    const [hs, , , gates, cs] = outputs as [Tensor, Tensor, Tensor, Tensor, Tensor];
    const [dhs, dhT, dcT] = dys as [Tensor, Tensor, Tensor];
    const [dx, du, dh0, dc0] = runOp(LstmSequenceGradOp, { u, h0, c0, mask, hs, cs, gates, dhs, dhT, dcT }, attrs) as [Tensor, Tensor, Tensor, Tensor];
    return { x: dx, u: du, h0: dh0, c0: dc0 };
  },
});

type LstmGradIn = 'u' | 'h0' | 'c0' | 'mask' | 'hs' | 'cs' | 'gates' | 'dhs' | 'dhT' | 'dcT';

/** LSTMSequenceGrad op declaration: backpropagation through time for LSTMSequence (outputs dx, du, dh0, dc0). */
export const LstmSequenceGradOp = defineOp<LstmGradIn, LstmAttrs>({
  name: 'LSTMSequenceGrad',
  inputs: ['u', 'h0', 'c0', 'mask', 'hs', 'cs', 'gates', 'dhs', 'dhT', 'dcT'],
  infer: ({ u, h0, gates }) => [
    { shape: [...gates.shape], dtype: gates.dtype },
    { shape: [...u.shape], dtype: u.dtype },
    { shape: [...h0.shape], dtype: h0.dtype },
    { shape: [...h0.shape], dtype: h0.dtype },
  ],
  // Second-order gradients through BPTT are not needed by any layer; declared non-differentiable.
  grad: null,
});

/**
 * Runs an LSTM over a sequence with fused gate kernels. Returns the per-step hidden states and the final h and c.
 * @example const { hs, h, c } = lstmSequence(xw, u, zeros([b, n]), zeros([b, n]), ones([b, t]));
 */
export function lstmSequence(
  xw: Tensor, u: Tensor, h0: Tensor, c0: Tensor, mask: Tensor,
  recurrentActivation: LstmAttrs['recurrentActivation'] = 'sigmoid',
): { hs: Tensor; h: Tensor; c: Tensor } {
  const [hs, h, c] = runOp(LstmSequenceOp, { x: xw, u, h0, c0, mask }, { recurrentActivation }) as [Tensor, Tensor, Tensor];
  return { hs, h, c };
}

/** Unpack op declaration: splits `x` along `axis` into its slices in one pass (the gradient stacks them back). */
export const UnpackOp = defineOp<'x', { axis: number }>({
  name: 'Unpack',
  inputs: ['x'],
  infer: ({ x }, { axis }) => {
    const shape = x.shape.filter((_, i) => i !== axis);
    return Array.from({ length: x.shape[axis] ?? 0 }, () => ({ shape: [...shape], dtype: x.dtype }));
  },
  grad: (_dy, _inputs, { axis }, { dys }) => ({ x: stack(dys, axis) }),
});

/**
 * Splits a tensor into its slices along `axis` with a gradient that costs one stack (unlike per-slice gradients).
 * @example timeSteps(tensor([[[1], [2]]]), 1); // two tensors of shape [1, 1]
 */
export function timeSteps(x: Tensor, axis: number): Tensor[] {
  if ((x.shape[axis] ?? 0) === 0) return [];
  return runOp(UnpackOp, { x }, { axis });
}
