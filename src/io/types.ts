// The TF.js IO types (tfjs-core/src/io/types.ts), so handlers written for TF.js fit here unchanged.

/** Weight dtypes a manifest may name; `float64` is a Tensorforge extension (TF.js has no float64). */
export type ManifestDType = 'float32' | 'int32' | 'bool' | 'float64' | 'string' | 'complex64';

/** Which set a saved weight belongs to: the model's own weights or the optimizer's state. */
export type WeightGroup = 'model' | 'optimizer';

/** Description of one weight in a manifest: its name, shape, dtype and optional quantization. */
export interface WeightsManifestEntry {
  name: string;
  shape: number[];
  dtype: ManifestDType;
  group?: WeightGroup;
  quantization?: { scale?: number; min?: number; dtype: 'uint16' | 'uint8' | 'float16' };
}

/** One group of weights stored across one or more shard files (concatenated in `paths` order). */
export interface WeightsManifestGroupConfig {
  paths: string[];
  weights: WeightsManifestEntry[];
}

/** The `weightsManifest` of a model.json file. */
export type WeightsManifestConfig = WeightsManifestGroupConfig[];

/** A JSON value, as stored in configs. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** Keras-style training configuration (snake_case keys, as TF.js writes them). */
export interface TrainingConfig {
  optimizer_config: JsonObject;
  loss: string | string[] | { [key: string]: string };
  metrics?: string[] | { [key: string]: string };
  weighted_metrics?: string[];
  sample_weight_mode?: string;
  loss_weights?: number[] | { [key: string]: number };
}

/** Binary weight data: one buffer or several shards to be concatenated. */
export type WeightData = ArrayBuffer | ArrayBuffer[];

/** Everything a model save writes and a load reads: topology, weights and metadata. */
export interface ModelArtifacts {
  modelTopology?: JsonObject | ArrayBuffer;
  trainingConfig?: TrainingConfig;
  weightSpecs?: WeightsManifestEntry[];
  weightData?: WeightData;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  signature?: JsonObject;
  userDefinedMetadata?: { [key: string]: JsonValue };
  modelInitializer?: JsonObject;
  initializerSignature?: JsonObject;
  /** Tensorforge extension: JSON documents saved beside the model (`extras.json`), e.g. a tokenizer. */
  extras?: { [name: string]: JsonValue };
}

/** The model.json document. */
export interface ModelJSON {
  modelTopology: JsonObject;
  trainingConfig?: TrainingConfig;
  weightsManifest: WeightsManifestConfig;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  signature?: JsonObject;
  userDefinedMetadata?: { [key: string]: JsonValue };
  modelInitializer?: JsonObject;
  initializerSignature?: JsonObject;
}

/** Sizes and date of a saved model. */
export interface ModelArtifactsInfo {
  dateSaved: Date;
  modelTopologyType: 'JSON' | 'GraphDef';
  modelTopologyBytes?: number;
  weightSpecsBytes?: number;
  weightDataBytes?: number;
}

/** What a save handler reports. */
export interface SaveResult {
  modelArtifactsInfo: ModelArtifactsInfo;
  responses?: Response[];
  errors?: Array<string | JsonObject>;
}

/** Options for `model.save`. */
export interface SaveConfig {
  trainableOnly?: boolean;
  /** Also save the optimizer state (weight group 'optimizer') and the training config. */
  includeOptimizer?: boolean;
  /** Extra JSON documents saved beside the model (e.g. `{tokenizer: tok.toJSON()}`); see docs/FORMATS-NOTES.md. */
  artifacts?: { [name: string]: JsonValue };
}

/** Loads model artifacts. */
export type LoadHandler = () => Promise<ModelArtifacts>;
/** Saves model artifacts. */
export type SaveHandler = (artifacts: ModelArtifacts) => Promise<SaveResult>;

/** A save and/or load destination (file system, HTTP, memory, ...). */
export interface IOHandler {
  save?: SaveHandler;
  load?: LoadHandler;
}

/** A named tensor-like value in weight lists (TF.js `NamedTensor`). */
export interface NamedWeight<T> {
  name: string;
  tensor: T;
}
