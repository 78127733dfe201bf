// Portable baseline kernels (x86-64 SSE2 only, or any architecture): plain C++ that the compiler vectorises.
#include <cmath>
#include <cstdint>
#include <cstring>

#include "common.h"

#define TFN_ISA base

namespace tfn {
namespace {

static const int64_t MR = 4;
static const int64_t NR = 8;

static inline void micro_kernel(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, bool acc) {
  float t[MR][NR];
  for (int i = 0; i < MR; ++i)
    for (int j = 0; j < NR; ++j) t[i][j] = acc ? c[i * ldc + j] : 0.0f;
  for (int64_t p = 0; p < kc; ++p)
    for (int i = 0; i < MR; ++i) {
      float ai = a[p * MR + i];
      for (int j = 0; j < NR; ++j) t[i][j] += ai * b[p * NR + j];
    }
  for (int i = 0; i < MR; ++i)
    for (int j = 0; j < NR; ++j) c[i * ldc + j] = t[i][j];
}

#include "kernels.inc.h"
