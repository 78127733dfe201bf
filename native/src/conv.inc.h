// Convolution kernels of src/ops/conv.ts and fused-conv.ts, NHWC input and HWIO filter (included by isa_*.cc).
//
// conv2d works on NHWC activations and HWIO filters (the TF layout), as implicit GEMMs over the virtual im2col
// matrix col [(b, oh, ow) x (kh, kw, ic)], which is never materialised for the forward pass and the filter
// gradient: the GEMM's packing routines read receptive fields straight from x (pack_a_conv, pack_at_conv).
// Forward: y = col * W with the filter viewed as [(kh, kw, ic) x oc], packed once and shared by the tasks, each
// task taking MC rows of y. Backward input: for a group of whole images, dcol = dy * W^T into a thread-local
// buffer that stays in the core's L2 (a serial GEMM inside the pool task), then col2im adds each row back into
// the image. Backward filter: dW = col^T * dy with the pixels (the depth) split into slots, each with its own dW
// partial, summed in slot order afterwards (deterministic for a given thread count). 1x1 stride-1 convolutions
// are plain GEMMs.

static const int64_t kColTarget = 1 << 18;  // floats of im2col per task (1 MiB, within one core's L2)

// Images per task: the group's col fits kColTarget, and the batch splits into about 4 tasks per thread.
static int64_t conv_group(const tfn::ConvGeom& c) {
  int64_t per_image = max64(1, c.out_h * c.out_w * c.f_h * c.f_w * c.in_c);
  int64_t per_thread = 4 * static_cast<int64_t>(tfn::num_threads());
  int64_t spread = max64(1, (c.batch + per_thread - 1) / per_thread);
  return max64(1, min64(spread, kColTarget / per_image));
}

static thread_local PackBuffer tls_col;

static bool conv_is_pointwise(const tfn::ConvGeom& c) {
  return c.f_h == 1 && c.f_w == 1 && c.stride_h == 1 && c.stride_w == 1 && c.pad_top == 0 && c.pad_left == 0;
}

#include "col2im.inc.h"

static tfn::GemmArgs plain_gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda,
                                const float* b, int64_t ldb, float* cc, int64_t ldc, bool acc) {
  tfn::GemmArgs g{};
  g.trans_a = ta; g.trans_b = tb; g.accumulate = acc;
  g.m = m; g.n = n; g.k = k;
  g.a = a; g.lda = lda; g.b = b; g.ldb = ldb; g.c = cc; g.ldc = ldc;
  g.bias = nullptr; g.act = tfn::kActNone;
  return g;
}

// A row of the virtual im2col matrix: output pixel (b, oh, ow), walked in order without divisions.
struct ConvPixel {
  int64_t b, oh, ow;
  ConvPixel(const tfn::ConvGeom& c, int64_t r) {
    int64_t pix = c.out_h * c.out_w;
    b = r / pix;
    oh = (r % pix) / c.out_w;
    ow = r % c.out_w;
  }
  void next(const tfn::ConvGeom& c) {
    if (++ow < c.out_w) return;
    ow = 0;
    if (++oh < c.out_h) return;
    oh = 0;
    ++b;
  }
};

// Writes columns [k0, k0 + len) of pixel `px`'s row of the virtual im2col matrix (columns (kh, kw, ic)) to
// dst[t * stride], reading x directly; padding reads as zero.
static void conv_row(const tfn::ConvGeom& c, const float* x, const ConvPixel& px, int64_t k0, int64_t len,
                     float* dst, int64_t stride) {
  int64_t run = c.f_w * c.in_c, iw0 = px.ow * c.stride_w - c.pad_left;
  bool row_inside = c.dil_w == 1 && iw0 >= 0 && iw0 + c.f_w <= c.in_w;
  int64_t kh = k0 / run, q = k0 - kh * run;
  for (int64_t k = k0, end = k0 + len; k < end; ++kh, q = 0) {
    int64_t n = min64(run - q, end - k);
    int64_t ih = px.oh * c.stride_h + kh * c.dil_h - c.pad_top;
    float* d = dst + (k - k0) * stride;
    if (ih < 0 || ih >= c.in_h) {
      for (int64_t t = 0; t < n; ++t) d[t * stride] = 0.0f;
    } else if (row_inside) {
      const float* src = x + ((px.b * c.in_h + ih) * c.in_w + iw0) * c.in_c + q;
      for (int64_t t = 0; t < n; ++t) d[t * stride] = src[t];
    } else {
      const float* src_row = x + (px.b * c.in_h + ih) * c.in_w * c.in_c;
      for (int64_t t = 0; t < n; ++t) {
        int64_t kw = (q + t) / c.in_c, ic = (q + t) % c.in_c, iw = iw0 + kw * c.dil_w;
        d[t * stride] = iw >= 0 && iw < c.in_w ? src_row[iw * c.in_c + ic] : 0.0f;
      }
    }
    k += n;
  }
}

