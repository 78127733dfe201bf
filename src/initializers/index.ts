// Public surface of src/initializers/ (tf.initializers.*). See docs/ARCHITECTURE.md, "Training building blocks".
export { Zeros, Ones, Constant, RandomNormal, RandomUniform, TruncatedNormal } from './basic.js';
export type { Initializer, InitializerConfig, SeedConfig, NormalConfig, UniformConfig } from './basic.js';
export {
  VarianceScaling,
  GlorotUniform,
  GlorotNormal,
  HeNormal,
  HeUniform,
  LeCunNormal,
  LeCunUniform,
  Orthogonal,
  Identity,
  computeFans,
} from './variance.js';
export type { VarianceScalingConfig, FanMode, Distribution } from './variance.js';
export * from './registry.js';
