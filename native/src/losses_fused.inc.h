// Fused softmax cross-entropy kernels of src/ops/losses-fused.ts (included by isa_*.cc after activations.inc.h).

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
