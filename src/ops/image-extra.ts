// The rest of TF.js's `tf.image`: flipLeftRight, grayscaleToRGB, rgbToGrayscale (composite), cropAndResize and the
// non-max-suppression family (computed on the host; TF.js has no gradients for them either).
import { allocArray } from '../core/dtype.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { type TensorLike, convertToTensor, expectDType } from './convert.js';
import { image as resizeOps } from './image.js';
import { threshold, transform } from './image-transform.js';
import { matMul } from './matmul.js';
import { reshape } from './reshape.js';
import { reverse, tile } from './shape-ops.js';

const lastDim = (t: Tensor): number => t.shape[t.rank - 1] ?? 0;

/**
 * Mirrors a batch of images [batch, height, width, channels] horizontally.
 * @example image.flipLeftRight(ones([1, 2, 3, 1]));
 */
function flipLeftRight(image: TensorLike): Tensor {
  const t = expectDType(convertToTensor(image, 'image', 'flipLeftRight', 'float32'), 'float32', 'image', 'flipLeftRight');
  if (t.rank !== 4) throw new ShapeError(`Error in flipLeftRight: image must be rank 4, but got rank ${t.rank}.`);
  return reverse(t, 2);
}

/**
 * Repeats the single channel of grayscale images three times: [..., 1] becomes [..., 3].
 * @example image.grayscaleToRGB(ones([2, 2, 1])).shape; // [2, 2, 3]
 */
function grayscaleToRGB(image: TensorLike): Tensor {
  const t = convertToTensor(image, 'image', 'grayscaleToRGB');
  if (t.rank < 2) throw new ShapeError(`Error in grayscaleToRGB: images must be at least rank 2, but got rank ${t.rank}.`);
  if (lastDim(t) !== 1) throw new ShapeError(`Error in grayscaleToRGB: last dimension of a grayscale image should be size 1, but got size ${lastDim(t)}.`);
  return tile(t, [...t.shape.slice(0, -1).map(() => 1), 3]);
}

/**
 * Luma of RGB images (ITU-R BT.601 weights 0.2989, 0.5870, 0.1140): [..., 3] becomes [..., 1], keeping the dtype.
 * @example image.rgbToGrayscale(tensor3d([[[1, 2, 3]]])); // [[[1.8149]]]
 */
function rgbToGrayscale(image: TensorLike): Tensor {
  const t = convertToTensor(image, 'image', 'RGBToGrayscale');
  if (t.rank < 2) throw new ShapeError(`Error in RGBToGrayscale: images must be at least rank 2, but got rank ${t.rank}.`);
  if (lastDim(t) !== 3) throw new ShapeError(`Error in RGBToGrayscale: last dimension of an RGB image should be size 3, but got size ${lastDim(t)}.`);
  const dtype = t.dtype === 'float64' ? 'float64' : 'float32';
  const flat = reshape(cast(t, dtype), [-1, 3]);
  const y = matMul(flat, new Tensor(Float32Array.from([0.2989, 0.587, 0.114]), [3, 1], 'float32').cast(dtype));
  const out = reshape(y, [...t.shape.slice(0, -1), 1]);
  return t.dtype === dtype ? out : cast(out, t.dtype);
}

/**
 * Crops boxes out of a batch of images and resizes each to `cropSize`. `boxes` [n, 4] holds normalised
 * [y1, x1, y2, x2] corners, `boxInd` [n] the image of each box; samples outside the image take `extrapolationValue`.
 * @example image.cropAndResize(ones([1, 4, 4, 1]), tensor2d([[0, 0, 1, 1]]), tensor1d([0], 'int32'), [2, 2]).shape; // [1, 2, 2, 1]
 */
