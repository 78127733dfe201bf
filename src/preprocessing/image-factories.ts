// TF.js-style factory functions for the image preprocessing layers (`preprocessing.randomFlip({...})`).
import {
  RandomContrast,
  type RandomContrastArgs,
  RandomFlip,
  type RandomFlipArgs,
  RandomRotation,
  type RandomRotationArgs,
  RandomTranslation,
  type RandomTranslationArgs,
  RandomZoom,
  type RandomZoomArgs,
} from './image-layers.js';
import { CenterCrop, type CenterCropArgs, Rescaling, type RescalingArgs, Resizing, type ResizingArgs } from './image-resize-layers.js';

/** Random horizontal/vertical flips during training. @example randomFlip({ mode: 'horizontal' }); */
export function randomFlip(args: RandomFlipArgs = {}): RandomFlip {
  return new RandomFlip(args);
}
/** Random rotations during training. @example randomRotation({ factor: 0.1 }); */
export function randomRotation(args: RandomRotationArgs): RandomRotation {
  return new RandomRotation(args);
}
/** Random zoom during training. @example randomZoom({ heightFactor: 0.2 }); */
export function randomZoom(args: RandomZoomArgs): RandomZoom {
  return new RandomZoom(args);
}
/** Random shifts during training. @example randomTranslation({ heightFactor: 0.1, widthFactor: 0.1 }); */
export function randomTranslation(args: RandomTranslationArgs): RandomTranslation {
  return new RandomTranslation(args);
}
/** Random contrast during training. @example randomContrast({ factor: 0.2 }); */
export function randomContrast(args: RandomContrastArgs): RandomContrast {
  return new RandomContrast(args);
}
/** `x * scale + offset`. @example rescaling({ scale: 1 / 255 }); */
export function rescaling(args: RescalingArgs): Rescaling {
  return new Rescaling(args);
}
/** Resizes images. @example resizing({ height: 32, width: 32 }); */
export function resizing(args: ResizingArgs): Resizing {
  return new Resizing(args);
}
/** Crops the image centre. @example centerCrop({ height: 24, width: 24 }); */
export function centerCrop(args: CenterCropArgs): CenterCrop {
  return new CenterCrop(args);
}
