// In-memory handlers (TF.js `io.fromMemory`, `io.withSaveHandler`).
import { ValueError } from '../core/errors.js';
import type { IOHandler, ModelArtifacts, SaveResult, TrainingConfig, WeightData, WeightsManifestEntry } from './types.js';

/**
 * A load handler that returns the given artifacts (or builds them from topology, specs and data).
 * @example const model = await loadLayersModel(fromMemory(savedArtifacts));
 */
export function fromMemory(
  modelArtifacts: ModelArtifacts,
  weightSpecs?: WeightsManifestEntry[],
  weightData?: WeightData,
  trainingConfig?: TrainingConfig,
): IOHandler {
  if (modelArtifacts === null || typeof modelArtifacts !== 'object') {
    throw new ValueError('fromMemory: expected a ModelArtifacts object ({modelTopology, weightSpecs, weightData}).');
  }
  const artifacts: ModelArtifacts = { ...modelArtifacts };
  if (weightSpecs !== undefined) artifacts.weightSpecs = weightSpecs;
  if (weightData !== undefined) artifacts.weightData = weightData;
  if (trainingConfig !== undefined) artifacts.trainingConfig = trainingConfig;
  return { load: () => Promise.resolve(artifacts) };
}

/**
 * A save handler that passes the artifacts to `saveHandler` (e.g. to keep them in memory).
 * @example let saved; await model.save(withSaveHandler(async (a) => { saved = a; return { modelArtifactsInfo: info(a) }; }));
 */
export function withSaveHandler(saveHandler: (artifacts: ModelArtifacts) => Promise<SaveResult>): IOHandler {
  return { save: saveHandler };
}
