// Max and average pooling and their gradients, NHWC (src/ops/pool.ts; included by isa_*.cc).

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
              for (int64_t cc = 0; cc < ch; ++cc) o[cc] = s[cc] > o[cc] ? s[cc] : o[cc];  // NaN is skipped (TF.js)
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

// Whether input column `i` lies in some window of a pooling axis with non-overlapping windows.
static inline bool pool_covered(int64_t i, int64_t pad, int64_t stride, int64_t f, int64_t out) {
  int64_t t = i + pad;
  return t / stride < out && t % stride < f;
}

// For channels [c0, c0 + len) of image b, the position (h * in_w + w) of the first maximum in the window
// rows [hs, he) x columns [ws, we), or -1 for an empty window; NaN is skipped unless the window is all NaN (as in
// the TS reference). All the
// channels are tracked at once, since they are contiguous in NHWC.
static void window_first_max(const tfn::PoolGeom& p, const float* x, int64_t b, int64_t hs, int64_t he, int64_t ws,
                             int64_t we, int64_t c0, int64_t len, int32_t* at) {
  float best[kPoolChunk];
  for (int64_t cc = 0; cc < len; ++cc) {
    best[cc] = -HUGE_VALF;
    at[cc] = -1;
  }
  for (int64_t h = hs; h < he; ++h)
    for (int64_t w = ws; w < we; ++w) {
      int32_t pos = static_cast<int32_t>(h * p.in_w + w);
      const float* sx = x + ((b * p.in_h + h) * p.in_w + w) * p.chan + c0;
      for (int64_t cc = 0; cc < len; ++cc) {
        bool take = at[cc] < 0 || sx[cc] > best[cc] || (best[cc] != best[cc] && sx[cc] == sx[cc]);
        best[cc] = take ? sx[cc] : best[cc];
        at[cc] = take ? pos : at[cc];
      }
    }
}

// Max-pool gradient when windows do not overlap (stride >= filter, e.g. 2x2/2): every input position belongs to
// at most one window, so dx is written once (dy at the window's first maximum, 0 elsewhere) instead of zeroed and
// then scattered into. Each task owns the input rows from its output row's window up to the next window (the
// last one to the bottom), zeroing the rows and columns no window covers.
static void max_pool_grad_disjoint(const tfn::PoolGeom& p, const float* x, const float* dy, float* dx) {
  int64_t ch = p.chan, row_len = p.in_w * ch;
  pfor(p.batch * p.out_h, max64(1, 2048 / max64(1, p.out_w * ch)), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      int64_t b = r / p.out_h, oh = r % p.out_h;
      int64_t h0 = oh * p.stride_h - p.pad_top;
      int64_t hs = max64(h0, 0), he = min64(h0 + p.f_h, p.in_h);
      int64_t band_end = oh == p.out_h - 1 ? p.in_h : max64(he, min64(h0 + p.stride_h, p.in_h));
      float* dimg = dx + b * p.in_h * row_len;
      for (int64_t h = he; h < band_end; ++h)
        for (int64_t e = 0; e < row_len; ++e) dimg[h * row_len + e] = 0.0f;
      for (int64_t h = hs; h < he; ++h)
        for (int64_t iw = 0; iw < p.in_w; ++iw)
          if (!pool_covered(iw, p.pad_left, p.stride_w, p.f_w, p.out_w))
            for (int64_t cc = 0; cc < ch; ++cc) dimg[h * row_len + iw * ch + cc] = 0.0f;
      for (int64_t ow = 0; ow < p.out_w; ++ow) {
        int64_t w0 = ow * p.stride_w - p.pad_left;
        int64_t ws = max64(w0, 0), we = min64(w0 + p.f_w, p.in_w);
        const float* g = dy + ((b * p.out_h + oh) * p.out_w + ow) * ch;
        for (int64_t c0 = 0; c0 < ch; c0 += kPoolChunk) {
          int64_t len = min64(kPoolChunk, ch - c0);
          int32_t at[kPoolChunk];
          window_first_max(p, x, b, hs, he, ws, we, c0, len, at);
          for (int64_t h = hs; h < he; ++h)
            for (int64_t w = ws; w < we; ++w) {
              int32_t pos = static_cast<int32_t>(h * p.in_w + w);
              float* dd = dimg + pos * ch + c0;
              for (int64_t cc = 0; cc < len; ++cc) dd[cc] = at[cc] == pos ? g[c0 + cc] : 0.0f;
            }
        }
      }
    }
  });
}

// Max: each output's gradient goes to the first maximal input of its window. Avg: spread evenly.
static void pool_grad(int op, const tfn::PoolGeom& p, const float* x, const float* dy, float* dx) {
  bool disjoint = p.stride_h >= p.f_h && p.stride_w >= p.f_w && p.pad_top < p.f_h && p.pad_left < p.f_w;
  if (op == tfn::kPoolMax && disjoint && p.out_h > 0 && p.out_w > 0) return max_pool_grad_disjoint(p, x, dy, dx);
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
          // Route dy to the first maximum of each channel.
          for (int64_t c0 = 0; c0 < ch; c0 += kPoolChunk) {
            int64_t len = min64(kPoolChunk, ch - c0);
            int32_t at[kPoolChunk];
            window_first_max(p, x, b, hs, he, ws, we, c0, len, at);
            for (int64_t cc = 0; cc < len; ++cc)
              if (at[cc] >= 0) d[static_cast<int64_t>(at[cc]) * ch + c0 + cc] += g[c0 + cc];
          }
        }
      }
    }
  });
}
