// Element-wise, broadcasting and reduction kernels (included by isa_*.cc). Each op's loop is written once with
// the op chosen outside the loop so GCC vectorises it for the unit's ISA.

static const int64_t kElemGrain = 1 << 15;  // elements per task: below this, running inline beats waking threads

template <int OP>
static inline float bin_f(float x, float y) {
  if (OP == tfn::kAdd) return x + y;
  if (OP == tfn::kSub) return x - y;
  if (OP == tfn::kMul) return x * y;
  if (OP == tfn::kDiv) return x / y;
  // Maximum/Minimum propagate NaN like Math.max/Math.min.
  if (OP == tfn::kMax) return (x != x || y != y) ? x + y : (x > y ? x : y);
  if (OP == tfn::kMin) return (x != x || y != y) ? x + y : (x < y ? x : y);
  if (OP == tfn::kSquaredDiff) return (x - y) * (x - y);
  if (OP == tfn::kPow) return std::pow(x, y);
  if (OP == tfn::kReluGrad) return y > 0 ? x : 0.0f;             // x = dy, y = relu input or output
  if (OP == tfn::kSigmoidGrad) return x * y * (1.0f - y);        // x = dy, y = sigmoid output
  if (OP == tfn::kTanhGrad) return x * (1.0f - y * y);           // x = dy, y = tanh output
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
  switch (g.op) {
    case tfn::kAdd: return binary_op<tfn::kAdd>(g);
    case tfn::kSub: return binary_op<tfn::kSub>(g);
    case tfn::kMul: return binary_op<tfn::kMul>(g);
    case tfn::kDiv: return binary_op<tfn::kDiv>(g);
    case tfn::kMax: return binary_op<tfn::kMax>(g);
    case tfn::kMin: return binary_op<tfn::kMin>(g);
    case tfn::kSquaredDiff: return binary_op<tfn::kSquaredDiff>(g);
    case tfn::kPow: return binary_op<tfn::kPow>(g);
    case tfn::kReluGrad: return binary_op<tfn::kReluGrad>(g);
    case tfn::kSigmoidGrad: return binary_op<tfn::kSigmoidGrad>(g);
    case tfn::kTanhGrad: return binary_op<tfn::kTanhGrad>(g);
    default: return;
  }
}

template <int OP>
static inline uint8_t cmp_f(float x, float y) {
  if (OP == tfn::kGreater) return x > y;
  if (OP == tfn::kGreaterEqual) return x >= y;
  if (OP == tfn::kLess) return x < y;
  if (OP == tfn::kLessEqual) return x <= y;
  if (OP == tfn::kEqual) return x == y;
  return x != y;
}

template <int OP>
static void compare_op(const tfn::BinaryArgs& g, uint8_t* out) {
  int64_t n = 1;
  for (int d = 0; d < g.rank; ++d) n *= g.shape[d];
  pfor(n, kElemGrain, [&](int64_t b, int64_t e) { broadcast_range(g, out, b, e, [](float x, float y) { return cmp_f<OP>(x, y); }); });
}

static void compare(int op, const tfn::BinaryArgs& g, uint8_t* out) {
  switch (op) {
    case tfn::kGreater: return compare_op<tfn::kGreater>(g, out);
    case tfn::kGreaterEqual: return compare_op<tfn::kGreaterEqual>(g, out);
    case tfn::kLess: return compare_op<tfn::kLess>(g, out);
    case tfn::kLessEqual: return compare_op<tfn::kLessEqual>(g, out);
    case tfn::kEqual: return compare_op<tfn::kEqual>(g, out);
    case tfn::kNotEqual: return compare_op<tfn::kNotEqual>(g, out);
    default: return;
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

template <int OP>
static inline float un_f(float v, float p1, float p2) {
  switch (OP) {
    case tfn::kNeg: return -v;
    case tfn::kRelu: return v < 0 ? 0.0f : v;
    case tfn::kRelu6: return v < 0 ? 0.0f : (v > 6 ? 6.0f : v);
    case tfn::kExp: return exp_f(v);
    case tfn::kLog: return std::log(v);
    case tfn::kTanh: return tanh_f(v);
    case tfn::kSigmoid: return sigmoid_f(v);
    case tfn::kSqrt: return std::sqrt(v);
    case tfn::kRsqrt: return 1.0f / std::sqrt(v);
    case tfn::kSquare: return v * v;
    case tfn::kAbs: return std::fabs(v);
    case tfn::kReciprocal: return 1.0f / v;
    case tfn::kElu: return v > 0 ? v : p1 * std::expm1(v);
    case tfn::kSoftplus: return (v > 0 ? v : 0.0f) + std::log1p(std::exp(-std::fabs(v)));
    case tfn::kLeakyRelu: return v < 0 ? p1 * v : v;
    case tfn::kClip: return v < p1 ? p1 : (v > p2 ? p2 : v);
    case tfn::kStep: return v > 0 ? 1.0f : (v != v ? v : 0.0f);
    case tfn::kSelu: return v > 0 ? 1.0507009873554805f * v : 1.0507009873554805f * 1.6732632423543772f * std::expm1(v);
    case tfn::kLog1p: return std::log1p(v);
    case tfn::kExpm1: return std::expm1(v);
    case tfn::kSign: return v > 0 ? 1.0f : (v < 0 ? -1.0f : 0.0f);  // sign(NaN) = 0, as in TF.js
    case tfn::kFloor: return std::floor(v);
    case tfn::kCeil: return std::ceil(v);
    default: return v;
  }
}

template <int OP>
static void unary_op(const float* x, float* out, int64_t n, float p1, float p2) {
  pfor(n, kElemGrain, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) out[i] = un_f<OP>(x[i], p1, p2);
  });
}

