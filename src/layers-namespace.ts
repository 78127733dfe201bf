// The `tf.layers` namespace: every layer factory, plus the Keras preprocessing layers (image augmentation,
// rescaling) that live with the data code but are used as layers, as `keras.layers.RandomFlip` is.
export * from './layers/index.js';
export {
  RandomFlip, RandomRotation, RandomZoom, RandomTranslation, RandomContrast, Rescaling, Resizing, CenterCrop,
  randomFlip, randomRotation, randomZoom, randomTranslation, randomContrast, rescaling, resizing, centerCrop,
} from './preprocessing/index.js';