function cropAndResize(
  image: TensorLike,
  boxes: TensorLike,
  boxInd: TensorLike,
  cropSize: [number, number],
  method: 'bilinear' | 'nearest' = 'bilinear',
  extrapolationValue = 0,
): Tensor {
  const op = 'cropAndResize';
  const img0 = convertToTensor(image, 'image', op, 'float32');
  const img = img0.dtype === 'int32' ? cast(img0, 'float32') : expectDType(img0, 'float32', 'image', op);
  const bx = expectDType(convertToTensor(boxes, 'boxes', op, 'float32'), 'float32', 'boxes', op);
  const bi = expectDType(convertToTensor(boxInd, 'boxInd', op, 'int32'), 'int32', 'boxInd', op);
  const n = bx.shape[0] ?? 0;
  if (img.rank !== 4) throw new ShapeError(`Error in cropAndResize: image must be rank 4, but got rank ${img.rank}.`);
  if (bx.rank !== 2 || bx.shape[1] !== 4) throw new ShapeError(`Error in cropAndResize: boxes must be have size [${n},4] but had shape ${bx.shape}.`);
  if (bi.rank !== 1 || bi.shape[0] !== n) throw new ShapeError(`Error in cropAndResize: boxInd must be have size [${n}] but had shape ${bx.shape}.`);
  if (cropSize.length !== 2) throw new ShapeError(`Error in cropAndResize: cropSize must be of length 2, but got length ${cropSize.length}.`);
  const [ch, cw] = cropSize;
  if (!(ch >= 1 && cw >= 1)) throw new ValueError(`cropSize must be atleast [1,1], but was ${cropSize}`);
  if (method !== 'bilinear' && method !== 'nearest') throw new ValueError(`method must be bilinear or nearest, but was ${String(method)}`);
  const [batch, h, w, d] = img.shape as [number, number, number, number];
  const iv = img.dataSync();
  const bv = bx.dataSync();
  const out = allocArray('float32', n * ch * cw * d);
  const px = (b: number, y: number, x: number, c: number): number => iv[((b * h + y) * w + x) * d + c] as number;
  for (let k = 0; k < n; k++) {
    const [y1, x1, y2, x2] = [0, 1, 2, 3].map((i) => bv[k * 4 + i] as number) as [number, number, number, number];
    const b = bi.values[k] as number;
    if (b < 0 || b >= batch) continue;
    const hs = ch > 1 ? ((y2 - y1) * (h - 1)) / (ch - 1) : 0;
    const ws = cw > 1 ? ((x2 - x1) * (w - 1)) / (cw - 1) : 0;
    for (let y = 0; y < ch; y++) {
      const inY = ch > 1 ? y1 * (h - 1) + y * hs : 0.5 * (y1 + y2) * (h - 1);
      for (let x = 0; x < cw; x++) {
        const inX = cw > 1 ? x1 * (w - 1) + x * ws : 0.5 * (x1 + x2) * (w - 1);
        const at = ((k * ch + y) * cw + x) * d;
        if (inY < 0 || inY > h - 1 || inX < 0 || inX > w - 1) {
          out.fill(extrapolationValue, at, at + d);
          continue;
        }
        for (let c = 0; c < d; c++) {
          if (method === 'nearest') {
            out[at + c] = px(b, Math.round(inY), Math.round(inX), c);
            continue;
          }
          const [top, bottom, left, right] = [Math.floor(inY), Math.ceil(inY), Math.floor(inX), Math.ceil(inX)];
          const [yl, xl] = [inY - top, inX - left];
          const t = px(b, top, left, c) + (px(b, top, right, c) - px(b, top, left, c)) * xl;
          const bt = px(b, bottom, left, c) + (px(b, bottom, right, c) - px(b, bottom, left, c)) * xl;
          out[at + c] = t + (bt - t) * yl;
        }
      }
    }
  }
  return new Tensor(out, [n, ch, cw, d], 'float32');
}