// Packs rows [i0, i0 + mc) x columns [p0, p0 + kc) of the virtual im2col matrix straight into the GEMM's
// MR-tall A slivers (what pack_a would make of a materialised col matrix), zero-padding the last sliver.
static void pack_a_conv(const tfn::ConvGeom& c, const float* x, int64_t i0, int64_t mc, int64_t p0, int64_t kc,
                        float* out) {
  ConvPixel px(c, i0);
  for (int64_t s = 0; s < mc; s += MR) {
    int64_t rows = min64(MR, mc - s);
    float* dst = out + s * kc;
    for (int64_t i = 0; i < rows; ++i, px.next(c)) conv_row(c, x, px, p0, kc, dst + i, MR);
    for (int64_t i = rows; i < MR; ++i)
      for (int64_t p = 0; p < kc; ++p) dst[p * MR + i] = 0.0f;
  }
}

// Packs columns [i0, i0 + mc) x rows [p0, p0 + kc) of the virtual im2col matrix (op(A) = col^T, for the filter
// gradient) into MR-tall slivers; `row` is scratch for mc floats.
static void pack_at_conv(const tfn::ConvGeom& c, const float* x, int64_t i0, int64_t mc, int64_t p0, int64_t kc,
                         float* out, float* row) {
  int64_t slivers = (mc + MR - 1) / MR;
  ConvPixel px(c, p0);
  for (int64_t p = 0; p < kc; ++p, px.next(c)) {
    float* dst0 = out + p * MR;
    if (slivers == 1) {  // narrow filters (in_c = 1): write the sliver directly
      conv_row(c, x, px, i0, mc, dst0, 1);
      for (int64_t i = mc; i < MR; ++i) dst0[i] = 0.0f;
      continue;
    }
    conv_row(c, x, px, i0, mc, row, 1);
    for (int64_t s = 0; s < slivers; ++s) {
      float* dst = dst0 + s * MR * kc;
      int64_t rows = min64(MR, mc - s * MR);
      int64_t i = 0;
      for (; i < rows; ++i) dst[i] = row[s * MR + i];
      for (; i < MR; ++i) dst[i] = 0.0f;
    }
  }
}

// y = act(conv(x, w) + bias): bias (may be null) and activation are applied by the GEMM epilogue to each output
// tile while it is in cache (the fused conv op), so a Conv2D layer writes its output once.
static void conv2d(const tfn::ConvGeom& c, const float* x, const float* w, const float* bias, int act, float* y) {
  int64_t kcols = c.f_h * c.f_w * c.in_c, pix = c.out_h * c.out_w, m = c.batch * pix;
  if (conv_is_pointwise(c)) {
    tfn::GemmArgs g = plain_gemm(false, false, m, c.out_c, kcols, x, kcols, w, c.out_c, y, c.out_c, false);
    g.bias = bias;
    g.act = act;
    gemm(g);
    return;
  }
  if (m == 0 || c.out_c == 0) return;
  // Implicit GEMM: the filter is packed once (shared read-only), every task packs its MC rows of the virtual
  // im2col matrix straight from x and multiplies them into its rows of y.
  tfn::GemmArgs g = plain_gemm(false, false, m, c.out_c, kcols, nullptr, kcols, w, c.out_c, y, c.out_c, false);
  g.bias = bias;
  g.act = act;
  float* pb = tfn::scratch_alloc(static_cast<size_t>(packed_b_floats(kcols, c.out_c)));
  pack_b_all(g, pb);
  int64_t kstep = kc_step(kcols), m_blocks = (m + MC - 1) / MC;
  pfor(m_blocks, 1, [&](int64_t t0, int64_t t1) {
    for (int64_t t = t0; t < t1; ++t) {
      int64_t i0 = t * MC, mc = min64(MC, m - i0);
      const float* panel = pb;
      for (int64_t j0 = 0; j0 < c.out_c; j0 += NC_MAX) {
        int64_t nc = min64(NC_MAX, c.out_c - j0);
        for (int64_t p0 = 0; p0 < kcols; p0 += kstep) {
          int64_t kc = min64(kstep, kcols - p0);
          float* pa = pack_a_buffer(mc, kc);
          pack_a_conv(c, x, i0, mc, p0, kc, pa);
          macro_compute(g, pa, panel, i0, mc, j0, nc, p0, kc, 0, nc);
          panel += panel_floats(kc, nc);
        }
      }
    }
  });
  tfn::scratch_free(pb);
}

