// Shared loader for IDX image datasets (MNIST, Fashion-MNIST): finds the four files in an explicit directory, the
// cache, an optional npm package, or downloads them with checksum verification.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError, FormatError } from '../core/errors.js';
import { decodeIdx, idxToTensor } from '../data/idx.js';
import type { Tensor } from '../tensor/tensor.js';
import { downloadVerified } from './download.js';

/** Options of `datasets.mnist.load` and `datasets.fashionMnist.load`. */
export interface LoadOptions {
  /** A directory holding the four IDX files (raw or .gz); when given, nothing else is tried. */
  path?: string;
  /** Cache root (default `$TENSORFORGE_DATASETS` or `~/.tensorforge/datasets`); files live in `<cacheDir>/<name>`. */
  cacheDir?: string;
  /** Base URL to download the `.gz` files from (a trailing slash is added when missing). */
  baseUrl?: string;
  /** Never download; fail when the files are not found locally. */
  offline?: boolean;
}

/** One split: images int32 [N, 28, 28] holding raw 0..255 pixels, labels int32 [N]. */
export interface ImageSplit {
  images: Tensor;
  labels: Tensor;
}

/** The result of `load()`: train and test splits. */
export interface ImageDataset {
  train: ImageSplit;
  test: ImageSplit;
}

/** Static description of one IDX dataset. */
export interface IdxDatasetSpec {
  name: string;
  where: string;
  defaultBaseUrl: string;
  /** File stem (without .gz) -> SHA-256 of the decompressed content. */
  files: Record<'trainImages' | 'trainLabels' | 'testImages' | 'testLabels', { file: string; sha256: string }>;
  /** npm package shipping the raw files under `data/` (resolved dynamically; optional). */
  npmPackage?: string;
}

/**
 * The cache root: `options.cacheDir`, then `$TENSORFORGE_DATASETS`, then `~/.tensorforge/datasets`.
 * @example datasetsCacheDir(); // '/home/me/.tensorforge/datasets'
 */
export function datasetsCacheDir(options: LoadOptions = {}): string {
  return options.cacheDir ?? process.env['TENSORFORGE_DATASETS'] ?? join(homedir(), '.tensorforge', 'datasets');
}

function findIn(dir: string, file: string): string | null {
  for (const candidate of [join(dir, `${file}.gz`), join(dir, file)]) if (existsSync(candidate)) return candidate;
  return null;
}

function npmDataDir(pkg: string): string | null {
  try {
    const req = createRequire(import.meta.url);
    return join(dirname(req.resolve(`${pkg}/package.json`)), 'data');
  } catch {
    return null;
  }
}

async function locate(spec: IdxDatasetSpec, key: keyof IdxDatasetSpec['files'], options: LoadOptions): Promise<Uint8Array> {
  const { file, sha256 } = spec.files[key];
  if (options.path !== undefined) {
    const found = findIn(options.path, file);
    if (!found) {
      throw new ConfigError(`${spec.where}: '${file}' (or '${file}.gz') not found in path '${options.path}'; pass the directory holding the IDX files.`);
    }
    return readFile(found);
  }
  const cacheDir = join(datasetsCacheDir(options), spec.name);
  const cached = findIn(cacheDir, file);
  if (cached) return readFile(cached);
  const npmDir = spec.npmPackage ? npmDataDir(spec.npmPackage) : null;
  const fromNpm = npmDir ? findIn(npmDir, file) : null;
  if (fromNpm) return readFile(fromNpm);
  if (options.offline) {
    throw new ConfigError(`${spec.where}: '${file}' is not in the cache '${cacheDir}' and offline is set; copy the files there or allow downloads.`);
  }
  const base = options.baseUrl ?? spec.defaultBaseUrl;
  const url = `${base.endsWith('/') ? base : `${base}/`}${file}.gz`;
  return downloadVerified(url, join(cacheDir, `${file}.gz`), sha256, spec.where);
}

async function split(spec: IdxDatasetSpec, images: 'trainImages' | 'testImages', labels: 'trainLabels' | 'testLabels', options: LoadOptions): Promise<ImageSplit> {
  // allSettled: when one file fails, the other finishes (or fails) before load() rejects, so no write is left in flight.
  const settled = await Promise.allSettled([locate(spec, images, options), locate(spec, labels, options)]);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const [imgBytes, labBytes] = settled.map((r) => (r as PromiseFulfilledResult<Uint8Array>).value) as [Uint8Array, Uint8Array];
  const img = decodeIdx(imgBytes, spec.files[images].file);
  const lab = decodeIdx(labBytes, spec.files[labels].file);
  if (img.shape.length !== 3 || lab.shape.length !== 1 || img.shape[0] !== lab.shape[0]) {
    throw new FormatError(
      `${spec.where}: expected images [N, rows, cols] and labels [N], received [${img.shape.join(', ')}] and [${lab.shape.join(', ')}].`,
    );
  }
  return { images: idxToTensor(img, 'int32'), labels: idxToTensor(lab, 'int32') };
}

/** Loads both splits of an IDX image dataset (see `LoadOptions` for the search order). */
export async function loadIdxDataset(spec: IdxDatasetSpec, options: LoadOptions = {}): Promise<ImageDataset> {
  // The small test files first: a bad mirror or cache fails fast, before the large training files move.
  const test = await split(spec, 'testImages', 'testLabels', options);
  const train = await split(spec, 'trainImages', 'trainLabels', options);
  return { train, test };
}
