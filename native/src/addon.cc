// N-API entry points. Every kernel works zero-copy on the tensors' own Float32Array/Int32Array storage and
// writes into output arrays the engine already allocated. Arguments are validated here (type and length) and
// bad ones throw JS TypeError/RangeError naming the function, so a bug in the TypeScript glue cannot make a
// kernel read or write out of bounds.
#include <cstdlib>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "args.h"

namespace tfn {
namespace {

// Training allocates and frees the same large activation buffers every step. With glibc's defaults each of them
// is a fresh mmap (or the heap top is trimmed back to the OS), so every step pays a page fault per 4 KiB of
// output (about 1,400 per step of the MNIST CNN, 5-10 % of its time). Keeping blocks up to 32 MiB on the heap
// and trimming only past 256 MiB free lets them be reused. Skipped when the user set glibc's own MALLOC_*
// variables or TENSORFORGE_MALLOC_TUNE=0.
void tune_malloc() {
#if defined(__GLIBC__)
  const char* opt = std::getenv("TENSORFORGE_MALLOC_TUNE");
  if (opt != nullptr && opt[0] == '0') return;
  if (std::getenv("MALLOC_MMAP_THRESHOLD_") != nullptr || std::getenv("MALLOC_TRIM_THRESHOLD_") != nullptr) return;
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

Napi::Array tuple(Napi::Env env, std::initializer_list<const char*> items) {
  Napi::Array arr = Napi::Array::New(env, items.size());
  uint32_t i = 0;
  for (const char* s : items) arr.Set(i++, s);
  return arr;
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("isa", K().isa);
  o.Set("cpuIsa", cpu_isa_name());
  o.Set("threads", num_threads());
  o.Set("gemmTile", std::to_string(K().gemm_mr) + "x" + std::to_string(K().gemm_nr));
  return o;
}

Napi::Value SetNumThreads(const Napi::CallbackInfo& info) {
  Args a{info, "setNumThreads"};
  a.need_count(1);
  int64_t n = a.i64(0);
  set_num_threads(n < 1 ? 1 : static_cast<int>(n));
  return info.Env().Undefined();
}

// ops(): the op list of ops.def by name, one array per family; an op's position is its code in that family's
// calls (binary, unary, ...). src/backends/native/ registers kernels from this, by TF.js op name.
Napi::Value Ops(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  auto names = [&](const char* family, std::initializer_list<const char*> list) { o.Set(family, tuple(env, list)); };
  names("binary", {
#define TFN_BINARY(id, name) name,
#include "ops.def"
  });
  names("compare", {
#define TFN_COMPARE(id, name) name,
#include "ops.def"
  });
  names("reduce", {
#define TFN_REDUCE(id, name) name,
#include "ops.def"
  });
  names("activation", {
#define TFN_ACT(id, name) name,
#include "ops.def"
  });
  names("pool", {
#define TFN_POOL(id, name) name,
#include "ops.def"
  });
  // Unary ops carry the names of the attrs passed as p1 and p2; casts are "from:to" dtype pairs.
  Napi::Array unary = Napi::Array::New(env);
#define TFN_UNARY(id, name, attr1, attr2) unary.Set(unary.Length(), tuple(env, {name, attr1, attr2}));
#include "ops.def"
  o.Set("unary", unary);
  names("cast", {
#define TFN_CAST(id, from, to) from ":" to,
#include "ops.def"
  });
  return o;
}

// setIsa(name): 'avx512' | 'avx2' | 'base'; returns false when this CPU cannot run that kernel set.
Napi::Value SetIsa(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsString())
    throw Napi::TypeError::New(info.Env(), "tensorforge native setIsa: argument 0 must be 'avx512', 'avx2' or 'base'");
  return Napi::Boolean::New(info.Env(), select_isa(info[0].As<Napi::String>().Utf8Value().c_str()));
}

// matmul(a, b, out, m, n, k, transA, transB, batch, aIndex|null, bIndex|null, aMats, bMats)
// Batch i multiplies matrix aIndex[i] of a by matrix bIndex[i] of b (broadcast batch dims resolved in JS).
Napi::Value MatMul(const Napi::CallbackInfo& info) {
  Args a{info, "matmul"};
  a.need_count(13);
  int64_t m = a.i64(3), n = a.i64(4), k = a.i64(5), batch = a.i64(8), a_mats = a.i64(11), b_mats = a.i64(12);
  bool ta = a.flag(6), tb = a.flag(7);
  const float* av = a.f32(0, a_mats * m * k);
  const float* bv = a.f32(1, b_mats * k * n);
  float* out = a.f32(2, batch * m * n);
  const int32_t* ai = a.is_null(9) ? nullptr : a.i32(9, batch);
  const int32_t* bi = a.is_null(10) ? nullptr : a.i32(10, batch);
  for (int64_t i = 0; i < batch; ++i) {
    int64_t ia = ai ? ai[i] : (a_mats == 1 ? 0 : i), ib = bi ? bi[i] : (b_mats == 1 ? 0 : i);
    if (ia < 0 || ia >= a_mats || ib < 0 || ib >= b_mats) a.fail(9, "holds a matrix index out of range");
  }
  auto one = [&](int64_t i) {
    int64_t ia = ai ? ai[i] : (a_mats == 1 ? 0 : i), ib = bi ? bi[i] : (b_mats == 1 ? 0 : i);
    GemmArgs g{};
    g.trans_a = ta; g.trans_b = tb; g.accumulate = false;
    g.m = m; g.n = n; g.k = k;
    g.a = av + ia * m * k; g.lda = ta ? m : k;
    g.b = bv + ib * k * n; g.ldb = tb ? k : n;
    g.c = out + i * m * n; g.ldc = n;
    g.bias = nullptr; g.act = kActNone;
    K().gemm(g);
  };
  // Many small products: one per task (each then runs single-threaded); large ones parallelise inside.
  if (batch > 1 && m * n * k < (1 << 18)) {
    parallel_for(batch, 1, [](void* ctx, int64_t b0, int64_t b1) {
      auto& f = *static_cast<decltype(one)*>(ctx);
      for (int64_t i = b0; i < b1; ++i) f(i);
    }, &one);
  } else {
    for (int64_t i = 0; i < batch; ++i) one(i);
  }
  return info.Env().Undefined();
}

// dense(x, w, bias|null, out, m, n, k, transB, act): out = act(x w + bias), act an ActOp code from ops().
Napi::Value Dense(const Napi::CallbackInfo& info) {
  Args a{info, "dense"};
  a.need_count(9);
  int64_t m = a.i64(4), n = a.i64(5), k = a.i64(6);
  bool tb = a.flag(7);
  GemmArgs g{};
  g.trans_a = false; g.trans_b = tb; g.accumulate = false;
  g.m = m; g.n = n; g.k = k;
  g.a = a.f32(0, m * k); g.lda = k;
  g.b = a.f32(1, k * n); g.ldb = tb ? k : n;
  g.bias = a.is_null(2) ? nullptr : a.f32(2, n);
  g.c = a.f32(3, m * n); g.ldc = n;
  g.act = static_cast<int>(a.num(8));
  if (g.act < 0 || g.act >= kActCount) a.fail(8, "is not a known activation code");
  K().gemm(g);
  return info.Env().Undefined();
}

// Reads geom = [rank, shape..., sa..., sb...] (collapsed, rank <= 8) and the two float inputs; returns the
// number of output elements.
int64_t binary_geometry(const Args& a, BinaryArgs& g) {
  const double* geom = a.f64(4, 1);
  g.rank = static_cast<int>(geom[0]);
  if (g.rank < 1 || g.rank > 8) a.fail(4, "must describe 1 to 8 dimensions");
  geom = a.f64(4, 1 + 3 * g.rank);
  int64_t n = 1, amax = 0, bmax = 0;
  for (int d = 0; d < g.rank; ++d) {
    g.shape[d] = static_cast<int64_t>(geom[1 + d]);
    g.sa[d] = static_cast<int64_t>(geom[1 + g.rank + d]);
    g.sb[d] = static_cast<int64_t>(geom[1 + 2 * g.rank + d]);
    if (g.shape[d] < 0 || g.sa[d] < 0 || g.sb[d] < 0) a.fail(4, "holds a negative size or stride");
    n *= g.shape[d];
    amax += (g.shape[d] - 1) * g.sa[d];
    bmax += (g.shape[d] - 1) * g.sb[d];
  }
  if (n > 0) {
    g.a = a.f32(1, amax + 1);
    g.b = a.f32(2, bmax + 1);
  }
  return n;
}

// binary(op, a, b, out, geom)
Napi::Value Binary(const Napi::CallbackInfo& info) {
  Args a{info, "binary"};
  a.need_count(5);
  BinaryArgs g{};
  g.op = static_cast<int>(a.num(0));
  if (g.op < 0 || g.op >= kBinaryCount) a.fail(0, "is not a known binary op code");
  int64_t n = binary_geometry(a, g);
  if (n == 0) return info.Env().Undefined();
  g.out = a.f32(3, n);
  K().binary(g);
  return info.Env().Undefined();
}

// compare(op, a, b, out Uint8Array, geom)
Napi::Value Compare(const Napi::CallbackInfo& info) {
  Args a{info, "compare"};
  a.need_count(5);
  BinaryArgs g{};
  int op = static_cast<int>(a.num(0));
  if (op < 0 || op >= kCompareCount) a.fail(0, "is not a known comparison code");
  int64_t n = binary_geometry(a, g);
  if (n == 0) return info.Env().Undefined();
  K().compare(op, g, a.u8(3, n));
  return info.Env().Undefined();
}

// cast(kind, x, out): bool->float32, int32->float32 or float32->bool.
Napi::Value Cast(const Napi::CallbackInfo& info) {
  Args a{info, "cast"};
  a.need_count(3);
  int kind = static_cast<int>(a.num(0));
  int64_t n = a.length(2);
  if (kind == kCastBoolToF32) K().cast(kind, a.u8(1, n), a.f32(2, n), n);
  else if (kind == kCastI32ToF32) K().cast(kind, a.i32(1, n), a.f32(2, n), n);
  else if (kind == kCastF32ToBool) K().cast(kind, a.f32(1, n), a.u8(2, n), n);
  else a.fail(0, "is not a known cast kind");
  return info.Env().Undefined();
}

// select(cond Uint8Array, a, b, out): all of one size.
Napi::Value Select(const Napi::CallbackInfo& info) {
  Args a{info, "select"};
  a.need_count(4);
  int64_t n = a.length(3);
  K().select(a.u8(0, n), a.f32(1, n), a.f32(2, n), a.f32(3, n), n);
  return info.Env().Undefined();
}

// unary(op, x, out, p1, p2)
Napi::Value Unary(const Napi::CallbackInfo& info) {
  Args a{info, "unary"};
  a.need_count(5);
  int op = static_cast<int>(a.num(0));
  if (op < 0 || op >= kUnaryCount) a.fail(0, "is not a known unary op code");
  float* out = a.f32(2, 0);
  int64_t n = a.length(2);
  const float* x = a.f32(1, n);
  K().unary(op, x, out, n, static_cast<float>(a.num(3)), static_cast<float>(a.num(4)));
  return info.Env().Undefined();
}

// reduce(op, x, out, outer, reduce, inner)
Napi::Value Reduce(const Napi::CallbackInfo& info) {
  Args a{info, "reduce"};
  a.need_count(6);
  int op = static_cast<int>(a.num(0));
  if (op < 0 || op >= kReduceCount) a.fail(0, "is not a known reduction code");
  int64_t outer = a.i64(3), red = a.i64(4), inner = a.i64(5);
  K().reduce(op, a.f32(1, outer * red * inner), a.f32(2, outer * inner), outer, red, inner);
  return info.Env().Undefined();
}

// softmax(x, out, rows, cols, log)
Napi::Value Softmax(const Napi::CallbackInfo& info) {
  Args a{info, "softmax"};
  a.need_count(5);
  int64_t rows = a.i64(2), cols = a.i64(3);
  K().softmax(a.f32(0, rows * cols), a.f32(1, rows * cols), rows, cols, a.flag(4));
  return info.Env().Undefined();
}

// actGrad(act, dy, y, dx)
Napi::Value ActGrad(const Napi::CallbackInfo& info) {
  Args a{info, "actGrad"};
  a.need_count(4);
  int act = static_cast<int>(a.num(0));
  if (act < 0 || act >= kActCount) a.fail(0, "is not a known activation code");
  float* dx = a.f32(3, 0);
  int64_t n = a.length(3);
  K().act_grad(act, a.f32(1, n), a.f32(2, n), dx, n);
  return info.Env().Undefined();
}

// softmaxXent(logits, labels, loss, grad|null, rows, cols)
Napi::Value SoftmaxXent(const Napi::CallbackInfo& info) {
  Args a{info, "softmaxXent"};
  a.need_count(6);
  int64_t rows = a.i64(4), cols = a.i64(5);
  float* grad = a.is_null(3) ? nullptr : a.f32(3, rows * cols);
  K().softmax_xent(a.f32(0, rows * cols), a.f32(1, rows * cols), a.f32(2, rows), grad, rows, cols);
  return info.Env().Undefined();
}

// sparseXent(logits, labels Int32Array, loss, rows, cols)
Napi::Value SparseXent(const Napi::CallbackInfo& info) {
  Args a{info, "sparseXent"};
  a.need_count(5);
  int64_t rows = a.i64(3), cols = a.i64(4);
  K().sparse_xent(a.f32(0, rows * cols), a.i32(1, rows), a.f32(2, rows), rows, cols);
  return info.Env().Undefined();
}

}  // namespace

void register_nn(Napi::Env env, Napi::Object exports);
void register_pool_check(Napi::Env env, Napi::Object exports);
void register_bf16(Napi::Env env, Napi::Object exports);

}  // namespace tfn

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  using namespace tfn;
  tune_malloc();
  exports.Set("info", Napi::Function::New(env, Info));
  exports.Set("setNumThreads", Napi::Function::New(env, SetNumThreads));
  exports.Set("setIsa", Napi::Function::New(env, SetIsa));
  exports.Set("ops", Napi::Function::New(env, Ops));
  exports.Set("matmul", Napi::Function::New(env, MatMul));
  exports.Set("dense", Napi::Function::New(env, Dense));
  exports.Set("binary", Napi::Function::New(env, Binary));
  exports.Set("compare", Napi::Function::New(env, Compare));
  exports.Set("cast", Napi::Function::New(env, Cast));
  exports.Set("select", Napi::Function::New(env, Select));
  exports.Set("unary", Napi::Function::New(env, Unary));
  exports.Set("reduce", Napi::Function::New(env, Reduce));
  exports.Set("softmax", Napi::Function::New(env, Softmax));
  exports.Set("actGrad", Napi::Function::New(env, ActGrad));
  exports.Set("softmaxXent", Napi::Function::New(env, SoftmaxXent));
  exports.Set("sparseXent", Napi::Function::New(env, SparseXent));
  register_nn(env, exports);
  register_bf16(env, exports);
  register_pool_check(env, exports);
  return exports;
}

NODE_API_MODULE(tensorforge_native, Init)
