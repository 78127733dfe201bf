// Softmax, log-softmax and the fused activations' gradient (src/ops/activations.ts; included by isa_*.cc).

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

static void act_grad(int act, const float* dy, const float* y, float* dx, int64_t n) {
  switch (act) {
    case tfn::kActRelu: return act_grad_loop(dy, y, dx, n, [](float d, float v) { return v > 0 ? d : 0.0f; });
    case tfn::kActSigmoid: return act_grad_loop(dy, y, dx, n, [](float d, float v) { return d * v * (1.0f - v); });
    case tfn::kActTanh: return act_grad_loop(dy, y, dx, n, [](float d, float v) { return d * (1.0f - v * v); });
    default: return act_grad_loop(dy, y, dx, n, [](float d, float) { return d; });
  }
}
