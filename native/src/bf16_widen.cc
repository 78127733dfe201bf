// The portable bf16 path and the choice between it and AVX512_BF16 (compiled without ISA flags).
// Widening: op(A) and op(B) become float32 (exact: a bf16 is the top half of a float32) and the float32 GEMM of
// the active ISA table (AVX-512, AVX2 or base) multiplies them, so the result equals the float32 product of the
// same rounded inputs up to summation order.
#include <atomic>
#include <cstdlib>
#include <cstring>

#include "bf16.h"

namespace tfn {

void f32_to_bf16(const float* x, uint16_t* out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    uint32_t u;
    std::memcpy(&u, x + i, 4);
    if ((u & 0x7fffffffu) > 0x7f800000u) {
      out[i] = static_cast<uint16_t>((u >> 16) | 0x40);  // quiet NaN, sign kept
    } else {
      u += 0x7fffu + ((u >> 16) & 1u);  // round to nearest, ties to even (overflow rounds to Inf)
      out[i] = static_cast<uint16_t>(u >> 16);
    }
  }
}

void bf16_to_f32(const uint16_t* x, float* out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    uint32_t u = static_cast<uint32_t>(x[i]) << 16;
    std::memcpy(out + i, &u, 4);
  }
}

namespace {

void widen_gemm(const Bf16GemmArgs& g) {
  // The widened copies keep the stored layout and leading dimensions.
  int64_t a_rows = g.trans_a ? g.k : g.m, b_rows = g.trans_b ? g.n : g.k;
  int64_t a_cols = g.trans_a ? g.m : g.k, b_cols = g.trans_b ? g.k : g.n;
  float* a = scratch_alloc(static_cast<size_t>(a_rows * g.lda));
  float* b = scratch_alloc(static_cast<size_t>(b_rows * g.ldb));
  for (int64_t r = 0; r < a_rows; ++r) bf16_to_f32(g.a + r * g.lda, a + r * g.lda, a_cols);
  for (int64_t r = 0; r < b_rows; ++r) bf16_to_f32(g.b + r * g.ldb, b + r * g.ldb, b_cols);
  GemmArgs f{};
  f.trans_a = g.trans_a; f.trans_b = g.trans_b; f.accumulate = g.accumulate;
  f.m = g.m; f.n = g.n; f.k = g.k;
  f.a = a; f.lda = g.lda; f.b = b; f.ldb = g.ldb; f.c = g.c; f.ldc = g.ldc;
  f.bias = nullptr; f.act = kActNone;
  active_kernels().gemm(f);
  scratch_free(a);
  scratch_free(b);
}

const Bf16Kernels* chosen() {
  const char* want = std::getenv("TENSORFORGE_BF16");
  const char* isa = std::getenv("TENSORFORGE_ISA");
  bool forced_lower = isa != nullptr && std::strcmp(isa, "avx512") != 0;
  if (cpu_has_avx512_bf16() && !forced_lower && !(want != nullptr && std::strcmp(want, "widen") == 0)) return bf16_kernels_avx512bf16();
  return bf16_kernels_widen();
}

std::atomic<const Bf16Kernels*>& current() {
  static std::atomic<const Bf16Kernels*> k{chosen()};
  return k;
}

}  // namespace

const Bf16Kernels* bf16_kernels_widen() {
  static const Bf16Kernels table = {"widen", &widen_gemm};
  return &table;
}

const Bf16Kernels& active_bf16() { return *current().load(std::memory_order_relaxed); }

bool select_bf16(const char* name) {
  if (std::strcmp(name, "widen") == 0) {
    current().store(bf16_kernels_widen());
    return true;
  }
  if (std::strcmp(name, "avx512bf16") == 0 && cpu_has_avx512_bf16()) {
    current().store(bf16_kernels_avx512bf16());
    return true;
  }
  return false;
}

}  // namespace tfn
