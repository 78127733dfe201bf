// TF.js's `tf.fused` namespace: matMul, conv2d and depthwiseConv2d followed by a bias and an activation. The cases
// the fused kernels cover (rank-2 matMul without transposes, NHWC conv2d; linear/relu/sigmoid/tanh, a bias of
// [outChannels]) run as one op; every other combination (transposes, batched matMul, prelu, relu6, elu, leakyrelu,
// NCHW, broadcast biases) is composed from the plain ops, whose gradients then apply.
import { ValueError } from '../core/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { elu, leakyRelu, prelu, relu, relu6, sigmoid, tanh } from './activations.js';
import { add } from './arithmetic.js';
import { cast } from './cast.js';
import { conv2d } from './conv.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { depthwiseConv2d } from './depthwise.js';
import { FUSED_ACTIVATIONS, type FusedActivation, fusedMatMul } from './fused.js';
import { type FusedConv2DArgs, fusedConv2d } from './fused-conv.js';
import { matMul } from './matmul.js';
import { reshape } from './reshape.js';

/** Activations accepted by the `tf.fused` ops (TF.js names). */
export type Activation = 'linear' | 'relu' | 'prelu' | 'elu' | 'relu6' | 'leakyrelu' | 'sigmoid' | 'tanh';
const ACTIVATIONS: readonly Activation[] = ['linear', 'relu', 'prelu', 'elu', 'relu6', 'leakyrelu', 'sigmoid', 'tanh'];

/** The options every `tf.fused` op shares. */
export interface FusedEpilogue {
  bias?: TensorLike | null;
  activation?: Activation;
  /** The alpha of 'prelu', broadcasting against the output. */
  preluActivationWeights?: TensorLike | null;
  /** The alpha of 'leakyrelu' (default 0.2). */
  leakyreluAlpha?: number;
}

function applyActivation(y: Tensor, op: string, { activation = 'linear', preluActivationWeights, leakyreluAlpha = 0.2 }: FusedEpilogue): Tensor {
  switch (activation) {
    case 'linear':
      return y;
    case 'relu':
      return relu(y);
    case 'relu6':
      return relu6(y);
    case 'elu':
      return elu(y);
    case 'sigmoid':
      return sigmoid(y);
    case 'tanh':
      return tanh(y);
    case 'leakyrelu':
      return leakyRelu(y, leakyreluAlpha);
    case 'prelu':
      if (preluActivationWeights === undefined || preluActivationWeights === null) {
        throw new ValueError(`fused.${op}: activation 'prelu' needs preluActivationWeights (the alpha per channel).`);
      }
      return prelu(y, convertToTensor(preluActivationWeights, 'preluActivationWeights', `fused ${op}`));
    default:
      throw new ValueError(`fused.${op}: unknown activation '${String(activation)}'; expected one of ${ACTIVATIONS.join(', ')}.`);
  }
}

function addBias(y: Tensor, bias: TensorLike | null | undefined, op: string): Tensor {
  if (bias === undefined || bias === null) return y;
  const b = convertToTensor(bias, 'bias', `fused ${op}`);
  return add(y, b.dtype === y.dtype ? b : cast(b, y.dtype));
}

function isKernelActivation(a: Activation): a is FusedActivation {
  return (FUSED_ACTIVATIONS as readonly string[]).includes(a);
}

/** Arguments of `fused.matMul`. */
export interface FusedMatMulConfig extends FusedEpilogue {
  a: TensorLike;
  b: TensorLike;
  transposeA?: boolean;
  transposeB?: boolean;
}

/**
 * activation(matMul(a, b) + bias) (TF.js `tf.fused.matMul`).
 * @example fused.matMul({ a: tensor2d([[1, 2]]), b: tensor2d([[3], [-4]]), bias: tensor1d([1]), activation: 'relu' }); // [[0]]
 */
