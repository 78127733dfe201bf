// AVX2 + FMA kernels (compiled with -mavx2 -mfma; used only when cpuid says so).
#include <immintrin.h>

#include <cmath>
#include <cstdint>
#include <cstring>

#include "common.h"

#define TFN_ISA avx2

namespace tfn {
namespace {

static const int64_t MR = 6;
static const int64_t NR = 16;

// 6 x 16 tile: 12 ymm accumulators, two ymm of B per k step, one broadcast of A. The depth loop is unrolled by 4
// and C is prefetched before it, so that the tile's loads at the end do not stall on a cold line (with the vector
// A packing below, Zen 3 runs 1024^3 on one thread at 0.98x of OpenBLAS's speed, up from 0.72-0.79x).
static inline void micro_kernel(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, bool acc) {
  __m256 c0[MR], c1[MR];
#pragma GCC unroll 6
  for (int i = 0; i < MR; ++i) {
    _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc + NR - 1), _MM_HINT_T0);
    c0[i] = _mm256_setzero_ps();
    c1[i] = _mm256_setzero_ps();
  }
#pragma GCC unroll 4
  for (int64_t p = 0; p < kc; ++p) {
    __m256 b0 = _mm256_load_ps(b + p * NR);
    __m256 b1 = _mm256_load_ps(b + p * NR + 8);
#pragma GCC unroll 6
    for (int i = 0; i < MR; ++i) {
      __m256 ai = _mm256_broadcast_ss(a + p * MR + i);
      c0[i] = _mm256_fmadd_ps(ai, b0, c0[i]);
      c1[i] = _mm256_fmadd_ps(ai, b1, c1[i]);
    }
  }
#pragma GCC unroll 6
  for (int i = 0; i < MR; ++i) {
    if (acc) {
      c0[i] = _mm256_add_ps(c0[i], _mm256_loadu_ps(c + i * ldc));
      c1[i] = _mm256_add_ps(c1[i], _mm256_loadu_ps(c + i * ldc + 8));
    }
    _mm256_storeu_ps(c + i * ldc, c0[i]);
    _mm256_storeu_ps(c + i * ldc + 8, c1[i]);
  }
}

// Packs 6 full rows of a row-major A (depth kc) into one MR-tall sliver, dst[p * 6 + i] = rows[i][p]: eight depth
// steps at a time as an 8 x 8 transpose (rows 6 and 7 zero) whose first six lanes are stored. The scalar loop took
// about 1 cycle per element, 13% of a 256x784x128 product on one thread.
#define TFN_HAVE_PACK_A_ROWS 1
static void pack_a_rows(const float* src, int64_t lda, int64_t kc, float* dst) {
  int64_t p = 0;
  const __m256 zero = _mm256_setzero_ps();
  for (; p + 8 <= kc; p += 8) {
    __m256 r0 = _mm256_loadu_ps(src + p), r1 = _mm256_loadu_ps(src + lda + p);
    __m256 r2 = _mm256_loadu_ps(src + 2 * lda + p), r3 = _mm256_loadu_ps(src + 3 * lda + p);
    __m256 r4 = _mm256_loadu_ps(src + 4 * lda + p), r5 = _mm256_loadu_ps(src + 5 * lda + p);
    // Standard 8 x 8 transpose: interleave pairs, then quadruples, then 128-bit halves.
    __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
    __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
    __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
    __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    __m256 u4 = _mm256_shuffle_ps(t4, zero, 0x44), u5 = _mm256_shuffle_ps(t4, zero, 0xEE);
    __m256 u6 = _mm256_shuffle_ps(t5, zero, 0x44), u7 = _mm256_shuffle_ps(t5, zero, 0xEE);
    // Column q of the block: low 4 lanes from u(q%4) (rows 0-3), next 2 from u(4 + q%4) (rows 4-5).
    __m256 col[8] = {
        _mm256_permute2f128_ps(u0, u4, 0x20), _mm256_permute2f128_ps(u1, u5, 0x20),
        _mm256_permute2f128_ps(u2, u6, 0x20), _mm256_permute2f128_ps(u3, u7, 0x20),
        _mm256_permute2f128_ps(u0, u4, 0x31), _mm256_permute2f128_ps(u1, u5, 0x31),
        _mm256_permute2f128_ps(u2, u6, 0x31), _mm256_permute2f128_ps(u3, u7, 0x31),
    };
    float* d = dst + p * MR;
    // Each column is 6 floats: store 4 + 2 lanes (an 8-lane store would run past the sliver on the last block).
    for (int q = 0; q < 8; ++q) {
      __m128 lo = _mm256_castps256_ps128(col[q]);
      __m128 hi = _mm256_extractf128_ps(col[q], 1);
      _mm_storeu_ps(d + q * MR, lo);
      _mm_storel_pi(reinterpret_cast<__m64*>(d + q * MR + 4), hi);
    }
  }
  for (; p < kc; ++p)
    for (int64_t i = 0; i < MR; ++i) dst[p * MR + i] = src[i * lda + p];
}

#include "kernels.inc.h"
