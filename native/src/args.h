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
  double num(size_t i) const {
    if (!info[i].IsNumber()) fail(i, "must be a number");
    return info[i].As<Napi::Number>().DoubleValue();
  }
  int64_t i64(size_t i) const {
    double v = num(i);
    if (v < 0 || v != static_cast<double>(static_cast<int64_t>(v))) fail(i, "must be a non-negative integer");
    return static_cast<int64_t>(v);
  }
  bool flag(size_t i) const { return info[i].ToBoolean().Value(); }
  bool is_null(size_t i) const { return info[i].IsNull() || info[i].IsUndefined(); }

  // A Float32Array with at least `need` elements (checked before any kernel touches it).
  float* f32(size_t i, int64_t need) const {
    if (!info[i].IsTypedArray() || info[i].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array)
      fail(i, "must be a Float32Array");
    auto arr = info[i].As<Napi::Float32Array>();
    if (static_cast<int64_t>(arr.ElementLength()) < need)
      fail(i, "has " + std::to_string(arr.ElementLength()) + " elements, expected at least " + std::to_string(need));
    return arr.Data();
  }
  const int32_t* i32(size_t i, int64_t need) const {
    if (!info[i].IsTypedArray() || info[i].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array)
      fail(i, "must be an Int32Array");
    auto arr = info[i].As<Napi::Int32Array>();
    if (static_cast<int64_t>(arr.ElementLength()) < need)
      fail(i, "has " + std::to_string(arr.ElementLength()) + " elements, expected at least " + std::to_string(need));
    return arr.Data();
  }
  uint8_t* u8(size_t i, int64_t need) const {
    if (!info[i].IsTypedArray() || info[i].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)
      fail(i, "must be a Uint8Array");
    auto arr = info[i].As<Napi::Uint8Array>();
    if (static_cast<int64_t>(arr.ElementLength()) < need)
      fail(i, "has " + std::to_string(arr.ElementLength()) + " elements, expected at least " + std::to_string(need));
    return arr.Data();
  }
  // Element count of the typed array at argument i (any element type).
  int64_t length(size_t i) const {
    if (!info[i].IsTypedArray()) fail(i, "must be a typed array");
    return static_cast<int64_t>(info[i].As<Napi::TypedArray>().ElementLength());
  }
  // A Float64Array of small integers (shapes, strides, geometry).
  const double* f64(size_t i, int64_t need) const {
    if (!info[i].IsTypedArray() || info[i].As<Napi::TypedArray>().TypedArrayType() != napi_float64_array)
      fail(i, "must be a Float64Array");
    auto arr = info[i].As<Napi::Float64Array>();
    if (static_cast<int64_t>(arr.ElementLength()) < need) fail(i, "is too short");
    return arr.Data();
  }
};

inline const Kernels& K() { return active_kernels(); }

}  // namespace tfn
