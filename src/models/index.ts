// Public surface of src/models/: tf.sequential, tf.model, tf.input and the model classes (re-exported at the top of
// the `tf` namespace).
export { input, InputLayer } from '../layers/input-layer.js';
export { SymbolicTensor } from '../layers/symbolic.js';
export { Container } from './container.js';
export type { ContainerArgs, ModelInput } from './container.js';
export { LayersModel, model } from './model.js';
export type { ModelPredictArgs } from './model.js';
export { Sequential, sequential } from './sequential.js';
export type { SequentialArgs } from './sequential.js';
export type { ModelCompileArgs, LossArg, MetricArg, OptimizerArg, CompiledState, CompiledOutput } from './compile.js';
export type { ModelFitArgs, ModelEvaluateArgs } from './fit.js';
export type { Dataset, DatasetIterator, DatasetElement, ModelFitDatasetArgs, ModelEvaluateDatasetArgs } from './fit-dataset.js';
export { printSummary } from './summary.js';
export type { SummaryOptions } from './summary.js';
export { functionalConfig, functionalFromConfig } from './topology-config.js';
export type { LayerTopology, InboundEntry, TensorRef } from './topology-config.js';
export { History } from '../callbacks/callback.js';
export * from './gpt/index.js';
