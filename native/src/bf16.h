// bfloat16 kernels: GEMM with bf16 inputs and float32 accumulation/output, and convolution through im2col + that
// GEMM. Two implementations, chosen at load: AVX512_BF16 (vdpbf16ps, bf16_avx512.cc) and a float32-widening path
// (bf16_widen.cc: the inputs widened to float32, then the float32 GEMM of the active ISA table). A bf16 value is
// the upper 16 bits of a float32, so widening is exact; only rounding float32 to bf16 loses precision.
#pragma once
#include <cstdint>

#include "common.h"

namespace tfn {

// C[m x n] (+)= op(A)[m x k] * op(B)[k x n]; A and B are bf16 bit patterns, C is float32.
struct Bf16GemmArgs {
  bool trans_a, trans_b, accumulate;
  int64_t m, n, k;
  const uint16_t* a; int64_t lda;
  const uint16_t* b; int64_t ldb;
  float* c; int64_t ldc;
};

struct Bf16Kernels {
  const char* name;  // 'avx512bf16' or 'widen'
  void (*gemm)(const Bf16GemmArgs&);
};

const Bf16Kernels* bf16_kernels_avx512bf16();
const Bf16Kernels* bf16_kernels_widen();

// The table in use: AVX512_BF16 when cpu_has_avx512_bf16() and neither TENSORFORGE_BF16=widen nor a
// TENSORFORGE_ISA below avx512 asks otherwise.
const Bf16Kernels& active_bf16();
// Switches the table ('avx512bf16' | 'widen'); false when this CPU cannot run it.
bool select_bf16(const char* name);

// Round-to-nearest-even float32 -> bf16 (NaN stays NaN), and the exact widening.
void f32_to_bf16(const float* x, uint16_t* out, int64_t n);
void bf16_to_f32(const uint16_t* x, float* out, int64_t n);

// Convolutions (NHWC, HWIO, float32 outputs) as im2col + bf16 GEMM.
void conv2d_bf16(const ConvGeom& c, const uint16_t* x, const uint16_t* w, float* y);
void conv2d_backprop_input_bf16(const ConvGeom& c, const uint16_t* dy, const uint16_t* w, float* dx);
void conv2d_backprop_filter_bf16(const ConvGeom& c, const uint16_t* x, const uint16_t* dy, float* dw);

}  // namespace tfn
