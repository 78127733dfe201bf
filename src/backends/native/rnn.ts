// Native fused LSTM: the whole sequence (and its backpropagation through time) in one call per direction.
// The LSTM layer uses LSTMSequence whenever the active backend has a kernel for it (src/layers/recurrent/rnn.ts).
import { type TensorData, registerKernel } from '../../core/kernel-registry.js';
import { LstmSequenceGradOp, LstmSequenceOp } from '../../ops/rnn.js';
import type { NativeAddon } from './addon.js';
import { allF32, f32 } from './util.js';

function out(outputs: TensorData[], i: number): Float32Array {
  const o = outputs[i];
  if (!o) throw new Error(`native LSTM kernel: the engine allocated no output ${i}`);
  return f32(o);
}

/** Registers the native LSTMSequence and LSTMSequenceGrad kernels. */
export function registerRnn(addon: NativeAddon): void {
  registerKernel(
    LstmSequenceOp,
    'native',
    ({ x, u, h0, c0, mask }, { recurrentActivation }, o) => {
      const [b, t, g] = [x.shape[0] ?? 0, x.shape[1] ?? 0, x.shape[2] ?? 0];
      addon.lstmSequence(
        f32(x), f32(u), f32(h0), f32(c0), f32(mask), out(o, 0), out(o, 1), out(o, 2), out(o, 3), out(o, 4), b, t, g / 4,
        recurrentActivation === 'hardSigmoid',
      );
    },
    { accepts: ({ x, u, h0, c0, mask }) => allF32(x, u, h0, c0, mask) },
  );
  registerKernel(
    LstmSequenceGradOp,
    'native',
    (i, { recurrentActivation }, o) => {
      const [b, t, g] = [i.gates.shape[0] ?? 0, i.gates.shape[1] ?? 0, i.gates.shape[2] ?? 0];
      addon.lstmSequenceGrad(
        f32(i.u), f32(i.h0), f32(i.c0), f32(i.mask), f32(i.hs), f32(i.cs), f32(i.gates), f32(i.dhs), f32(i.dhT), f32(i.dcT),
        out(o, 0), out(o, 1), out(o, 2), out(o, 3), b, t, g / 4, recurrentActivation === 'hardSigmoid',
      );
    },
    { accepts: (i) => allF32(i.u, i.h0, i.c0, i.mask, i.hs, i.cs, i.gates, i.dhs, i.dhT, i.dcT) },
  );
}
