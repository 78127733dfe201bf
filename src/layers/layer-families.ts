// TF.js lower-camel factories (`tf.layers.conv2d`, ...) of the convolution, pooling, padding, normalization,
// embedding and merge layers, re-exported by index.ts. Merge factories also accept a list of inputs and then
// return the merged result, like TF.js (`tf.layers.add([a, b])`).
import type { Tensor } from '../tensor/tensor.js';
import type { BaseConvLayerArgs, ConvLayerArgs } from './conv-base.js';
import {
  DepthwiseConv2D,
  type DepthwiseConv2DLayerArgs,
  SeparableConv2D,
  type SeparableConv2DLayerArgs,
} from './convolutional-depthwise.js';
import { Conv1D, Conv2D, Conv2DTranspose } from './convolutional.js';
import { Embedding, type EmbeddingLayerArgs } from './embedding.js';
import type { LayerArgs } from './layer.js';
import { Concatenate, type ConcatenateLayerArgs, Dot, type DotLayerArgs } from './merge-axis.js';
import { Add, Average, Maximum, type Merge, Minimum, Multiply, Subtract } from './merge.js';
import {
  BatchNormalization,
  type BatchNormalizationLayerArgs,
  LayerNormalization,
  type LayerNormalizationLayerArgs,
} from './normalization.js';
import {
  Cropping2D,
  type Cropping2DLayerArgs,
  UpSampling2D,
  type UpSampling2DLayerArgs,
  ZeroPadding2D,
  type ZeroPadding2DLayerArgs,
} from './padding-cropping.js';
import {
  AveragePooling1D,
  AveragePooling2D,
  GlobalAveragePooling1D,
  GlobalAveragePooling2D,
  type GlobalPoolingLayerArgs,
  GlobalMaxPooling1D,
  GlobalMaxPooling2D,
  MaxPooling1D,
  MaxPooling2D,
  type PoolingLayerArgs,
} from './pooling.js';
import type { SymbolicTensor } from './symbolic.js';

export {
  Conv1D,
  Conv2D,
  Conv2DTranspose,
  DepthwiseConv2D,
  SeparableConv2D,
  MaxPooling1D,
  MaxPooling2D,
  AveragePooling1D,
  AveragePooling2D,
  GlobalAveragePooling1D,
  GlobalAveragePooling2D,
  GlobalMaxPooling1D,
  GlobalMaxPooling2D,
  ZeroPadding2D,
  Cropping2D,
  UpSampling2D,
  BatchNormalization,
  LayerNormalization,
  Embedding,
  Add,
  Subtract,
  Multiply,
  Average,
  Maximum,
  Minimum,
  Concatenate,
  Dot,
};
export { Merge } from './merge.js';
export { BaseConv } from './conv-base.js';
export type { DataFormat, PaddingMode } from './conv-common.js';
export type { SpatialAmounts } from './padding-cropping.js';
export type {
  BaseConvLayerArgs,
  ConvLayerArgs,
  DepthwiseConv2DLayerArgs,
  SeparableConv2DLayerArgs,
  PoolingLayerArgs,
  GlobalPoolingLayerArgs,
  ZeroPadding2DLayerArgs,
  Cropping2DLayerArgs,
  UpSampling2DLayerArgs,
  BatchNormalizationLayerArgs,
  LayerNormalizationLayerArgs,
  EmbeddingLayerArgs,
  ConcatenateLayerArgs,
  DotLayerArgs,
};

/** 1-D convolution. @example tf.layers.conv1d({ filters: 8, kernelSize: 3, inputShape: [50, 4] }) */
export function conv1d(args: ConvLayerArgs): Conv1D {
  return new Conv1D(args);
}

/** 2-D convolution. @example tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }) */
export function conv2d(args: ConvLayerArgs): Conv2D {
  return new Conv2D(args);
}

/** Transposed 2-D convolution. @example tf.layers.conv2dTranspose({ filters: 8, kernelSize: 3, strides: 2, padding: 'same' }) */
export function conv2dTranspose(args: ConvLayerArgs): Conv2DTranspose {
  return new Conv2DTranspose(args);
}

/** Depthwise 2-D convolution. @example tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2 }) */
export function depthwiseConv2d(args: DepthwiseConv2DLayerArgs): DepthwiseConv2D {
  return new DepthwiseConv2D(args);
}

