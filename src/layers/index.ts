// Public surface of src/layers/ (`tf.layers.*`): TF.js lower-camel factories plus the classes. Layer families
// live in their own files and register their classes with `registerLayer` on import.
import { Activation, type ActivationLayerArgs, Dense, type DenseLayerArgs } from './core.js';
import { type InputLayerArgs, InputLayer } from './input-layer.js';
import {
  Dropout,
  type DropoutLayerArgs,
  GaussianDropout,
  type GaussianDropoutArgs,
  GaussianNoise,
  type GaussianNoiseArgs,
  SpatialDropout1D,
  SpatialDropout2D,
  type SpatialDropoutLayerArgs,
} from './noise.js';
import {
  Flatten,
  type FlattenLayerArgs,
  Permute,
  type PermuteLayerArgs,
  RepeatVector,
  type RepeatVectorLayerArgs,
  Reshape,
  type ReshapeLayerArgs,
} from './reshaping.js';

export { Layer, isShapeList } from './layer.js';
export type { LayerArgs, ConfigDict, InputSpec, AddWeightOptions, ShapeOrShapes } from './layer.js';
export { SymbolicTensor, Node, isSymbolic, fmtSymbolicShape } from './symbolic.js';
export type { SymbolicShape, CallKwargs } from './symbolic.js';
export { registerLayer, getLayerClass, deserializeLayer, serializeLayer, listLayerClasses } from './registry.js';
export type { LayerClass, SerializedLayer } from './registry.js';
export { resetLayerNames, toSnakeCase, uniqueName } from './naming.js';
export { serializeObject, serializeActivation, resolveRegularizer } from './serialization.js';
export type { InitializerArg, RegularizerArg, ActivationArg } from './serialization.js';
export { input } from './input-layer.js';
export type { InputConfig } from './input-layer.js';
export { singleInput, singleShape } from './core.js';
export {
  Dense,
  Activation,
  InputLayer,
  Flatten,
  Reshape,
  Permute,
  RepeatVector,
  Dropout,
  SpatialDropout1D,
  SpatialDropout2D,
  GaussianNoise,
  GaussianDropout,
};
export type {
  DenseLayerArgs,
  ActivationLayerArgs,
  InputLayerArgs,
  FlattenLayerArgs,
  ReshapeLayerArgs,
  PermuteLayerArgs,
  RepeatVectorLayerArgs,
  DropoutLayerArgs,
  SpatialDropoutLayerArgs,
  GaussianNoiseArgs,
  GaussianDropoutArgs,
};

/** A fully connected layer. @example tf.layers.dense({ units: 10, activation: 'softmax' }) */
export function dense(args: DenseLayerArgs): Dense {
  return new Dense(args);
}

/** An element-wise activation layer. @example tf.layers.activation({ activation: 'relu' }) */
export function activation(args: ActivationLayerArgs): Activation {
  return new Activation(args);
}

/** An explicit input layer (usually `tf.input` is simpler). @example tf.layers.inputLayer({ inputShape: [4] }) */
export function inputLayer(args: InputLayerArgs): InputLayer {
  return new InputLayer(args);
}

/** Flattens the non-batch dimensions. @example tf.layers.flatten({ inputShape: [28, 28] }) */
export function flatten(args: FlattenLayerArgs = {}): Flatten {
  return new Flatten(args);
}

/** Reshapes the non-batch dimensions. @example tf.layers.reshape({ targetShape: [7, 7, 1] }) */
export function reshape(args: ReshapeLayerArgs): Reshape {
  return new Reshape(args);
}

/** Permutes the non-batch axes (1-based). @example tf.layers.permute({ dims: [2, 1] }) */
export function permute(args: PermuteLayerArgs): Permute {
  return new Permute(args);
}

/** Repeats a vector n times. @example tf.layers.repeatVector({ n: 4 }) */
export function repeatVector(args: RepeatVectorLayerArgs): RepeatVector {
  return new RepeatVector(args);
}

/** Dropout (active only in training). @example tf.layers.dropout({ rate: 0.2 }) */
export function dropout(args: DropoutLayerArgs): Dropout {
  return new Dropout(args);
}

/** Drops whole channels of 1D feature maps. @example tf.layers.spatialDropout1d({ rate: 0.2 }) */
export function spatialDropout1d(args: SpatialDropoutLayerArgs): SpatialDropout1D {
  return new SpatialDropout1D(args);
}

/** Drops whole channels of 2D feature maps. @example tf.layers.spatialDropout2d({ rate: 0.2 }) */
export function spatialDropout2d(args: SpatialDropoutLayerArgs): SpatialDropout2D {
  return new SpatialDropout2D(args);
}

/** Additive Gaussian noise in training. @example tf.layers.gaussianNoise({ stddev: 0.1 }) */
export function gaussianNoise(args: GaussianNoiseArgs): GaussianNoise {
  return new GaussianNoise(args);
}

/** Multiplicative Gaussian noise in training. @example tf.layers.gaussianDropout({ rate: 0.1 }) */
export function gaussianDropout(args: GaussianDropoutArgs): GaussianDropout {
  return new GaussianDropout(args);
}

// Convolution, pooling, padding/cropping, normalization, embedding and merge layers (their classes, config types
// and TF.js factories) live in layer-families.ts.
export * from './layer-families.js';
export * from './recurrent/index.js';
export * from './attention/index.js';
export * from './transformer/index.js';