template <int... OPS>
struct UnaryTable {
  static void run(int op, const float* x, float* out, int64_t n, float p1, float p2) {
    static void (*const table[])(const float*, float*, int64_t, float, float) = {&unary_op<OPS>...};
    if (op >= 0 && op < static_cast<int>(sizeof(table) / sizeof(table[0]))) table[op](x, out, n, p1, p2);
  }
};

static void unary(int op, const float* x, float* out, int64_t n, float p1, float p2) {
  UnaryTable<tfn::kNeg, tfn::kRelu, tfn::kRelu6, tfn::kExp, tfn::kLog, tfn::kTanh, tfn::kSigmoid, tfn::kSqrt,
             tfn::kRsqrt, tfn::kSquare, tfn::kAbs, tfn::kReciprocal, tfn::kElu, tfn::kSoftplus, tfn::kLeakyRelu,
             tfn::kClip, tfn::kStep, tfn::kSelu, tfn::kLog1p, tfn::kExpm1, tfn::kSign, tfn::kFloor, tfn::kCeil,
             tfn::kCopy>::run(op, x, out, n, p1, p2);
}

// Reductions written with 16 independent partial results: without -ffast-math GCC may not reorder a single
// float accumulator, so the plain loop would stay scalar (and drag the exp along with it).
static inline float row_max(const float* x, int64_t n) {
  float part[16];
  for (int l = 0; l < 16; ++l) part[l] = -HUGE_VALF;
  int64_t j = 0;
  for (; j + 16 <= n; j += 16)
    for (int l = 0; l < 16; ++l) part[l] = x[j + l] > part[l] ? x[j + l] : part[l];
  float m = -HUGE_VALF;
  for (; j < n; ++j) m = x[j] > m ? x[j] : m;
  for (int l = 0; l < 16; ++l) m = part[l] > m ? part[l] : m;
  return m;
}

static inline float row_sum(const float* x, int64_t n) {
  float part[16] = {0};
  int64_t j = 0;
  for (; j + 16 <= n; j += 16)
    for (int l = 0; l < 16; ++l) part[l] += x[j + l];
  float s = 0.0f;
  for (; j < n; ++j) s += x[j];
  for (int l = 0; l < 16; ++l) s += part[l];
  return s;
}

static inline bool row_has_nan(const float* x, int64_t n) {
  int bad = 0;
  for (int64_t j = 0; j < n; ++j) bad |= x[j] != x[j];
  return bad != 0;
}

// Softmax of rows shorter than kShortRow (a 10-class head): per row, the loops would be mostly remainder, so
// blocks of rows are shifted by their maxima into a local buffer, exponentiated in one vector loop, then
// normalised. Same operations in the same order as the long-row path, so the same bits (256 x 10: 20 -> 13-14 us).
static const int64_t kShortRow = 32;
static void softmax_short_rows(const float* x, float* out, int64_t r0, int64_t r1, int64_t cols, bool log) {
  const int64_t block = 64;
  float e[block * kShortRow], m[block];
  for (int64_t rb = r0; rb < r1; rb += block) {
    int64_t nr = min64(block, r1 - rb);
    for (int64_t r = 0; r < nr; ++r) {
      const float* xr = x + (rb + r) * cols;
      m[r] = row_has_nan(xr, cols) ? NAN : row_max(xr, cols);  // a NaN maximum makes the whole row NaN below
      for (int64_t j = 0; j < cols; ++j) e[r * cols + j] = xr[j] - m[r];
    }
    for (int64_t i = 0; i < nr * cols; ++i) e[i] = exp_f(e[i]);
    for (int64_t r = 0; r < nr; ++r) {
      const float* xr = x + (rb + r) * cols;
      float* o = out + (rb + r) * cols;
      float s = row_sum(e + r * cols, cols);
      if (log) {
        float lse = m[r] + std::log(s);
        for (int64_t j = 0; j < cols; ++j) o[j] = xr[j] - lse;
      } else {
        float inv = 1.0f / s;
        for (int64_t j = 0; j < cols; ++j) o[j] = e[r * cols + j] * inv;
      }
    }
  }
}

