// Packed, cache-blocked SGEMM (Goto/BLIS structure), included by each isa_*.cc after it defines
// MR, NR and micro_kernel(kc, packed_a, packed_b, c, ldc, accumulate), which computes one full MR x NR tile.
//
// Blocking: a KC x NC panel of op(B) is packed into NR-wide slivers and an MC x KC block of op(A) into MR-tall
// slivers; the micro-kernel streams one A sliver against one B sliver (which stays in L1) per C tile. Work is
// split into independent MC x NC tiles of C, one task each, so threads never share a C element and need no
// synchronisation inside a GEMM. Edge tiles are computed into a local buffer and copied.

static const int64_t KC = 256;
static const int64_t MC = MR * (192 / MR);
static const int64_t NC_MAX = 1024;

static thread_local float* tls_pack = nullptr;
static thread_local size_t tls_pack_cap = 0;

static float* pack_buffer(size_t floats) {
  if (floats > tls_pack_cap) {
    if (tls_pack != nullptr) tfn::scratch_free(tls_pack);
    tls_pack = tfn::scratch_alloc(floats);
    tls_pack_cap = floats;
  }
  return tls_pack;
}

// op(A)(i, p) for rows [i0, i0 + mc), cols [p0, p0 + kc) into MR-tall slivers: out[s][p][i], zero-padded.
static void pack_a(const tfn::GemmArgs& g, int64_t i0, int64_t mc, int64_t p0, int64_t kc, float* out) {
  for (int64_t s = 0; s < mc; s += MR) {
    int64_t rows = min64(MR, mc - s);
    float* dst = out + s * kc;
    if (g.trans_a) {
      for (int64_t p = 0; p < kc; ++p) {
        const float* src = g.a + (p0 + p) * g.lda + i0 + s;
        int64_t i = 0;
        for (; i < rows; ++i) dst[p * MR + i] = src[i];
        for (; i < MR; ++i) dst[p * MR + i] = 0.0f;
      }
    } else {
      for (int64_t i = 0; i < rows; ++i) {
        const float* src = g.a + (i0 + s + i) * g.lda + p0;
        for (int64_t p = 0; p < kc; ++p) dst[p * MR + i] = src[p];
      }
      for (int64_t i = rows; i < MR; ++i)
        for (int64_t p = 0; p < kc; ++p) dst[p * MR + i] = 0.0f;
    }
  }
}

// op(B)(p, j) for rows [p0, p0 + kc), cols [j0, j0 + nc) into NR-wide slivers: out[t][p][j], zero-padded.
static void pack_b(const tfn::GemmArgs& g, int64_t p0, int64_t kc, int64_t j0, int64_t nc, float* out) {
  for (int64_t t = 0; t < nc; t += NR) {
    int64_t cols = min64(NR, nc - t);
    float* dst = out + t * kc;
    if (!g.trans_b) {
      for (int64_t p = 0; p < kc; ++p) {
        const float* src = g.b + (p0 + p) * g.ldb + j0 + t;
        int64_t j = 0;
        for (; j < cols; ++j) dst[p * NR + j] = src[j];
        for (; j < NR; ++j) dst[p * NR + j] = 0.0f;
      }
    } else {
      for (int64_t j = 0; j < cols; ++j) {
        const float* src = g.b + (j0 + t + j) * g.ldb + p0;
        for (int64_t p = 0; p < kc; ++p) dst[p * NR + j] = src[p];
      }
      for (int64_t j = cols; j < NR; ++j)
        for (int64_t p = 0; p < kc; ++p) dst[p * NR + j] = 0.0f;
    }
  }
}

static void epilogue(const tfn::GemmArgs& g, int64_t i0, int64_t rows, int64_t j0, int64_t cols) {
  for (int64_t i = 0; i < rows; ++i) {
    float* c = g.c + (i0 + i) * g.ldc + j0;
    if (g.bias != nullptr) {
      const float* bias = g.bias + j0;
      for (int64_t j = 0; j < cols; ++j) c[j] += bias[j];
    }
    act_inplace(g.act, c, cols, g.act_alpha);
  }
}

static void gemm_tile(const tfn::GemmArgs& g, int64_t i0, int64_t mc, int64_t j0, int64_t nc) {
  int64_t kc_max = min64(KC, g.k);
  int64_t mc_pad = (mc + MR - 1) / MR * MR, nc_pad = (nc + NR - 1) / NR * NR;
  // Panels start on 64-byte boundaries: the micro-kernels use aligned loads of B.
  int64_t a_floats = (kc_max * mc_pad + 15) / 16 * 16, b_floats = (kc_max * nc_pad + 15) / 16 * 16;
  float* pa = pack_buffer(static_cast<size_t>(a_floats + b_floats + MR * NR));
  float* pb = pa + a_floats;
  float* tmp = pb + b_floats;
  bool fuse = g.bias != nullptr || g.act != tfn::kActNone;
  for (int64_t p0 = 0; p0 < g.k; p0 += KC) {
    int64_t kc = min64(KC, g.k - p0);
    bool acc = g.accumulate || p0 > 0;
    bool last = p0 + kc == g.k;
    pack_b(g, p0, kc, j0, nc, pb);
    pack_a(g, i0, mc, p0, kc, pa);
    for (int64_t jr = 0; jr < nc; jr += NR) {
      int64_t cols = min64(NR, nc - jr);
      for (int64_t ir = 0; ir < mc; ir += MR) {
        int64_t rows = min64(MR, mc - ir);
        float* c = g.c + (i0 + ir) * g.ldc + j0 + jr;
        if (rows == MR && cols == NR) {
          micro_kernel(kc, pa + ir * kc, pb + jr * kc, c, g.ldc, acc);
        } else {
          micro_kernel(kc, pa + ir * kc, pb + jr * kc, tmp, NR, false);
          for (int64_t i = 0; i < rows; ++i)
            for (int64_t j = 0; j < cols; ++j) c[i * g.ldc + j] = (acc ? c[i * g.ldc + j] : 0.0f) + tmp[i * NR + j];
        }
        if (last && fuse) epilogue(g, i0 + ir, rows, j0 + jr, cols);
      }
    }
  }
}

