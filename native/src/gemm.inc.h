// Packed, cache-blocked SGEMM (Goto/BLIS structure), included by each isa_*.cc after it defines
// MR, NR and micro_kernel(kc, packed_a, packed_b, c, ldc, accumulate), which computes one full MR x NR tile.
//
// Blocking: a KC x NC panel of op(B) is packed into NR-wide slivers and an MC x KC block of op(A) into MR-tall
// slivers; the micro-kernel streams one A sliver against one B sliver (which stays in L1) per C tile. Work is
// split into independent MC x NC tiles of C, one task each, so threads never share a C element and need no
// synchronisation inside a GEMM. Edge tiles are computed into a local buffer and copied.

static const int64_t KC = 384;
static const int64_t MC = MR * (192 / MR);
static const int64_t NC_MAX = 1024;

// Per-thread packing buffers: A blocks are packed by the thread that consumes them, the B panel by the thread
// that called gemm (and shared read-only with the pool threads for the duration of one panel).
// Freed when its thread exits: pool workers end on every set_num_threads, and JS worker_threads come and go.
struct PackBuffer {
  float* data = nullptr;
  size_t cap = 0;
  PackBuffer() = default;
  PackBuffer(const PackBuffer&) = delete;
  PackBuffer& operator=(const PackBuffer&) = delete;
  ~PackBuffer() { tfn::scratch_free(data); }
  float* get(size_t floats) {
    if (floats > cap) {
      if (data != nullptr) tfn::scratch_free(data);
      data = tfn::scratch_alloc(floats);
      cap = floats;
    }
    return data;
  }
};
static thread_local PackBuffer tls_pack_a;
static thread_local PackBuffer tls_pack_b;

// op(A)(i, p) for rows [i0, i0 + mc), cols [p0, p0 + kc) into MR-tall slivers: out[s][p][i], zero-padded.
static void pack_a(const tfn::GemmArgs& g, int64_t i0, int64_t mc, int64_t p0, int64_t kc, float* out) {
  int64_t s_begin = 0;
  if (g.trans_a) {
    // op(A) = A^T: each row of the stored A holds MR-float pieces of every sliver; read it once, in order (as in
    // pack_b below).
    s_begin = mc / MR * MR;
    for (int64_t p = 0; p < kc; ++p) {
      const float* src = g.a + (p0 + p) * g.lda + i0;
      for (int64_t s = 0; s < s_begin; s += MR) std::memcpy(out + s * kc + p * MR, src + s, MR * sizeof(float));
    }
  }
  for (int64_t s = s_begin; s < mc; s += MR) {
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
#ifdef TFN_HAVE_PACK_A_ROWS
      if (rows == MR) {
        pack_a_rows(g.a + (i0 + s) * g.lda + p0, g.lda, kc, dst);
        continue;
      }
#endif
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
  int64_t t_begin = 0;
  if (!g.trans_b) {
    // Whole slivers row by row: each source row is read once, in order, and lands as NR-float pieces in every
    // sliver. Sliver by sliver, the reads stride one row per 64 bytes and ran at about 3.5 GB/s.
    t_begin = nc / NR * NR;
    for (int64_t p = 0; p < kc; ++p) {
      const float* src = g.b + (p0 + p) * g.ldb + j0;
      for (int64_t t = 0; t < t_begin; t += NR) std::memcpy(out + t * kc + p * NR, src + t, NR * sizeof(float));
    }
  }
  for (int64_t t = t_begin; t < nc; t += NR) {
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
    act_inplace(g.act, c, cols);
  }
}

// Thread-local buffer for a packed MC x KC block of A plus an MR x NR edge tile after it.
static float* pack_a_buffer(int64_t mc, int64_t kc) {
  int64_t a_floats = (kc * ((mc + MR - 1) / MR * MR) + 15) / 16 * 16;
  return tls_pack_a.get(static_cast<size_t>(a_floats + MR * NR));
}

// Multiplies the packed block `pa` (rows [i0, i0 + mc) of op(A), from pack_a_buffer) by the packed panel `pb`
// (columns [j0, j0 + nc), depth [p0, p0 + kc)), slivers [jr0, jr1) of the panel only.
static void macro_compute(const tfn::GemmArgs& g, float* pa, const float* pb, int64_t i0, int64_t mc,
                          int64_t j0, int64_t nc, int64_t p0, int64_t kc, int64_t jr0, int64_t jr1) {
  float* tmp = pa + (kc * ((mc + MR - 1) / MR * MR) + 15) / 16 * 16;
  bool acc = g.accumulate || p0 > 0;
  bool fuse = (g.bias != nullptr || g.act != tfn::kActNone) && p0 + kc == g.k;
  for (int64_t jr = jr0; jr < jr1; jr += NR) {
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
      if (fuse) epilogue(g, i0 + ir, rows, j0 + jr, cols);
    }
  }
}

