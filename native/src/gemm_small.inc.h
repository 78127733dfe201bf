// GEMM for few rows or few columns (single-sample inference, small batches, Dense(1)), included by gemm.inc.h.
// Packing would cost as much as these products, so they read op(A) and B in place.
//
// gemm_small_m keeps a block of C (up to 4 rows x 4 vectors) in registers for the whole depth and streams the
// rows of B once per block: the product is bound by reading B, as every entry of B is used m times at most.
// The vector type is the ISA's (NR / 2 floats: 16 for AVX-512, 8 for AVX2, 4 for the baseline), written with
// GCC vector extensions so that one source serves every ISA unit.

typedef float vrow __attribute__((vector_size(NR / 2 * sizeof(float))));
static const int64_t VW = NR / 2;                                 // floats per vector
static const int kVecRegs = sizeof(vrow) == 64 ? 32 : 16;         // architectural vector registers
static const int64_t SM_ROWS = 4;                                 // rows per register block (few-rows path)
static const int64_t SM_MAX_R = 8;                                // rows per register block, at most
static const int64_t SM_MAX_COLS = 8 * VW;                        // widest column block
static const int64_t SM_PREFETCH = 8;                             // rows of B prefetched ahead

// Vectors per column block for R rows: as wide as the registers allow (R x V accumulators, twice that for one
// row, plus V for B), so that a block reads whole cache lines of B and, for narrow B, whole rows.
template <int R>
constexpr int sm_vecs() {
  return R <= 2 ? (kVecRegs == 32 ? 8 : 4) : (kVecRegs == 32 ? 4 : 2);
}

static inline vrow vload(const float* p) {
  vrow v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

static inline void vstore(float* p, vrow v) { std::memcpy(p, &v, sizeof(v)); }

// Rows of op(A): pointer to (i, 0) of each row and the stride along the depth (1, or lda when transposed).
struct SmallRows {
  const float* row[SM_MAX_R];
  int64_t step;
};

// C[rows, j0 .. j0 + V * VW) over the whole depth, R rows at once, accumulators in registers. Fewer than 8
// accumulators are too few dependent FMA chains to hide the FMA latency, so those sum even and odd depths apart.
template <int R, int V>
static void small_m_block(const tfn::GemmArgs& g, const SmallRows& a, float* const* c, int64_t j0) {
  constexpr int S = R * V < 8 ? 2 : 1;
  constexpr int kLineVecs = sizeof(vrow) >= 64 ? 1 : static_cast<int>(64 / sizeof(vrow));
  vrow acc[S][R][V];
  for (int s = 0; s < S; ++s)
    for (int r = 0; r < R; ++r)
      for (int v = 0; v < V; ++v) acc[s][r][v] = g.accumulate && s == 0 ? vload(c[r] + j0 + v * VW) : vrow{};
  const float* b = g.b + j0;
  int64_t p = 0;
  for (; p + S <= g.k; p += S) {
    for (int s = 0; s < S; ++s) {
      const float* brow = b + (p + s) * g.ldb;
      for (int v = 0; v < V; v += kLineVecs) __builtin_prefetch(brow + SM_PREFETCH * g.ldb + v * VW);
      vrow bv[V];
      for (int v = 0; v < V; ++v) bv[v] = vload(brow + v * VW);
      for (int r = 0; r < R; ++r) {
        float av = a.row[r][(p + s) * a.step];
        for (int v = 0; v < V; ++v) acc[s][r][v] += av * bv[v];
      }
    }
  }
  for (; p < g.k; ++p) {
    const float* brow = b + p * g.ldb;
    for (int r = 0; r < R; ++r) {
      float av = a.row[r][p * a.step];
      for (int v = 0; v < V; ++v) acc[0][r][v] += av * vload(brow + v * VW);
    }
  }
  for (int s = 1; s < S; ++s)
    for (int r = 0; r < R; ++r)
      for (int v = 0; v < V; ++v) acc[0][r][v] += acc[s][r][v];
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < V; ++v) vstore(c[r] + j0 + v * VW, acc[0][r][v]);
}

