// Element-wise float32 kernels of src/ops/arithmetic.ts, binary-math.ts, elementwise-math.ts and the
// element-wise part of activations.ts (included by isa_*.cc). The op list is ops.def; each op's formula is a case
// of bin_f / un_f below, and the dispatch over the list is generated from ops.def. The switches have no default,
// so -Werror=switch (pragma below) fails the build for an op listed without a formula. Each loop is written once
// with the op chosen outside it, so GCC vectorises it for the unit's ISA.
#pragma GCC diagnostic push
#pragma GCC diagnostic error "-Wswitch"

static const int64_t kElemGrain = 1 << 15;  // elements per task: below this, running inline beats waking threads

template <int OP>
static inline float bin_f(float x, float y) {
  switch (static_cast<tfn::BinaryOp>(OP)) {
    case tfn::kAdd: return x + y;
    case tfn::kSub: return x - y;
    case tfn::kMul: return x * y;
    case tfn::kDiv: return x / y;
    // Maximum/Minimum propagate NaN like Math.max/Math.min.
    case tfn::kMax: return (x != x || y != y) ? x + y : (x > y ? x : y);
    case tfn::kMin: return (x != x || y != y) ? x + y : (x < y ? x : y);
    case tfn::kSquaredDiff: return (x - y) * (x - y);
    case tfn::kGeluTanhGrad: {  // x = dy, y = the GELU input; past |u| = 10 sech^2 is dropped (no 0 * Inf)
      const float c = 0.7978845608028654f, k = 0.044715f;
      float u = c * (y + k * y * y * y);
      if (!(std::fabs(u) <= 10.0f)) return u != u ? u : (y > 0 ? x : 0.0f * x);
      float t = tanh_f(u);
      return x * (0.5f * (1.0f + t) + 0.5f * y * (1.0f - t * t) * c * (1.0f + 3.0f * k * y * y));
    }
  }
  return 0.0f;
}

// Output elements [e0, e1) of a collapsed broadcast, out[e] = f(a, b); the innermost strides are 0 or 1.
template <class T, class F>
static void broadcast_range(const tfn::BinaryArgs& g, T* out, int64_t e0, int64_t e1, F f) {
  int rank = g.rank;
  int64_t inner = g.shape[rank - 1];
  int64_t idx[8] = {0};
  int64_t rem = e0 / inner, ia = 0, ib = 0;
  for (int d = rank - 2; d >= 0; --d) {
    idx[d] = rem % g.shape[d];
    rem /= g.shape[d];
    ia += idx[d] * g.sa[d];
    ib += idx[d] * g.sb[d];
  }
  int64_t j0 = e0 % inner;
  int64_t sal = g.sa[rank - 1], sbl = g.sb[rank - 1];
  for (int64_t e = e0; e < e1;) {
    int64_t len = min64(inner - j0, e1 - e);
    const float* a = g.a + ia + j0 * sal;
    const float* b = g.b + ib + j0 * sbl;
    T* o = out + e;
    if (sal == 1 && sbl == 1) {
      for (int64_t j = 0; j < len; ++j) o[j] = f(a[j], b[j]);
    } else if (sal == 1) {
      float y = b[0];
      for (int64_t j = 0; j < len; ++j) o[j] = f(a[j], y);
    } else if (sbl == 1) {
      float x = a[0];
      for (int64_t j = 0; j < len; ++j) o[j] = f(x, b[j]);
    } else {
      T v = f(a[0], b[0]);
      for (int64_t j = 0; j < len; ++j) o[j] = v;
    }
    e += len;
    j0 = 0;
    for (int d = rank - 2; d >= 0; --d) {
      ++idx[d];
      ia += g.sa[d];
      ib += g.sb[d];
      if (idx[d] < g.shape[d]) break;
      ia -= g.sa[d] * g.shape[d];
      ib -= g.sb[d] * g.shape[d];
      idx[d] = 0;
    }
  }
}

template <int OP>
static void binary_range(const tfn::BinaryArgs& g, int64_t e0, int64_t e1) {
  broadcast_range(g, g.out, e0, e1, [](float x, float y) { return bin_f<OP>(x, y); });
}

template <int OP>
static void binary_op(const tfn::BinaryArgs& g) {
  int64_t n = 1;
  for (int d = 0; d < g.rank; ++d) n *= g.shape[d];
  pfor(n, kElemGrain, [&](int64_t b, int64_t e) { binary_range<OP>(g, b, e); });
}

static void binary(const tfn::BinaryArgs& g) {
  switch (static_cast<tfn::BinaryOp>(g.op)) {
#define TFN_BINARY(id, name) \
  case tfn::k##id: return binary_op<tfn::k##id>(g);
#include "ops.def"
  }
}

template <int OP>
static inline float un_f(float v, float p1, float p2) {
  switch (static_cast<tfn::UnaryOp>(OP)) {
    case tfn::kNeg: return -v;
    case tfn::kRelu: return v < 0 ? 0.0f : v;
    case tfn::kExp: return exp_f(v);
    case tfn::kLog: return std::log(v);
    case tfn::kTanh: return tanh_f(v);
    case tfn::kSigmoid: return sigmoid_f(v);
    case tfn::kSqrt: return std::sqrt(v);
    case tfn::kRsqrt: return 1.0f / std::sqrt(v);
    case tfn::kSquare: return v * v;
    case tfn::kAbs: return std::fabs(v);
    case tfn::kReciprocal: return 1.0f / v;
    // expm1, not exp - 1: exact near 0, where exp(x) - 1 cancels (the one Elu formula in the addon).
    case tfn::kElu: return v > 0 ? v : std::expm1(v);
    case tfn::kSoftplus: return (v > 0 ? v : 0.0f) + std::log1p(std::exp(-std::fabs(v)));
    case tfn::kGeluTanh: {  // 0.5 v (1 + tanh(c (v + k v^3))); -Inf gives -0, not -Inf * 0
      if (v == -INFINITY) return -0.0f;
      float u = 0.7978845608028654f * (v + 0.044715f * v * v * v);
      return 0.5f * v * (1.0f + tanh_f(u));
    }
    case tfn::kClip: return v < p1 ? p1 : (v > p2 ? p2 : v);
    case tfn::kLog1p: return std::log1p(v);
    case tfn::kExpm1: return std::expm1(v);
    case tfn::kSign: return v > 0 ? 1.0f : (v < 0 ? -1.0f : 0.0f);  // sign(NaN) = 0, as in TF.js
    case tfn::kFloor: return std::floor(v);
    case tfn::kCeil: return std::ceil(v);
  }
  return v;
}

template <int OP>
static void unary_op(const float* x, float* out, int64_t n, float p1, float p2) {
  pfor(n, kElemGrain, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) out[i] = un_f<OP>(x[i], p1, p2);
  });
}

static void unary(int op, const float* x, float* out, int64_t n, float p1, float p2) {
  static void (*const table[])(const float*, float*, int64_t, float, float) = {
#define TFN_UNARY(id, name, attr1, attr2) &unary_op<tfn::k##id>,
#include "ops.def"
  };
  static_assert(sizeof(table) / sizeof(table[0]) == tfn::kUnaryCount, "one unary kernel per ops.def entry");
  if (op >= 0 && op < tfn::kUnaryCount) table[op](x, out, n, p1, p2);
}

#pragma GCC diagnostic pop
