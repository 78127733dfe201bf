// bf16 convolutions as explicit im2col + the bf16 GEMM (bf16.h), NHWC activations and HWIO filters (the filter
// is the [(kh, kw, ic) x oc] matrix as stored). Forward: y = col(x) * W. Input gradient: dcol = dy * W^T in
// float32, added back into dx (col2im). Filter gradient: dW = col(x)^T * dy. The im2col matrix is built a group of
// images at a time (about 8 MiB of bf16) so memory stays bounded for large batches.
#include <cstring>

#include "bf16.h"

namespace tfn {
namespace {

int64_t kcols(const ConvGeom& c) { return c.f_h * c.f_w * c.in_c; }
int64_t pixels(const ConvGeom& c) { return c.out_h * c.out_w; }

int64_t group_of(const ConvGeom& c) {
  int64_t per = pixels(c) * kcols(c);
  int64_t g = per > 0 ? (int64_t{4} << 20) / per : c.batch;
  return g < 1 ? 1 : (g > c.batch ? c.batch : g);
}

// col rows for images [b0, b0 + nb): zero outside the padded image.
void im2col(const ConvGeom& c, const uint16_t* x, int64_t b0, int64_t nb, uint16_t* col) {
  int64_t kc = kcols(c);
  for (int64_t b = 0; b < nb; ++b) {
    const uint16_t* img = x + (b0 + b) * c.in_h * c.in_w * c.in_c;
    for (int64_t oh = 0; oh < c.out_h; ++oh)
      for (int64_t ow = 0; ow < c.out_w; ++ow) {
        uint16_t* row = col + ((b * c.out_h + oh) * c.out_w + ow) * kc;
        for (int64_t kh = 0; kh < c.f_h; ++kh) {
          int64_t ih = oh * c.stride_h + kh * c.dil_h - c.pad_top;
          for (int64_t kw = 0; kw < c.f_w; ++kw) {
            int64_t iw = ow * c.stride_w + kw * c.dil_w - c.pad_left;
            uint16_t* d = row + (kh * c.f_w + kw) * c.in_c;
            if (ih < 0 || ih >= c.in_h || iw < 0 || iw >= c.in_w) std::memset(d, 0, static_cast<size_t>(c.in_c) * 2);
            else std::memcpy(d, img + (ih * c.in_w + iw) * c.in_c, static_cast<size_t>(c.in_c) * 2);
          }
        }
      }
  }
}

Bf16GemmArgs args(bool ta, bool tb, bool acc, int64_t m, int64_t n, int64_t k, const uint16_t* a, int64_t lda, const uint16_t* b,
                  int64_t ldb, float* c, int64_t ldc) {
  Bf16GemmArgs g{};
  g.trans_a = ta; g.trans_b = tb; g.accumulate = acc;
  g.m = m; g.n = n; g.k = k;
  g.a = a; g.lda = lda; g.b = b; g.ldb = ldb; g.c = c; g.ldc = ldc;
  return g;
}

#include "col2im.inc.h"

uint16_t* alloc16(int64_t n) { return static_cast<uint16_t*>(static_cast<void*>(scratch_alloc(static_cast<size_t>((n + 1) / 2)))); }
void free16(uint16_t* p) { scratch_free(static_cast<float*>(static_cast<void*>(p))); }

}  // namespace

void conv2d_bf16(const ConvGeom& c, const uint16_t* x, const uint16_t* w, float* y) {
  int64_t kc = kcols(c), px = pixels(c), grp = group_of(c);
  uint16_t* col = alloc16(grp * px * kc);
  for (int64_t b0 = 0; b0 < c.batch; b0 += grp) {
    int64_t nb = c.batch - b0 < grp ? c.batch - b0 : grp;
    im2col(c, x, b0, nb, col);
    active_bf16().gemm(args(false, false, false, nb * px, c.out_c, kc, col, kc, w, c.out_c, y + b0 * px * c.out_c, c.out_c));
  }
  free16(col);
}

void conv2d_backprop_input_bf16(const ConvGeom& c, const uint16_t* dy, const uint16_t* w, float* dx) {
  int64_t kc = kcols(c), px = pixels(c), grp = group_of(c);
  float* dcol = scratch_alloc(static_cast<size_t>(grp * px * kc));
  std::memset(dx, 0, static_cast<size_t>(c.batch * c.in_h * c.in_w * c.in_c) * sizeof(float));
  for (int64_t b0 = 0; b0 < c.batch; b0 += grp) {
    int64_t nb = c.batch - b0 < grp ? c.batch - b0 : grp;
    active_bf16().gemm(args(false, true, false, nb * px, kc, c.out_c, dy + b0 * px * c.out_c, c.out_c, w, c.out_c, dcol, kc));
    for (int64_t b = 0; b < nb; ++b) col2im_image(c, dcol + b * px * kc, dx + (b0 + b) * c.in_h * c.in_w * c.in_c);
  }
  scratch_free(dcol);
}

void conv2d_backprop_filter_bf16(const ConvGeom& c, const uint16_t* x, const uint16_t* dy, float* dw) {
  int64_t kc = kcols(c), px = pixels(c), grp = group_of(c);
  uint16_t* col = alloc16(grp * px * kc);
  for (int64_t b0 = 0; b0 < c.batch; b0 += grp) {
    int64_t nb = c.batch - b0 < grp ? c.batch - b0 : grp;
    im2col(c, x, b0, nb, col);
    active_bf16().gemm(args(true, false, b0 > 0, kc, c.out_c, nb * px, col, kc, dy + b0 * px * c.out_c, c.out_c, dw, c.out_c));
  }
  if (c.batch == 0) std::memset(dw, 0, static_cast<size_t>(kc * c.out_c) * sizeof(float));
  free16(col);
}

}  // namespace tfn
