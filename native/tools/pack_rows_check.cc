// Checks pack_rows.inc.h against scalar packing for both sliver heights that use it: 6 rows (AVX2 unit) and 12
// rows as two six-row halves (AVX-512 unit). The helper uses AVX2 instructions only, so this runs on any AVX2
// machine, including ones that cannot run the AVX-512 unit itself. From the repository root:
//   g++ -O2 -std=c++17 -mavx2 -mfma -Inative/src native/tools/pack_rows_check.cc -o /tmp/pack_rows_check && /tmp/pack_rows_check
#include <immintrin.h>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>
namespace tfn { namespace {
#include "pack_rows.inc.h"
} }
int main() {
  int bad = 0;
  for (int64_t kc : {1, 5, 7, 8, 9, 15, 16, 17, 100, 342, 384}) for (int64_t extra : {0, 3, 17}) {
    int64_t lda = kc + extra;
    std::vector<float> a(12 * lda); for (auto& x : a) x = rand() / (float)RAND_MAX;
    std::vector<float> got(12 * kc + 32, -7.f), want(12 * kc + 32, -7.f);
    tfn::pack_six_rows(a.data(), lda, kc, got.data(), 12);
    tfn::pack_six_rows(a.data() + 6 * lda, lda, kc, got.data() + 6, 12);
    for (int64_t p = 0; p < kc; ++p) for (int i = 0; i < 12; ++i) want[p * 12 + i] = a[i * lda + p];
    for (size_t j = 0; j < got.size(); ++j) if (got[j] != want[j]) { ++bad; if (bad < 5) printf("kc %ld lda %ld idx %zu got %f want %f\n", (long)kc, (long)lda, j, got[j], want[j]); }
    std::vector<float> g6(6 * kc + 32, -7.f), w6(6 * kc + 32, -7.f);
    tfn::pack_six_rows(a.data(), lda, kc, g6.data(), 6);
    for (int64_t p = 0; p < kc; ++p) for (int i = 0; i < 6; ++i) w6[p * 6 + i] = a[i * lda + p];
    for (size_t j = 0; j < g6.size(); ++j) if (g6[j] != w6[j]) ++bad;
  }
  printf(bad ? "FAIL %d\n" : "ok: stride 12 (two halves) and stride 6 match the scalar packing, guard floats untouched\n", bad);
  return bad != 0;
}
