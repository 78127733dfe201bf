import { rename, writeFile } from 'node:fs/promises';

/**
 * Writes `data` to a temporary file beside `path` and renames it into place, so readers never see half a file.
 * @example await writeFileAtomic('models/mnist/metrics.json', JSON.stringify(metrics));
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}
