// tf.browser: pixels in and out of tensors. Nothing here needs a DOM: inputs are read through their public shape
// (ImageData-like { data, width, height } or a canvas-like object with getContext('2d').getImageData).
import { DTypeError, ShapeError, ValueError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { tensor } from './creation.js';

/** RGBA pixels with their size (the shape of the DOM's ImageData). */
export interface PixelData {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

/** The part of a canvas (or OffscreenCanvas, or node-canvas) that fromPixels and toPixels use. */
export interface CanvasLike {
  width: number;
  height: number;
  getContext(type: '2d'): unknown;
}

interface Context2D {
  getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
  putImageData?(image: unknown, x: number, y: number): void;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function isContext2D(v: unknown): v is Context2D {
  return isObject(v) && typeof v.getImageData === 'function';
}

function isCanvasLike(v: unknown): v is CanvasLike {
  return isObject(v) && typeof v.width === 'number' && typeof v.height === 'number' && typeof v.getContext === 'function';
}

function context2d(canvas: CanvasLike): Context2D {
  const ctx = canvas.getContext('2d');
  if (!isContext2D(ctx)) throw new ValueError("fromPixels: the canvas's getContext('2d') returned no 2-D context with getImageData.");
  return ctx;
}

function rgba(pixels: unknown): { data: ArrayLike<number>; width: number; height: number } {
  if (isObject(pixels) && typeof pixels.width === 'number' && typeof pixels.height === 'number') {
    const { width, height } = pixels;
    if (pixels.data instanceof Uint8Array || pixels.data instanceof Uint8ClampedArray) return { data: pixels.data, width, height };
  }
  if (isCanvasLike(pixels)) {
    const { width, height } = pixels;
    return { data: context2d(pixels).getImageData(0, 0, width, height).data, width, height };
  }
  const got = isObject(pixels) ? (pixels.constructor?.name ?? 'Object') : typeof pixels;
  throw new DTypeError(
    `fromPixels: expected pixel data ({ data: Uint8Array | Uint8ClampedArray (RGBA), width, height }, ImageData) or a canvas-like object with getContext('2d'), but got ${got}.`,
  );
}

/**
 * Reads RGBA pixels into an int32 tensor [height, width, numChannels] (channels 1: red, 3: RGB, 4: RGBA).
 * @example fromPixels({ data: new Uint8Array([1, 2, 3, 255]), width: 1, height: 1 }).arraySync(); // [[[1, 2, 3]]]
 */
export function fromPixels(pixels: PixelData | CanvasLike, numChannels = 3): Tensor {
  if (![1, 3, 4].includes(numChannels)) {
    throw new ValueError(`fromPixels: numChannels must be 1, 3 or 4, received ${numChannels}.`);
  }
  const { data, width, height } = rgba(pixels);
  if (data.length < width * height * 4) {
    throw new ShapeError(`fromPixels: ${width}x${height} pixels need ${width * height * 4} RGBA values, received ${data.length}.`);
  }
  const out = new Int32Array(width * height * numChannels);
  for (let p = 0; p < width * height; p++) {
    for (let ch = 0; ch < numChannels; ch++) out[p * numChannels + ch] = data[p * 4 + ch] ?? 0;
  }
  return tensor(out, [height, width, numChannels], 'int32');
}

/**
 * fromPixels returning a promise (TF.js's form for image bitmaps; here the read is synchronous).
 * @example await fromPixelsAsync({ data: new Uint8Array(4), width: 1, height: 1 });
 */
export function fromPixelsAsync(pixels: PixelData | CanvasLike, numChannels = 3): Promise<Tensor> {
  return Promise.resolve().then(() => fromPixels(pixels, numChannels));
}

/**
 * Converts a [height, width] or [height, width, 1|3|4] tensor to RGBA bytes (float32 values in [0, 1], int32 in
 * [0, 255]); with a canvas, also draws them on it. Non-tensor input is taken as int32.
 * @example await toPixels(tensor([[0, 255]], [1, 2], 'int32')); // Uint8ClampedArray [0, 0, 0, 255, 255, 255, 255, 255]
 */
export async function toPixels(img: TensorLike, canvas?: CanvasLike): Promise<Uint8ClampedArray> {
  let t = convertToTensor(img, 'img', 'toPixels');
  if (!(img instanceof Tensor)) t = cast(t, 'int32');
  if (t.rank !== 2 && t.rank !== 3) {
    throw new ShapeError(`toPixels: expected a rank 2 or 3 tensor [height, width(, channels)], received shape ${fmtShape(t.shape)}.`);
  }
  const [height, width] = [t.shape[0] ?? 0, t.shape[1] ?? 0];
  const depth = t.rank === 2 ? 1 : (t.shape[2] ?? 0);
  if (![1, 3, 4].includes(depth)) throw new ShapeError(`toPixels: the channel dimension must be 1, 3 or 4, received shape ${fmtShape(t.shape)}.`);
  if (t.dtype !== 'float32' && t.dtype !== 'int32' && t.dtype !== 'float64') {
    throw new DTypeError(`toPixels: expected a float32 or int32 tensor, received ${t.dtype}. Cast it with tf.cast(img, 'int32').`);
  }
  const isFloat = t.dtype !== 'int32';
  const [limit, scale] = isFloat ? [1, 255] : [255, 1];
  const values = t.values;
  const bytes = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const rgbaPx = [0, 0, 0, 255];
    for (let ch = 0; ch < depth; ch++) {
      const v = values[p * depth + ch] as number;
      if (!(v >= 0 && v <= limit)) {
        throw new ValueError(`toPixels: ${t.dtype} values must be in [0, ${limit}], received ${v}. Rescale the tensor first${isFloat ? ' (divide by 255)' : ''}.`);
      }
      rgbaPx[ch] = Math.round(v * scale);
    }
    if (depth === 1) [rgbaPx[1], rgbaPx[2]] = [rgbaPx[0] ?? 0, rgbaPx[0] ?? 0];
    bytes.set(rgbaPx, p * 4);
  }
  if (canvas !== undefined) drawOn(canvas, bytes, width, height);
  return bytes;
}

function drawOn(canvas: CanvasLike, data: Uint8ClampedArray, width: number, height: number): void {
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!isContext2D(ctx) || ctx.putImageData === undefined) {
    throw new ValueError("toPixels: the canvas's getContext('2d') returned no 2-D context with putImageData.");
  }
  const ImageDataCtor = (globalThis as { ImageData?: new (d: Uint8ClampedArray, w: number, h: number) => unknown }).ImageData;
  ctx.putImageData(ImageDataCtor ? new ImageDataCtor(data, width, height) : { data, width, height }, 0, 0);
}
