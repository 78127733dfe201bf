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
static inline void micro_kernel(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, bool acc) {
  __m512 c0[MR], c1[MR];
#pragma GCC unroll 12
  for (int i = 0; i < MR; ++i) {
    c0[i] = acc ? _mm512_loadu_ps(c + i * ldc) : _mm512_setzero_ps();
    c1[i] = acc ? _mm512_loadu_ps(c + i * ldc + 16) : _mm512_setzero_ps();
  }
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
    _mm512_storeu_ps(c + i * ldc, c0[i]);
    _mm512_storeu_ps(c + i * ldc + 16, c1[i]);
  }
}

#include "kernels.inc.h"
