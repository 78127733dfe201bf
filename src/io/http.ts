// The `http(s)://` handler (TF.js `io.http` / `browserHTTPRequest`): GET model.json and its shards relative to the
// model.json URL; save POSTs multipart form data with `model.json` and `model.weights.bin` like TF.js.
import { FormatError } from '../core/errors.js';
import { artifactsFromModelJSON, checkShardPath, getModelArtifactsInfoForJSON, getModelJSONForModelArtifacts, getWeightSpecs, parseModelJSON } from './model-json.js';
import { registerLoadRouter, registerSaveRouter } from './router.js';
import type { IOHandler, ModelArtifacts, SaveResult } from './types.js';
import { concatenateArrayBuffers } from './weights-codec.js';

/** The fetch function signature handlers use (global `fetch` by default). */
export type FetchFunction = (input: string, init?: RequestInit) => Promise<Response>;

/** Options of `http()`, as in TF.js. */
export interface LoadOptions {
  fetchFunc?: FetchFunction;
  requestInit?: RequestInit;
  /** Prefix for shard URLs; defaults to the directory of the model.json URL. */
  weightPathPrefix?: string;
  onProgress?: (fraction: number) => void;
}

async function fetchOk(fetchFunc: FetchFunction, url: string, init: RequestInit | undefined): Promise<Response> {
  let res: Response;
  try {
    res = await fetchFunc(url, init);
  } catch (e) {
    throw new FormatError(`${url}: request failed (${(e as Error).message}); check that the server is reachable.`);
  }
  if (!res.ok) throw new FormatError(`${url}: request failed with HTTP ${res.status} ${res.statusText}.`);
  return res;
}

async function load(url: string, opts: LoadOptions): Promise<ModelArtifacts> {
  const fetchFunc = opts.fetchFunc ?? ((u, i) => fetch(u, i));
  const json = parseModelJSON(await (await fetchOk(fetchFunc, url, opts.requestInit)).text(), url);
  const prefix = opts.weightPathPrefix ?? new URL('.', url).toString();
  const paths = json.weightsManifest.flatMap((g) => g.paths);
  const buffers: ArrayBuffer[] = [];
  for (const [i, p] of paths.entries()) {
    checkShardPath(p, url);
    const shardUrl = new URL(p, prefix.endsWith('/') ? prefix : `${prefix}/`).toString();
    buffers.push(await (await fetchOk(fetchFunc, shardUrl, opts.requestInit)).arrayBuffer());
    opts.onProgress?.((i + 1) / paths.length);
  }
  return artifactsFromModelJSON(json, getWeightSpecs(json.weightsManifest), concatenateArrayBuffers(buffers));
}

async function save(url: string, opts: LoadOptions, artifacts: ModelArtifacts): Promise<SaveResult> {
  const fetchFunc = opts.fetchFunc ?? ((u, i) => fetch(u, i));
  const manifest = [{ paths: ['./model.weights.bin'], weights: artifacts.weightSpecs ?? [] }];
  const form = new FormData();
  const modelJson = JSON.stringify(getModelJSONForModelArtifacts(artifacts, manifest));
  form.append('model.json', new Blob([modelJson], { type: 'application/json' }), 'model.json');
  const data = concatenateArrayBuffers(artifacts.weightData ?? new ArrayBuffer(0));
  form.append('model.weights.bin', new Blob([data], { type: 'application/octet-stream' }), 'model.weights.bin');
  const init: RequestInit = { ...(opts.requestInit ?? {}), method: opts.requestInit?.method ?? 'POST', body: form };
  const res = await fetchOk(fetchFunc, url, init);
  return { modelArtifactsInfo: getModelArtifactsInfoForJSON(artifacts), responses: [res] };
}

/**
 * A handler that loads a model.json (and its shards) over HTTP and saves by POSTing multipart form data.
 * @example const model = await loadLayersModel(http('http://127.0.0.1:8080/model.json'));
 */
export function http(url: string, opts: LoadOptions = {}): IOHandler {
  return { load: () => load(url, opts), save: (a) => save(url, opts, a) };
}

/** TF.js's older name for `http`. @example browserHTTPRequest('https://example.com/model.json'); */
export const browserHTTPRequest = http;

/** True for http:// and https:// URLs. @example isHTTPScheme('https://x/model.json'); // true */
export function isHTTPScheme(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

function httpRouter(url: string | string[]): IOHandler | null {
  return typeof url === 'string' && isHTTPScheme(url) ? http(url) : null;
}

registerSaveRouter(httpRouter);
registerLoadRouter(httpRouter);