// Row-wise softmax / log-softmax over the last axis.
static void softmax(const float* x, float* out, int64_t rows, int64_t cols, bool log) {
  pfor(rows, max64(1, kElemGrain / max64(1, cols)), [&](int64_t r0, int64_t r1) {
    if (cols < kShortRow) return softmax_short_rows(x, out, r0, r1, cols, log);
    for (int64_t r = r0; r < r1; ++r) {
      const float* xr = x + r * cols;
      float* o = out + r * cols;
      if (row_has_nan(xr, cols)) {
        for (int64_t j = 0; j < cols; ++j) o[j] = NAN;
        continue;
      }
      float m = row_max(xr, cols);
      for (int64_t j = 0; j < cols; ++j) o[j] = exp_f(xr[j] - m);
      float s = row_sum(o, cols);
      if (log) {
        float lse = m + std::log(s);
        for (int64_t j = 0; j < cols; ++j) o[j] = xr[j] - lse;
      } else {
        float inv = 1.0f / s;
        for (int64_t j = 0; j < cols; ++j) o[j] *= inv;
      }
    }
  });
}

// dx[i] = f(dy[i], y[i]); element i touches index i only (dx may alias dy), and both inputs are read
// unconditionally so the selects become vector blends instead of data-dependent branches.
template <class F>
static void act_grad_loop(const float* dy, const float* y, float* dx, int64_t n, F f) {
  pfor(n, kElemGrain, [&](int64_t b, int64_t e) {
#pragma GCC ivdep
    for (int64_t i = b; i < e; ++i) dx[i] = f(dy[i], y[i]);
  });
}

static void act_grad(int act, const float* dy, const float* y, float* dx, int64_t n, float alpha) {
  switch (act) {
    case tfn::kActRelu: return act_grad_loop(dy, y, dx, n, [](float d, float v) { return v > 0 ? d : 0.0f; });
    case tfn::kActRelu6:
      return act_grad_loop(dy, y, dx, n, [](float d, float v) { return (v > 0 && v < 6) ? d : 0.0f; });
    case tfn::kActSigmoid: return act_grad_loop(dy, y, dx, n, [](float d, float v) { return d * v * (1.0f - v); });
    case tfn::kActTanh: return act_grad_loop(dy, y, dx, n, [](float d, float v) { return d * (1.0f - v * v); });
    case tfn::kActElu:
      return act_grad_loop(dy, y, dx, n, [alpha](float d, float v) { return v > 0 ? d : d * (v + alpha); });
    case tfn::kActLeakyRelu:
      return act_grad_loop(dy, y, dx, n, [alpha](float d, float v) { return v < 0 ? alpha * d : d; });
    default: return act_grad_loop(dy, y, dx, n, [](float d, float) { return d; });
  }
}

// log(sum(exp(x))) of one row with the max subtracted; a non-finite max is returned as is (TS reference).
static inline float row_lse(const float* x, int64_t cols) {
  if (row_has_nan(x, cols)) return NAN;
  float m = row_max(x, cols);
  if (!(m - m == 0.0f)) return m;
  float part[16] = {0};
  int64_t j = 0;
  for (; j + 16 <= cols; j += 16)
    for (int l = 0; l < 16; ++l) part[l] += exp_f(x[j + l] - m);
  float s = 0.0f;
  for (; j < cols; ++j) s += exp_f(x[j] - m);
  for (int l = 0; l < 16; ++l) s += part[l];
  return m + std::log(s);
}

static void sparse_xent(const float* logits, const int32_t* labels, float* loss, int64_t rows, int64_t cols) {
  pfor(rows, max64(1, kElemGrain / max64(1, cols)), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      int64_t k = labels[r];
      const float* x = logits + r * cols;
      loss[r] = (k >= 0 && k < cols) ? row_lse(x, cols) - x[k] : NAN;
    }
  });
}

static void softmax_xent(const float* logits, const float* labels, float* loss, float* grad, int64_t rows,
                         int64_t cols) {
  pfor(rows, max64(1, kElemGrain / max64(1, cols)), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      const float* x = logits + r * cols;
      const float* t = labels + r * cols;
      float lse = row_lse(x, cols);
      double l = 0.0;
      for (int64_t j = 0; j < cols; ++j)
        if (t[j] != 0.0f) l += static_cast<double>(t[j]) * static_cast<double>(lse - x[j]);
      loss[r] = static_cast<float>(l);
      if (grad != nullptr) {
        float* gr = grad + r * cols;
        for (int64_t j = 0; j < cols; ++j) gr[j] = exp_f(x[j] - lse) - t[j];
      }
    }
  });
}
