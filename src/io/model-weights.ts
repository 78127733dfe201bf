// `model.saveWeights(path)` / `model.loadWeights(path)`: weights only, as safetensors (names = variable names,
// e.g. `dense/kernel`); loadWeights also reads Keras `.h5` weights files (Keras 3 `.weights.h5` and legacy Keras 2).
// Loading validates everything before assigning.
import { promises as fsp } from 'node:fs';
import { FormatError, ValueError } from '../core/errors.js';
import { LayersModel } from '../models/model.js';
import type { Tensor } from '../tensor/tensor.js';
import { toFsPath } from './file-system.js';
import { readKerasWeights } from './keras/keras-import.js';
import { readSafetensors, saveSafetensors } from './safetensors.js';
import { TENSORFORGE_VERSION } from './model-save.js';
import { assignAll, matchWeights } from './weight-assign.js';

declare module '../models/model.js' {
  interface LayersModel {
    /** Saves the weights (not the topology) to a `.safetensors` file, atomically. */
    saveWeights(path: string): Promise<void>;
    /** Loads weights from `.safetensors` (by name) or a Keras `.h5` weights file (by structure); all-or-nothing. */
    loadWeights(path: string, options?: { strict?: boolean }): Promise<void>;
  }
}

function checkExtension(path: string, where: string): void {
  if (!/\.safetensors$/i.test(path)) {
    throw new ValueError(`${where}: unsupported weights file '${path}'; use a .safetensors path (loadWeights also reads Keras .h5 weights; use model.save(dir) for the TF.js format).`);
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
  const isH5 = /\.(h5|hdf5)$/i.test(p);
  if (!isH5) checkExtension(p, `${this.name}.loadWeights`);
  if (!(await fsp.stat(p).catch(() => null))) throw new FormatError(`${p}: weights file not found.`);
  let saved: { name: string; tensor: Tensor }[];
  if (isH5) {
    const bytes = await fsp.readFile(p);
    const layers = this.layers.map((l) => ({ className: l.getClassName(), name: l.name, weightCount: l.weights.length }));
    saved = await readKerasWeights(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), p, layers);
  } else {
    saved = Object.entries((await readSafetensors(p)).tensors).map(([name, tensor]) => ({ name, tensor }));
  }
  assignAll(matchWeights(this, saved, p, options.strict ?? true));
};
