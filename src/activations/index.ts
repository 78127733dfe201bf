// Public surface of src/activations/ (tf.activations.*): activation objects looked up by Keras/TF.js id.
// See docs/ARCHITECTURE.md, "Training building blocks".
import { ConfigError } from '../core/errors.js';
import { normalizeId } from '../core/ids.js';
import {
  add,
  clipByValue,
  div,
  elu as eluOp,
  exp,
  gelu as geluOp,
  leakyRelu as leakyReluOp,
  logSigmoid as logSigmoidOp,
  logSoftmax as logSoftmaxOp,
  mish as mishOp,
  mul,
  relu as reluOp,
  relu6 as relu6Op,
  selu as seluOp,
  sigmoid as sigmoidOp,
  softmax as softmaxOp,
  softplus as softplusOp,
  softsign as softsignOp,
  swish as swishOp,
  tanh as tanhOp,
} from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';

/** An element-wise (or last-axis, for softmax) activation function with a serializable name. */
export interface Activation {
  /** The id stored in layer configs (TF.js camelCase, e.g. 'relu', 'hardSigmoid'). */
  readonly name: string;
  /** Applies the activation. */
  apply(x: Tensor): Tensor;
  /** Config for serialization (empty for every built-in). */
  getConfig?(): Record<string, unknown>;
}

// Outputs of the softmax / sigmoid activations remember their logits (Tensor.activationSource), so a cross-entropy
// loss on them can use the stable logits path (what tf.keras does by inspecting the output's producing op). A field
// rather than a WeakMap: a WeakMap insert per prediction cost about a microsecond.

/**
 * The logits a softmax/sigmoid activation output was computed from, if `t` is such an output.
 * @example const y = getActivation('softmax').apply(x); logitsOf(y)?.logits === x; // true
 */
export function logitsOf(t: Tensor): { kind: 'softmax' | 'sigmoid'; logits: Tensor } | undefined {
  return t.activationSource;
}

function tagged(kind: 'softmax' | 'sigmoid', fn: (x: Tensor) => Tensor): (x: Tensor) => Tensor {
  return (x) => {
    const y = fn(x);
    y.activationSource = { kind, logits: x };
    return y;
  };
}

const FUNCTIONS: Record<string, (x: Tensor) => Tensor> = {
  linear: (x) => x,
  relu: reluOp,
  relu6: relu6Op,
  elu: (x) => eluOp(x),
  selu: seluOp,
  sigmoid: tagged('sigmoid', (x) => sigmoidOp(x)),
  // TF.js / Keras 2 definition: clip(0.2 x + 0.5, 0, 1). (Keras 3 uses slope 1/6; TF.js model files expect 0.2.)
  hardSigmoid: (x) => clipByValue(add(mul(x, 0.2), 0.5), 0, 1),
  tanh: tanhOp,
  softmax: tagged('softmax', (x) => softmaxOp(x, -1)),
  logSoftmax: (x) => logSoftmaxOp(x, -1),
  softplus: softplusOp,
  softsign: softsignOp,
  swish: swishOp,
  silu: swishOp,
  mish: mishOp,
  gelu: (x) => geluOp(x, false),
  geluApproximate: (x) => geluOp(x, true),
  leakyRelu: (x) => leakyReluOp(x, 0.2),
  exponential: (x) => exp(x),
  logSigmoid: (x) => logSigmoidOp(x),
  // Keras 3: x * relu6(x + 3) / 6.
  hardSilu: (x) => mul(x, div(relu6Op(add(x, 3)), 6)),
  hardSwish: (x) => mul(x, div(relu6Op(add(x, 3)), 6)),
  hardTanh: (x) => clipByValue(x, -1, 1),
};

/** Every accepted activation id (camelCase; snake_case spellings are accepted too). */
export const ACTIVATION_IDS: readonly string[] = Object.keys(FUNCTIONS);

class NamedActivation implements Activation {
  constructor(
    readonly name: string,
    private readonly fn: (x: Tensor) => Tensor,
  ) {}
  apply(x: Tensor): Tensor {
    return this.fn(x);
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/**
 * Resolves an activation from an id ('relu', 'leaky_relu', 'hardSigmoid', ...; undefined/null gives 'linear') or
 * returns an Activation unchanged. Unknown ids throw a ConfigError listing the valid ones.
 * @example getActivation('relu').apply(tensor([-1, 2])); // [0, 2]
 */
export function getActivation(id: string | Activation | undefined | null): Activation {
  if (id === undefined || id === null) return new NamedActivation('linear', FUNCTIONS['linear'] as (x: Tensor) => Tensor);
  if (typeof id !== 'string') {
    if (typeof id === 'object' && typeof id.apply === 'function') return id;
    throw new ConfigError(`getActivation: expected an activation id or object, received ${JSON.stringify(id)}.`);
  }
  let key = normalizeId(id);
  if (key === 'hard_sigmoid' || key === 'HardSigmoid') key = 'hardSigmoid';
  if (!(key in FUNCTIONS)) key = key.charAt(0).toLowerCase() + key.slice(1); // 'Relu', 'LeakyRelu' (class names)
  const fn = FUNCTIONS[key];
  if (!fn) {
    throw new ConfigError(`getActivation: unknown activation '${id}'. Valid ids: ${ACTIVATION_IDS.join(', ')} (snake_case accepted).`);
  }
  return new NamedActivation(key, fn);
}

/**
 * The activation a fused layer kernel (dense, conv) may apply itself: a built-in 'linear', 'relu' or 'tanh' given by
 * id, else null (run it as a separate op). Sigmoid and softmax stay separate so losses can find their logits, and a
 * user's activation object is always called.
 * @example fusableActivation('relu', getActivation('relu')); // 'relu'
 */
export function fusableActivation(arg: string | Activation | undefined | null, activation: Activation): 'linear' | 'relu' | 'tanh' | null {
  const id = arg === undefined || arg === null || typeof arg === 'string' ? activation.name : null;
  return id === 'linear' || id === 'relu' || id === 'tanh' ? id : null;
}

/**
 * The id to store for an activation in a layer config.
 * @example serializeActivation(getActivation('leaky_relu')); // 'leakyRelu'
 */
export function serializeActivation(activation: Activation): string {
  return activation.name;
}
