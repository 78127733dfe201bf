// Convolution, pooling, optimizer updates and embedding kernels (included by isa_*.cc).
//
// conv2d works on NHWC activations and HWIO filters (the TF layout). Forward: im2col copies, for a group of
// whole images, every receptive field into a row of `col` [(b, oh, ow) x (kh, kw, ic)], and one GEMM with the
// filter viewed as [(kh, kw, ic) x oc] writes the output rows in place. Backward input: dcol = dy * W^T, then
// col2im adds each row back into the image (images are independent, so images run in parallel). Backward
// filter: dW += col^T * dy, accumulated over image groups. Groups are sized to keep `col` near L2 size.

static const int64_t kColTarget = 1 << 19;  // floats per im2col group (2 MiB)

static int64_t conv_group(const tfn::ConvGeom& c) {
  int64_t per_image = c.out_h * c.out_w * c.f_h * c.f_w * c.in_c;
  return max64(1, min64(c.batch, kColTarget / max64(1, per_image)));
}

static bool conv_is_pointwise(const tfn::ConvGeom& c) {
  return c.f_h == 1 && c.f_w == 1 && c.stride_h == 1 && c.stride_w == 1 && c.pad_top == 0 && c.pad_left == 0;
}

// Copies n floats; a plain loop beats memcpy for the short runs of narrow layers (in_c = 1 or 3).
static inline void copy_run(float* d, const float* src, int64_t n) {
  for (int64_t i = 0; i < n; ++i) d[i] = src[i];
}

static void im2col(const tfn::ConvGeom& c, const float* x, int64_t b0, int64_t nb, float* col) {
  int64_t kcols = c.f_h * c.f_w * c.in_c;
  int64_t rows = nb * c.out_h;
  int64_t run = c.f_w * c.in_c;  // with dilation 1, one filter row reads this many contiguous input floats
  pfor(rows, max64(1, 4096 / max64(1, c.out_w * kcols)), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      int64_t b = b0 + r / c.out_h, oh = r % c.out_h;
      for (int64_t ow = 0; ow < c.out_w; ++ow) {
        float* dst = col + ((r * c.out_w) + ow) * kcols;
        int64_t iw0 = ow * c.stride_w - c.pad_left;
        bool row_inside = c.dil_w == 1 && iw0 >= 0 && iw0 + c.f_w <= c.in_w;
        for (int64_t kh = 0; kh < c.f_h; ++kh) {
          int64_t ih = oh * c.stride_h + kh * c.dil_h - c.pad_top;
          float* d = dst + kh * run;
          if (ih < 0 || ih >= c.in_h) {
            for (int64_t i = 0; i < run; ++i) d[i] = 0.0f;
            continue;
          }
          const float* src_row = x + (b * c.in_h + ih) * c.in_w * c.in_c;
          if (row_inside) {
            copy_run(d, src_row + iw0 * c.in_c, run);
            continue;
          }
          for (int64_t kw = 0; kw < c.f_w; ++kw) {
            int64_t iw = iw0 + kw * c.dil_w;
            float* dk = d + kw * c.in_c;
            if (iw < 0 || iw >= c.in_w) {
              for (int64_t ic = 0; ic < c.in_c; ++ic) dk[ic] = 0.0f;
            } else {
              copy_run(dk, src_row + iw * c.in_c, c.in_c);
            }
          }
        }
      }
    }
  });
}

static void col2im_image(const tfn::ConvGeom& c, const float* col, float* dx_img) {
  int64_t kcols = c.f_h * c.f_w * c.in_c;
  for (int64_t oh = 0; oh < c.out_h; ++oh) {
    for (int64_t ow = 0; ow < c.out_w; ++ow) {
      const float* src = col + (oh * c.out_w + ow) * kcols;
      for (int64_t kh = 0; kh < c.f_h; ++kh) {
        int64_t ih = oh * c.stride_h + kh * c.dil_h - c.pad_top;
        if (ih < 0 || ih >= c.in_h) continue;
        for (int64_t kw = 0; kw < c.f_w; ++kw) {
          int64_t iw = ow * c.stride_w + kw * c.dil_w - c.pad_left;
          if (iw < 0 || iw >= c.in_w) continue;
          const float* s = src + (kh * c.f_w + kw) * c.in_c;
          float* d = dx_img + (ih * c.in_w + iw) * c.in_c;
          for (int64_t ic = 0; ic < c.in_c; ++ic) d[ic] += s[ic];
        }
      }
    }
  }
}

