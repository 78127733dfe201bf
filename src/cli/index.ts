// Public surface of src/cli/ (see docs/ARCHITECTURE.md): the `tforge` commands as functions.
export { buildProgram } from './program.js';
export { runTrain, type TrainFlags, type TrainResult } from './train.js';
export { runEvaluate, runPredict, runSummary, runExport, formatConfusion } from './model-commands.js';
export { runServe, runRetrain, runVersions, runRollback, openRegistry } from './registry-commands.js';
export { loadSpec, type TrainSpec, type SpecData, type Split } from './spec.js';
export { builtinWorkload, loadMnistDir, WORKLOADS } from './workloads.js';
export { KerasProgress } from './progress.js';
export { decodePng, mnistPreprocess, type GrayImage } from './png.js';
export { readPredictInput, decodeNpy } from './inputs.js';
