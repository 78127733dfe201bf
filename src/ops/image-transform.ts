// tf.image.transform (projective warps) and tf.image.threshold (binary and Otsu), computed on the host as TF.js's
// cpu backend does; TF.js defines no gradients for them.
import { allocArray } from '../core/dtype.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { type TensorLike, convertToTensor, expectDType } from './convert.js';
import { tensor } from './creation.js';

/** How transform samples between pixels. */
export type TransformInterpolation = 'nearest' | 'bilinear';
/** How transform treats source coordinates outside the image (TF's ImageProjectiveTransformV3 fill modes). */
export type TransformFillMode = 'constant' | 'reflect' | 'wrap' | 'nearest';

/** Maps a source coordinate into [0, len - 1] for the non-constant fill modes (TF's map_coordinate). */
function mapCoord(c: number, len: number, mode: TransformFillMode): number {
  if (mode === 'constant') return c;
  let v = c;
  if (mode === 'reflect' && len > 1) {
    const sz2 = 2 * len;
    if (v < 0) {
      v += sz2 * Math.trunc(-v / sz2);
      v = v < -len ? v + sz2 : -v - 1;
    } else if (v > len - 1) {
      v -= sz2 * Math.trunc(v / sz2);
      if (v >= len) v = sz2 - v - 1;
    }
  } else if (mode === 'wrap' && len > 1) {
    const sz = len - 1;
    if (v < 0) v += len * (Math.trunc(-v / sz) + 1);
    else if (v > len - 1) v -= len * Math.trunc(v / sz);
  } else if (len <= 1) {
    v = 0;
  }
  return Math.min(Math.max(v, 0), len - 1);
}

/**
 * Applies one projective transform per image: output pixel (x, y) samples the input at
 * ((a0·x + a1·y + a2) / k, (b0·x + b1·y + b2) / k) with k = c0·x + c1·y + 1, for `transforms` rows
 * [a0, a1, a2, b0, b1, b2, c0, c1] ([1, 8] applies to every image).
 * @example image.transform(ones([1, 2, 2, 1]), tensor2d([[1, 0, 0, 0, 1, 0, 0, 0]])).shape; // [1, 2, 2, 1] (identity)
 */
export function transform(
  image: TensorLike, transforms: TensorLike, interpolation: TransformInterpolation = 'nearest',
  fillMode: TransformFillMode = 'constant', fillValue = 0, outputShape?: [number, number],
): Tensor {
  const op = 'transform';
  const img = expectDType(convertToTensor(image, 'image', op, 'float32'), 'float32', 'image', op);
  const tr = expectDType(convertToTensor(transforms, 'transforms', op, 'float32'), 'float32', 'transforms', op);
  if (img.rank !== 4) throw new ShapeError(`${op}: image must be rank 4 [batch, height, width, channels], received ${fmtShape(img.shape)}.`);
  const [n, h, w, c] = img.shape as [number, number, number, number];
  if (tr.rank !== 2 || tr.shape[1] !== 8 || (tr.shape[0] !== 1 && tr.shape[0] !== n)) {
    throw new ShapeError(`${op}: transforms must be [1, 8] or [${n}, 8] (one row per image), received ${fmtShape(tr.shape)}.`);
  }
  const [oh, ow] = outputShape ?? [h, w];
  const out = allocArray(img.dtype, n * oh * ow * c);
  const iv = img.values;
  const read = (b: number, y: number, x: number, ch: number): number =>
    y >= 0 && y < h && x >= 0 && x < w ? (iv[((b * h + y) * w + x) * c + ch] as number) : fillValue;
  let o = 0;
  for (let b = 0; b < n; b++) {
    const t = Array.from(tr.values.subarray(tr.shape[0] === 1 ? 0 : b * 8, (tr.shape[0] === 1 ? 0 : b * 8) + 8));
    const [a0, a1, a2, b0, b1, b2, c0, c1] = t as [number, number, number, number, number, number, number, number];
    for (let y = 0; y < oh; y++) {
      for (let x = 0; x < ow; x++) {
        const k = c0 * x + c1 * y + 1;
        if (k === 0) {
          for (let ch = 0; ch < c; ch++) out[o++] = fillValue;
          continue;
        }
        const sx = mapCoord((a0 * x + a1 * y + a2) / k, w, fillMode);
        const sy = mapCoord((b0 * x + b1 * y + b2) / k, h, fillMode);
        for (let ch = 0; ch < c; ch++) {
          if (interpolation === 'nearest') {
            out[o++] = read(b, Math.round(sy), Math.round(sx), ch);
            continue;
          }
          const [y0, x0] = [Math.floor(sy), Math.floor(sx)];
          const [y1, x1] = [y0 + 1, x0 + 1];
          const top = (x1 - sx) * read(b, y0, x0, ch) + (sx - x0) * read(b, y0, x1, ch);
          const bottom = (x1 - sx) * read(b, y1, x0, ch) + (sx - x0) * read(b, y1, x1, ch);
          out[o++] = (y1 - sy) * top + (sy - y0) * bottom;
        }
      }
    }
  }
  return tensor(out, [n, oh, ow, c], img.dtype);
}