function iou(bv: ArrayLike<number>, i: number, j: number): number {
  const c = (k: number, o: number): number => bv[k * 4 + o] as number;
  const [yi1, xi1, yi2, xi2] = [Math.min(c(i, 0), c(i, 2)), Math.min(c(i, 1), c(i, 3)), Math.max(c(i, 0), c(i, 2)), Math.max(c(i, 1), c(i, 3))];
  const [yj1, xj1, yj2, xj2] = [Math.min(c(j, 0), c(j, 2)), Math.min(c(j, 1), c(j, 3)), Math.max(c(j, 0), c(j, 2)), Math.max(c(j, 1), c(j, 3))];
  const areaI = (yi2 - yi1) * (xi2 - xi1);
  const areaJ = (yj2 - yj1) * (xj2 - xj1);
  if (areaI <= 0 || areaJ <= 0) return 0;
  const ih = Math.max(Math.min(yi2, yj2) - Math.max(yi1, yj1), 0);
  const iw = Math.max(Math.min(xi2, xj2) - Math.max(xi1, xj1), 0);
  const inter = ih * iw;
  return inter / (areaI + areaJ - inter);
}

interface NmsResult {
  indices: number[];
  scores: number[];
}

/**
 * Greedy (soft) non-max suppression: repeatedly takes the best remaining box; a box overlapping a selected one by
 * IoU >= iouThreshold is dropped, and with softNmsSigma > 0 scores decay by exp(-iou²/(2σ)) instead (Bodla et al.).
 */
function suppress(bv: ArrayLike<number>, sv: ArrayLike<number>, maxOut: number, iouThreshold: number, scoreThreshold: number, sigma: number): NmsResult {
  const scale = sigma > 0 ? -0.5 / sigma : 0;
  const candidates: { i: number; score: number; from: number }[] = [];
  for (let i = 0; i < sv.length; i++) if ((sv[i] as number) > scoreThreshold) candidates.push({ i, score: sv[i] as number, from: 0 });
  const out: NmsResult = { indices: [], scores: [] };
  while (out.indices.length < maxOut && candidates.length > 0) {
    let best = 0;
    for (let k = 1; k < candidates.length; k++) {
      const a = candidates[k] as (typeof candidates)[0];
      const b = candidates[best] as (typeof candidates)[0];
      if (a.score > b.score || (a.score === b.score && a.i < b.i)) best = k;
    }
    const cand = candidates.splice(best, 1)[0] as (typeof candidates)[0];
    // A candidate whose score survives the boxes selected since it was last scored is selected; one that decayed is
    // re-queued with its new score.
    const atPop = cand.score;
    if (cand.score < scoreThreshold) break;
    let ignored = false;
    for (let j = out.indices.length - 1; j >= cand.from; j--) {
      const o = iou(bv, cand.i, out.indices[j] as number);
      if (o >= iouThreshold) {
        ignored = true;
        break;
      }
      cand.score *= o <= iouThreshold ? Math.exp(scale * o * o) : 0;
      if (cand.score <= scoreThreshold) break;
    }
    cand.from = out.indices.length;
    if (ignored) continue;
    if (cand.score === atPop) {
      out.indices.push(cand.i);
      out.scores.push(cand.score);
    } else if (cand.score > scoreThreshold) {
      candidates.push(cand);
    }
  }
  return out;
}

function nmsArgs(boxes: TensorLike, scores: TensorLike, maxOutputSize: number, iouThreshold: number, scoreThreshold: number, op: string) {
  const b = expectDType(convertToTensor(boxes, 'boxes', op, 'float32'), 'float32', 'boxes', op);
  const s = expectDType(convertToTensor(scores, 'scores', op, 'float32'), 'float32', 'scores', op);
  const n = b.shape[0] ?? 0;
  if (b.rank !== 2 || b.shape[1] !== 4) throw new ShapeError(`boxes must be a 2D tensor of shape [numBoxes, 4], but got ${fmtShape(b.shape)}.`);
  if (s.rank !== 1) throw new ShapeError(`scores must be a 1D tensor, but got ${fmtShape(s.shape)}.`);
  if (s.shape[0] !== n) throw new ShapeError(`scores has incompatible shape with boxes. Expected ${n}, but was ${s.shape[0]}`);
  if (!(iouThreshold >= 0 && iouThreshold <= 1)) throw new ValueError(`iouThreshold must be in [0, 1], but was '${iouThreshold}'`);
  if (!Number.isInteger(maxOutputSize) || maxOutputSize < 0) throw new ValueError(`maxOutputSize must be a non-negative integer, but was ${maxOutputSize}.`);
  return { bv: b.dataSync(), sv: s.dataSync(), maxOut: Math.min(maxOutputSize, n) };
}

