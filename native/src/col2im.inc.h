// col2im of one image: adds each row of the im2col matrix col [(oh, ow) x (kh, kw, ic)] back into the NHWC image
// dx_img at its receptive field (the input gradient of a convolution); rows outside the padded image are skipped.
// Included, with internal linkage, by conv.inc.h (each ISA's float32 kernels) and bf16_conv.cc (bf16 input gradient).

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
