// MNIST-style preprocessing of a drawing (white ink on black): crop to the ink, scale the longer side to 20 px
// keeping the aspect ratio, then place it in a 28x28 image so that its centre of mass sits at the centre.
// Returns 784 values in [0, 1], row-major. Works in the browser (canvas) and is exposed as window.mnistPreprocess.
'use strict';

(function (root) {
  function inkBox(gray, w, h) {
    let x0 = w, y0 = h, x1 = -1, y1 = -1;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        if (gray[y * w + x] > 0.05) {
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
          if (y < y0) y0 = y;
          if (y > y1) y1 = y;
        }
      }
    }
    return x1 < 0 ? null : { x0, y0, x1, y1 };
  }

  function grayOf(ctx, w, h) {
    const rgba = ctx.getImageData(0, 0, w, h).data;
    const gray = new Float32Array(w * h);
    for (let i = 0; i < w * h; i++) gray[i] = (rgba[i * 4] + rgba[i * 4 + 1] + rgba[i * 4 + 2]) / (3 * 255);
    return gray;
  }

  function preprocess(sourceCanvas) {
    const w = sourceCanvas.width;
    const h = sourceCanvas.height;
    const gray = grayOf(sourceCanvas.getContext('2d'), w, h);
    const box = inkBox(gray, w, h);
    const out = new Float32Array(784);
    if (!box) return out;
    const bw = box.x1 - box.x0 + 1;
    const bh = box.y1 - box.y0 + 1;
    const scale = 20 / Math.max(bw, bh);
    const sw = Math.max(1, Math.round(bw * scale));
    const sh = Math.max(1, Math.round(bh * scale));
    const small = document.createElement('canvas');
    small.width = sw;
    small.height = sh;
    const sctx = small.getContext('2d');
    sctx.imageSmoothingEnabled = true;
    sctx.imageSmoothingQuality = 'high';
    sctx.drawImage(sourceCanvas, box.x0, box.y0, bw, bh, 0, 0, sw, sh);
    const sg = grayOf(sctx, sw, sh);
    let mass = 0, cx = 0, cy = 0;
    for (let y = 0; y < sh; y++) for (let x = 0; x < sw; x++) {
      const v = sg[y * sw + x];
      mass += v;
      cx += v * x;
      cy += v * y;
    }
    cx = mass > 0 ? cx / mass : sw / 2;
    cy = mass > 0 ? cy / mass : sh / 2;
    const ox = Math.round(14 - cx);
    const oy = Math.round(14 - cy);
    for (let y = 0; y < sh; y++) for (let x = 0; x < sw; x++) {
      const tx = x + ox;
      const ty = y + oy;
      if (tx >= 0 && tx < 28 && ty >= 0 && ty < 28) out[ty * 28 + tx] = Math.min(1, sg[y * sw + x]);
    }
    return out;
  }

  root.mnistPreprocess = preprocess;
})(window);