/** Depthwise-separable 2-D convolution. @example tf.layers.separableConv2d({ filters: 16, kernelSize: 3 }) */
export function separableConv2d(args: SeparableConv2DLayerArgs): SeparableConv2D {
  return new SeparableConv2D(args);
}

/** 1-D max pooling. @example tf.layers.maxPooling1d({ poolSize: 2 }) */
export function maxPooling1d(args: PoolingLayerArgs = {}): MaxPooling1D {
  return new MaxPooling1D(args);
}

/** 2-D max pooling. @example tf.layers.maxPooling2d({ poolSize: 2 }) */
export function maxPooling2d(args: PoolingLayerArgs = {}): MaxPooling2D {
  return new MaxPooling2D(args);
}

/** 1-D average pooling. @example tf.layers.averagePooling1d({ poolSize: 2 }) */
export function averagePooling1d(args: PoolingLayerArgs = {}): AveragePooling1D {
  return new AveragePooling1D(args);
}

/** 2-D average pooling. @example tf.layers.averagePooling2d({ poolSize: 2 }) */
export function averagePooling2d(args: PoolingLayerArgs = {}): AveragePooling2D {
  return new AveragePooling2D(args);
}

/** TF.js aliases of the pooling factories. @example tf.layers.maxPool2d({ poolSize: 2 }) */
export const maxPool1d = maxPooling1d;
/** Alias of `maxPooling2d`. @example tf.layers.maxPool2d({ poolSize: 2 }) */
export const maxPool2d = maxPooling2d;
/** Alias of `averagePooling1d`. @example tf.layers.avgPool1d({ poolSize: 2 }) */
export const avgPool1d = averagePooling1d;
/** Alias of `averagePooling2d`. @example tf.layers.avgPool2d({ poolSize: 2 }) */
export const avgPool2d = averagePooling2d;
/** Alias of `averagePooling1d`. @example tf.layers.avgPooling1d({ poolSize: 2 }) */
export const avgPooling1d = averagePooling1d;
/** Alias of `averagePooling2d`. @example tf.layers.avgPooling2d({ poolSize: 2 }) */
export const avgPooling2d = averagePooling2d;

/** Global average over steps. @example tf.layers.globalAveragePooling1d() */
export function globalAveragePooling1d(args: GlobalPoolingLayerArgs = {}): GlobalAveragePooling1D {
  return new GlobalAveragePooling1D(args);
}

/** Global average over height and width. @example tf.layers.globalAveragePooling2d({}) */
export function globalAveragePooling2d(args: GlobalPoolingLayerArgs = {}): GlobalAveragePooling2D {
  return new GlobalAveragePooling2D(args);
}

/** Global max over steps. @example tf.layers.globalMaxPooling1d() */
export function globalMaxPooling1d(args: GlobalPoolingLayerArgs = {}): GlobalMaxPooling1D {
  return new GlobalMaxPooling1D(args);
}

/** Global max over height and width. @example tf.layers.globalMaxPooling2d({}) */
export function globalMaxPooling2d(args: GlobalPoolingLayerArgs = {}): GlobalMaxPooling2D {
  return new GlobalMaxPooling2D(args);
}

/** Alias of `globalMaxPooling1d`. @example tf.layers.globalMaxPool1d() */
export const globalMaxPool1d = globalMaxPooling1d;
/** Alias of `globalMaxPooling2d`. @example tf.layers.globalMaxPool2d({}) */
export const globalMaxPool2d = globalMaxPooling2d;

/** Zero padding around images. @example tf.layers.zeroPadding2d({ padding: 1 }) */
export function zeroPadding2d(args: ZeroPadding2DLayerArgs = {}): ZeroPadding2D {
  return new ZeroPadding2D(args);
}

/** Crops image borders. @example tf.layers.cropping2D({ cropping: [[1, 1], [2, 2]] }) */
export function cropping2D(args: Cropping2DLayerArgs = {}): Cropping2D {
  return new Cropping2D(args);
}

/** Alias of `cropping2D` (TF.js spells it with a capital D). @example tf.layers.cropping2d({ cropping: 1 }) */
export const cropping2d = cropping2D;

/** Upsamples images. @example tf.layers.upSampling2d({ size: [2, 2], interpolation: 'bilinear' }) */
export function upSampling2d(args: UpSampling2DLayerArgs = {}): UpSampling2D {
  return new UpSampling2D(args);
}

/** Batch normalization. @example tf.layers.batchNormalization({ momentum: 0.9 }) */
export function batchNormalization(args: BatchNormalizationLayerArgs = {}): BatchNormalization {
  return new BatchNormalization(args);
}