function fusedMatMulApi(config: FusedMatMulConfig): Tensor {
  const { transposeA = false, transposeB = false, bias, activation = 'linear' } = config;
  const a = convertToTensor(config.a, 'a', 'fused matMul');
  const b = convertToTensor(config.b, 'b', 'fused matMul');
  if (!ACTIVATIONS.includes(activation)) applyActivation(a, 'matMul', config); // throws the unknown-activation error
  const bt = bias === undefined || bias === null ? null : convertToTensor(bias, 'bias', 'fused matMul');
  const simple = !transposeA && !transposeB && a.rank === 2 && b.rank === 2 && a.dtype === b.dtype && (a.dtype === 'float32' || a.dtype === 'float64');
  if (simple && bt !== null && bt.rank === 1 && bt.dtype === a.dtype && bt.shape[0] === b.shape[1] && isKernelActivation(activation)) {
    return fusedMatMul({ a, b, bias: bt, activation });
  }
  return applyActivation(addBias(matMul(a, b, transposeA, transposeB), bt, 'matMul'), 'matMul', config);
}

/** Arguments of `fused.conv2d` and `fused.depthwiseConv2d`: the fused kernel's, with TF.js's full epilogue. */
export type FusedConvConfig = Omit<FusedConv2DArgs, 'bias' | 'activation'> & FusedEpilogue;

function channelBias(bias: TensorLike | null | undefined, dataFormat: 'NHWC' | 'NCHW', op: string): TensorLike | null | undefined {
  if (dataFormat !== 'NCHW' || bias === undefined || bias === null) return bias;
  const b = convertToTensor(bias, 'bias', `fused ${op}`);
  // A per-channel bias [C] lines up with NCHW's channel axis as [C, 1, 1].
  return b.rank === 1 ? reshape(b, [b.size, 1, 1]) : b;
}

/** The per-channel prelu alpha [C] lines up with NCHW as [C, 1, 1], like the bias. */
function nchwPrelu(config: FusedConvConfig, dataFormat: 'NHWC' | 'NCHW'): FusedEpilogue {
  const w = config.preluActivationWeights;
  return { ...config, preluActivationWeights: channelBias(w, dataFormat, 'conv2d') ?? null };
}

/**
 * activation(conv2d(x, filter) + bias) (TF.js `tf.fused.conv2d`).
 * @example fused.conv2d({ x: ones([1, 3, 3, 1]), filter: ones([2, 2, 1, 1]), strides: 1, pad: 'valid', bias: tensor1d([-5]), activation: 'relu' });
 */
function fusedConv2dApi(config: FusedConvConfig): Tensor {
  const { x, filter, strides, pad, dataFormat = 'NHWC', dilations = [1, 1], dimRoundingMode, bias, activation = 'linear' } = config;
  const bt = bias === undefined || bias === null ? null : convertToTensor(bias, 'bias', 'fused conv2d');
  if (dataFormat === 'NHWC' && isKernelActivation(activation) && (bt === null || bt.rank === 1)) {
    const args = { x, filter, strides, pad, dataFormat, dilations, bias: bt, activation };
    return fusedConv2d(dimRoundingMode === undefined ? args : { ...args, dimRoundingMode });
  }
  const y = conv2d(x, filter, strides, pad, dataFormat, dilations, dimRoundingMode);
  return applyActivation(addBias(y, channelBias(bt, dataFormat, 'conv2d'), 'conv2d'), 'conv2d', nchwPrelu(config, dataFormat));
}

/**
 * activation(depthwiseConv2d(x, filter) + bias) (TF.js `tf.fused.depthwiseConv2d`).
 * @example fused.depthwiseConv2d({ x: ones([1, 3, 3, 2]), filter: ones([2, 2, 2, 1]), strides: 1, pad: 'valid', activation: 'relu' });
 */
function fusedDepthwiseConv2dApi(config: FusedConvConfig): Tensor {
  const { x, filter, strides, pad, dataFormat = 'NHWC', dilations = [1, 1], dimRoundingMode, bias } = config;
  const y = depthwiseConv2d(x, filter, strides, pad, dataFormat, dilations, dimRoundingMode);
  return applyActivation(addBias(y, channelBias(bias, dataFormat, 'depthwiseConv2d'), 'depthwiseConv2d'), 'depthwiseConv2d', nchwPrelu(config, dataFormat));
}

/** TF.js `tf.fused`: matMul, conv2d and depthwiseConv2d with a bias and an activation. @example fused.matMul({ a, b, bias, activation: 'relu' }); */
export const fused = { matMul: fusedMatMulApi, conv2d: fusedConv2dApi, depthwiseConv2d: fusedDepthwiseConv2dApi };
