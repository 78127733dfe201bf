// AVX-512 kernels (compiled with -mavx512f -mavx512dq -mavx512bw -mavx512vl -mfma; used only when cpuid says so).
#include <immintrin.h>

#include <cmath>
#include <cstdint>
#include <cstring>

#include "common.h"

#define TFN_ISA avx512

namespace tfn {
namespace {

static const int64_t MR = 12;
static const int64_t NR = 32;

// 12 x 32 tile: 24 zmm accumulators, two zmm of B per k step, A broadcast from memory (embedded broadcast).
// The depth loop is unrolled by 4, C is prefetched before it and added after it, and row-major A is packed by the
// vector transpose of pack_rows.inc.h: the changes that took the AVX2 kernel from 0.72-0.79x to 0.98x of
// OpenBLAS on Zen 3. Their effect here has not been measured: no AVX-512 machine was at hand (docs/NATIVE.md).
static inline void micro_kernel(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, bool acc) {
  __m512 c0[MR], c1[MR];
#pragma GCC unroll 12
  for (int i = 0; i < MR; ++i) {
    _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc + NR - 1), _MM_HINT_T0);
    c0[i] = _mm512_setzero_ps();
    c1[i] = _mm512_setzero_ps();
  }
#pragma GCC unroll 4
  for (int64_t p = 0; p < kc; ++p) {
    __m512 b0 = _mm512_load_ps(b + p * NR);
    __m512 b1 = _mm512_load_ps(b + p * NR + 16);
#pragma GCC unroll 12
    for (int i = 0; i < MR; ++i) {
      __m512 ai = _mm512_set1_ps(a[p * MR + i]);
      c0[i] = _mm512_fmadd_ps(ai, b0, c0[i]);
      c1[i] = _mm512_fmadd_ps(ai, b1, c1[i]);
    }
  }
#pragma GCC unroll 12
  for (int i = 0; i < MR; ++i) {
    if (acc) {
      c0[i] = _mm512_add_ps(c0[i], _mm512_loadu_ps(c + i * ldc));
      c1[i] = _mm512_add_ps(c1[i], _mm512_loadu_ps(c + i * ldc + 16));
    }
    _mm512_storeu_ps(c + i * ldc, c0[i]);
    _mm512_storeu_ps(c + i * ldc + 16, c1[i]);
  }
}

// Packs MR = 12 full rows of a row-major A (depth kc) into one sliver: rows 0-5 and 6-11 as two six-row halves.
#define TFN_HAVE_PACK_A_ROWS 1
#include "pack_rows.inc.h"
static void pack_a_rows(const float* src, int64_t lda, int64_t kc, float* dst) {
  pack_six_rows(src, lda, kc, dst, MR);
  pack_six_rows(src + 6 * lda, lda, kc, dst + 6, MR);
}

#include "kernels.inc.h"