static void conv2d_backprop_input(const tfn::ConvGeom& c, const float* dy, const float* w, float* dx) {
  int64_t kcols = c.f_h * c.f_w * c.in_c, pix = c.out_h * c.out_w;
  if (conv_is_pointwise(c) && c.out_h == c.in_h && c.out_w == c.in_w) {
    gemm(plain_gemm(false, true, c.batch * pix, kcols, c.out_c, dy, c.out_c, w, c.out_c, dx, kcols, false));
    return;
  }
  int64_t img = c.in_h * c.in_w * c.in_c;
  int64_t group = conv_group(c), tasks = (c.batch + group - 1) / group;
  pfor(tasks, 1, [&](int64_t t0, int64_t t1) {
    float* col = tls_col.get(static_cast<size_t>(group * pix * kcols));
    for (int64_t t = t0; t < t1; ++t) {
      int64_t b0 = t * group, nb = min64(group, c.batch - b0);
      gemm(plain_gemm(false, true, nb * pix, kcols, c.out_c, dy + b0 * pix * c.out_c, c.out_c, w, c.out_c, col,
                      kcols, false));
      for (int64_t i = 0; i < nb; ++i) {
        float* d = dx + (b0 + i) * img;
        for (int64_t e = 0; e < img; ++e) d[e] = 0.0f;
        col2im_image(c, col + i * pix * kcols, d);
      }
    }
  });
}

static void conv2d_backprop_filter(const tfn::ConvGeom& c, const float* x, const float* dy, float* dw) {
  int64_t kcols = c.f_h * c.f_w * c.in_c, pix = c.out_h * c.out_w, wsize = kcols * c.out_c, m = c.batch * pix;
  if (conv_is_pointwise(c)) {
    gemm(plain_gemm(true, false, kcols, c.out_c, m, x, kcols, dy, c.out_c, dw, c.out_c, false));
    return;
  }
  if (wsize == 0) return;
  if (m == 0) {
    for (int64_t i = 0; i < wsize; ++i) dw[i] = 0.0f;
    return;
  }
  // Implicit GEMM dW = col^T dy with the pixels (the depth) split into slots, one dW partial each (slot 0
  // accumulates straight into dw), summed in slot order afterwards.
  int64_t kstep = kc_step(min64(m, KC)), k_blocks = (m + kstep - 1) / kstep;
  int64_t slots = min64(k_blocks, 4 * static_cast<int64_t>(tfn::num_threads()));
  float* part = slots > 1 ? tfn::scratch_alloc(static_cast<size_t>((slots - 1) * wsize)) : nullptr;
  int64_t nc_pad = min64(NC_MAX, (c.out_c + NR - 1) / NR * NR);
  pfor(slots, 1, [&](int64_t s0, int64_t s1) {
    float* pb = tls_col.get(static_cast<size_t>(panel_floats(kstep, nc_pad) + MC));
    float* row = pb + panel_floats(kstep, nc_pad);
    for (int64_t s = s0; s < s1; ++s) {
      float* acc = s == 0 ? dw : part + (s - 1) * wsize;
      tfn::GemmArgs g = plain_gemm(true, false, kcols, c.out_c, m, nullptr, kcols, dy, c.out_c, acc, c.out_c, false);
      int64_t first = k_blocks * s / slots, last = k_blocks * (s + 1) / slots;
      for (int64_t kb = first; kb < last; ++kb) {
        int64_t p0 = kb * kstep, kc = min64(kstep, m - p0);
        for (int64_t j0 = 0; j0 < c.out_c; j0 += NC_MAX) {
          int64_t nc = min64(NC_MAX, c.out_c - j0);
          pack_b(g, p0, kc, j0, nc, pb);
          for (int64_t i0 = 0; i0 < kcols; i0 += MC) {
            int64_t mc = min64(MC, kcols - i0);
            float* pa = pack_a_buffer(mc, kc);
            pack_at_conv(c, x, i0, mc, p0, kc, pa, row);
            macro_compute(g, pa, pb, i0, mc, j0, nc, (kb - first) * kstep, kc, 0, nc);
          }
        }
      }
    }
  });
  if (part != nullptr) {
    pfor(wsize, 4096, [&](int64_t i0, int64_t i1) {
      for (int64_t s = 1; s < slots; ++s) {
        const float* src = part + (s - 1) * wsize;
        for (int64_t i = i0; i < i1; ++i) dw[i] += src[i];
      }
    });
    tfn::scratch_free(part);
  }
}
