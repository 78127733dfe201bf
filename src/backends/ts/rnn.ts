import type { TypedArray } from '../../core/dtype.js';
import { registerKernel } from '../../backend/registry.js';
import { type LstmAttrs, LstmSequenceGradOp, LstmSequenceOp, UnpackOp } from '../../ops/rnn.js';
import { gemm } from './matmul.js';

function gate(v: number, hard: boolean): number {
  if (hard) return v <= -2.5 ? 0 : v >= 2.5 ? 1 : 0.2 * v + 0.5;
  return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
}

/** Derivative of the recurrent activation, from its output `a` (sigmoid) — hard sigmoid is 0.2 inside (0, 1). */
function gateGrad(a: number, hard: boolean): number {
  if (hard) return a > 0 && a < 1 ? 0.2 : 0;
  return a * (1 - a);
}

function alloc(like: TypedArray, n: number): TypedArray {
  return like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
}

/** True when step `t` is padding for every row of the batch (the kernels then skip the step's matmuls). */
function stepUnused(mv: TypedArray, B: number, T: number, t: number): boolean {
  for (let b = 0; b < B; b++) if ((mv[b * T + t] as number) !== 0) return false;
  return true;
}

// Forward: one [B,H]·[H,4H] gemm per step for all four gates, then the element-wise cell update. Rows whose state
// is still zero (pre-padding) cost nothing in gemm's zero-skipping path, and fully padded steps are skipped.
registerKernel(LstmSequenceOp, 'ts', ({ x, u, h0, c0, mask }, { recurrentActivation }: LstmAttrs, outs) => {
  const [hsO, hO, cO, gO, csO] = outs;
  if (!hsO || !hO || !cO || !gO || !csO) return;
  const [B, T, G] = x.shape as [number, number, number];
  const H = G / 4;
  const hard = recurrentActivation === 'hardSigmoid';
  const hPrev = alloc(x.values, B * H);
  const cPrev = alloc(x.values, B * H);
  hPrev.set(h0.values);
  cPrev.set(c0.values);
  const z = alloc(x.values, B * G);
  const xv = x.values, mv = mask.values, hs = hsO.values, cs = csO.values, gv = gO.values;
  for (let t = 0; t < T; t++) {
    const skip = stepUnused(mv, B, T, t);
    if (!skip) gemm(hPrev, 0, u.values, 0, z, 0, B, H, G, false, false);
    for (let b = 0; b < B; b++) {
      const xo = (b * T + t) * G;
      const so = (b * T + t) * H;
      const po = b * H;
      if (skip || (mv[b * T + t] as number) === 0) {
        hs.set(hPrev.subarray(po, po + H), so);
        cs.set(cPrev.subarray(po, po + H), so);
        continue;
      }
      const zo = b * G;
      for (let j = 0; j < H; j++) {
        const p = po + j;
        const i = gate((z[zo + j] as number) + (xv[xo + j] as number), hard);
        const f = gate((z[zo + H + j] as number) + (xv[xo + H + j] as number), hard);
        const g = Math.tanh((z[zo + 2 * H + j] as number) + (xv[xo + 2 * H + j] as number));
        const o = gate((z[zo + 3 * H + j] as number) + (xv[xo + 3 * H + j] as number), hard);
        const c = f * (cPrev[p] as number) + i * g;
        const h = o * Math.tanh(c);
        gv[xo + j] = i;
        gv[xo + H + j] = f;
        gv[xo + 2 * H + j] = g;
        gv[xo + 3 * H + j] = o;
        cs[so + j] = c;
        hs[so + j] = h;
        cPrev[p] = c;
        hPrev[p] = h;
      }
    }
  }
  hO.values.set(hPrev);
  cO.values.set(cPrev);
});

