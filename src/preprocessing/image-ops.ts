// Image sampling kernels for the augmentation layers: affine resampling with Keras fill modes, bilinear or nearest
// interpolation. Plain loops over typed arrays (no gradients are needed). Images are channels-last.
import { ShapeError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** How points outside the input are filled (Keras `fill_mode`). */
export type FillMode = 'reflect' | 'wrap' | 'constant' | 'nearest';
/** Pixel interpolation. */
export type Interpolation = 'bilinear' | 'nearest';

/** An image batch viewed as [n, h, w, c]; `batched` is false for a single [h, w, c] image. */
export interface ImageBatch {
  n: number;
  h: number;
  w: number;
  c: number;
  batched: boolean;
  values: Float32Array;
}

/** The [n, h, w, c] geometry of a rank-3 [h, w, c] or rank-4 [n, h, w, c] image tensor; reads no values. */
export function imageDims(x: Tensor, layer: string): Omit<ImageBatch, 'values'> {
  if (x.rank !== 3 && x.rank !== 4) {
    throw new ShapeError(
      `${layer}: expected images of shape [height, width, channels] or [batch, height, width, channels], received ${fmtShape(x.shape)}. ` +
        'Add a channels axis (e.g. reshape [28, 28] to [28, 28, 1]).',
    );
  }
  const batched = x.rank === 4;
  const [n, h, w, c] = batched ? (x.shape as [number, number, number, number]) : [1, ...(x.shape as [number, number, number])];
  return { n, h, w, c, batched };
}

/** Views a rank-3 [h, w, c] or rank-4 [n, h, w, c] tensor as an image batch (values as float32). */
export function asImages(x: Tensor, layer: string): ImageBatch {
  const dims = imageDims(x, layer);
  return { ...dims, values: x.values instanceof Float32Array ? x.values : Float32Array.from(x.values) };
}

/** Wraps float32 values [n, h, w, c] back into a tensor of the original rank. */
export function fromImages(values: Float32Array, n: number, h: number, w: number, c: number, batched: boolean): Tensor {
  return new Tensor(values, batched ? [n, h, w, c] : [h, w, c], 'float32');
}

/** Maps an out-of-range index into [0, size) per the fill mode; -1 means "use the fill value". */
export function mapIndex(i: number, size: number, mode: FillMode): number {
  if (i >= 0 && i < size) return i;
  switch (mode) {
    case 'constant':
      return -1;
    case 'nearest':
      return i < 0 ? 0 : size - 1;
    case 'wrap':
      return ((i % size) + size) % size;
    case 'reflect': {
      // Half-sample symmetric: (d c b a | a b c d | d c b a).
      if (size === 1) return 0;
      const period = 2 * size;
      let k = ((i % period) + period) % period;
      if (k >= size) k = period - 1 - k;
      return k;
    }
  }
}

/**
 * Resamples each image: output pixel (x, y) reads the input at `(m[0]x + m[1]y + m[2], m[3]x + m[4]y + m[5])`,
 * with `matrices[i]` the 6 coefficients for image i.
 */
export function affineTransform(
  img: ImageBatch,
  matrices: readonly (readonly number[])[],
  options: { fillMode: FillMode; interpolation: Interpolation; fillValue: number; outH?: number; outW?: number },
): Float32Array {
  const { n, h, w, c, values } = img;
  const outH = options.outH ?? h;
  const outW = options.outW ?? w;
  const out = new Float32Array(n * outH * outW * c);
  const { fillMode, fillValue } = options;
  const read = (base: number, yy: number, xx: number, ch: number): number => {
    const y = mapIndex(yy, h, fillMode);
    const x = mapIndex(xx, w, fillMode);
    return y < 0 || x < 0 ? fillValue : (values[base + (y * w + x) * c + ch] as number);
  };
  for (let i = 0; i < n; i++) {
    const m = matrices[i] as readonly number[];
    const base = i * h * w * c;
    const obase = i * outH * outW * c;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const sx = (m[0] as number) * ox + (m[1] as number) * oy + (m[2] as number);
        const sy = (m[3] as number) * ox + (m[4] as number) * oy + (m[5] as number);
        const o = obase + (oy * outW + ox) * c;
        if (options.interpolation === 'nearest') {
          const yy = Math.round(sy);
          const xx = Math.round(sx);
          for (let ch = 0; ch < c; ch++) out[o + ch] = read(base, yy, xx, ch);
          continue;
        }
        const y0 = Math.floor(sy);
        const x0 = Math.floor(sx);
        const fy = sy - y0;
        const fx = sx - x0;
        for (let ch = 0; ch < c; ch++) {
          const top = read(base, y0, x0, ch) * (1 - fx) + (fx > 0 ? read(base, y0, x0 + 1, ch) * fx : 0);
          const bottom = fy > 0 ? read(base, y0 + 1, x0, ch) * (1 - fx) + (fx > 0 ? read(base, y0 + 1, x0 + 1, ch) * fx : 0) : 0;
          out[o + ch] = top * (1 - fy) + bottom * fy;
        }
      }
    }
  }
  return out;
}