// Columns [j0, n) (fewer than one block): rows of B streamed into a small accumulator in memory.
static void small_m_tail(const tfn::GemmArgs& g, const SmallRows& a, int rows, float* const* c, int64_t j0) {
  int64_t cols = g.n - j0;
  float acc[SM_ROWS][SM_MAX_COLS];
  for (int r = 0; r < rows; ++r)
    for (int64_t j = 0; j < cols; ++j) acc[r][j] = g.accumulate ? c[r][j0 + j] : 0.0f;
  for (int64_t p = 0; p < g.k; ++p) {
    const float* b = g.b + p * g.ldb + j0;
    for (int r = 0; r < rows; ++r) {
      float av = a.row[r][p * a.step];
      for (int64_t j = 0; j < cols; ++j) acc[r][j] += av * b[j];
    }
  }
  for (int r = 0; r < rows; ++r)
    for (int64_t j = 0; j < cols; ++j) c[r][j0 + j] = acc[r][j];
}

// Every column of rows [i0, i0 + R) of C, in blocks of sm_vecs<R>() vectors and a narrower tail.
template <int R>
static void small_m_rows(const tfn::GemmArgs& g, int64_t i0) {
  SmallRows a;
  float* c[SM_MAX_R];
  a.step = g.trans_a ? g.lda : 1;
  for (int r = 0; r < R; ++r) {
    a.row[r] = g.trans_a ? g.a + i0 + r : g.a + (i0 + r) * g.lda;
    c[r] = g.c + (i0 + r) * g.ldc;
  }
  constexpr int64_t kCols = sm_vecs<R>() * VW;
  int64_t j0 = 0;
  for (; j0 + kCols <= g.n; j0 += kCols) small_m_block<R, sm_vecs<R>()>(g, a, c, j0);
  if (j0 < g.n) small_m_tail(g, a, R, c, j0);
}

// C = op(A) B for all rows, no bias or activation.
static void small_m_all(const tfn::GemmArgs& g) {
  for (int64_t i0 = 0; i0 < g.m; i0 += SM_ROWS) {
    switch (min64(SM_ROWS, g.m - i0)) {
      case 1: small_m_rows<1>(g, i0); break;
      case 2: small_m_rows<2>(g, i0); break;
      case 3: small_m_rows<3>(g, i0); break;
      default: small_m_rows<4>(g, i0); break;
    }
  }
}

// The part of `g` covering columns [j0, j1) and depths [p0, p1), written to `c` (leading dimension ldc).
static tfn::GemmArgs small_m_part(const tfn::GemmArgs& g, int64_t j0, int64_t j1, int64_t p0, int64_t p1, float* c,
                                  int64_t ldc, bool accumulate) {
  tfn::GemmArgs s = g;
  s.a = g.trans_a ? g.a + p0 * g.lda : g.a + p0;
  s.b = g.b + p0 * g.ldb + j0;
  s.k = p1 - p0;
  s.n = j1 - j0;
  s.c = c;
  s.ldc = ldc;
  s.accumulate = accumulate;
  s.bias = nullptr;
  s.act = tfn::kActNone;
  return s;
}

