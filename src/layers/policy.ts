// Keras's dtype policies (keras.mixed_precision): a layer's policy names the dtype it computes in and the dtype
// of its variables. 'mixed_bfloat16' keeps float32 variables and runs the layer's matmul or convolution on
// bfloat16 copies of its input and kernel with float32 accumulation (src/ops/mixed.ts). Unlike Keras, the layer's
// output stays float32 (bias, activation, pooling and the losses run in float32, and the next layer rounds its
// input to bfloat16 again), so only the GEMM operands carry bf16 rounding.
import { ConfigError } from '../core/errors.js';
import type { DataType } from '../core/dtype.js';

/** Names of the policies (Keras names). */
export const POLICY_NAMES = ['float32', 'mixed_bfloat16'] as const;
/** A policy name. */
export type PolicyName = (typeof POLICY_NAMES)[number];

/** A dtype policy: the compute and variable dtypes of a layer. */
export class Policy {
  readonly name: PolicyName;
  constructor(name: string) {
    const n = name.toLowerCase().replace(/-/g, '_');
    if (!(POLICY_NAMES as readonly string[]).includes(n)) {
      throw new ConfigError(`mixedPrecision: unknown policy ${JSON.stringify(name)}; expected one of ${POLICY_NAMES.join(', ')}. ('mixed_float16' is not supported: there are no float16 kernels.)`);
    }
    this.name = n as PolicyName;
  }
  /** The dtype the layer's matmuls and convolutions read their operands in. */
  get computeDtype(): DataType {
    return this.name === 'mixed_bfloat16' ? 'bfloat16' : 'float32';
  }
  /** The dtype of the layer's weights. */
  get variableDtype(): DataType {
    return 'float32';
  }
}

let global = new Policy('float32');

/**
 * Sets the policy of layers created from now on (Keras `keras.mixed_precision.set_global_policy`).
 * @example tf.mixedPrecision.setGlobalPolicy('mixed_bfloat16');
 */
export function setGlobalPolicy(policy: string | Policy): void {
  global = typeof policy === 'string' ? new Policy(policy) : policy;
}

/**
 * The policy new layers take.
 * @example tf.mixedPrecision.globalPolicy().name; // 'float32'
 */
export function globalPolicy(): Policy {
  return global;
}
