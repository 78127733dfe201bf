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
int main() {
  std::vector<float> x;
  for (uint64_t b = 0; b < (1ull << 32); b += 13) { uint32_t u = (uint32_t)b; float f; memcpy(&f, &u, 4); x.push_back(f); }
  std::vector<float> a(x.size()), s(x.size());
  long diff = 0, total = 0;
  tfn::vexp(x.data(), a.data(), x.size()); tfn::sexp(x.data(), s.data(), x.size());
  for (size_t i = 0; i < x.size(); ++i) if (memcmp(&a[i], &s[i], 4) && !(std::isnan(a[i]) && std::isnan(s[i]))) ++diff;
  printf("exp: %ld of %zu differ\n", diff, x.size()); total += diff; diff = 0;
  tfn::vtanh(x.data(), a.data(), x.size()); tfn::stanh(x.data(), s.data(), x.size());
  for (size_t i = 0; i < x.size(); ++i) if (memcmp(&a[i], &s[i], 4) && !(std::isnan(a[i]) && std::isnan(s[i]))) ++diff;
  printf("tanh: %ld differ\n", diff); total += diff; diff = 0;
  tfn::vsig(x.data(), a.data(), x.size()); tfn::ssig(x.data(), s.data(), x.size());
  for (size_t i = 0; i < x.size(); ++i) if (memcmp(&a[i], &s[i], 4) && !(std::isnan(a[i]) && std::isnan(s[i]))) ++diff;
  printf("sigmoid: %ld differ\n", diff);
  return total + diff != 0;
}
