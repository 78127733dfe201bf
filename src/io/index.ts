// Public surface of src/io/ (tf.io.*): TF.js-format handlers, weight codecs, safetensors, Keras import, ONNX export.
export type {
  IOHandler, LoadHandler, SaveHandler, ModelArtifacts, ModelArtifactsInfo, ModelJSON, SaveResult, SaveConfig,
  TrainingConfig, WeightData, WeightGroup, WeightsManifestConfig, WeightsManifestEntry, WeightsManifestGroupConfig,
  JsonValue, JsonObject,
} from './types.js';
export { encodeWeights, decodeWeights, concatenateArrayBuffers } from './weights-codec.js';
export { getModelArtifactsInfoForJSON, getModelJSONForModelArtifacts, getWeightSpecs } from './model-json.js';
export { registerLoadRouter, registerSaveRouter, getLoadHandlers, getSaveHandlers } from './router.js';
export type { IORouter } from './router.js';
export { fileSystem } from './file-system.js';
export { http, browserHTTPRequest, isHTTPScheme } from './http.js';
export type { LoadOptions, FetchFunction } from './http.js';
export { fromMemory, withSaveHandler } from './memory.js';
export { saveSafetensors, loadSafetensors, readSafetensors, encodeSafetensors, decodeSafetensors } from './safetensors.js';
export type { SafetensorsContent, SafetensorsReadOptions } from './safetensors.js';
export { loadLayersModel, loadKerasModel, getModelExtras, modelFromArtifacts } from './model-load.js';
export type { LoadLayersModelOptions } from './model-load.js';
export { modelArtifacts, modelTopology } from './model-save.js';
import './model-weights.js';
export { saveBundle, loadBundle } from './bundle.js';
export type { JsonSerializable, LoadedBundle } from './bundle.js';
export { kerasFile, readKerasArchive, readKerasH5 } from './keras/keras-import.js';
export { convertPythonicToTs, convertTsToPythonic } from './case-convert.js';
export { exportOnnx, saveOnnx } from './onnx/export.js';
export type { OnnxExportOptions } from './onnx/export.js';
export { loadHFGPT2, saveHFGPT2, assignHFGPT2, hfGPT2Variables, gptConfigFromHF, hfConfigFromGPT } from './hf-gpt2.js';
export type { HFGPT2, HFGPT2Config } from './hf-gpt2.js';
export { saveLoraAdapters, loadLoraAdapters } from './lora-adapters.js';
