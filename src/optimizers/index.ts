// Public surface of src/optimizers/ (tf.train.*). See docs/ARCHITECTURE.md, "Training building blocks".
export { Optimizer } from './optimizer.js';
export type { NamedTensor, LearningRate, OptimizerOptions, ConfigValue, SlotSpec } from './optimizer.js';
export { SGDOptimizer, MomentumOptimizer } from './sgd.js';
export type { SGDConfig, MomentumConfig } from './sgd.js';
export { AdagradOptimizer, AdadeltaOptimizer, RMSPropOptimizer, EPSILON } from './adaptive.js';
export type { AdagradConfig, AdadeltaConfig, RMSPropConfig } from './adaptive.js';
export { AdamOptimizer, AdamWOptimizer, AdamaxOptimizer, NadamOptimizer } from './adam.js';
export type { AdamConfig, AdamWConfig } from './adam.js';
export { sgd, momentum, adagrad, adadelta, rmsprop, adam, adamax, adamw, nadam, getOptimizer, serializeOptimizer } from './registry.js';
export type { OptimizerSpec } from './registry.js';
export { exponentialDecay, piecewiseConstantDecay, cosineDecay, scheduleFromConfig, isSchedule } from './schedules.js';
export type { LearningRateSchedule, ExponentialDecayConfig, PiecewiseConstantDecayConfig, CosineDecayConfig, ScheduleConfig } from './schedules.js';