/** Layer normalization. @example tf.layers.layerNormalization({ axis: -1 }) */
export function layerNormalization(args: LayerNormalizationLayerArgs = {}): LayerNormalization {
  return new LayerNormalization(args);
}

/** Embedding lookup table. @example tf.layers.embedding({ inputDim: 1000, outputDim: 8 }) */
export function embedding(args: EmbeddingLayerArgs): Embedding {
  return new Embedding(args);
}

/** A merge factory's argument: the layer config, or the inputs to merge right away. */
export type MergeFactoryArg<A extends LayerArgs = LayerArgs> = A | Tensor[] | SymbolicTensor[];

function mergeOrApply<L extends Merge>(layer: (args: LayerArgs) => L, arg: MergeFactoryArg | undefined): L | Tensor | SymbolicTensor {
  if (!Array.isArray(arg)) return layer(arg ?? {});
  const out = layer({}).apply(arg);
  if (Array.isArray(out)) throw new TypeError('merge layers return a single output');
  return out;
}

/** Element-wise sum of inputs; given inputs, returns their sum. @example tf.layers.add().apply([a, b]) */
export function add(args?: LayerArgs): Add;
export function add(inputs: Tensor[]): Tensor;
export function add(inputs: SymbolicTensor[]): SymbolicTensor;
export function add(arg?: MergeFactoryArg): Add | Tensor | SymbolicTensor {
  return mergeOrApply((a) => new Add(a), arg);
}

/** Difference of two inputs. @example tf.layers.subtract().apply([a, b]) */
export function subtract(args?: LayerArgs): Subtract;
export function subtract(inputs: Tensor[]): Tensor;
export function subtract(inputs: SymbolicTensor[]): SymbolicTensor;
export function subtract(arg?: MergeFactoryArg): Subtract | Tensor | SymbolicTensor {
  return mergeOrApply((a) => new Subtract(a), arg);
}

/** Element-wise product of inputs. @example tf.layers.multiply().apply([a, b]) */
export function multiply(args?: LayerArgs): Multiply;
export function multiply(inputs: Tensor[]): Tensor;
export function multiply(inputs: SymbolicTensor[]): SymbolicTensor;
export function multiply(arg?: MergeFactoryArg): Multiply | Tensor | SymbolicTensor {
  return mergeOrApply((a) => new Multiply(a), arg);
}

/** Element-wise mean of inputs. @example tf.layers.average().apply([a, b]) */
export function average(args?: LayerArgs): Average;
export function average(inputs: Tensor[]): Tensor;
export function average(inputs: SymbolicTensor[]): SymbolicTensor;
export function average(arg?: MergeFactoryArg): Average | Tensor | SymbolicTensor {
  return mergeOrApply((a) => new Average(a), arg);
}

/** Element-wise maximum of inputs. @example tf.layers.maximum().apply([a, b]) */
export function maximum(args?: LayerArgs): Maximum;
export function maximum(inputs: Tensor[]): Tensor;
export function maximum(inputs: SymbolicTensor[]): SymbolicTensor;
export function maximum(arg?: MergeFactoryArg): Maximum | Tensor | SymbolicTensor {
  return mergeOrApply((a) => new Maximum(a), arg);
}

/** Element-wise minimum of inputs. @example tf.layers.minimum().apply([a, b]) */
export function minimum(args?: LayerArgs): Minimum;
export function minimum(inputs: Tensor[]): Tensor;
export function minimum(inputs: SymbolicTensor[]): SymbolicTensor;
export function minimum(arg?: MergeFactoryArg): Minimum | Tensor | SymbolicTensor {
  return mergeOrApply((a) => new Minimum(a), arg);
}

/** Joins inputs along an axis. @example tf.layers.concatenate({ axis: -1 }).apply([a, b]) */
export function concatenate(args?: ConcatenateLayerArgs): Concatenate;
export function concatenate(inputs: Tensor[]): Tensor;
export function concatenate(inputs: SymbolicTensor[]): SymbolicTensor;
export function concatenate(arg?: MergeFactoryArg<ConcatenateLayerArgs>): Concatenate | Tensor | SymbolicTensor {
  return mergeOrApply((a) => new Concatenate(a), arg);
}

/** Per-sample dot product of two inputs. @example tf.layers.dot({ axes: 1 }).apply([a, b]) */
export function dot(args: DotLayerArgs): Dot {
  return new Dot(args);
}
