// model.json <-> ModelArtifacts, with validation that names the file and the problem.
import { FormatError } from '../core/errors.js';
import { validateSpec } from './weights-codec.js';
import type { JsonObject, ModelArtifacts, ModelArtifactsInfo, ModelJSON, WeightsManifestConfig, WeightsManifestEntry } from './types.js';

/** Parses and validates the text of a model.json file; `where` (the file name) is used in errors. @example parseModelJSON(text, 'model.json'); */
export function parseModelJSON(text: string, where: string): ModelJSON {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new FormatError(`${where}: not valid JSON (${(e as Error).message}); expected a TF.js model.json file.`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new FormatError(`${where}: expected a JSON object with 'modelTopology' and 'weightsManifest', received ${Array.isArray(doc) ? 'an array' : typeof doc}.`);
  }
  const json = doc as Partial<ModelJSON>;
  if (json.modelTopology === undefined || json.modelTopology === null || typeof json.modelTopology !== 'object') {
    throw new FormatError(`${where}: missing 'modelTopology' object; this is not a TF.js layers-model model.json.`);
  }
  if (json.format !== undefined && json.format !== 'layers-model') {
    throw new FormatError(`${where}: format is '${String(json.format)}'; only 'layers-model' files can be loaded as a LayersModel.`);
  }
  validateManifest(json.weightsManifest, where);
  return json as ModelJSON;
}

/** Throws FormatError unless `m` is a well-formed weights manifest. @example validateManifest(json.weightsManifest, 'model.json'); */
export function validateManifest(m: unknown, where: string): asserts m is WeightsManifestConfig {
  if (!Array.isArray(m)) throw new FormatError(`${where}: 'weightsManifest' must be an array of {paths, weights} groups, received ${JSON.stringify(m)}.`);
  for (const group of m as unknown[]) {
    const g = group as { paths?: unknown; weights?: unknown } | null;
    if (g === null || typeof g !== 'object' || !Array.isArray(g.paths) || !g.paths.every((p) => typeof p === 'string')) {
      throw new FormatError(`${where}: every weightsManifest group needs 'paths' (an array of file names), received ${JSON.stringify(group)}.`);
    }
    if (!Array.isArray(g.weights)) throw new FormatError(`${where}: weightsManifest group ${JSON.stringify(g.paths)} needs a 'weights' array.`);
    for (const w of g.weights) validateSpec(w, where);
  }
}

/** All weight specs of a manifest in order. @example getWeightSpecs(json.weightsManifest); */
export function getWeightSpecs(manifest: WeightsManifestConfig): WeightsManifestEntry[] {
  return manifest.flatMap((g) => g.weights);
}

/** Builds the model.json document for artifacts and a manifest. @example getModelJSONForModelArtifacts(a, manifest); */
export function getModelJSONForModelArtifacts(artifacts: ModelArtifacts, manifest: WeightsManifestConfig): ModelJSON {
  const topology = artifacts.modelTopology;
  if (topology === undefined || topology instanceof ArrayBuffer) {
    throw new FormatError('save: model artifacts need a JSON modelTopology; GraphDef (binary) topologies are not supported.');
  }
  const out: ModelJSON = { modelTopology: topology, format: artifacts.format ?? 'layers-model', weightsManifest: manifest };
  if (artifacts.generatedBy !== undefined) out.generatedBy = artifacts.generatedBy;
  if (artifacts.convertedBy !== undefined) out.convertedBy = artifacts.convertedBy;
  if (artifacts.trainingConfig !== undefined) out.trainingConfig = artifacts.trainingConfig;
  if (artifacts.signature !== undefined) out.signature = artifacts.signature;
  if (artifacts.userDefinedMetadata !== undefined) out.userDefinedMetadata = artifacts.userDefinedMetadata;
  if (artifacts.modelInitializer !== undefined) out.modelInitializer = artifacts.modelInitializer;
  if (artifacts.initializerSignature !== undefined) out.initializerSignature = artifacts.initializerSignature;
  return out;
}

/** Artifacts from a parsed model.json plus its decoded weight bytes. @example artifactsFromModelJSON(json, specs, data); */
export function artifactsFromModelJSON(json: ModelJSON, weightSpecs: WeightsManifestEntry[], weightData: ArrayBuffer): ModelArtifacts {
  const a: ModelArtifacts = { modelTopology: json.modelTopology as JsonObject, weightSpecs, weightData };
  if (json.format !== undefined) a.format = json.format;
  if (json.generatedBy !== undefined) a.generatedBy = json.generatedBy;
  if (json.convertedBy !== undefined) a.convertedBy = json.convertedBy;
  if (json.trainingConfig !== undefined) a.trainingConfig = json.trainingConfig;
  if (json.signature !== undefined) a.signature = json.signature;
  if (json.userDefinedMetadata !== undefined) a.userDefinedMetadata = json.userDefinedMetadata;
  if (json.modelInitializer !== undefined) a.modelInitializer = json.modelInitializer;
  if (json.initializerSignature !== undefined) a.initializerSignature = json.initializerSignature;
  return a;
}

/** Byte counts and date for a SaveResult. @example getModelArtifactsInfoForJSON(artifacts); */
export function getModelArtifactsInfoForJSON(artifacts: ModelArtifacts): ModelArtifactsInfo {
  const topology = artifacts.modelTopology;
  const data = artifacts.weightData;
  const dataBytes = data === undefined ? 0 : Array.isArray(data) ? data.reduce((s, b) => s + b.byteLength, 0) : data.byteLength;
  return {
    dateSaved: new Date(),
    modelTopologyType: topology instanceof ArrayBuffer ? 'GraphDef' : 'JSON',
    modelTopologyBytes: topology === undefined ? 0 : topology instanceof ArrayBuffer ? topology.byteLength : Buffer.byteLength(JSON.stringify(topology)),
    weightSpecsBytes: artifacts.weightSpecs === undefined ? 0 : Buffer.byteLength(JSON.stringify(artifacts.weightSpecs)),
    weightDataBytes: dataBytes,
  };
}

/** Checks that a manifest shard path stays inside the model's directory or URL prefix. @example checkShardPath('group1-shard1of1.bin', 'model.json'); */
export function checkShardPath(path: string, where: string): void {
  if (path.startsWith('/') || path.split(/[\\/]/).includes('..') || /^[a-z]+:/i.test(path)) {
    throw new FormatError(`${where}: weight path '${path}' must be relative to the model.json location and may not contain '..'.`);
  }
}