static tfn::GemmArgs plain_gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda,
                                const float* b, int64_t ldb, float* cc, int64_t ldc, bool acc) {
  tfn::GemmArgs g{};
  g.trans_a = ta; g.trans_b = tb; g.accumulate = acc;
  g.m = m; g.n = n; g.k = k;
  g.a = a; g.lda = lda; g.b = b; g.ldb = ldb; g.c = cc; g.ldc = ldc;
  g.bias = nullptr; g.act = tfn::kActNone; g.act_alpha = 0.0f;
  return g;
}

static void conv2d(const tfn::ConvGeom& c, const float* x, const float* w, float* y) {
  int64_t kcols = c.f_h * c.f_w * c.in_c, pix = c.out_h * c.out_w;
  if (conv_is_pointwise(c)) {
    gemm(plain_gemm(false, false, c.batch * pix, c.out_c, kcols, x, kcols, w, c.out_c, y, c.out_c, false));
    return;
  }
  int64_t group = conv_group(c);
  float* col = tfn::scratch_alloc(static_cast<size_t>(group * pix * kcols));
  for (int64_t b0 = 0; b0 < c.batch; b0 += group) {
    int64_t nb = min64(group, c.batch - b0);
    im2col(c, x, b0, nb, col);
    gemm(plain_gemm(false, false, nb * pix, c.out_c, kcols, col, kcols, w, c.out_c, y + b0 * pix * c.out_c, c.out_c,
                    false));
  }
  tfn::scratch_free(col);
}

static void conv2d_backprop_input(const tfn::ConvGeom& c, const float* dy, const float* w, float* dx) {
  int64_t kcols = c.f_h * c.f_w * c.in_c, pix = c.out_h * c.out_w;
  if (conv_is_pointwise(c) && c.out_h == c.in_h && c.out_w == c.in_w) {
    gemm(plain_gemm(false, true, c.batch * pix, kcols, c.out_c, dy, c.out_c, w, c.out_c, dx, kcols, false));
    return;
  }
  int64_t img = c.in_h * c.in_w * c.in_c;
  int64_t group = conv_group(c);
  float* col = tfn::scratch_alloc(static_cast<size_t>(group * pix * kcols));
  for (int64_t b0 = 0; b0 < c.batch; b0 += group) {
    int64_t nb = min64(group, c.batch - b0);
    gemm(plain_gemm(false, true, nb * pix, kcols, c.out_c, dy + b0 * pix * c.out_c, c.out_c, w, c.out_c, col, kcols,
                    false));
    pfor(nb, 1, [&](int64_t i0, int64_t i1) {
      for (int64_t i = i0; i < i1; ++i) {
        float* d = dx + (b0 + i) * img;
        for (int64_t e = 0; e < img; ++e) d[e] = 0.0f;
        col2im_image(c, col + i * pix * kcols, d);
      }
    });
  }
  tfn::scratch_free(col);
}

static void conv2d_backprop_filter(const tfn::ConvGeom& c, const float* x, const float* dy, float* dw) {
  int64_t kcols = c.f_h * c.f_w * c.in_c, pix = c.out_h * c.out_w;
  if (conv_is_pointwise(c)) {
    gemm(plain_gemm(true, false, kcols, c.out_c, c.batch * pix, x, kcols, dy, c.out_c, dw, c.out_c, false));
    return;
  }
  int64_t group = conv_group(c);
  float* col = tfn::scratch_alloc(static_cast<size_t>(group * pix * kcols));
  for (int64_t b0 = 0; b0 < c.batch; b0 += group) {
    int64_t nb = min64(group, c.batch - b0);
    im2col(c, x, b0, nb, col);
    gemm(plain_gemm(true, false, kcols, c.out_c, nb * pix, col, kcols, dy + b0 * pix * c.out_c, c.out_c, dw, c.out_c,
                    b0 > 0));
  }
  if (c.batch == 0)
    for (int64_t i = 0; i < kcols * c.out_c; ++i) dw[i] = 0.0f;
  tfn::scratch_free(col);
}

