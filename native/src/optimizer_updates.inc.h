// Optimizer updates of src/ops/optimizer-updates.ts (included by isa_*.cc): one pass over the parameter, and
// the outputs may alias the inputs.
static void sgd(const float* p, const float* g, float* po, int64_t n, float lr) {
  pfor(n, kElemGrain, [&](int64_t b, int64_t e) {
    // Element i reads and writes only index i (outputs may be the inputs), so there is no loop-carried
    // dependency; without the hint GCC gives up on the many run-time alias checks and stays scalar.
#pragma GCC ivdep
    for (int64_t i = b; i < e; ++i) po[i] = p[i] - lr * g[i];
  });
}

static void momentum(const float* p, const float* g, const float* acc, float* po, float* acco, int64_t n, float lr,
                     float mom, bool nesterov, bool keras_form) {
  pfor(n, kElemGrain, [&](int64_t b, int64_t e) {
#pragma GCC ivdep
    for (int64_t i = b; i < e; ++i) {
      float gi = g[i];
      if (keras_form) {  // v = m v - lr g; p += v (nesterov: p += m v - lr g)
        float v = mom * acc[i] - lr * gi;
        acco[i] = v;
        po[i] = nesterov ? p[i] + mom * v - lr * gi : p[i] + v;
      } else {  // TF.js: a = m a + g; p -= lr a (nesterov: p -= lr (g + m a))
        float a = mom * acc[i] + gi;
        acco[i] = a;
        po[i] = nesterov ? p[i] - lr * (gi + mom * a) : p[i] - lr * a;
      }
    }
  });
}

// lr_t already carries Adam's bias corrections; lr_wd = lr * weight_decay (AdamW, decoupled) or 0.
static void adam(const float* p, const float* g, const float* m, const float* v, float* po, float* mo, float* vo,
                 int64_t n, float lr_t, float beta1, float beta2, float eps, float lr_wd) {
  pfor(n, kElemGrain, [&](int64_t b, int64_t e) {
#pragma GCC ivdep
    for (int64_t i = b; i < e; ++i) {
      float gi = g[i];
      float mi = beta1 * m[i] + (1.0f - beta1) * gi;
      float vi = beta2 * v[i] + (1.0f - beta2) * gi * gi;
      mo[i] = mi;
      vo[i] = vi;
      po[i] = p[i] - lr_wd * p[i] - lr_t * mi / (std::sqrt(vi) + eps);
    }
  });
}

static void rmsprop(const float* p, const float* g, const float* ms, const float* mom, const float* mg, float* po,
                    float* mso, float* momo, float* mgo, int64_t n, float lr, float rho, float momentum_, float eps,
                    bool centered) {
  pfor(n, kElemGrain, [&](int64_t b, int64_t e) {
#pragma GCC ivdep
    for (int64_t i = b; i < e; ++i) {
      float gi = g[i];
      float msi = rho * ms[i] + (1.0f - rho) * gi * gi;
      float mgi = centered ? rho * mg[i] + (1.0f - rho) * gi : mg[i];
      float denom = centered ? msi - mgi * mgi : msi;
      float step = lr * gi / std::sqrt(denom + eps);
      // Without momentum the slot is left as it was and the step applies directly (as in the TS reference).
      float momi = momentum_ > 0 ? momentum_ * mom[i] + step : mom[i];
      mso[i] = msi;
      mgo[i] = mgi;
      momo[i] = momi;
      po[i] = p[i] - (momentum_ > 0 ? momi : step);
    }
  });
}

static void adagrad(const float* p, const float* g, const float* acc, float* po, float* acco, int64_t n, float lr,
                    float eps) {
  pfor(n, kElemGrain, [&](int64_t b, int64_t e) {
#pragma GCC ivdep
    for (int64_t i = b; i < e; ++i) {
      float a = acc[i] + g[i] * g[i];
      acco[i] = a;
      po[i] = p[i] - lr * g[i] / std::sqrt(a + eps);
    }
  });
}