// Few rows, B not transposed: bound by reading B once. Several threads split the columns when each gets long
// contiguous runs of every row of B; otherwise they split the depth (each reads whole rows of B, in order) into
// private sums that are added up afterwards. One thread runs it alone below about 64K multiply-adds, where waking
// the pool costs more than it saves.
static void gemm_small_m(const tfn::GemmArgs& g) {
  int64_t threads = tfn::num_threads();
  int64_t parts = g.m * g.n * g.k < (int64_t{1} << 16) ? 1 : min64(threads, max64(1, g.k / 64));
  bool by_cols = g.n >= parts * 4 * SM_MAX_COLS;
  if (parts == 1 || by_cols) {
    int64_t cparts = parts == 1 ? 1 : min64(parts, (g.n + SM_MAX_COLS - 1) / SM_MAX_COLS);
    pfor(cparts, 1, [&](int64_t t0, int64_t t1) {
      for (int64_t t = t0; t < t1; ++t) {
        // Column ranges on whole blocks, so no part ends in a tail but the last.
        int64_t blocks = (g.n + SM_MAX_COLS - 1) / SM_MAX_COLS;
        int64_t j0 = min64(g.n, blocks * t / cparts * SM_MAX_COLS), j1 = min64(g.n, blocks * (t + 1) / cparts * SM_MAX_COLS);
        if (j0 < j1) small_m_all(small_m_part(g, j0, j1, 0, g.k, g.c + j0, g.ldc, g.accumulate));
      }
    });
  } else {
    // Part 0 writes C itself; the others write private sums, added in after.
    float* sums = tfn::scratch_alloc(static_cast<size_t>((parts - 1) * g.m * g.n));
    pfor(parts, 1, [&](int64_t t0, int64_t t1) {
      for (int64_t t = t0; t < t1; ++t) {
        int64_t p0 = g.k * t / parts, p1 = g.k * (t + 1) / parts;
        if (t == 0) small_m_all(small_m_part(g, 0, g.n, p0, p1, g.c, g.ldc, g.accumulate));
        else small_m_all(small_m_part(g, 0, g.n, p0, p1, sums + (t - 1) * g.m * g.n, g.n, false));
      }
    });
    for (int64_t t = 1; t < parts; ++t)
      for (int64_t i = 0; i < g.m; ++i) {
        float* c = g.c + i * g.ldc;
        const float* s = sums + ((t - 1) * g.m + i) * g.n;
        for (int64_t j = 0; j < g.n; ++j) c[j] += s[j];
      }
    tfn::scratch_free(sums);
  }
  if (g.bias != nullptr || g.act != tfn::kActNone) epilogue(g, 0, g.m, 0, g.n);
}

// Few columns (4 < n < NR: a classifier's last Dense), many rows. The packed path would compute whole NR-wide
// tiles and throw most of each away; here op(B) is copied once into rows padded to whole vectors (np = one or two
// vectors), blocks of rows run with their accumulators in registers into a padded copy of C, and the n real
// columns are copied out.
template <int V>
static void narrow_n_rows(const tfn::GemmArgs& pg, int64_t i0, int64_t i1) {
  constexpr int R = V == 1 ? 8 : 4;
  for (; i0 < i1; i0 += R) {
    int64_t rows = min64(R, i1 - i0);
    SmallRows a;
    float* c[SM_MAX_R];
    a.step = pg.trans_a ? pg.lda : 1;
    for (int r = 0; r < R; ++r) {
      int64_t i = i0 + min64(r, rows - 1);  // a short last block repeats its last row (same result, one store)
      a.row[r] = pg.trans_a ? pg.a + i : pg.a + i * pg.lda;
      c[r] = pg.c + i * pg.ldc;
    }
    small_m_block<R, V>(pg, a, c, 0);
  }
}

static void gemm_narrow_n(const tfn::GemmArgs& g) {
  int64_t np = (g.n + VW - 1) / VW * VW;
  float* bp = tfn::scratch_alloc(static_cast<size_t>(g.k * np));
  float* cp = tfn::scratch_alloc(static_cast<size_t>(g.m * np));
  for (int64_t p = 0; p < g.k; ++p) {
    float* dst = bp + p * np;
    for (int64_t j = 0; j < g.n; ++j) dst[j] = g.trans_b ? g.b[j * g.ldb + p] : g.b[p * g.ldb + j];
    for (int64_t j = g.n; j < np; ++j) dst[j] = 0.0f;
  }
  tfn::GemmArgs pg = g;
  pg.b = bp; pg.ldb = np; pg.trans_b = false; pg.n = np;
  pg.c = cp; pg.ldc = np; pg.accumulate = false;
  int64_t work = g.m * np * g.k;
  pfor((g.m + 7) / 8, work < (int64_t{1} << 17) ? (g.m + 7) / 8 : 1, [&](int64_t b0, int64_t b1) {
    if (np == VW) narrow_n_rows<1>(pg, b0 * 8, min64(g.m, b1 * 8));
    else narrow_n_rows<2>(pg, b0 * 8, min64(g.m, b1 * 8));
  });
  for (int64_t i = 0; i < g.m; ++i) {
    float* c = g.c + i * g.ldc;
    const float* s = cp + i * np;
    for (int64_t j = 0; j < g.n; ++j) c[j] = g.accumulate ? c[j] + s[j] : s[j];
  }
  if (g.bias != nullptr || g.act != tfn::kActNone) epilogue(g, 0, g.m, 0, g.n);
  tfn::scratch_free(cp);
  tfn::scratch_free(bp);
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
