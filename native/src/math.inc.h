// Branch-free scalar math that GCC vectorises inside the loops of the ISA units (included inside an anonymous
// namespace by isa_*.cc; see common.h for why). The vectorising needs -fno-trapping-math (binding.gyp): under
// GCC's default -ftrapping-math the selects stay branches ("control flow in loop") and every loop calling exp_f,
// tanh_f or sigmoid_f ran scalar. native/tools/vector_math_check.cc checks that the vector loops return the same
// bits as the scalar code.
//
// Approximations. Max errors against double-precision libm, measured by native/tools/approx_error.cc over every
// 13th float of each range (1 ulp = one unit in the last place of the float32 result; 0.5 ulp is exact rounding):
//   exp_f:     relative error <= 8.4e-8 (1.0 ulp) for x in [-87.33, 88.72]; subnormal results (x < -87.33) have an
//              absolute error <= 1.1e-45; x > 88.72 gives +Inf, x < -104 gives 0, NaN stays NaN.
//   tanh_f:    relative error <= 1.5e-7 (1.5 ulp), absolute <= 9e-8, on [-10, 10]; exactly +-1 beyond.
//   sigmoid_f: relative error <= 1.5e-7 (2.5 ulp), absolute <= 9e-8, on [-100, 100].
// Everything else (log, pow, log1p, ...) calls libm and is exact to libm's accuracy.
// (The ISA unit includes <cmath>, <cstdint> and <cstring> before opening its namespaces.)

static inline float bits_to_float(int32_t i) { return __builtin_bit_cast(float, i); }

// exp(x): Cody-Waite reduction x = n ln2 + r with |r| <= ln2/2, a degree-6 polynomial for exp(r) (Cephes expf
// coefficients) and 2^n applied in two halves so subnormal results stay correct.
static inline float exp_f(float x) {
  const float hi = 88.72283f, lo = -104.0f;
  float xc = x < lo ? lo : (x > hi ? hi : x);  // NaN compares false and passes through
  float n = (xc * 1.44269504088896341f + 12582912.0f) - 12582912.0f;  // round to nearest integer
  float r = xc - n * 0.693359375f;
  r = r + n * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  float y = p * (r * r) + r + 1.0f;
  int32_t e = static_cast<int32_t>(n);
  int32_t e1 = e >> 1;
  int32_t e2 = e - e1;
  float res = y * bits_to_float((e1 + 127) << 23) * bits_to_float((e2 + 127) << 23);
  res = x > hi ? HUGE_VALF : res;
  return x < lo ? 0.0f : res;
}

// tanh(x): odd polynomial below 0.625 (Cephes tanhf), else 1 - 2 / (exp(2|x|) + 1).
static inline float tanh_f(float x) {
  float ax = std::fabs(x);
  float s = x * x;
  float poly = ((((-5.70498872745e-3f * s + 2.06390887954e-2f) * s - 5.37397155531e-2f) * s + 1.33314422036e-1f) * s -
                3.33332819422e-1f) * s * x + x;
  float t = exp_f(-2.0f * ax);
  float big = (1.0f - t) / (1.0f + t);
  big = x < 0 ? -big : big;
  return ax < 0.625f ? poly : big;
}

static inline float sigmoid_f(float x) { return 1.0f / (1.0f + exp_f(-x)); }

static inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }
static inline int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }

// Runs fn(begin, end) over [0, n) on the pool. F is a lambda local to an ISA unit, so the trampoline
// instantiation has internal linkage.
template <class F>
static void pfor(int64_t n, int64_t grain, const F& f) {
  tfn::parallel_for(n, grain, [](void* ctx, int64_t b, int64_t e) { (*static_cast<const F*>(ctx))(b, e); },
                    const_cast<void*>(static_cast<const void*>(&f)));
}

// Applies activation `act` (an ActOp of ops.def) to v[0..n) in place; the switch sits outside the loop so each
// loop vectorises.
static inline void act_inplace(int act, float* v, int64_t n) {
  switch (act) {
    case tfn::kActRelu: for (int64_t i = 0; i < n; ++i) v[i] = v[i] < 0 ? 0.0f : v[i]; break;
    case tfn::kActSigmoid: for (int64_t i = 0; i < n; ++i) v[i] = sigmoid_f(v[i]); break;
    case tfn::kActTanh: for (int64_t i = 0; i < n; ++i) v[i] = tanh_f(v[i]); break;
    default: break;
  }
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

