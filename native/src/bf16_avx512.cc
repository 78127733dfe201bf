// bf16 GEMM on AVX512_BF16 (compiled with -mavx512f -mavx512bf16 ...; used only when cpuid reports AVX512_BF16).
// vdpbf16ps multiplies pairs of bf16 values and adds both products to a float32 lane: lane j of the result gains
// a[2j] * b[2j] + a[2j+1] * b[2j+1]. So the depth is consumed two steps at a time: op(B) is packed into slivers
// of NR = 32 columns where each 32-bit element holds the pair (B[2p][j], B[2p+1][j]), and op(A) into slivers of
// MR = 12 rows holding (A[i][2p], A[i][2p+1]), broadcast as one 32-bit value. An odd depth is padded with a zero.
// The 12 x 32 tile keeps 24 zmm accumulators, like the float32 AVX-512 kernel, but each instruction does two
// depth steps.
#include <immintrin.h>

#include <cstring>

#include "bf16.h"

namespace tfn {
namespace {

constexpr int64_t MR = 12, NR = 32, MC = 96;

// No std:: templates in this unit: an instantiation compiled with AVX-512 could be merged into other units (common.h).
inline int64_t mn(int64_t a, int64_t b) { return a < b ? a : b; }

inline uint32_t pair(uint16_t lo, uint16_t hi) { return static_cast<uint32_t>(lo) | (static_cast<uint32_t>(hi) << 16); }

inline uint16_t at(const uint16_t* p, int64_t ld, bool trans, int64_t r, int64_t c) { return trans ? p[c * ld + r] : p[r * ld + c]; }

// tile[MR x NR] = sum over kp pairs; a: kp x MR pairs, b: kp x NR pairs.
void micro(int64_t kp, const uint32_t* a, const uint32_t* b, float* c, int64_t ldc, bool acc) {
  __m512 c0[MR], c1[MR];
  for (int i = 0; i < MR; ++i) {
    c0[i] = _mm512_setzero_ps();
    c1[i] = _mm512_setzero_ps();
  }
  for (int64_t p = 0; p < kp; ++p) {
    __m512bh b0 = reinterpret_cast<__m512bh>(_mm512_load_si512(b + p * NR));
    __m512bh b1 = reinterpret_cast<__m512bh>(_mm512_load_si512(b + p * NR + 16));
#pragma GCC unroll 12
    for (int i = 0; i < MR; ++i) {
      __m512bh ai = reinterpret_cast<__m512bh>(_mm512_set1_epi32(static_cast<int>(a[p * MR + i])));
      c0[i] = _mm512_dpbf16_ps(c0[i], ai, b0);
      c1[i] = _mm512_dpbf16_ps(c1[i], ai, b1);
    }
  }
  for (int i = 0; i < MR; ++i) {
    if (acc) {
      c0[i] = _mm512_add_ps(c0[i], _mm512_loadu_ps(c + i * ldc));
      c1[i] = _mm512_add_ps(c1[i], _mm512_loadu_ps(c + i * ldc + 16));
    }
    _mm512_storeu_ps(c + i * ldc, c0[i]);
    _mm512_storeu_ps(c + i * ldc + 16, c1[i]);
  }
}

struct Job {
  const Bf16GemmArgs* g;
  int64_t kp, n_slivers, m_blocks;
  const uint32_t* bp;  // n_slivers x kp x NR
};

void pack_b(void* ctx, int64_t s0, int64_t s1) {
  const Job& j = *static_cast<const Job*>(ctx);
  const Bf16GemmArgs& g = *j.g;
  uint32_t* bp = const_cast<uint32_t*>(j.bp);
  for (int64_t s = s0; s < s1; ++s) {
    uint32_t* dst = bp + s * j.kp * NR;
    for (int64_t p = 0; p < j.kp; ++p)
      for (int64_t c = 0; c < NR; ++c) {
        int64_t col = s * NR + c;
        uint16_t lo = 0, hi = 0;
        if (col < g.n) {
          lo = at(g.b, g.ldb, g.trans_b, 2 * p, col);
          if (2 * p + 1 < g.k) hi = at(g.b, g.ldb, g.trans_b, 2 * p + 1, col);
        }
        dst[p * NR + c] = pair(lo, hi);
      }
  }
}

void run_rows(void* ctx, int64_t blk0, int64_t blk1) {
  const Job& j = *static_cast<const Job*>(ctx);
  const Bf16GemmArgs& g = *j.g;
  alignas(64) float tile[MR * NR];
  for (int64_t blk = blk0; blk < blk1; ++blk) {
    int64_t r0 = blk * MC, rows = mn(MC, g.m - r0);
    int64_t slivers = (rows + MR - 1) / MR;
    size_t ap_n = static_cast<size_t>(slivers * j.kp * MR);
    uint32_t* ap = static_cast<uint32_t*>(static_cast<void*>(scratch_alloc(ap_n)));
    std::memset(ap, 0, ap_n * sizeof(uint32_t));
    for (int64_t s = 0; s < slivers; ++s)
      for (int64_t p = 0; p < j.kp; ++p)
        for (int64_t i = 0; i < MR; ++i) {
          int64_t r = r0 + s * MR + i;
          if (r >= g.m) continue;
          uint16_t lo = at(g.a, g.lda, g.trans_a, r, 2 * p);
          uint16_t hi = 2 * p + 1 < g.k ? at(g.a, g.lda, g.trans_a, r, 2 * p + 1) : 0;
          ap[(s * j.kp + p) * MR + i] = pair(lo, hi);
        }
    for (int64_t s = 0; s < slivers; ++s) {
      int64_t rr = mn(MR, g.m - (r0 + s * MR));
      for (int64_t ns = 0; ns < j.n_slivers; ++ns) {
        int64_t cc = mn(NR, g.n - ns * NR);
        float* c = g.c + (r0 + s * MR) * g.ldc + ns * NR;
        const uint32_t* a = ap + s * j.kp * MR;
        const uint32_t* b = j.bp + ns * j.kp * NR;
        if (rr == MR && cc == NR) {
          micro(j.kp, a, b, c, g.ldc, g.accumulate);
        } else {
          micro(j.kp, a, b, tile, NR, false);
          for (int64_t i = 0; i < rr; ++i)
            for (int64_t jj = 0; jj < cc; ++jj) c[i * g.ldc + jj] = (g.accumulate ? c[i * g.ldc + jj] : 0.0f) + tile[i * NR + jj];
        }
      }
    }
    scratch_free(static_cast<float*>(static_cast<void*>(ap)));
  }
}

void gemm(const Bf16GemmArgs& g) {
  if (g.m == 0 || g.n == 0) return;
  if (g.k == 0) {
    if (!g.accumulate)
      for (int64_t i = 0; i < g.m; ++i) std::memset(g.c + i * g.ldc, 0, static_cast<size_t>(g.n) * sizeof(float));
    return;
  }
  Job j{};
  j.g = &g;
  j.kp = (g.k + 1) / 2;
  j.n_slivers = (g.n + NR - 1) / NR;
  j.m_blocks = (g.m + MC - 1) / MC;
  uint32_t* bp = static_cast<uint32_t*>(static_cast<void*>(scratch_alloc(static_cast<size_t>(j.n_slivers * j.kp * NR))));
  j.bp = bp;
  parallel_for(j.n_slivers, 1, pack_b, &j);
  parallel_for(j.m_blocks, 1, run_rows, &j);
  scratch_free(static_cast<float*>(static_cast<void*>(bp)));
}

}  // namespace

const Bf16Kernels* bf16_kernels_avx512bf16() {
  static const Bf16Kernels table = {"avx512bf16", &gemm};
  return &table;
}

}  // namespace tfn
