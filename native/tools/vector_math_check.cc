// Checks that the vectorised loops over exp_f, tanh_f and sigmoid_f (math.inc.h) return the same bits as the
// scalar code, for every 13th float32 bit pattern (NaN, Inf and subnormals included). The ISA units rely on
// -fno-trapping-math to vectorise these loops. From the repository root:
//   g++ -O3 -std=c++17 -fno-math-errno -fno-trapping-math -mavx2 -mfma -Inative/src native/tools/vector_math_check.cc \
//     -o /tmp/vector_math_check && /tmp/vector_math_check
#include <cmath>
#include <cstdint>
#include <cstring>
#include <cstdio>
#include <vector>
#include "common.h"
namespace tfn { namespace {
#include "math.inc.h"
}
__attribute__((noinline)) void vexp(const float* x, float* o, int64_t n) { for (int64_t i = 0; i < n; ++i) o[i] = exp_f(x[i]); }
__attribute__((noinline)) void vtanh(const float* x, float* o, int64_t n) { for (int64_t i = 0; i < n; ++i) o[i] = tanh_f(x[i]); }
__attribute__((noinline)) void vsig(const float* x, float* o, int64_t n) { for (int64_t i = 0; i < n; ++i) o[i] = sigmoid_f(x[i]); }
__attribute__((noinline, optimize("no-tree-vectorize"))) void sexp(const float* x, float* o, int64_t n) { for (int64_t i = 0; i < n; ++i) o[i] = exp_f(x[i]); }
__attribute__((noinline, optimize("no-tree-vectorize"))) void stanh(const float* x, float* o, int64_t n) { for (int64_t i = 0; i < n; ++i) o[i] = tanh_f(x[i]); }
__attribute__((noinline, optimize("no-tree-vectorize"))) void ssig(const float* x, float* o, int64_t n) { for (int64_t i = 0; i < n; ++i) o[i] = sigmoid_f(x[i]); }
}
// Compares a vector and a scalar run over one block of inputs; returns how many results differ in bits (two NaNs
// of any payload count as equal).
template <class V, class S>
long compare_block(V vec, S scalar, const std::vector<float>& x, std::vector<float>& a, std::vector<float>& s) {
  vec(x.data(), a.data(), x.size());
  scalar(x.data(), s.data(), x.size());
  long diff = 0;
  for (size_t i = 0; i < x.size(); ++i) if (memcmp(&a[i], &s[i], 4) && !(std::isnan(a[i]) && std::isnan(s[i]))) ++diff;
  return diff;
}

int main() {
  // Blocks of 2^20 inputs keep the memory at 12 MiB (the whole sweep at once would take 4 GiB).
  const uint64_t block = 1 << 20, step = 13;
  std::vector<float> x, a(block), s(block);
  long dexp = 0, dtanh = 0, dsig = 0, total = 0;
  for (uint64_t b0 = 0; b0 < (1ull << 32); b0 += block * step) {
    x.clear();
    for (uint64_t b = b0; b < b0 + block * step && b < (1ull << 32); b += step) {
      uint32_t u = static_cast<uint32_t>(b);
      float f;
      memcpy(&f, &u, 4);
      x.push_back(f);
    }
    a.resize(x.size());
    s.resize(x.size());
    total += static_cast<long>(x.size());
    dexp += compare_block(tfn::vexp, tfn::sexp, x, a, s);
    dtanh += compare_block(tfn::vtanh, tfn::stanh, x, a, s);
    dsig += compare_block(tfn::vsig, tfn::ssig, x, a, s);
  }
  printf("exp: %ld of %ld differ\ntanh: %ld differ\nsigmoid: %ld differ\n", dexp, total, dtanh, dsig);
  return dexp + dtanh + dsig != 0;
}
