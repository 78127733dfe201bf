// Times the addon's SGEMM against OpenBLAS in one process, alternating calls so both see the same machine load
// (on a shared 2-core VM, separate runs differ by 20-40%), and reports the best time of each. Needs Debian's
// libopenblas0-pthread. Build from the repository root and run with a thread count (default 1):
//   S=native/src; for f in isa_avx512 isa_avx2 isa_base; do fl=""; \
//     [ $f = isa_avx512 ] && fl="-mavx512f -mavx512dq -mavx512bw -mavx512vl -mavx2 -mfma"; \
//     [ $f = isa_avx2 ] && fl="-mavx2 -mfma"; g++ -O3 -std=c++17 -fno-math-errno -fno-trapping-math $fl -I$S -c $S/$f.cc -o /tmp/$f.o; done
//   g++ -O3 -std=c++17 -I$S native/tools/gemm_vs_openblas.cc $S/thread_pool.cc $S/cpu.cc /tmp/isa_*.o \
//     /usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0 -pthread -o /tmp/gemm_vs_openblas
//   /tmp/gemm_vs_openblas 2          # TENSORFORGE_ISA=avx2 picks a lower kernel set, as in the addon
//   /tmp/gemm_vs_openblas 1 check    # what `npm run test:native-tools` runs: short, fails on a wrong result
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "common.h"

extern "C" void cblas_sgemm(int order, int trans_a, int trans_b, int m, int n, int k, float alpha, const float* a, int lda,
                            const float* b, int ldb, float beta, float* c, int ldc);
extern "C" void openblas_set_num_threads(int n);

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct Shape {
  int m, n, k;
  bool trans_b;
  const char* what;
};

}  // namespace

int main(int argc, char** argv) {
  int threads = argc > 1 ? std::atoi(argv[1]) : 1;
  // `check` (scripts/native-tools.mjs, CI): two timed runs per shape, and exit 1 when a result differs from
  // OpenBLAS's by more than 4e-7 * k, about 13x the worst-case float32 rounding of a k-term sum of these inputs.
  bool check = argc > 2 && std::strcmp(argv[2], "check") == 0;
  int failures = 0;
  if (const char* isa = std::getenv("TENSORFORGE_ISA")) tfn::select_isa(isa);
  const tfn::Kernels& kernels = tfn::active_kernels();
  tfn::set_num_threads(threads);
  openblas_set_num_threads(threads);
  const Shape shapes[] = {
      {1024, 1024, 1024, false, "bench sgemm"},        {512, 512, 512, false, "square"},
      {256, 128, 784, false, "MLP layer 1, batch 256"}, {256, 128, 784, true, "same, B transposed"},
      {64, 128, 784, false, "MLP layer 1, batch 64"},   {3072, 32, 288, false, "conv as GEMM"},
      {128, 4096, 128, false, "wide, shallow"},
  };
  std::printf("isa %s, %d thread(s); best of interleaved runs\n", kernels.isa, threads);
  for (const Shape& s : shapes) {
    std::vector<float> a(static_cast<size_t>(s.m) * s.k), b(static_cast<size_t>(s.k) * s.n);
    std::vector<float> ours(static_cast<size_t>(s.m) * s.n), ref(ours.size());
    for (float& x : a) x = static_cast<float>(std::rand()) / RAND_MAX - 0.5f;
    for (float& x : b) x = static_cast<float>(std::rand()) / RAND_MAX - 0.5f;
    int ldb = s.trans_b ? s.k : s.n;
    tfn::GemmArgs g{false, s.trans_b, false, s.m, s.n, s.k, a.data(), s.k, b.data(), ldb, ours.data(), s.n, nullptr,
                    tfn::kActNone};
    auto openblas = [&] {
      cblas_sgemm(101 /* row-major */, 111 /* no trans */, s.trans_b ? 112 : 111, s.m, s.n, s.k, 1.0f, a.data(), s.k,
                  b.data(), ldb, 0.0f, ref.data(), s.n);
    };
    kernels.gemm(g);
    openblas();
    double max_err = 0;
    for (size_t i = 0; i < ours.size(); ++i) max_err = std::max(max_err, static_cast<double>(std::fabs(ours[i] - ref[i])));
    double tol = 4e-7 * s.k;
    if (!(max_err <= tol)) ++failures;
    int reps = check ? 2 : std::max(10, static_cast<int>(1e10 / (2.0 * s.m * s.n * s.k)));
    double best_ours = 1e9, best_ref = 1e9;
    for (int r = 0; r < reps; ++r) {
      auto t0 = std::chrono::steady_clock::now();
      kernels.gemm(g);
      best_ours = std::min(best_ours, seconds_since(t0));
      t0 = std::chrono::steady_clock::now();
      openblas();
      best_ref = std::min(best_ref, seconds_since(t0));
    }
    double flop = 2.0 * s.m * s.n * s.k;
    std::printf("%5d x %5d x %5d%s  ours %6.1f GFLOP/s  openblas %6.1f  ratio %.2f  max |diff| %.1e  (%s)\n", s.m, s.n,
                s.k, s.trans_b ? " B^T" : "    ", flop / best_ours / 1e9, flop / best_ref / 1e9, best_ref / best_ours,
                max_err, s.what);
    if (!(max_err <= tol)) std::printf("FAIL: max |diff| %.1e above %.1e\n", max_err, tol);
  }
  return failures != 0;
}
