// Measures the error of the approximations in native/src/math.inc.h against double-precision libm, sweeping
// every `stride`-th float of each range. Build and run (numbers go into math.inc.h and docs/NATIVE.md):
//   g++ -O2 -std=c++17 -mavx2 -mfma -I../src approx_error.cc -o /tmp/approx_error && /tmp/approx_error 1
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "common.h"

namespace {
#include "math.inc.h"

float from_bits(uint32_t u) { float f; std::memcpy(&f, &u, 4); return f; }
uint32_t to_bits(float f) { uint32_t u; std::memcpy(&u, &f, 4); return u; }

// Sweeps floats in [lo, hi] (one sign), reports max relative error, max ulp error and max absolute error, and
// returns 1 when the relative or absolute maximum exceeds the bound documented in math.inc.h (0 = no bound).
template <class F, class R>
int sweep(const char* name, float lo, float hi, unsigned stride, F approx, R ref, double rel_bound, double abs_bound) {
  double max_rel = 0, max_abs = 0, max_ulp = 0;
  float at_rel = 0, at_abs = 0;
  // Walk magnitudes by bit pattern (monotonic for floats of one sign); the range is all >= 0 or all <= 0.
  bool negative = hi <= 0;
  uint32_t ua = to_bits(negative ? std::fabs(hi) : lo), ub = to_bits(negative ? std::fabs(lo) : hi);
  for (uint64_t u = ua; u <= ub; u += stride) {
    float x = from_bits(static_cast<uint32_t>(u));
    if (negative) x = -x;
    double want = ref(static_cast<double>(x));
    float got = approx(x);
    double abs_err = std::fabs(static_cast<double>(got) - want);
    double rel = want != 0 ? abs_err / std::fabs(want) : abs_err;
    if (std::isfinite(want) && std::fabs(want) >= 1.17549435e-38) {
      double ulp = abs_err / std::ldexp(1.0, std::ilogb(static_cast<float>(want)) - 23);
      if (rel > max_rel) { max_rel = rel; at_rel = x; }
      if (ulp > max_ulp) max_ulp = ulp;
    }
    if (abs_err > max_abs) { max_abs = abs_err; at_abs = x; }
  }
  bool bad = (rel_bound > 0 && max_rel > rel_bound) || (abs_bound > 0 && max_abs > abs_bound);
  std::printf("%-8s [%g, %g]: max rel %.3g (%.2f ulp) at %g; max abs %.3g at %g%s\n", name, lo, hi, max_rel, max_ulp, at_rel,
              max_abs, at_abs, bad ? "  FAIL: above the documented bound" : "");
  return bad ? 1 : 0;
}
}  // namespace

int main(int argc, char** argv) {
  unsigned stride = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 1;
  // The bounds are the ones math.inc.h and docs/NATIVE.md state; a change that loosens them fails here.
  auto e = [](double x) { return std::exp(x); };
  auto t = [](double x) { return std::tanh(x); };
  auto s = [](double x) { return 1.0 / (1.0 + std::exp(-x)); };
  int bad = 0;
  bad += sweep("exp", -87.33f, 0.0f, stride, exp_f, e, 8.4e-8, 0);
  bad += sweep("exp", 0.0f, 88.72f, stride, exp_f, e, 8.4e-8, 0);
  bad += sweep("exp-sub", -104.0f, -87.34f, stride, exp_f, e, 0, 1.1e-45);
  bad += sweep("tanh", 0.0f, 10.0f, stride, tanh_f, t, 1.5e-7, 9e-8);
  bad += sweep("tanh", -10.0f, 0.0f, stride, tanh_f, t, 1.5e-7, 9e-8);
  bad += sweep("sigmoid", -100.0f, 0.0f, stride, sigmoid_f, s, 1.5e-7, 9e-8);
  bad += sweep("sigmoid", 0.0f, 100.0f, stride, sigmoid_f, s, 1.5e-7, 9e-8);
  return bad != 0;
}
