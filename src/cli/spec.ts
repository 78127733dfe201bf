import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../core/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { RetrainData } from '../serve/retrain.js';
import { fromLayersModel, isLayersModelLike } from '../serve/layers-adapter.js';
import type { DataRef } from '../serve/model-dir.js';
import { isTrainable, type ModelKind, type Trainable } from '../serve/servable.js';
import { existsSync } from 'node:fs';
import { WORKLOADS, builtinWorkload } from './workloads.js';

/** Inputs and labels for one split. */
export interface Split {
  x: Tensor;
  /** Class indices (rank 1) or one-hot rows (rank 2), as the model's loss expects. */
  y: Tensor;
}

/** What a spec's `data()` resolves to. */
export interface SpecData {
  train: Split;
  /** Held-out test set: `train` reports metrics on it, `retrain` compares versions on it. */
  test: Split;
}

/**
 * The contract of a `tforge train <spec>` module: `export default { model(), data() }`. `model()` returns a compiled
 * LayersModel (`tf.sequential(...)` then `compile`) or any `Trainable`; `data()` returns train and test splits.
 * @example export default { name: 'iris', kind: 'tabular', model: () => buildModel(), data: () => loadIris() } satisfies TrainSpec;
 */
export interface TrainSpec {
  name?: string;
  kind?: ModelKind;
  classNames?: string[];
  /** For image models: the shape of one image (e.g. `[28, 28]`), used by the playground and `predict`. */
  imageShape?: number[];
  model(): unknown;
  data(options: { seed?: number }): Promise<SpecData> | SpecData;
  /** Defaults for the fit flags. */
  fit?: { epochs?: number; batchSize?: number; validationSplit?: number };
}

/** A loaded spec and how to find its data again (stored in the model card for `retrain`). */
export interface LoadedSpec {
  spec: TrainSpec;
  ref: DataRef;
}

function checkSpec(value: unknown, where: string): TrainSpec {
  const o = value as Partial<TrainSpec> | null;
  if (!o || typeof o.model !== 'function' || typeof o.data !== 'function') {
    throw new ConfigError(`${where}: a spec module must 'export default { model(), data() }' (model() returns a compiled model, data() returns { train, test }).`);
  }
  return o as TrainSpec;
}

let tsxRegistered = false;

/**
 * Imports a TS (through tsx, a development dependency) or JS spec module. tsx is registered globally rather than
 * scoped (`tsImport`), so the spec shares module instances with the running CLI: a spec that imports 'tensorforge'
 * (or, inside this repository, the same sources the CLI runs from) builds tensors the CLI's ops accept.
 */
async function importModule(path: string): Promise<unknown> {
  const url = pathToFileURL(path).href;
  if (/\.(c|m)?ts$/.test(path) && !tsxRegistered && !process.execArgv.some((a) => a.includes('tsx'))) {
    try {
      const { register } = (await import('tsx/esm/api')) as { register: () => unknown };
      register();
      tsxRegistered = true;
    } catch {
      throw new ConfigError(`tforge: loading the TypeScript spec ${path} needs 'tsx' (npm install -D tsx); or compile it and pass the .js file.`);
    }
  }
  return import(url);
}

/**
 * Loads a training spec: a built-in workload name (`mnist-mlp` with `dataDir`), a JSON config naming one
 * (`{"workload": "mnist-mlp", "dataDir": ...}`, relative to the file) or a TS/JS module whose default export follows `TrainSpec`.
 * @example const { spec } = await loadSpec('examples/mnist.json');
 */
export async function loadSpec(path: string, options: { dataDir?: string } = {}): Promise<LoadedSpec> {
  if ((WORKLOADS as readonly string[]).includes(path) && !existsSync(path)) {
    if (!options.dataDir) throw new ConfigError(`tforge: the built-in workload '${path}' needs --data-dir <folder with the MNIST IDX files>.`);
    const config = { workload: path, dataDir: resolve(options.dataDir) };
    return { spec: builtinWorkload(config), ref: { workload: config } };
  }
  const abs = resolve(path);
  if (extname(abs) === '.json') {
    let config: Record<string, unknown>;
    try {
      config = JSON.parse(await readFile(abs, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new ConfigError(`tforge: cannot read the spec ${path}: ${(e as Error).message}`);
    }
    if (typeof config.dataDir === 'string') config.dataDir = resolve(abs, '..', config.dataDir);
    return { spec: builtinWorkload(config), ref: { workload: config } };
  }
  const mod = (await importModule(abs)) as { default?: unknown };
  return { spec: checkSpec(mod.default ?? mod, `tforge: ${path}`), ref: { spec: abs } };
}

/** Loads the data again from a model card's reference (for `retrain` and `evaluate`). */
export async function loadDataRef(ref: DataRef, seed?: number): Promise<RetrainData> {
  const spec = 'workload' in ref ? builtinWorkload(ref.workload) : (await loadSpec(ref.spec)).spec;
  return spec.data(seed === undefined ? {} : { seed });
}

/** Wraps what `spec.model()` returned as a `Trainable`. */
export async function toTrainable(model: unknown): Promise<Trainable> {
  const m = await model;
  if (isLayersModelLike(m)) return fromLayersModel(m);
  if (m && typeof m === 'object' && 'input' in m && isTrainable(m as Trainable)) return m as Trainable;
  throw new ConfigError('tforge: spec.model() must return a compiled LayersModel (tf.sequential(...) + compile) or a Trainable.');
}
