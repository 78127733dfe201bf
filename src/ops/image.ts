import { floatType } from '../core/dtype.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { type OpDef, defineOp, run1 } from '../tensor/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { reshape } from './reshape.js';

/** Attrs of the resize ops. */
export interface ResizeAttrs {
  size: [number, number];
  alignCorners: boolean;
  halfPixelCenters: boolean;
}

/** Attrs of the resize gradients: the resize attrs plus the shape of the original images. */
export type ResizeGradAttrs = ResizeAttrs & { inputShape: number[] };

function resizeInfer({ images }: Readonly<Record<'images', Tensor>>, { size }: ResizeAttrs) {
  return { shape: [images.shape[0] ?? 0, size[0], size[1], images.shape[3] ?? 0], dtype: images.dtype };
}

/** ResizeBilinear op declaration (NHWC). */
export const ResizeBilinearOp: OpDef<'images', ResizeAttrs> = defineOp<'images', ResizeAttrs>({
  name: 'ResizeBilinear',
  inputs: ['images'],
  infer: resizeInfer,
  grad: (dy, { images }, a) => ({ images: run1(ResizeBilinearGradOp, { dy }, { ...a, inputShape: [...images.shape] }) }),
});

/** ResizeBilinearGrad op declaration: spreads dy back onto the source pixels with the bilinear weights. */
export const ResizeBilinearGradOp: OpDef<'dy', ResizeGradAttrs> = defineOp<'dy', ResizeGradAttrs>({
  name: 'ResizeBilinearGrad',
  inputs: ['dy'],
  infer: ({ dy }, { inputShape }) => ({ shape: [...inputShape], dtype: dy.dtype }),
  grad: (ddx, _inputs, { size, alignCorners, halfPixelCenters }) => ({
    dy: run1(ResizeBilinearOp, { images: ddx }, { size, alignCorners, halfPixelCenters }),
  }),
});

/** ResizeNearestNeighbor op declaration (NHWC). */
export const ResizeNearestNeighborOp: OpDef<'images', ResizeAttrs> = defineOp<'images', ResizeAttrs>({
  name: 'ResizeNearestNeighbor',
  inputs: ['images'],
  infer: resizeInfer,
  grad: (dy, { images }, a) => ({ images: run1(ResizeNearestNeighborGradOp, { dy }, { ...a, inputShape: [...images.shape] }) }),
});

/** ResizeNearestNeighborGrad op declaration: adds each dy onto the source pixel it was copied from. */
export const ResizeNearestNeighborGradOp: OpDef<'dy', ResizeGradAttrs> = defineOp<'dy', ResizeGradAttrs>({
  name: 'ResizeNearestNeighborGrad',
  inputs: ['dy'],
  infer: ({ dy }, { inputShape }) => ({ shape: [...inputShape], dtype: dy.dtype }),
  grad: (ddx, _inputs, { size, alignCorners, halfPixelCenters }) => ({
    dy: run1(ResizeNearestNeighborOp, { images: ddx }, { size, alignCorners, halfPixelCenters }),
  }),
});

function resize(
  op: OpDef<'images', ResizeAttrs>, name: string, images: TensorLike, size: [number, number], alignCorners: boolean, halfPixelCenters: boolean,
): Tensor {
  let t = convertToTensor(images, 'images', name);
  if (t.rank !== 3 && t.rank !== 4) {
    throw new ShapeError(`${name}: images must be rank 4 [batch, height, width, channels] or rank 3, received ${fmtShape(t.shape)}.`);
  }
  if (!Array.isArray(size) || size.length !== 2 || !size.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ValueError(`${name}: size must be [newHeight, newWidth] of non-negative integers, received ${JSON.stringify(size)}.`);
  }
  if (alignCorners && halfPixelCenters) {
    throw new ValueError(`${name}: alignCorners and halfPixelCenters cannot both be true; pick one coordinate convention.`);
  }
  if (name === 'resizeBilinear') t = cast(t, floatType(t.dtype));
  const unbatched = t.rank === 3;
  if (unbatched) t = reshape(t, [1, ...t.shape]);
  const attrs: ResizeAttrs = { size: [size[0], size[1]], alignCorners, halfPixelCenters };
  const y = run1(op, { images: t }, attrs);
  return unbatched ? reshape(y, y.shape.slice(1)) : y;
}

/**
 * Bilinear resize of NHWC images to `size` = [newHeight, newWidth] (float result).
 * @example image.resizeBilinear(tensor([1, 2], [1, 2, 1]), [1, 3]); // [[[1], [1.6667], [2]]]
 */
export function resizeBilinear(images: TensorLike, size: [number, number], alignCorners = false, halfPixelCenters = false): Tensor {
  return resize(ResizeBilinearOp, 'resizeBilinear', images, size, alignCorners, halfPixelCenters);
}

/**
 * Nearest-neighbour resize of NHWC images to `size` = [newHeight, newWidth] (keeps the dtype).
 * @example image.resizeNearestNeighbor(tensor([1, 2], [1, 2, 1]), [1, 4]); // [[[1], [1], [2], [2]]]
 */
export function resizeNearestNeighbor(images: TensorLike, size: [number, number], alignCorners = false, halfPixelCenters = false): Tensor {
  return resize(ResizeNearestNeighborOp, 'resizeNearestNeighbor', images, size, alignCorners, halfPixelCenters);
}

/** Image ops under `tf.image`, as in TF.js. */
export const image = { resizeBilinear, resizeNearestNeighbor };