// Pooling windows skip padded positions: max ignores them, average divides by the number of real elements.
static void pool(int op, const tfn::PoolGeom& p, const float* x, float* y) {
  int64_t ch = p.chan;
  pfor(p.batch * p.out_h, max64(1, 2048 / max64(1, p.out_w * ch)), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      int64_t b = r / p.out_h, oh = r % p.out_h;
      int64_t h0 = oh * p.stride_h - p.pad_top;
      int64_t hs = max64(h0, 0), he = min64(h0 + p.f_h, p.in_h);
      for (int64_t ow = 0; ow < p.out_w; ++ow) {
        int64_t w0 = ow * p.stride_w - p.pad_left;
        int64_t ws = max64(w0, 0), we = min64(w0 + p.f_w, p.in_w);
        float* o = y + ((b * p.out_h + oh) * p.out_w + ow) * ch;
        float init = op == tfn::kPoolMax ? -HUGE_VALF : 0.0f;
        for (int64_t cc = 0; cc < ch; ++cc) o[cc] = init;
        for (int64_t ih = hs; ih < he; ++ih)
          for (int64_t iw = ws; iw < we; ++iw) {
            const float* s = x + ((b * p.in_h + ih) * p.in_w + iw) * ch;
            if (op == tfn::kPoolMax)
              for (int64_t cc = 0; cc < ch; ++cc) o[cc] = (s[cc] > o[cc] || s[cc] != s[cc]) ? s[cc] : o[cc];
            else
              for (int64_t cc = 0; cc < ch; ++cc) o[cc] += s[cc];
          }
        if (op == tfn::kPoolAvg) {
          float inv = 1.0f / static_cast<float>(max64(1, (he - hs) * (we - ws)));
          for (int64_t cc = 0; cc < ch; ++cc) o[cc] *= inv;
        }
      }
    }
  });
}

static const int64_t kPoolChunk = 64;

// Max: each output's gradient goes to the first maximal input of its window. Avg: spread evenly.
static void pool_grad(int op, const tfn::PoolGeom& p, const float* x, const float* dy, float* dx) {
  int64_t ch = p.chan, img = p.in_h * p.in_w * ch;
  pfor(p.batch, 1, [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b) {
      float* d = dx + b * img;
      for (int64_t e = 0; e < img; ++e) d[e] = 0.0f;
      for (int64_t oh = 0; oh < p.out_h; ++oh) {
        int64_t h0 = oh * p.stride_h - p.pad_top;
        int64_t hs = max64(h0, 0), he = min64(h0 + p.f_h, p.in_h);
        for (int64_t ow = 0; ow < p.out_w; ++ow) {
          int64_t w0 = ow * p.stride_w - p.pad_left;
          int64_t ws = max64(w0, 0), we = min64(w0 + p.f_w, p.in_w);
          const float* g = dy + ((b * p.out_h + oh) * p.out_w + ow) * ch;
          if (op == tfn::kPoolAvg) {
            float inv = 1.0f / static_cast<float>(max64(1, (he - hs) * (we - ws)));
            for (int64_t ih = hs; ih < he; ++ih)
              for (int64_t iw = ws; iw < we; ++iw) {
                float* dd = d + (ih * p.in_w + iw) * ch;
                for (int64_t cc = 0; cc < ch; ++cc) dd[cc] += g[cc] * inv;
              }
            continue;
          }
          // Track the first maximum of every channel at once (contiguous in NHWC), then route dy to it.
          for (int64_t c0 = 0; c0 < ch; c0 += kPoolChunk) {
            int64_t len = min64(kPoolChunk, ch - c0);
            float best[kPoolChunk];
            int32_t at[kPoolChunk];
            for (int64_t cc = 0; cc < len; ++cc) {
              best[cc] = -HUGE_VALF;
              at[cc] = -1;
            }
            for (int64_t ih = hs; ih < he; ++ih)
              for (int64_t iw = ws; iw < we; ++iw) {
                int32_t pos = static_cast<int32_t>(ih * p.in_w + iw);
                const float* s = x + ((b * p.in_h + ih) * p.in_w + iw) * ch + c0;
                for (int64_t cc = 0; cc < len; ++cc) {
                  bool take = at[cc] < 0 || s[cc] > best[cc];  // first maximum; NaN never wins (TS reference)
                  best[cc] = take ? s[cc] : best[cc];
                  at[cc] = take ? pos : at[cc];
                }
              }
            for (int64_t cc = 0; cc < len; ++cc)
              if (at[cc] >= 0) d[static_cast<int64_t>(at[cc]) * ch + c0 + cc] += g[c0 + cc];
          }
        }
      }
    }
  });
}

// ---- optimizer updates (one pass over the parameter; outputs may alias inputs) ----
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

// ---- embeddings ----
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
