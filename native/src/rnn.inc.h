// Fused LSTM over a whole sequence (forward and backpropagation through time), included by isa_*.cc.
// Layout follows src/ops/rnn.ts: x [B,T,4H] is the input projection in Keras gate order i, f, c, o; u [H,4H];
// mask [B,T] (0 = the row carries its state over). The recurrent kernel is packed for the GEMM once per call and
// reused by every step; du is one large GEMM over all steps at the end instead of T small ones.

static inline float gate_f(float v, bool hard) {
  if (hard) return v <= -2.5f ? 0.0f : (v >= 2.5f ? 1.0f : 0.2f * v + 0.5f);
  return sigmoid_f(v);
}

static inline float gate_grad(float a, bool hard) {
  if (hard) return (a > 0.0f && a < 1.0f) ? 0.2f : 0.0f;
  return a * (1.0f - a);
}

static bool step_unused(const float* mask, int64_t B, int64_t T, int64_t t) {
  for (int64_t b = 0; b < B; ++b)
    if (mask[b * T + t] != 0.0f) return false;
  return true;
}

static void lstm_forward(const tfn::LstmArgs& a) {
  int64_t B = a.batch, T = a.steps, H = a.units, G = 4 * H;
  tfn::GemmArgs g = plain_gemm(false, false, B, G, H, nullptr, H, a.u, G, nullptr, G, false);
  float* packed = tfn::scratch_alloc(static_cast<size_t>(packed_b_floats(H, G) + 3 * B * G));
  float* h = packed + packed_b_floats(H, G);
  float* c = h + B * G;
  float* z = c + B * G;
  pack_b_all(g, packed);
  for (int64_t i = 0; i < B * H; ++i) {
    h[i] = a.h0[i];
    c[i] = a.c0[i];
  }
  for (int64_t t = 0; t < T; ++t) {
    bool skip = step_unused(a.mask, B, T, t);
    if (!skip && H > 0) {
      g.a = h;
      g.c = z;
      gemm_blocked(g, packed);
    }
    for (int64_t b = 0; b < B; ++b) {
      float* hs = a.hs + (b * T + t) * H;
      float* cs = a.cs + (b * T + t) * H;
      float* hb = h + b * H;
      float* cb = c + b * H;
      float* gr = a.gates + (b * T + t) * G;
      if (skip || a.mask[b * T + t] == 0.0f) {
        for (int64_t j = 0; j < H; ++j) {
          hs[j] = hb[j];
          cs[j] = cb[j];
        }
        for (int64_t j = 0; j < G; ++j) gr[j] = 0.0f;  // never read; written so every output element is defined
        continue;
      }
      const float* xr = a.x + (b * T + t) * G;
      const float* zr = z + b * G;
      for (int64_t j = 0; j < H; ++j) {
        float ig = gate_f(zr[j] + xr[j], a.hard);
        float fg = gate_f(zr[H + j] + xr[H + j], a.hard);
        float gg = tanh_f(zr[2 * H + j] + xr[2 * H + j]);
        float og = gate_f(zr[3 * H + j] + xr[3 * H + j], a.hard);
        float cn = fg * cb[j] + ig * gg;
        float hn = og * tanh_f(cn);
        gr[j] = ig;
        gr[H + j] = fg;
        gr[2 * H + j] = gg;
        gr[3 * H + j] = og;
        cs[j] = cn;
        hs[j] = hn;
        cb[j] = cn;
        hb[j] = hn;
      }
    }
  }
  for (int64_t i = 0; i < B * H; ++i) {
    a.h_out[i] = h[i];
    a.c_out[i] = c[i];
  }
  tfn::scratch_free(packed);
}

static void lstm_backward(const tfn::LstmGradArgs& a) {
  int64_t B = a.batch, T = a.steps, H = a.units, G = 4 * H;
  // dh_prev = dz * u^T: op(B) = u^T, packed once.
  tfn::GemmArgs g = plain_gemm(false, true, B, H, G, nullptr, G, a.u, G, nullptr, H, false);
  int64_t pk = packed_b_floats(G, H);
  float* packed = tfn::scratch_alloc(static_cast<size_t>(pk + 2 * B * H + B * G + B * H + B * T * H));
  float* dh = packed + pk;
  float* dc = dh + B * H;
  float* dz = dc + B * H;
  float* dh_next = dz + B * G;
  float* hprev = dh_next + B * H;  // h_{t-1} for every (b, t), for du
  if (H > 0) pack_b_all(g, packed);
  for (int64_t i = 0; i < B * H; ++i) {
    dh[i] = a.dh_t[i];
    dc[i] = a.dc_t[i];
  }
  for (int64_t t = T - 1; t >= 0; --t) {
    bool skip = step_unused(a.mask, B, T, t);
    for (int64_t b = 0; b < B; ++b) {
      int64_t so = (b * T + t) * H, go = (b * T + t) * G;
      float* dzr = dz + b * G;
      float* dhb = dh + b * H;
      float* dcb = dc + b * H;
      const float* dhs = a.dhs + so;
      float* hp = hprev + so;
      if (skip || a.mask[b * T + t] == 0.0f) {
        for (int64_t j = 0; j < H; ++j) dhb[j] += dhs[j];
        for (int64_t j = 0; j < G; ++j) dzr[j] = 0.0f;
        for (int64_t j = 0; j < G; ++j) a.dx[go + j] = 0.0f;  // carried rows get no input gradient
        for (int64_t j = 0; j < H; ++j) hp[j] = 0.0f;
        continue;
      }
      const float* gr = a.gates + go;
      const float* cr = a.cs + so;
      const float* cp = t > 0 ? a.cs + so - H : a.c0 + b * H;
      const float* hpsrc = t > 0 ? a.hs + so - H : a.h0 + b * H;
      for (int64_t j = 0; j < H; ++j) {
        float dhv = dhb[j] + dhs[j];
        float ig = gr[j], fg = gr[H + j], gg = gr[2 * H + j], og = gr[3 * H + j];
        float tc = tanh_f(cr[j]);
        float dct = dcb[j] + dhv * og * (1.0f - tc * tc);
        dzr[j] = dct * gg * gate_grad(ig, a.hard);
        dzr[H + j] = dct * cp[j] * gate_grad(fg, a.hard);
        dzr[2 * H + j] = dct * ig * (1.0f - gg * gg);
        dzr[3 * H + j] = dhv * tc * gate_grad(og, a.hard);
        dcb[j] = dct * fg;
        hp[j] = hpsrc[j];
      }
      float* dxr = a.dx + go;
      for (int64_t j = 0; j < G; ++j) dxr[j] = dzr[j];
    }
    if (skip || H == 0) continue;
    g.a = dz;
    g.c = dh_next;
    gemm_blocked(g, packed);
    for (int64_t b = 0; b < B; ++b) {
      if (a.mask[b * T + t] == 0.0f) continue;  // carried rows keep their gradient
      for (int64_t j = 0; j < H; ++j) dh[b * H + j] = dh_next[b * H + j];
    }
  }
  // du = sum over (b, t) of h_{t-1}^T dz: one GEMM with k = B * T (dx holds dz, zero for carried rows).
  gemm(plain_gemm(true, false, H, G, B * T, hprev, H, a.dx, G, a.du, G, false));
  for (int64_t i = 0; i < B * H; ++i) {
    a.dh0[i] = dh[i];
    a.dc0[i] = dc[i];
  }
  tfn::scratch_free(packed);
}
