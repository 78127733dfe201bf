// `model.saveWeights(path)` / `model.loadWeights(path)`: weights only, as safetensors (names = variable names,
// e.g. `dense/kernel`), or from a Keras 3 `.weights.h5` file. Loading validates everything before assigning.
import { promises as fsp } from 'node:fs';
import { FormatError, ValueError } from '../core/errors.js';
import { LayersModel } from '../models/model.js';
import type { Tensor } from '../tensor/tensor.js';
import { toFsPath } from './file-system.js';
import { readSafetensors, saveSafetensors } from './safetensors.js';
import { TENSORFORGE_VERSION } from './model-save.js';
import { assignAll, matchWeights } from './weight-assign.js';

declare module '../models/model.js' {
  interface LayersModel {
    /** Saves the weights (not the topology) to a `.safetensors` file, atomically. */
    saveWeights(path: string): Promise<void>;
    /** Loads weights saved by `saveWeights` (or any safetensors file with matching names); all-or-nothing. */
    loadWeights(path: string, options?: { strict?: boolean }): Promise<void>;
  }
}

function checkExtension(path: string, where: string): void {
  if (!/\.safetensors$/i.test(path)) {
    throw new ValueError(`${where}: unsupported weights file '${path}'; use a .safetensors path (use model.save(dir) for the TF.js format).`);
  }
}

LayersModel.prototype.saveWeights = async function saveWeights(this: LayersModel, path: string): Promise<void> {
  const p = toFsPath(path);
  checkExtension(p, `${this.name}.saveWeights`);
  const tensors: Record<string, Tensor> = {};
  for (const v of this.weights) {
    if (tensors[v.name] !== undefined) throw new ValueError(`${this.name}.saveWeights: two weights are named '${v.name}'; names must be unique.`);
    tensors[v.name] = v;
  }
  await saveSafetensors(p, tensors, { format: 'tensorforge', generated_by: `Tensorforge v${TENSORFORGE_VERSION}`, model: this.name });
};

LayersModel.prototype.loadWeights = async function loadWeights(this: LayersModel, path: string, options: { strict?: boolean } = {}): Promise<void> {
  const p = toFsPath(path);
  checkExtension(p, `${this.name}.loadWeights`);
  if (!(await fsp.stat(p).catch(() => null))) throw new FormatError(`${p}: weights file not found.`);
  const { tensors } = await readSafetensors(p);
  const pairs = matchWeights(this, Object.entries(tensors).map(([name, tensor]) => ({ name, tensor })), p, options.strict ?? true);
  assignAll(pairs);
};
