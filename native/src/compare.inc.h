// Comparisons, casts and select of src/ops/compare.ts and cast.ts (included by isa_*.cc after
// elementwise.inc.h, whose broadcast loop they share). The comparison list is ops.def.
#pragma GCC diagnostic push
#pragma GCC diagnostic error "-Wswitch"

template <int OP>
static inline uint8_t cmp_f(float x, float y) {
  switch (static_cast<tfn::CompareOp>(OP)) {
    case tfn::kGreater: return x > y;
    case tfn::kGreaterEqual: return x >= y;
    case tfn::kLess: return x < y;
    case tfn::kLessEqual: return x <= y;
    case tfn::kEqual: return x == y;
    case tfn::kNotEqual: return x != y;
  }
  return 0;
}

template <int OP>
static void compare_op(const tfn::BinaryArgs& g, uint8_t* out) {
  int64_t n = 1;
  for (int d = 0; d < g.rank; ++d) n *= g.shape[d];
  pfor(n, kElemGrain, [&](int64_t b, int64_t e) { broadcast_range(g, out, b, e, [](float x, float y) { return cmp_f<OP>(x, y); }); });
}

static void compare(int op, const tfn::BinaryArgs& g, uint8_t* out) {
  switch (static_cast<tfn::CompareOp>(op)) {
#define TFN_COMPARE(id, name) \
  case tfn::k##id: return compare_op<tfn::k##id>(g, out);
#include "ops.def"
  }
}

// Dtype conversions on the training path (bool masks to float, int ids to float, float to bool).
static void cast(int kind, const void* x, void* out, int64_t n) {
  pfor(n, kElemGrain, [&](int64_t b, int64_t e) {
    if (kind == tfn::kCastBoolToF32) {
      const uint8_t* s = static_cast<const uint8_t*>(x);
      float* d = static_cast<float*>(out);
      for (int64_t i = b; i < e; ++i) d[i] = s[i] != 0 ? 1.0f : 0.0f;
    } else if (kind == tfn::kCastI32ToF32) {
      const int32_t* s = static_cast<const int32_t*>(x);
      float* d = static_cast<float*>(out);
      for (int64_t i = b; i < e; ++i) d[i] = static_cast<float>(s[i]);
    } else if (kind == tfn::kCastF32ToBool) {
      const float* s = static_cast<const float*>(x);
      uint8_t* d = static_cast<uint8_t*>(out);
      for (int64_t i = b; i < e; ++i) d[i] = s[i] != 0.0f;  // NaN is true, as in JS
    }
  });
}

// out = cond ? a : b, all of the same size.
static void select(const uint8_t* cond, const float* a, const float* b, float* out, int64_t n) {
  pfor(n, kElemGrain, [&](int64_t s, int64_t e) {
    for (int64_t i = s; i < e; ++i) out[i] = cond[i] != 0 ? a[i] : b[i];
  });
}

#pragma GCC diagnostic pop
