// Row gather and scatter-add of embeddings (src/ops/gather.ts; included by isa_*.cc).
static void gather_rows(const float* table, int64_t rows, int64_t cols, const int32_t* idx, int64_t n, float* out) {
  pfor(n, max64(1, kElemGrain / max64(1, cols)), [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      int64_t r = idx[i];
      float* o = out + i * cols;
      if (r < 0 || r >= rows) {
        for (int64_t j = 0; j < cols; ++j) o[j] = 0.0f;
      } else {
        std::memcpy(o, table + r * cols, static_cast<size_t>(cols) * sizeof(float));
      }
    }
  });
}

// Serial over indices (duplicates add into the same row); parallel over column blocks when rows are wide.
static void scatter_add_rows(const float* src, int64_t cols, const int32_t* idx, int64_t n, float* out, int64_t rows) {
  int64_t cb = 64, blocks = (cols + cb - 1) / cb;
  pfor(blocks, max64(1, kElemGrain / max64(1, n * cb)), [&](int64_t b0, int64_t b1) {
    int64_t j0 = b0 * cb, j1 = min64(cols, b1 * cb);
    for (int64_t i = 0; i < n; ++i) {
      int64_t r = idx[i];
      if (r < 0 || r >= rows) continue;
      const float* s = src + i * cols;
      float* o = out + r * cols;
      for (int64_t j = j0; j < j1; ++j) o[j] += s[j];
    }
  });
}