// Backward (BPTT): walks time in reverse keeping dh, dc [B,H]; the gate pre-activation gradients of every step are
// written straight into dx, so du = Σ_t h_{t-1}ᵀ·dz_t is one [H,B·T]·[B·T,4H] gemm at the end.
registerKernel(LstmSequenceGradOp, 'ts', (inp, { recurrentActivation }: LstmAttrs, outs) => {
  const [dxO, duO, dh0O, dc0O] = outs;
  if (!dxO || !duO || !dh0O || !dc0O) return;
  const [B, T, G] = inp.gates.shape as [number, number, number];
  const H = G / 4;
  const hard = recurrentActivation === 'hardSigmoid';
  const gv = inp.gates.values, cs = inp.cs.values, hs = inp.hs.values, mv = inp.mask.values, dhs = inp.dhs.values;
  const h0 = inp.h0.values, c0 = inp.c0.values;
  const dh = alloc(gv, B * H);
  const dc = alloc(gv, B * H);
  dh.set(inp.dhT.values);
  dc.set(inp.dcT.values);
  const dz = alloc(gv, B * G);
  const dhNext = alloc(gv, B * H);
  // uᵀ once, so dz·uᵀ runs in gemm's row-streaming path (which skips the zero rows of padded steps).
  const uT = alloc(gv, G * H);
  const uv = inp.u.values;
  for (let r = 0; r < H; r++) for (let k = 0; k < G; k++) uT[k * H + r] = uv[r * G + k] as number;
  const dx = dxO.values;
  for (let t = T - 1; t >= 0; t--) {
    if (stepUnused(mv, B, T, t)) {
      for (let b = 0; b < B; b++) {
        const so = (b * T + t) * H;
        for (let j = 0; j < H; j++) dh[b * H + j] = (dh[b * H + j] as number) + (dhs[so + j] as number);
      }
      continue;
    }
    for (let b = 0; b < B; b++) {
      const so = (b * T + t) * H;
      const go = (b * T + t) * G;
      const zo = b * G;
      if ((mv[b * T + t] as number) === 0) {
        for (let j = 0; j < H; j++) dh[b * H + j] = (dh[b * H + j] as number) + (dhs[so + j] as number);
        dz.fill(0, zo, zo + G);
        continue;
      }
      for (let j = 0; j < H; j++) {
        const p = b * H + j;
        const dhv = (dh[p] as number) + (dhs[so + j] as number);
        const i = gv[go + j] as number, f = gv[go + H + j] as number, g = gv[go + 2 * H + j] as number, o = gv[go + 3 * H + j] as number;
        const c = cs[so + j] as number;
        const cp = t > 0 ? (cs[so - H + j] as number) : (c0[p] as number);
        const tc = Math.tanh(c);
        const dct = (dc[p] as number) + dhv * o * (1 - tc * tc);
        dz[zo + j] = dct * g * gateGrad(i, hard);
        dz[zo + H + j] = dct * cp * gateGrad(f, hard);
        dz[zo + 2 * H + j] = dct * i * (1 - g * g);
        dz[zo + 3 * H + j] = dhv * tc * gateGrad(o, hard);
        dc[p] = dct * f;
      }
      dx.set(dz.subarray(zo, zo + G), go);
    }
    gemm(dz, 0, uT, 0, dhNext, 0, B, G, H, false, false);
    // Used rows take only the recurrent gradient (their dhs was consumed above); padded rows keep what they carry.
    for (let b = 0; b < B; b++) {
      if ((mv[b * T + t] as number) === 0) continue;
      for (let j = 0; j < H; j++) dh[b * H + j] = dhNext[b * H + j] as number;
    }
  }
  // du = Σ_t h_{t-1}ᵀ dz_t with h_{-1} = h0: gather the previous states of all steps into one [B·T, H] matrix.
  const hPrevAll = alloc(gv, B * T * H);
  for (let b = 0; b < B; b++) {
    hPrevAll.set(h0.subarray(b * H, b * H + H), b * T * H);
    if (T > 1) hPrevAll.set(hs.subarray(b * T * H, (b * T + T - 1) * H), (b * T + 1) * H);
  }
  gemm(hPrevAll, 0, dx, 0, duO.values, 0, H, B * T, G, true, false);
  dh0O.values.set(dh);
  dc0O.values.set(dc);
});

registerKernel(UnpackOp, 'ts', ({ x }, { axis }, outs) => {
  const outer = x.shape.slice(0, axis).reduce((p, d) => p * d, 1);
  const n = x.shape[axis] ?? 0;
  const inner = x.shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const xv = x.values;
  outs.forEach((o, k) => {
    const ov = o.values;
    for (let a = 0; a < outer; a++) ov.set(xv.subarray((a * n + k) * inner, (a * n + k + 1) * inner), a * inner);
  });
});
