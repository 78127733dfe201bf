// Public surface of src/callbacks/ (`tf.callbacks.*`): the Callback base classes, History, the Keras-style
// progress bar, and the built-in callbacks with their TF.js factory names.
export { Callback, CustomCallback, CallbackList, History, toCallbacks } from './callback.js';
export type { Logs, CallbackParams, CallbackModel, CallbackHooks, CallbackArg } from './callback.js';
export { ProgbarLogger, formatLogValue, formatPerStep, renderBar } from './progbar.js';
export type { ProgbarOptions } from './progbar.js';
export { EarlyStopping, earlyStopping } from './early-stopping.js';
export type { EarlyStoppingArgs } from './early-stopping.js';
export { ReduceLROnPlateau, reduceLROnPlateau, LearningRateScheduler, learningRateScheduler } from './learning-rate.js';
export type { ReduceLROnPlateauArgs, EpochSchedule } from './learning-rate.js';
export { TerminateOnNaN, terminateOnNaN, CSVLogger, csvLogger, ModelCheckpoint, modelCheckpoint, formatFilepath } from './misc.js';
export type { CSVLoggerArgs, ModelCheckpointArgs } from './misc.js';
export type { MonitorMode } from './monitor.js';