// Multiplies rows [i0, i0 + mc) of op(A) by the packed panel `pb` (columns [j0, j0 + nc), depth [p0, p0 + kc)).
static void macro_block(const tfn::GemmArgs& g, const float* pb, int64_t i0, int64_t mc, int64_t j0, int64_t nc,
                        int64_t p0, int64_t kc, int64_t jr0, int64_t jr1) {
  float* pa = pack_a_buffer(mc, kc);
  pack_a(g, i0, mc, p0, kc, pa);
  macro_compute(g, pa, pb, i0, mc, j0, nc, p0, kc, jr0, jr1);
}

#include "gemm_small.inc.h"

// Depth of each K block: K split into equal blocks of at most KC (784 = 3 x 262 rather than 384 + 384 + 16, whose
// thin last block would cost a full pass over C).
static int64_t kc_step(int64_t k) {
  int64_t blocks = (k + KC - 1) / KC;
  return blocks > 0 ? (k + blocks - 1) / blocks : KC;
}

static int64_t panel_floats(int64_t kc, int64_t nc) { return (kc * ((nc + NR - 1) / NR * NR) + 15) / 16 * 16; }

// Floats needed to hold all of op(B) (k x n) packed, panel by panel, as gemm_blocked reads it.
static int64_t packed_b_floats(int64_t k, int64_t n) {
  int64_t total = 0;
  for (int64_t j0 = 0; j0 < n; j0 += NC_MAX)
    for (int64_t p0 = 0; p0 < k; p0 += kc_step(k)) total += panel_floats(min64(kc_step(k), k - p0), min64(NC_MAX, n - j0));
  return total;
}

// Packs all of op(B) once, for products that reuse one B many times (the recurrent kernel of an RNN).
static void pack_b_all(const tfn::GemmArgs& g, float* out) {
  for (int64_t j0 = 0; j0 < g.n; j0 += NC_MAX) {
    int64_t nc = min64(NC_MAX, g.n - j0);
    for (int64_t p0 = 0; p0 < g.k; p0 += kc_step(g.k)) {
      int64_t kc = min64(kc_step(g.k), g.k - p0);
      pack_b(g, p0, kc, j0, nc, out);
      out += panel_floats(kc, nc);
    }
  }
}

