// N-API entry points for bfloat16 (bf16.h): casts, GEMM and convolutions. bf16 tensors are Uint16Arrays of bit
// patterns; results are Float32Arrays. Arguments are checked like addon.cc's (type and length before any kernel).
#include "args.h"
#include "bf16.h"

namespace tfn {
namespace {

const uint16_t* u16(const Args& a, size_t i, int64_t need) {
  return static_cast<const uint16_t*>(a.typed(i, napi_uint16_array, "Uint16Array", need));
}

// castToBf16(x: Float32Array, out: Uint16Array)
Napi::Value CastToBf16(const Napi::CallbackInfo& info) {
  Args a{info, "castToBf16"};
  a.need_count(2);
  int64_t n = a.length(0);
  const float* x = a.f32(0, n);
  f32_to_bf16(x, static_cast<uint16_t*>(const_cast<void*>(static_cast<const void*>(u16(a, 1, n)))), n);
  return info.Env().Undefined();
}

// castFromBf16(x: Uint16Array, out: Float32Array)
Napi::Value CastFromBf16(const Napi::CallbackInfo& info) {
  Args a{info, "castFromBf16"};
  a.need_count(2);
  int64_t n = a.length(0);
  bf16_to_f32(u16(a, 0, n), a.f32(1, n), n);
  return info.Env().Undefined();
}

// matmulBf16(a, b, out, m, n, k, transA, transB, batch): batch products of [m x k] by [k x n] matrices.
Napi::Value MatMulBf16(const Napi::CallbackInfo& info) {
  Args a{info, "matmulBf16"};
  a.need_count(9);
  int64_t m = a.i64(3), n = a.i64(4), k = a.i64(5), batch = a.i64(8);
  bool ta = a.flag(6), tb = a.flag(7);
  const uint16_t* av = u16(a, 0, batch * m * k);
  const uint16_t* bv = u16(a, 1, batch * k * n);
  float* out = a.f32(2, batch * m * n);
  for (int64_t i = 0; i < batch; ++i) {
    Bf16GemmArgs g{};
    g.trans_a = ta; g.trans_b = tb; g.accumulate = false;
    g.m = m; g.n = n; g.k = k;
    g.a = av + i * m * k; g.lda = ta ? m : k;
    g.b = bv + i * k * n; g.ldb = tb ? k : n;
    g.c = out + i * m * n; g.ldc = n;
    active_bf16().gemm(g);
  }
  return info.Env().Undefined();
}

// conv2dBf16(x, w, y, geom) / conv2dBackpropInputBf16(dy, w, dx, geom) / conv2dBackpropFilterBf16(x, dy, dw, geom):
// bf16 operands, float32 results (conv_entry, args.h).
Napi::Value Conv2DBf16(const Napi::CallbackInfo& info) {
  return conv_entry(info, "conv2dBf16", conv2d_bf16, u16, in_size, filter_size, out_size);
}

Napi::Value Conv2DBackpropInputBf16(const Napi::CallbackInfo& info) {
  return conv_entry(info, "conv2dBackpropInputBf16", conv2d_backprop_input_bf16, u16, out_size, filter_size, in_size);
}

Napi::Value Conv2DBackpropFilterBf16(const Napi::CallbackInfo& info) {
  return conv_entry(info, "conv2dBackpropFilterBf16", conv2d_backprop_filter_bf16, u16, in_size, out_size, filter_size);
}

// bf16Info() -> { kernel: 'avx512bf16' | 'widen', cpuHasAvx512Bf16 }
Napi::Value Bf16Info(const Napi::CallbackInfo& info) {
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("kernel", active_bf16().name);
  o.Set("cpuHasAvx512Bf16", cpu_has_avx512_bf16());
  return o;
}

// setBf16Kernel('avx512bf16' | 'widen') -> false when this CPU cannot run it.
Napi::Value SetBf16Kernel(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsString())
    throw Napi::TypeError::New(info.Env(), "tensorforge native setBf16Kernel: argument 0 must be 'avx512bf16' or 'widen'");
  return Napi::Boolean::New(info.Env(), select_bf16(info[0].As<Napi::String>().Utf8Value().c_str()));
}

}  // namespace

void register_bf16(Napi::Env env, Napi::Object exports) {
  exports.Set("castToBf16", Napi::Function::New(env, CastToBf16));
  exports.Set("castFromBf16", Napi::Function::New(env, CastFromBf16));
  exports.Set("matmulBf16", Napi::Function::New(env, MatMulBf16));
  exports.Set("conv2dBf16", Napi::Function::New(env, Conv2DBf16));
  exports.Set("conv2dBackpropInputBf16", Napi::Function::New(env, Conv2DBackpropInputBf16));
  exports.Set("conv2dBackpropFilterBf16", Napi::Function::New(env, Conv2DBackpropFilterBf16));
  exports.Set("bf16Info", Napi::Function::New(env, Bf16Info));
  exports.Set("setBf16Kernel", Napi::Function::New(env, SetBf16Kernel));
}

}  // namespace tfn
