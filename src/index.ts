/**
 * Tensorforge: deep learning for TypeScript. This module is the public `tf` namespace; its names follow
 * TensorFlow.js so that `import * as tf from 'tensorforge'` replaces `@tensorflow/tfjs`.
 */
import './backends/ts/index.js';
import './backends/native/index.js';
import { setBackendSync } from './core/kernel-registry.js';

export * from './ops/index.js';
export { Tensor, Variable } from './tensor/tensor.js';
export { TensorBuffer } from './tensor/buffer.js';
export * as util from './core/util.js';
export * as browser from './ops/browser.js';
export * as math from './ops/math-namespace.js';
export * as test_util from './tensor/test-util.js';
export type { NestedArray } from './tensor/tensor.js';
export { tidy, dispose, keep, memory } from './tensor/memory.js';
export { getBackend, listBackends, setBackendSync } from './core/kernel-registry.js';
export { setSeed } from './core/random.js';
export type { DataType, TypedArray } from './core/dtype.js';
export type { Shape } from './core/shape.js';
export { ShapeError, DTypeError, ConfigError, ValueError, FormatError, TensorforgeError } from './core/errors.js';

// Keras-style API (issue #3): tf.sequential, tf.model, tf.input, tf.layers.*, tf.train.*, tf.losses.*, ...
export * from './models/index.js';
export * as layers from './layers-namespace.js';
export * as train from './optimizers/index.js';
export * as losses from './losses/index.js';
export * as metrics from './metrics/index.js';
export * as initializers from './initializers/index.js';
export * as regularizers from './regularizers/index.js';
export * as constraints from './constraints/index.js';
export * as activations from './activations/index.js';
export * as callbacks from './callbacks/index.js';
// Data (issue #5): tf.data.*, tf.datasets.mnist, preprocessing.
export * as data from './data/index.js';
export * as datasets from './datasets/index.js';
export * as preprocessing from './preprocessing/index.js';
// Save/load and interop (issue #7): tf.io.*, plus tf.loadLayersModel re-exported from io.
export * as io from './io/index.js';
export { loadLayersModel } from './io/index.js';
// Trust (issue #17): tf.explain.* attributions, tf.privacy.* DP-SGD and its accountant.
export * as explain from './explain/index.js';
export * as privacy from './privacy/index.js';
export * as distribute from './distribute.js';
export * as mixedPrecision from './mixed-precision.js';
// TF.js exposes the loss reduction enum at the top level too (tf.Reduction.MEAN).
export { Reduction } from './losses/index.js';

/**
 * Selects the backend: 'native', 'ts', or 'cpu' (the best present). Resolves to false when it is unavailable.
 * @example await setBackend('ts');
 */
export function setBackend(name: string): Promise<boolean> {
  return Promise.resolve(setBackendSync(name));
}

/** Resolves once the active backend is ready (always immediately on the CPU). @example await ready(); */
export function ready(): Promise<void> {
  return Promise.resolve();
}

/** The package version. */
export const version = '0.1.0';