// Few rows and B not transposed (single-sample inference, small batches): stream rows of B once and update
// every row of C from them; packing B would cost as much as the product itself.
static void gemm_small_m(const tfn::GemmArgs& g) {
  const int64_t JB = 512;
  auto run = [&](int64_t jb0, int64_t jb1) {
    float acc[8][JB];
    for (int64_t jblk = jb0; jblk < jb1; ++jblk) {
      int64_t j0 = jblk * JB, cols = min64(JB, g.n - j0);
      for (int64_t i = 0; i < g.m; ++i) {
        const float* c = g.c + i * g.ldc + j0;
        for (int64_t j = 0; j < cols; ++j) acc[i][j] = g.accumulate ? c[j] : 0.0f;
      }
      for (int64_t p = 0; p < g.k; ++p) {
        const float* brow = g.b + p * g.ldb + j0;
        for (int64_t i = 0; i < g.m; ++i) {
          float av = g.trans_a ? g.a[p * g.lda + i] : g.a[i * g.lda + p];
          float* ar = acc[i];
          for (int64_t j = 0; j < cols; ++j) ar[j] += av * brow[j];
        }
      }
      for (int64_t i = 0; i < g.m; ++i) {
        float* c = g.c + i * g.ldc + j0;
        for (int64_t j = 0; j < cols; ++j) c[j] = acc[i][j];
      }
      if (g.bias != nullptr || g.act != tfn::kActNone) epilogue(g, 0, g.m, j0, cols);
    }
  };
  int64_t blocks = (g.n + JB - 1) / JB;
  int64_t work = g.m * g.n * g.k;
  pfor(blocks, work < (1 << 20) ? blocks : 1, run);
}

// Few columns with A not transposed (Dense(1), GEMV): each C entry is a dot product of a row of A with a
// column of op(B), which is copied contiguous first.
static void gemm_small_n(const tfn::GemmArgs& g) {
  float* bt = tfn::scratch_alloc(static_cast<size_t>(g.n * g.k));
  for (int64_t j = 0; j < g.n; ++j)
    for (int64_t p = 0; p < g.k; ++p) bt[j * g.k + p] = g.trans_b ? g.b[j * g.ldb + p] : g.b[p * g.ldb + j];
  auto run = [&](int64_t i0, int64_t i1) {
    for (int64_t i = i0; i < i1; ++i) {
      const float* arow = g.a + i * g.lda;
      float* c = g.c + i * g.ldc;
      for (int64_t j = 0; j < g.n; ++j) {
        const float* bcol = bt + j * g.k;
        float s = 0.0f;
        for (int64_t p = 0; p < g.k; ++p) s += arow[p] * bcol[p];
        c[j] = g.accumulate ? c[j] + s : s;
      }
      if (g.bias != nullptr || g.act != tfn::kActNone) epilogue(g, i, 1, 0, g.n);
    }
  };
  pfor(g.m, max64(1, (1 << 16) / max64(1, g.n * g.k)), run);
  tfn::scratch_free(bt);
}

static void gemm(const tfn::GemmArgs& g) {
  if (g.m <= 0 || g.n <= 0) return;
  if (g.k <= 0) {
    for (int64_t i = 0; i < g.m; ++i)
      if (!g.accumulate)
        for (int64_t j = 0; j < g.n; ++j) g.c[i * g.ldc + j] = 0.0f;
    epilogue(g, 0, g.m, 0, g.n);
    return;
  }
  if (g.m <= 8 && !g.trans_b) return gemm_small_m(g);
  if (g.n <= 4 && !g.trans_a) return gemm_small_n(g);
  int64_t threads = tfn::num_threads();
  int64_t tiles_m = (g.m + MC - 1) / MC;
  int64_t nc = min64(NC_MAX, (g.n + NR - 1) / NR * NR);
  // Narrow the column tiles until every thread has work (at least two tiles each when the shape allows).
  while (tiles_m * ((g.n + nc - 1) / nc) < 2 * threads && nc > NR) nc = max64(NR, (nc / 2 + NR - 1) / NR * NR);
  int64_t mc = MC;
  while (((g.m + mc - 1) / mc) * ((g.n + nc - 1) / nc) < threads && mc > MR) mc = max64(MR, (mc / 2 + MR - 1) / MR * MR);
  tiles_m = (g.m + mc - 1) / mc;
  int64_t tiles_n = (g.n + nc - 1) / nc;
  double flops = 2.0 * static_cast<double>(g.m) * static_cast<double>(g.n) * static_cast<double>(g.k);
  int64_t tiles = tiles_m * tiles_n;
  auto run = [&](int64_t t0, int64_t t1) {
    for (int64_t t = t0; t < t1; ++t) {
      int64_t ti = t / tiles_n, tj = t % tiles_n;
      int64_t i0 = ti * mc, j0 = tj * nc;
      gemm_tile(g, i0, min64(mc, g.m - i0), j0, min64(nc, g.n - j0));
    }
  };
  pfor(tiles, flops < 2e5 ? tiles : 1, run);
}
