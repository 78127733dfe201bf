// Fused LSTM over a whole sequence (forward and backpropagation through time), included by isa_*.cc.
// Layout follows src/ops/rnn.ts: x [B,T,4H] is the input projection in Keras gate order i, f, c, o; u [H,4H];
// mask [B,T] (0 = the row carries its state over). The recurrent kernel is packed for the GEMM once per call and
// reused by every step; du is one large GEMM over all steps at the end instead of T small ones.

static inline float gate_f(float v, bool hard) {
  if (hard) return v <= -2.5f ? 0.0f : (v >= 2.5f ? 1.0f : 0.2f * v + 0.5f);
  return sigmoid_f(v);
}

static inline float gate_grad(float a, bool hard) {
  if (hard) return (a > 0.0f) & (a < 1.0f) ? 0.2f : 0.0f;  // non-short-circuit: a select, so loops vectorise
  return a * (1.0f - a);
}

// The gate activations over whole rows, one simple loop per function so each vectorises (an element-at-a-time
// loop mixing sigmoid, tanh and the hard/soft choice stayed scalar and cost more than the step's GEMM).
static inline void gate_inplace(float* v, int64_t n, bool hard) {
  if (hard) {
    for (int64_t i = 0; i < n; ++i) v[i] = v[i] <= -2.5f ? 0.0f : (v[i] >= 2.5f ? 1.0f : 0.2f * v[i] + 0.5f);
  } else {
    for (int64_t i = 0; i < n; ++i) v[i] = sigmoid_f(v[i]);
  }
}

static inline void tanh_inplace(float* v, int64_t n) {
  for (int64_t i = 0; i < n; ++i) v[i] = tanh_f(v[i]);
}

// One unmasked (b, t): gates gr = act(z + x) in Keras order i, f, c, o; c = f c + i g; h = o tanh(c), updating the
// running state cb/hb and writing this step's cs/hs. tmp holds H floats.
static void lstm_cell(float* __restrict__ gr, const float* __restrict__ zr, const float* __restrict__ xr,
                      float* __restrict__ cb, float* __restrict__ hb, float* __restrict__ cs, float* __restrict__ hs,
                      float* __restrict__ tmp, int64_t H, bool hard) {
  for (int64_t j = 0; j < 4 * H; ++j) gr[j] = zr[j] + xr[j];
  gate_inplace(gr, 2 * H, hard);
  tanh_inplace(gr + 2 * H, H);
  gate_inplace(gr + 3 * H, H, hard);
  for (int64_t j = 0; j < H; ++j) {
    float cn = gr[H + j] * cb[j] + gr[j] * gr[2 * H + j];
    cs[j] = cn;
    cb[j] = cn;
    tmp[j] = cn;
  }
  tanh_inplace(tmp, H);
  for (int64_t j = 0; j < H; ++j) {
    float hn = gr[3 * H + j] * tmp[j];
    hs[j] = hn;
    hb[j] = hn;
  }
}

// One unmasked (b, t) of BPTT: from the gates gr, cell state cr, previous cell state cp, this step's output gradient
// dhs and the running dh/dc, writes the gate pre-activation gradients dz (into dx) and updates dc. HARD picks the
// hard-sigmoid derivative at compile time, so the loop has no branch and vectorises; tc holds H floats.
template <bool HARD>
static void lstm_cell_grad(const float* __restrict__ gr, const float* __restrict__ cr, const float* __restrict__ cp,
                           const float* __restrict__ dhs, const float* __restrict__ dhb, float* __restrict__ dcb,
                           float* __restrict__ dz, float* __restrict__ tc, int64_t H) {
  for (int64_t j = 0; j < H; ++j) tc[j] = cr[j];
  tanh_inplace(tc, H);
  for (int64_t j = 0; j < H; ++j) {
    float dhv = dhb[j] + dhs[j];
    float ig = gr[j], fg = gr[H + j], gg = gr[2 * H + j], og = gr[3 * H + j];
    float dct = dcb[j] + dhv * og * (1.0f - tc[j] * tc[j]);
    dz[j] = dct * gg * gate_grad(ig, HARD);
    dz[H + j] = dct * cp[j] * gate_grad(fg, HARD);
    dz[2 * H + j] = dct * ig * (1.0f - gg * gg);
    dz[3 * H + j] = dhv * tc[j] * gate_grad(og, HARD);
    dcb[j] = dct * fg;
  }
}

// Prefetches rows [(b, t) for every b] of a [B, T, width] array: a step touches one row per sequence, T rows
// apart, a pattern the hardware prefetcher does not follow, so without this every row is a cache miss.
static inline void prefetch_step(const float* base, int64_t B, int64_t T, int64_t t, int64_t width) {
  for (int64_t b = 0; b < B; ++b) {
    const char* row = reinterpret_cast<const char*>(base + (b * T + t) * width);
    for (int64_t off = 0; off < width * static_cast<int64_t>(sizeof(float)); off += 64) __builtin_prefetch(row + off);
  }
}

