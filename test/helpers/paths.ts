import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `../shared/datasets` next to the repository (tests, examples and benchmarks only; never the library). */
export const datasetsDir = resolve(repoRoot, '../shared/datasets');

/** True when the shared datasets are present (they are on developer machines and in CI). */
export const hasDatasets = existsSync(datasetsDir);
