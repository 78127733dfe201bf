// The `file://` handler: model.json + `group1-shardNofM.bin` (4 MiB shards) + optional extras.json, written
// atomically as a whole directory.
import { promises as fsp } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FormatError } from '../core/errors.js';
import { resolveModelDir, writeDirAtomic } from './atomic-fs.js';
import { artifactsFromModelJSON, checkShardPath, getModelArtifactsInfoForJSON, getModelJSONForModelArtifacts, getWeightSpecs, parseModelJSON } from './model-json.js';
import { registerLoadRouter, registerSaveRouter } from './router.js';
import type { IOHandler, JsonValue, ModelArtifacts, SaveResult } from './types.js';
import { concatenateArrayBuffers, splitShards } from './weights-codec.js';

/** Shard size used when saving, like the TF.js converter. */
export const SHARD_BYTES = 4 * 1024 * 1024;
/** File name of the extras document saved beside model.json. */
export const EXTRAS_FILE = 'extras.json';

/** Turns `file://x` or a plain path into a file-system path. @example toFsPath('file:///tmp/m'); // '/tmp/m' */
export function toFsPath(url: string): string {
  if (url.startsWith('file://')) {
    try {
      return fileURLToPath(url);
    } catch {
      return url.slice('file://'.length);
    }
  }
  return url;
}

function isModelJsonPath(p: string): boolean {
  return p.endsWith('.json');
}

async function readFileOr(path: string, what: string): Promise<Buffer> {
  try {
    return await fsp.readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new FormatError(`${path}: cannot read ${what} (${code}). Check the path; a TF.js model directory holds model.json and its .bin shards.`);
  }
}

/** Saves artifacts into directory `dir` (replacing it as a whole). */
async function saveToDir(dir: string, artifacts: ModelArtifacts): Promise<SaveResult> {
  const data = concatenateArrayBuffers(artifacts.weightData ?? new ArrayBuffer(0));
  const shards = splitShards(data, SHARD_BYTES);
  const paths = shards.map((_, i) => `group1-shard${i + 1}of${shards.length}.bin`);
  const manifest = [{ paths, weights: artifacts.weightSpecs ?? [] }];
  const files: Record<string, Uint8Array | string> = {};
  files['model.json'] = JSON.stringify(getModelJSONForModelArtifacts(artifacts, manifest));
  shards.forEach((s, i) => {
    files[paths[i] ?? ''] = new Uint8Array(s);
  });
  if (artifacts.extras !== undefined) files[EXTRAS_FILE] = JSON.stringify({ format: 'tensorforge-extras', version: 1, items: artifacts.extras });
  await writeDirAtomic(dir, files);
  return { modelArtifactsInfo: getModelArtifactsInfoForJSON(artifacts) };
}

/** Reads extras.json beside a model.json, if present. */
async function loadExtras(dir: string): Promise<{ [name: string]: JsonValue } | undefined> {
  const path = join(dir, EXTRAS_FILE);
  const text = await fsp.readFile(path, 'utf8').catch(() => null);
  if (text === null) return undefined;
  let doc: { format?: unknown; items?: unknown };
  try {
    doc = JSON.parse(text) as { format?: unknown; items?: unknown };
  } catch (e) {
    throw new FormatError(`${path}: not valid JSON (${(e as Error).message}).`);
  }
  if (doc === null || typeof doc !== 'object' || doc.format !== 'tensorforge-extras' || doc.items === null || typeof doc.items !== 'object' || Array.isArray(doc.items)) {
    throw new FormatError(`${path}: expected {"format":"tensorforge-extras","version":1,"items":{...}}.`);
  }
  return doc.items as { [name: string]: JsonValue };
}

/** Loads artifacts from a model.json path (or a directory holding one). */
async function loadFromPath(path: string): Promise<ModelArtifacts> {
  let jsonPath = path;
  if (!isModelJsonPath(path)) jsonPath = join(await resolveModelDir(path), 'model.json');
  else if (!(await fsp.stat(path).catch(() => null))) jsonPath = join(await resolveModelDir(dirname(path)), basename(path));
  const dir = dirname(jsonPath);
  const json = parseModelJSON((await readFileOr(jsonPath, 'model.json')).toString('utf8'), jsonPath);
  const buffers: ArrayBuffer[] = [];
  for (const group of json.weightsManifest) {
    for (const p of group.paths) {
      checkShardPath(p, jsonPath);
      const buf = await readFileOr(join(dir, p), `weight shard '${p}' listed in ${basename(jsonPath)}`);
      buffers.push(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
    }
  }
  const artifacts = artifactsFromModelJSON(json, getWeightSpecs(json.weightsManifest), concatenateArrayBuffers(buffers));
  const extras = await loadExtras(dir);
  if (extras !== undefined) artifacts.extras = extras;
  return artifacts;
}

/**
 * A handler that saves to a directory (model.json + shards, atomically) and loads from a model.json path or its directory.
 * @example await model.save(fileSystem('/tmp/my-model')); await loadLayersModel(fileSystem('/tmp/my-model/model.json'));
 */
export function fileSystem(path: string): IOHandler & { readonly path: string } {
  const p = resolve(toFsPath(path));
  return {
    path: p,
    save: (artifacts) => saveToDir(isModelJsonPath(p) ? dirname(p) : p, artifacts),
    load: () => loadFromPath(p),
  };
}

function fileRouter(url: string | string[]): IOHandler | null {
  if (Array.isArray(url)) return null;
  if (/\.(keras|h5|hdf5|safetensors)$/i.test(url)) return null;
  if (url.startsWith('file://')) return fileSystem(url);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return null;
  return fileSystem(url);
}

registerSaveRouter(fileRouter);
registerLoadRouter(fileRouter);
