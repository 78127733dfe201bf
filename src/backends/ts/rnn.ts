import type { TypedArray } from '../../core/dtype.js';
import { registerKernel } from '../../core/kernel-registry.js';
import { type LstmAttrs, LstmGatesGradOp, LstmGatesOp, LstmSequenceGradOp, LstmSequenceOp } from '../../ops/rnn.js';
import { gemm } from './gemm.js';

function gate(v: number, hard: boolean): number {
  if (hard) return v <= -2.5 ? 0 : v >= 2.5 ? 1 : 0.2 * v + 0.5;
  return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
}

/** Derivative of the recurrent activation, from its output `a` (sigmoid) — hard sigmoid is 0.2 inside (0, 1). */
function gateGrad(a: number, hard: boolean): number {
  if (hard) return a > 0 && a < 1 ? 0.2 : 0;
  return a * (1 - a);
}

/** Collects the batch rows whose mask is set at step `t` into `rows`; returns how many there are. */
function usedRows(mv: TypedArray, B: number, T: number, t: number, rows: Int32Array): number {
  let n = 0;
  for (let b = 0; b < B; b++) if ((mv[b * T + t] as number) !== 0) rows[n++] = b;
  return n;
}

// Forward: per step, the rows in use are packed and their four gates come from one [n,H]·[H,4H] matmul, then the
// element-wise cell update; masked rows carry h and c over (Keras masking), so padding costs no arithmetic.
registerKernel(LstmSequenceOp, 'ts', ({ x, u, h0, c0, mask }, { recurrentActivation }: LstmAttrs, outs) => {
  const [hsO, hO, cO, gO, csO] = outs;
  if (!hsO || !hO || !cO || !gO || !csO) return;
  const [B, T, G] = x.shape as [number, number, number];
  const H = G / 4;
  const hard = recurrentActivation === 'hardSigmoid';
  const u64 = Float64Array.from(u.values);
  const hPrev = Float64Array.from(h0.values);
  const cPrev = Float64Array.from(c0.values);
  const hPack = new Float64Array(B * H);
  const z = new Float64Array(B * G);
  const rows = new Int32Array(B);
  const xv = x.values, mv = mask.values, hs = hsO.values, cs = csO.values, gv = gO.values;
  for (let t = 0; t < T; t++) {
    const n = usedRows(mv, B, T, t, rows);
    for (let r = 0; r < n; r++) hPack.set(hPrev.subarray((rows[r] as number) * H, (rows[r] as number) * H + H), r * H);
    if (n > 0) gemm(hPack, 0, u64, 0, z, 0, n, H, G, false, false);
    for (let b = 0, r = 0; b < B; b++) {
      const so = (b * T + t) * H;
      const po = b * H;
      const xo = (b * T + t) * G;
      if (r >= n || rows[r] !== b) {
        hs.set(hPrev.subarray(po, po + H), so);
        cs.set(cPrev.subarray(po, po + H), so);
        gv.fill(0, xo, xo + G); // never read; written so every output element is defined
        continue;
      }
      const zo = r * G;
      r++;
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

// Backward (BPTT): walks time in reverse keeping dh, dc [B,H]. Per step, the used rows' gate pre-activation
// gradients dz are packed (and copied to dx); dh_{t-1} = dz·uᵀ and du += h_{t-1}ᵀ·dz are two matmuls over them.
// Masked rows carried h and c, so their dh (plus this step's output gradient) and dc pass straight through.
registerKernel(LstmSequenceGradOp, 'ts', (inp, { recurrentActivation }: LstmAttrs, outs) => {
  const [dxO, duO, dh0O, dc0O] = outs;
  if (!dxO || !duO || !dh0O || !dc0O) return;
  const [B, T, G] = inp.gates.shape as [number, number, number];
  const H = G / 4;
  const hard = recurrentActivation === 'hardSigmoid';
  const gv = inp.gates.values, cs = inp.cs.values, hs = inp.hs.values, mv = inp.mask.values, dhs = inp.dhs.values;
  const h0 = inp.h0.values, c0 = inp.c0.values, uv = inp.u.values;
  const dh = Float64Array.from(inp.dhT.values);
  const dc = Float64Array.from(inp.dcT.values);
  const dz = new Float64Array(B * G);
  const hp = new Float64Array(B * H);
  const dhNext = new Float64Array(B * H);
  const du = new Float64Array(H * G);
  const uT = new Float64Array(G * H);
  for (let r = 0; r < H; r++) for (let k = 0; k < G; k++) uT[k * H + r] = uv[r * G + k] as number;
  const rows = new Int32Array(B);
  const dx = dxO.values;
  for (let t = T - 1; t >= 0; t--) {
    const n = usedRows(mv, B, T, t, rows);
    for (let b = 0, r = 0; b < B; b++) {
      const so = (b * T + t) * H;
      const go = (b * T + t) * G;
      if (r >= n || rows[r] !== b) {
        for (let j = 0; j < H; j++) dh[b * H + j] = (dh[b * H + j] as number) + (dhs[so + j] as number);
        dx.fill(0, go, go + G); // carried rows get no input gradient
        continue;
      }
      const zo = r * G;
      const ho = r * H;
      r++;
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
        hp[ho + j] = t > 0 ? (hs[so - H + j] as number) : (h0[p] as number);
      }
      dx.set(dz.subarray(zo, zo + G), go);
    }
    if (n === 0) continue;
    gemm(dz, 0, uT, 0, dhNext, 0, n, G, H, false, false);
    gemm(hp, 0, dz, 0, du, 0, H, n, G, true, false, true);
    // Used rows take only the recurrent gradient (their output gradient was consumed above).
    for (let r = 0; r < n; r++) dh.set(dhNext.subarray(r * H, r * H + H), (rows[r] as number) * H);
  }
  duO.values.set(du);
  dh0O.values.set(dh);
  dc0O.values.set(dc);
});

// One step after the matmuls: the same element-wise update as LSTMSequence, for the per-step layer path.
registerKernel(LstmGatesOp, 'ts', ({ z, hPrev, cPrev, mask }, { recurrentActivation }: LstmAttrs, outs) => {
  const [hO, cO, gO] = outs;
  if (!hO || !cO || !gO) return;
  const [B, G] = z.shape as [number, number];
  const H = G / 4;
  const hard = recurrentActivation === 'hardSigmoid';
  const zv = z.values, hp = hPrev.values, cp = cPrev.values, mv = mask.values, hv = hO.values, cv = cO.values, gv = gO.values;
  for (let b = 0; b < B; b++) {
    const po = b * H;
    const zo = b * G;
    if ((mv[b] as number) === 0) {
      hv.set(hp.subarray(po, po + H), po);
      cv.set(cp.subarray(po, po + H), po);
      continue;
    }
    for (let j = 0; j < H; j++) {
      const i = gate(zv[zo + j] as number, hard);
      const f = gate(zv[zo + H + j] as number, hard);
      const g = Math.tanh(zv[zo + 2 * H + j] as number);
      const o = gate(zv[zo + 3 * H + j] as number, hard);
      const c = f * (cp[po + j] as number) + i * g;
      gv[zo + j] = i;
      gv[zo + H + j] = f;
      gv[zo + 2 * H + j] = g;
      gv[zo + 3 * H + j] = o;
      cv[po + j] = c;
      hv[po + j] = o * Math.tanh(c);
    }
  }
});

registerKernel(LstmGatesGradOp, 'ts', ({ cPrev, mask, c, gates, dh, dc }, { recurrentActivation }: LstmAttrs, outs) => {
  const [dzO, dhO, dcO] = outs;
  if (!dzO || !dhO || !dcO) return;
  const [B, G] = gates.shape as [number, number];
  const H = G / 4;
  const hard = recurrentActivation === 'hardSigmoid';
  const gv = gates.values, cv = c.values, cp = cPrev.values, mv = mask.values, dhv = dh.values, dcv = dc.values;
  const dz = dzO.values, dhp = dhO.values, dcp = dcO.values;
  for (let b = 0; b < B; b++) {
    const po = b * H;
    const zo = b * G;
    if ((mv[b] as number) === 0) {
      // A carried row: h = hPrev and c = cPrev, so their gradients pass straight through (dz stays 0).
      dhp.set(dhv.subarray(po, po + H), po);
      dcp.set(dcv.subarray(po, po + H), po);
      continue;
    }
    for (let j = 0; j < H; j++) {
      const i = gv[zo + j] as number, f = gv[zo + H + j] as number, g = gv[zo + 2 * H + j] as number, o = gv[zo + 3 * H + j] as number;
      const tc = Math.tanh(cv[po + j] as number);
      const d = dhv[po + j] as number;
      const dct = (dcv[po + j] as number) + d * o * (1 - tc * tc);
      dz[zo + j] = dct * g * gateGrad(i, hard);
      dz[zo + H + j] = dct * (cp[po + j] as number) * gateGrad(f, hard);
      dz[zo + 2 * H + j] = dct * i * (1 - g * g);
      dz[zo + 3 * H + j] = d * tc * gateGrad(o, hard);
      dcp[po + j] = dct * f;
    }
  }
});