// The packed path; `prepacked` (from pack_b_all for the same op(B)) skips packing B.
static void gemm_blocked(const tfn::GemmArgs& g, const float* prepacked) {
  // Goto loop order: for each KC x NC panel of op(B), pack it once (in parallel), then let the threads take
  // (MC block of rows, slice of the panel's columns) tasks; each packs its own A block.
  int64_t threads = tfn::num_threads();
  double flops = 2.0 * static_cast<double>(g.m) * static_cast<double>(g.n) * static_cast<double>(g.k);
  bool serial = flops < 4e5 || threads == 1;
  // Row blocks of at most MC rows, as many as a multiple of the thread count and evenly sized, so no thread
  // gets a short last block while the others wait.
  int64_t mc = MC;
  int64_t slivers_all = (min64(NC_MAX, g.n) + NR - 1) / NR;
  if (!serial && g.m <= MC && slivers_all >= 2 * threads) {
    // Few rows (a recurrent step's batch) and enough columns: one row block, the columns shared out evenly below.
    // Splitting 32 rows into MR-aligned blocks gave the threads 24 and 8 rows.
    mc = g.m;
  } else if (!serial) {
    int64_t blocks = (g.m + MC - 1) / MC;
    blocks = (blocks + threads - 1) / threads * threads;
    mc = min64(MC, max64(MR, ((g.m + blocks - 1) / blocks + MR - 1) / MR * MR));
  }
  int64_t m_blocks = (g.m + mc - 1) / mc;
  int64_t nc_max = min64(NC_MAX, (g.n + NR - 1) / NR * NR);
  int64_t kstep = kc_step(g.k);
  int64_t kc_max = min64(kstep, g.k);
  float* pb = prepacked != nullptr ? nullptr : tls_pack_b.get(static_cast<size_t>(kc_max * nc_max + 16));
  const float* panel = pb;
  int64_t offset = 0;
  for (int64_t j0 = 0; j0 < g.n; j0 += NC_MAX) {
    int64_t nc = min64(NC_MAX, g.n - j0);
    int64_t slivers = (nc + NR - 1) / NR;
    // Split the columns too when there are fewer row blocks than threads.
    int64_t n_split = serial ? 1 : min64(slivers, max64(1, (threads + m_blocks - 1) / m_blocks));
    for (int64_t p0 = 0; p0 < g.k; p0 += kstep) {
      int64_t kc = min64(kstep, g.k - p0);
      if (prepacked != nullptr) {
        panel = prepacked + offset;
        offset += panel_floats(kc, nc);
      } else {
        pfor(slivers, serial ? slivers : max64(1, slivers / threads), [&](int64_t s0, int64_t s1) {
          int64_t c0 = s0 * NR, c1 = min64(nc, s1 * NR);
          pack_b(g, p0, kc, j0 + c0, c1 - c0, pb + c0 * kc);
        });
      }
      pfor(m_blocks * n_split, serial ? m_blocks * n_split : 1, [&](int64_t t0, int64_t t1) {
        for (int64_t t = t0; t < t1; ++t) {
          int64_t ib = t / n_split, js = t % n_split;
          int64_t i0 = ib * mc;
          int64_t jr0 = slivers * js / n_split * NR, jr1 = min64(nc, slivers * (js + 1) / n_split * NR);
          macro_block(g, panel, i0, min64(mc, g.m - i0), j0, nc, p0, kc, jr0, jr1);
        }
      });
    }
  }
}

// Large products on several threads: all of op(B) is packed up front in one parallel pass, then one parallel
// pass runs (column panel, row block, column slice) tasks that each cover the whole depth, so a GEMM costs two
// fork/joins instead of two per KC x NC panel and each thread streams the shared packed B read-only.
static const int64_t kFlatMaxPacked = int64_t{1} << 22;  // floats of packed B (16 MiB) beyond which to panel
static thread_local PackBuffer tls_pack_b_all;
static const int64_t kFlatMaxDeepA = int64_t{1} << 20;  // floats of one row block's A packed for every depth block
static const int64_t kFlatStrip = 4;                       // NR-wide slivers per column strip