/** Otsu's threshold of a 256-bin histogram: the last bin of the darker class that maximises the between-class variance. */
export function otsuThreshold(histogram: ArrayLike<number>): number {
  const bins = histogram.length;
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < bins; i++) {
    total += histogram[i] ?? 0;
    weighted += i * (histogram[i] ?? 0);
  }
  let best = -1;
  let bestVar = 0;
  let countLow = 0;
  let sumLow = 0;
  for (let t = 0; t < bins - 1; t++) {
    countLow += histogram[t] ?? 0;
    sumLow += t * (histogram[t] ?? 0);
    const countHigh = total - countLow;
    if (countLow === 0 || countHigh === 0) continue;
    const diff = sumLow / countLow - (weighted - sumLow) / countHigh;
    const between = (countLow / total) * (countHigh / total) * diff * diff;
    if (between > bestVar) [best, bestVar] = [t, between];
  }
  return best;
}

/**
 * Thresholds an image [height, width, 1 | 3] to an int32 mask [height, width, 1] of 0 and 255: 'binary' compares the
 * grayscale (BT.601 weights) with threshValue·255, 'otsu' with Otsu's threshold of its histogram; `inverted` swaps
 * the two sides.
 * @example image.threshold(tensor3d([[[0], [200]]])).arraySync(); // [[[0], [255]]]
 */
export function threshold(image: TensorLike, method: 'binary' | 'otsu' = 'binary', inverted = false, threshValue = 0.5): Tensor {
  const op = 'threshold';
  const img = convertToTensor(image, 'image', op, 'int32');
  if (img.rank !== 3 || (img.shape[2] !== 1 && img.shape[2] !== 3)) {
    throw new ShapeError(`${op}: image must be rank 3 [height, width, 1 or 3 channels], received ${fmtShape(img.shape)}.`);
  }
  if (method !== 'binary' && method !== 'otsu') throw new ValueError(`${op}: method must be 'binary' or 'otsu', received '${String(method)}'.`);
  const c = img.shape[2];
  const pixels = img.size / c;
  const f = Math.fround;
  const gray = new Float32Array(pixels);
  for (let p = 0; p < pixels; p++) {
    const v = img.values;
    // float32 arithmetic step by step, as TF.js's mul/add ops compute it, so pixels on the threshold agree.
    gray[p] = c === 1 ? (v[p] as number) : f(f(f(f(0.2989 * (v[p * 3] as number)) + f(0.587 * (v[p * 3 + 1] as number))) + f(0.114 * (v[p * 3 + 2] as number))));
  }
  let thresh: number;
  if (method === 'otsu') {
    const hist = new Float64Array(256);
    for (const g of gray) {
      const bin = Math.round(g);
      if (bin >= 0 && bin < 256) hist[bin] = (hist[bin] ?? 0) + 1;
    }
    thresh = otsuThreshold(hist);
  } else {
    if (!(threshValue >= 0 && threshValue <= 1)) throw new ValueError(`${op}: threshValue must be in [0, 1], received ${threshValue}.`);
    thresh = f(threshValue * 255);
  }
  const out = new Int32Array(pixels);
  for (let p = 0; p < pixels; p++) out[p] = (gray[p] as number) > thresh !== inverted ? 255 : 0;
  return tensor(out, [img.shape[0] ?? 0, img.shape[1] ?? 0, 1], 'int32');
}
