// Public surface of src/serve/ (see docs/ARCHITECTURE.md): model server, feedback store, registry, retraining.
export type { Servable, Trainable, TensorSpec, ModelKind, FitOptions, FitHooks, HistoryRecord } from './servable.js';
export { isTrainable, exampleSize } from './servable.js';
export { fromLayersModel, isLayersModelLike, type LayersModelLike } from './layers-adapter.js';
export { LinearSoftmax, LINEAR_FORMAT } from './linear-softmax.js';
export { loadServable, readModelInfo, isModelDir, FILES, type ModelCard, type ModelMetrics, type DataRef } from './model-dir.js';
export { createServer, type ServerOptions } from './server.js';
export { ModelHost, type LoadedVersion } from './model-host.js';
export { MicroBatcher, type BatcherOptions } from './batcher.js';
export { decodeV1, decodeV2, RequestError, DEFAULT_LIMITS, type RequestLimits } from './codec.js';
export type { Store, FeedbackRecord, VersionRecord, VersionStatus } from './store.js';
export { SqliteStore } from './sqlite-store.js';
export { PostgresStore } from './pg-store.js';
export { openStore, isPostgresUrl } from './open-store.js';
export { Registry, DEFAULT_DB_FILE } from './registry.js';
export { retrain, type RetrainOptions, type RetrainResult } from './retrain.js';
export { evaluateClassifier, confusionMatrix } from './evaluation.js';
export { DashboardHub, type TrainingEvent } from './dashboard-hub.js';
