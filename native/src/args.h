// Argument checking shared by the N-API glue files (addon.cc, addon_nn.cc).
#pragma once
#include <napi.h>

#include <string>

#include "common.h"

namespace tfn {

// Reads and validates the arguments of one N-API call; failures throw a JS TypeError naming the function.
struct Args {
  const Napi::CallbackInfo& info;
  const char* fn;

  [[noreturn]] void fail(size_t i, const std::string& what) const {
    throw Napi::TypeError::New(info.Env(), std::string("tensorforge native ") + fn + ": argument " +
                                               std::to_string(i) + " " + what);
  }
  void need_count(size_t n) const {
    if (info.Length() < n) fail(n - 1, "is missing (expected " + std::to_string(n) + " arguments)");
  }
  // Arguments are read through the plain C API, one call each: the node-addon-api wrappers query a typed array
  // two or three times, which cost about half a microsecond per kernel call, more than small kernels take.
  double num(size_t i) const {
    double v = 0;
    if (napi_get_value_double(info.Env(), info[i], &v) != napi_ok) fail(i, "must be a number");
    return v;
  }
  int64_t i64(size_t i) const {
    double v = num(i);
    if (v < 0 || v != static_cast<double>(static_cast<int64_t>(v))) fail(i, "must be a non-negative integer");
    return static_cast<int64_t>(v);
  }
  bool flag(size_t i) const {
    bool v = false;
    if (napi_get_value_bool(info.Env(), info[i], &v) == napi_ok) return v;
    return info[i].ToBoolean().Value();
  }
  bool is_null(size_t i) const { return info[i].IsNull() || info[i].IsUndefined(); }

  // The data and element count of the typed array at argument i, which must have element type `type` and at least
  // `need` elements (checked before any kernel touches it).
  void* typed(size_t i, napi_typedarray_type type, const char* type_name, int64_t need) const {
    napi_typedarray_type got;
    size_t length = 0;
    void* data = nullptr;
    bool ok = napi_get_typedarray_info(info.Env(), info[i], &got, &length, &data, nullptr, nullptr) == napi_ok;
    if (!ok || got != type) fail(i, std::string("must be a ") + type_name);
    if (static_cast<int64_t>(length) < need)
      fail(i, "has " + std::to_string(length) + " elements, expected at least " + std::to_string(need));
    return data;
  }
  float* f32(size_t i, int64_t need) const { return static_cast<float*>(typed(i, napi_float32_array, "Float32Array", need)); }
  const int32_t* i32(size_t i, int64_t need) const {
    return static_cast<const int32_t*>(typed(i, napi_int32_array, "Int32Array", need));
  }
  uint8_t* u8(size_t i, int64_t need) const { return static_cast<uint8_t*>(typed(i, napi_uint8_array, "Uint8Array", need)); }
  // A Float64Array of small integers (shapes, strides, geometry).
  const double* f64(size_t i, int64_t need) const {
    return static_cast<const double*>(typed(i, napi_float64_array, "Float64Array", need));
  }
  // Element count of the typed array at argument i (any element type).
  int64_t length(size_t i) const {
    napi_typedarray_type got;
    size_t n = 0;
    if (napi_get_typedarray_info(info.Env(), info[i], &got, &n, nullptr, nullptr, nullptr) != napi_ok) fail(i, "must be a typed array");
    return static_cast<int64_t>(n);
  }
};

inline const Kernels& K() { return active_kernels(); }

// The 15-number convolution geometry JS passes as a Float64Array (src/backends/native/nn.ts), checked.
inline ConvGeom conv_geom(const Args& a, size_t i) {
  const double* v = a.f64(i, 15);
  ConvGeom c{};
  int64_t* f[] = {&c.batch, &c.in_h, &c.in_w, &c.in_c, &c.out_h, &c.out_w, &c.out_c, &c.f_h, &c.f_w,
                  &c.stride_h, &c.stride_w, &c.dil_h, &c.dil_w, &c.pad_top, &c.pad_left};
  for (int j = 0; j < 15; ++j) *f[j] = static_cast<int64_t>(v[j]);
  if (c.stride_h < 1 || c.stride_w < 1 || c.dil_h < 1 || c.dil_w < 1) a.fail(i, "has a stride or dilation below 1");
  return c;
}

// Element counts of a convolution's input (NHWC), output (NHWC) and filter (HWIO), for the argument checks.
inline int64_t in_size(const ConvGeom& c) { return c.batch * c.in_h * c.in_w * c.in_c; }
inline int64_t out_size(const ConvGeom& c) { return c.batch * c.out_h * c.out_w * c.out_c; }
inline int64_t filter_size(const ConvGeom& c) { return c.f_h * c.f_w * c.in_c * c.out_c; }

// The convolution entry points shaped (a, b, out, geom): operands a and b of element type T (read by
// read(args, index, count), which checks type and length), a float32 result, each sized for the geometry.
using ConvSize = int64_t (*)(const ConvGeom&);
template <class T, class Read>
Napi::Value conv_entry(const Napi::CallbackInfo& info, const char* name, void (*run)(const ConvGeom&, const T*, const T*, float*),
                       Read read, ConvSize a_size, ConvSize b_size, ConvSize out) {
  Args a{info, name};
  a.need_count(4);
  ConvGeom c = conv_geom(a, 3);
  run(c, read(a, 0, a_size(c)), read(a, 1, b_size(c)), a.f32(2, out(c)));
  return info.Env().Undefined();
}

}  // namespace tfn