// Scratch kept between calls (a training step calls both kernels every batch): fresh pages for the megabytes of
// saved h_{t-1} would cost a page fault per 4 KiB on every call.
static thread_local PackBuffer tls_lstm;

static bool step_unused(const float* mask, int64_t B, int64_t T, int64_t t) {
  for (int64_t b = 0; b < B; ++b)
    if (mask[b * T + t] != 0.0f) return false;
  return true;
}

static void lstm_forward(const tfn::LstmArgs& a) {
  int64_t B = a.batch, T = a.steps, H = a.units, G = 4 * H;
  tfn::GemmArgs g = plain_gemm(false, false, B, G, H, nullptr, H, a.u, G, nullptr, G, false);
  float* packed = tls_lstm.get(static_cast<size_t>(packed_b_floats(H, G) + 3 * B * G + H));
  float* h = packed + packed_b_floats(H, G);
  float* c = h + B * G;
  float* z = c + B * G;
  float* tmp = z + B * G;
  pack_b_all(g, packed);
  for (int64_t i = 0; i < B * H; ++i) {
    h[i] = a.h0[i];
    c[i] = a.c0[i];
  }
  for (int64_t t = 0; t < T; ++t) {
    bool skip = step_unused(a.mask, B, T, t);
    if (!skip) prefetch_step(a.x, B, T, t, G);  // fetched while the GEMM runs
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
      lstm_cell(gr, zr, xr, cb, hb, cs, hs, tmp, H, a.hard);
    }
  }
  for (int64_t i = 0; i < B * H; ++i) {
    a.h_out[i] = h[i];
    a.c_out[i] = c[i];
  }
}

static void lstm_backward(const tfn::LstmGradArgs& a) {
  int64_t B = a.batch, T = a.steps, H = a.units, G = 4 * H;
  // dh_prev = dz * u^T: op(B) = u^T, packed once.
  tfn::GemmArgs g = plain_gemm(false, true, B, H, G, nullptr, G, a.u, G, nullptr, H, false);
  int64_t pk = packed_b_floats(G, H);
  float* packed = tls_lstm.get(static_cast<size_t>(pk + 3 * B * H + B * T * H + H));
  float* dh = packed + pk;
  float* dc = dh + B * H;
  float* dh_next = dc + B * H;
  float* hprev = dh_next + B * H;  // h_{t-1} for every (b, t), for du
  float* tc = hprev + B * T * H;   // tanh of one row of cell states
  if (H > 0) pack_b_all(g, packed);
  for (int64_t i = 0; i < B * H; ++i) {
    dh[i] = a.dh_t[i];
    dc[i] = a.dc_t[i];
  }
  for (int64_t t = T - 1; t >= 0; --t) {
    bool skip = step_unused(a.mask, B, T, t);
    for (int64_t b = 0; b < B; ++b) {
      int64_t so = (b * T + t) * H, go = (b * T + t) * G;
      float* dhb = dh + b * H;
      float* dcb = dc + b * H;
      const float* dhs = a.dhs + so;
      float* hp = hprev + so;
      if (skip || a.mask[b * T + t] == 0.0f) {
        for (int64_t j = 0; j < H; ++j) dhb[j] += dhs[j];
        for (int64_t j = 0; j < G; ++j) a.dx[go + j] = 0.0f;  // carried rows get no input gradient
        for (int64_t j = 0; j < H; ++j) hp[j] = 0.0f;
        continue;
      }
      const float* cp = t > 0 ? a.cs + so - H : a.c0 + b * H;
      const float* hpsrc = t > 0 ? a.hs + so - H : a.h0 + b * H;
      for (int64_t j = 0; j < H; ++j) hp[j] = hpsrc[j];
      if (a.hard) lstm_cell_grad<true>(a.gates + go, a.cs + so, cp, dhs, dhb, dcb, a.dx + go, tc, H);
      else lstm_cell_grad<false>(a.gates + go, a.cs + so, cp, dhs, dhb, dcb, a.dx + go, tc, H);
    }
    if (t > 0) {  // the next (earlier) step's rows arrive while this step's GEMM runs
      prefetch_step(a.gates, B, T, t - 1, G);
      prefetch_step(a.cs, B, T, t - 1, H);
      prefetch_step(a.dhs, B, T, t - 1, H);
    }
    if (skip || H == 0) continue;
    g.a = a.dx + t * G;  // this step's dz rows, one per sequence (zero for carried rows)
    g.lda = T * G;
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
}
