import { ShapeError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { defineOp, runOp } from '../tensor/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import { UnpackOp } from './concat.js';

// Unpack moved to concat.ts (unstack uses it); re-exported so existing imports keep working.
export { UnpackOp };

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
  fullyWrites: true,
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
  fullyWrites: true,
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

type GatesIn = 'z' | 'hPrev' | 'cPrev' | 'mask';

/**
 * LSTMGates op declaration: one LSTM step after the matmuls. `z` [B,4H] holds the gate pre-activations
 * (x·W + b + h·U, Keras order i, f, c, o); `mask` [B] (0 = carry `hPrev`/`cPrev` over). Outputs h, c [B,H] and the
 * activated gates [B,4H] for the backward pass. Layers use it when the backend has no LSTMSequence kernel of its
 * own, so the per-step matmul runs on the backend's fast matMul.
 */
export const LstmGatesOp = defineOp<GatesIn, LstmAttrs>({
  name: 'LSTMGates',
  inputs: ['z', 'hPrev', 'cPrev', 'mask'],
  infer: ({ z, hPrev, cPrev, mask }) => {
    const [b, g] = z.shape as [number, number];
    const h = g / 4;
    const ok = z.rank === 2 && Number.isInteger(h) && hPrev.rank === 2 && hPrev.shape[0] === b && hPrev.shape[1] === h &&
      cPrev.rank === 2 && cPrev.shape[0] === b && cPrev.shape[1] === h && mask.rank === 1 && mask.shape[0] === b;
    if (!ok) {
      throw new ShapeError(
        `lstmGates: expected z [B,4H], hPrev/cPrev [B,H], mask [B]; received z ${fmtShape(z.shape)}, hPrev ${fmtShape(hPrev.shape)}, ` +
          `cPrev ${fmtShape(cPrev.shape)}, mask ${fmtShape(mask.shape)}.`,
      );
    }
    return [
      { shape: [b, h], dtype: z.dtype },
      { shape: [b, h], dtype: z.dtype },
      { shape: [b, g], dtype: z.dtype },
    ];
  },
  grad: (_dy, { cPrev, mask }, attrs, { outputs, dys }) => {
    const [, c, gates] = outputs as [Tensor, Tensor, Tensor];
    const [dh, dc] = dys as [Tensor, Tensor];
    const [dz, dhPrev, dcPrev] = runOp(LstmGatesGradOp, { cPrev, mask, c, gates, dh, dc }, attrs) as [Tensor, Tensor, Tensor];
    return { z: dz, hPrev: dhPrev, cPrev: dcPrev };
  },
});

/** LSTMGatesGrad op declaration: gradients of LSTMGates (dz, and dhPrev/dcPrev through the element-wise path). */
export const LstmGatesGradOp = defineOp<'cPrev' | 'mask' | 'c' | 'gates' | 'dh' | 'dc', LstmAttrs>({
  name: 'LSTMGatesGrad',
  inputs: ['cPrev', 'mask', 'c', 'gates', 'dh', 'dc'],
  infer: ({ cPrev, gates }) => [
    { shape: [...gates.shape], dtype: gates.dtype },
    { shape: [...cPrev.shape], dtype: cPrev.dtype },
    { shape: [...cPrev.shape], dtype: cPrev.dtype },
  ],
  grad: null,
});

/**
 * One fused LSTM step from gate pre-activations: returns the new h and c (masked rows keep hPrev and cPrev).
 * @example const { h, c } = lstmGates(add(xw, matMul(h0, u)), h0, c0, ones([b]));
 */
export function lstmGates(
  z: Tensor, hPrev: Tensor, cPrev: Tensor, mask: Tensor,
  recurrentActivation: LstmAttrs['recurrentActivation'] = 'sigmoid',
): { h: Tensor; c: Tensor } {
  const [h, c] = runOp(LstmGatesOp, { z, hPrev, cPrev, mask }, { recurrentActivation }) as [Tensor, Tensor];
  return { h, c };
}

/**
 * Splits a tensor into its slices along `axis` with a gradient that costs one stack (unlike per-slice gradients).
 * @example timeSteps(tensor([[[1], [2]]]), 1); // two tensors of shape [1, 1]
 */
export function timeSteps(x: Tensor, axis: number): Tensor[] {
  if ((x.shape[axis] ?? 0) === 0) return [];
  return runOp(UnpackOp, { x }, { axis });
}