const int1d = (v: number[]): Tensor => new Tensor(Int32Array.from(v), [v.length], 'int32');

/**
 * Indices (int32) of the boxes that greedy non-max suppression keeps, best score first.
 * @example image.nonMaxSuppression(tensor2d([[0, 0, 1, 1], [0, 0.1, 1, 1.1]]), tensor1d([0.9, 0.8]), 2); // [0]
 */
function nonMaxSuppression(boxes: TensorLike, scores: TensorLike, maxOutputSize: number, iouThreshold = 0.5, scoreThreshold = Number.NEGATIVE_INFINITY): Tensor {
  const { bv, sv, maxOut } = nmsArgs(boxes, scores, maxOutputSize, iouThreshold, scoreThreshold, 'nonMaxSuppression');
  return int1d(suppress(bv, sv, maxOut, iouThreshold, scoreThreshold, 0).indices);
}

/** Promise form of `nonMaxSuppression`. @example await image.nonMaxSuppressionAsync(boxes, scores, 10); */
function nonMaxSuppressionAsync(boxes: TensorLike, scores: TensorLike, maxOutputSize: number, iouThreshold = 0.5, scoreThreshold = Number.NEGATIVE_INFINITY): Promise<Tensor> {
  return Promise.resolve(nonMaxSuppression(boxes, scores, maxOutputSize, iouThreshold, scoreThreshold));
}

/**
 * Soft non-max suppression: the kept indices and their decayed scores.
 * @example image.nonMaxSuppressionWithScore(boxes, scores, 6, 1, 0, 0.5);
 */
function nonMaxSuppressionWithScore(
  boxes: TensorLike, scores: TensorLike, maxOutputSize: number, iouThreshold = 0.5, scoreThreshold = Number.NEGATIVE_INFINITY, softNmsSigma = 0,
): { selectedIndices: Tensor; selectedScores: Tensor } {
  const { bv, sv, maxOut } = nmsArgs(boxes, scores, maxOutputSize, iouThreshold, scoreThreshold, 'nonMaxSuppressionWithScore');
  const r = suppress(bv, sv, maxOut, iouThreshold, scoreThreshold, softNmsSigma);
  return { selectedIndices: int1d(r.indices), selectedScores: new Tensor(Float32Array.from(r.scores), [r.scores.length], 'float32') };
}

/**
 * nonMaxSuppression whose indices are padded with zeros to `maxOutputSize` when `padToMaxOutputSize`, plus the count
 * of valid entries.
 * @example image.nonMaxSuppressionPadded(boxes, scores, 5, 0.5, 0, true);
 */
function nonMaxSuppressionPadded(
  boxes: TensorLike, scores: TensorLike, maxOutputSize: number, iouThreshold = 0.5, scoreThreshold = Number.NEGATIVE_INFINITY, padToMaxOutputSize = false,
): { selectedIndices: Tensor; validOutputs: Tensor } {
  const { bv, sv, maxOut } = nmsArgs(boxes, scores, maxOutputSize, iouThreshold, scoreThreshold, 'nonMaxSuppressionPadded');
  const r = suppress(bv, sv, maxOut, iouThreshold, scoreThreshold, 0).indices;
  const valid = r.length;
  while (padToMaxOutputSize && r.length < maxOutputSize) r.push(0);
  return { selectedIndices: int1d(r), validOutputs: new Tensor(Int32Array.from([valid]), [], 'int32') };
}

/** TF.js `tf.image`: resizing, flips, colour conversion, cropAndResize and non-max suppression. @example image.flipLeftRight(x); */
export const image = {
  ...resizeOps,
  flipLeftRight,
  grayscaleToRGB,
  rgbToGrayscale,
  cropAndResize,
  nonMaxSuppression,
  nonMaxSuppressionAsync,
  nonMaxSuppressionWithScore,
  nonMaxSuppressionPadded,
  transform,
  threshold,
};
