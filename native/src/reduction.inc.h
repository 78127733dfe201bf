// Reductions of src/ops/reduction.ts over [outer, reduce, inner] views (included by isa_*.cc); the op list is
// ops.def (TFN_REDUCE).

// Sum over a long middle axis with few kept positions (a bias gradient: [pixels, channels] -> [channels]): the
// reduced axis is split into `slots` ranges with a double partial each, added in slot order (deterministic for
// a given thread count), so every thread streams its share of the input.
static void reduce_sum_split(const float* x, float* out, int64_t outer, int64_t red, int64_t inner, int64_t slots) {
  int64_t kept = outer * inner;
  slots = min64(slots, red);
  double* part = reinterpret_cast<double*>(tfn::scratch_alloc(static_cast<size_t>(2 * slots * kept)));
  pfor(slots, 1, [&](int64_t s0, int64_t s1) {
    for (int64_t s = s0; s < s1; ++s) {
      double* p = part + s * kept;
      int64_t r0 = red * s / slots, r1 = red * (s + 1) / slots;
      for (int64_t o = 0; o < outer; ++o) {
        double* acc = p + o * inner;
        for (int64_t i = 0; i < inner; ++i) acc[i] = 0.0;
        for (int64_t r = r0; r < r1; ++r) {
          const float* src = x + (o * red + r) * inner;
          for (int64_t i = 0; i < inner; ++i) acc[i] += static_cast<double>(src[i]);
        }
      }
    }
  });
  for (int64_t e = 0; e < kept; ++e) {
    double acc = 0.0;
    for (int64_t s = 0; s < slots; ++s) acc += part[s * kept + e];
    out[e] = static_cast<float>(acc);
  }
  tfn::scratch_free(reinterpret_cast<float*>(part));
}

// Sums accumulate in double (as the TypeScript reference does), max/min propagate NaN.
static void reduce(int op, const float* x, float* out, int64_t outer, int64_t red, int64_t inner) {
  double init = op == tfn::kRedProd ? 1.0 : op == tfn::kRedMax ? -HUGE_VAL : op == tfn::kRedMin ? HUGE_VAL : 0.0;
  if (inner == 1) {
    pfor(outer, max64(1, kElemGrain / max64(1, red)), [&](int64_t o0, int64_t o1) {
      for (int64_t o = o0; o < o1; ++o) {
        const float* row = x + o * red;
        double acc = init;
        if (op == tfn::kRedSum) {
          double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
          int64_t r = 0;
          for (; r + 8 <= red; r += 8)
            for (int l = 0; l < 8; ++l) s[l] += static_cast<double>(row[r + l]);
          for (; r < red; ++r) s[0] += static_cast<double>(row[r]);
          acc = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
        } else if (op == tfn::kRedProd) {
          for (int64_t r = 0; r < red; ++r) acc *= static_cast<double>(row[r]);
        } else {
          float m = static_cast<float>(init);
          bool is_max = op == tfn::kRedMax;
          for (int64_t r = 0; r < red; ++r) {
            float v = row[r];
            m = (v != v || m != m) ? m + v : ((is_max ? v > m : v < m) ? v : m);
          }
          acc = m;
        }
        out[o] = static_cast<float>(acc);
      }
    });
    return;
  }
  // Reduce over a middle axis: each task owns a slice of the inner (kept) positions of one outer index.
  int64_t ib = 256;
  int64_t inner_blocks = (inner + ib - 1) / ib;
  int64_t threads = tfn::num_threads();
  if ((op == tfn::kRedSum) && outer * inner_blocks < 2 * threads && red >= 512 &&
      outer * red * inner >= 2 * kElemGrain) {
    return reduce_sum_split(x, out, outer, red, inner, 4 * threads);
  }
  pfor(outer * inner_blocks, max64(1, kElemGrain / max64(1, red * ib)), [&](int64_t t0, int64_t t1) {
    double acc[256];
    for (int64_t t = t0; t < t1; ++t) {
      int64_t o = t / inner_blocks, i0 = (t % inner_blocks) * ib, len = min64(ib, inner - i0);
      for (int64_t i = 0; i < len; ++i) acc[i] = init;
      for (int64_t r = 0; r < red; ++r) {
        const float* src = x + (o * red + r) * inner + i0;
        if (op == tfn::kRedSum) {
          for (int64_t i = 0; i < len; ++i) acc[i] += static_cast<double>(src[i]);
        } else if (op == tfn::kRedProd) {
          for (int64_t i = 0; i < len; ++i) acc[i] *= static_cast<double>(src[i]);
        } else if (op == tfn::kRedMax) {
          for (int64_t i = 0; i < len; ++i) {
            double v = src[i];
            acc[i] = (v != v || acc[i] != acc[i]) ? acc[i] + v : (v > acc[i] ? v : acc[i]);
          }
        } else {
          for (int64_t i = 0; i < len; ++i) {
            double v = src[i];
            acc[i] = (v != v || acc[i] != acc[i]) ? acc[i] + v : (v < acc[i] ? v : acc[i]);
          }
        }
      }
      float* dst = out + o * inner + i0;
      for (int64_t i = 0; i < len; ++i) dst[i] = static_cast<float>(acc[i]);
    }
  });
}
