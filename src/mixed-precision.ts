// The `tf.mixedPrecision` namespace (Keras `keras.mixed_precision`): dtype policies for bf16 training.
export { Policy, setGlobalPolicy, globalPolicy, POLICY_NAMES } from './layers/policy.js';
export type { PolicyName } from './layers/policy.js';