static void gemm_flat(const tfn::GemmArgs& g, int64_t threads) {
  int64_t kstep = kc_step(g.k), k_blocks = (g.k + kstep - 1) / kstep;
  int64_t j_panels = (g.n + NC_MAX - 1) / NC_MAX;
  float* pb = tls_pack_b_all.get(static_cast<size_t>(packed_b_floats(g.k, g.n)));
  // Offset of panel (jp, kb) in pb, in pack_b_all's order (column panels outer, depth blocks inner).
  auto panel_at = [&](int64_t jp, int64_t kb) {
    int64_t off = 0;
    for (int64_t j = 0; j < jp; ++j)
      for (int64_t b = 0; b < k_blocks; ++b)
        off += panel_floats(min64(kstep, g.k - b * kstep), min64(NC_MAX, g.n - j * NC_MAX));
    for (int64_t b = 0; b < kb; ++b) off += panel_floats(min64(kstep, g.k - b * kstep), min64(NC_MAX, g.n - jp * NC_MAX));
    return pb + off;
  };
  int64_t slivers_total = (g.n + NR - 1) / NR;
  pfor(slivers_total, max64(1, slivers_total / (4 * threads)), [&](int64_t s0, int64_t s1) {
    // Each run of slivers within one column panel is packed by one pack_b call per depth block, so that pack_b
    // can read whole rows of B.
    for (int64_t s = s0; s < s1;) {
      int64_t col = s * NR, jp = col / NC_MAX, c0 = col - jp * NC_MAX;
      int64_t s_end = min64(s1, (jp + 1) * NC_MAX / NR);
      int64_t cols = min64(s_end * NR, g.n) - col;
      for (int64_t kb = 0; kb < k_blocks; ++kb) {
        int64_t p0 = kb * kstep, kc = min64(kstep, g.k - p0);
        pack_b(g, p0, kc, col, cols, panel_at(jp, kb) + c0 * kc);
      }
      s = s_end;
    }
  });
  int64_t blocks = (g.m + MC - 1) / MC;
  blocks = (blocks + threads - 1) / threads * threads;
  int64_t mc = min64(MC, max64(MR, ((g.m + blocks - 1) / blocks + MR - 1) / MR * MR));
  int64_t m_blocks = (g.m + mc - 1) / mc;
  if (j_panels == 1 && g.m <= MC && m_blocks > 1) {
    // Few rows: MR-row blocks can leave the threads uneven (64 rows are 11 slivers: 6 + 5), while splitting the
    // columns gives each thread every row to pack, about 8 / n of its compute in extra packing. Take the better.
    int64_t rs = (g.m + MR - 1) / MR, cs = (g.n + NR - 1) / NR;
    double row_share = static_cast<double>(rs) / static_cast<double>((rs + threads - 1) / threads * threads);
    double col_share = static_cast<double>(cs) / static_cast<double>((cs + threads - 1) / threads * threads);
    if (col_share - 8.0 / static_cast<double>(g.n) > row_share) {
      mc = g.m;
      m_blocks = 1;
    }
  }
  int64_t tiles = j_panels * m_blocks;
  int64_t n_split = tiles >= threads ? 1 : (threads + tiles - 1) / tiles;
  pfor(tiles * n_split, 1, [&](int64_t t0, int64_t t1) {
    for (int64_t t = t0; t < t1; ++t) {
      int64_t tile = t / n_split, js = t % n_split;
      int64_t jp = tile / m_blocks, ib = tile % m_blocks;
      int64_t j0 = jp * NC_MAX, nc = min64(NC_MAX, g.n - j0), slivers = (nc + NR - 1) / NR;
      int64_t jr0 = slivers * js / n_split * NR, jr1 = min64(nc, slivers * (js + 1) / n_split * NR);
      if (jr0 >= jr1) continue;
      int64_t i0 = ib * mc, rows = min64(mc, g.m - i0);
      if (k_blocks == 1 || rows * g.k > kFlatMaxDeepA) {
        for (int64_t kb = 0; kb < k_blocks; ++kb) {
          int64_t p0 = kb * kstep, kc = min64(kstep, g.k - p0);
          float* pa = pack_a_buffer(rows, kc);
          pack_a(g, i0, rows, p0, kc, pa);
          macro_compute(g, pa, panel_at(jp, kb), i0, rows, j0, nc, p0, kc, jr0, jr1);
        }
        continue;
      }
      // Several depth blocks: pack this row block's A for every depth block first, then finish narrow column
      // strips over the whole depth, so each strip of C stays in cache across the depth blocks instead of
      // making one pass over the task's whole C per block.
      int64_t a_stride = (kstep * ((rows + MR - 1) / MR * MR) + 15) / 16 * 16 + MR * NR;
      float* pa_all = tls_pack_a.get(static_cast<size_t>(a_stride * k_blocks));
      for (int64_t kb = 0; kb < k_blocks; ++kb) {
        int64_t p0 = kb * kstep, kc = min64(kstep, g.k - p0);
        pack_a(g, i0, rows, p0, kc, pa_all + kb * a_stride);
      }
      for (int64_t jc = jr0; jc < jr1; jc += kFlatStrip * NR) {
        int64_t jc1 = min64(jr1, jc + kFlatStrip * NR);
        for (int64_t kb = 0; kb < k_blocks; ++kb) {
          int64_t p0 = kb * kstep, kc = min64(kstep, g.k - p0);
          macro_compute(g, pa_all + kb * a_stride, panel_at(jp, kb), i0, rows, j0, nc, p0, kc, jc, jc1);
        }
      }
    }
  });
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
  if (g.n > 4 && g.n < NR && g.n <= 2 * VW) return gemm_narrow_n(g);
  int64_t threads = tfn::num_threads();
  double flops = 2.0 * static_cast<double>(g.m) * static_cast<double>(g.n) * static_cast<double>(g.k);
  if (threads > 1 && flops >= 4e6 && packed_b_floats(g.k, g.n) <= kFlatMaxPacked) return gemm_flat(g, threads);
  gemm_blocked(g, nullptr);
}
