// Crash-safe model directories: a model directory is built as a whole in a sibling `dir.tmp-XXXX` (each file
// fsync'ed), then swapped in, so a crash never leaves a half-written model where a good one was. Single files go
// through core/atomic-write.ts, whose steps (write, fsync, rename, fsync the directory) this reuses.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { faultInjection, fsyncPath, writeAndSync } from '../core/atomic-write.js';
import { FormatError } from '../core/errors.js';

function suffix(): string {
  return randomBytes(4).toString('hex');
}

/**
 * Writes a set of files as a new directory that replaces `dir` as a whole (old contents vanish only after the new
 * directory is complete and synced).
 * @example await writeDirAtomic('/tmp/model', { 'model.json': '{}' });
 */
export async function writeDirAtomic(dir: string, files: Record<string, Uint8Array | string>): Promise<void> {
  const parent = dirname(dir);
  await fsp.mkdir(parent, { recursive: true });
  const existing = await fsp.stat(dir).catch(() => null);
  if (existing !== null && !existing.isDirectory()) {
    throw new FormatError(`save: '${dir}' exists and is not a directory; choose a directory path for the model.`);
  }
  const tag = suffix();
  const tmp = `${dir}.tmp-${tag}`;
  await fsp.mkdir(tmp);
  try {
    for (const [name, data] of Object.entries(files)) {
      await writeAndSync(join(tmp, name), data);
      faultInjection.afterFileWritten?.(name);
    }
    await fsyncPath(tmp);
  } catch (e) {
    await fsp.rm(tmp, { recursive: true, force: true });
    throw e;
  }
  if (existing === null) {
    await fsp.rename(tmp, dir);
  } else {
    // Two renames: a crash between them leaves `dir.old-XXXX` complete, which loaders fall back to.
    const old = `${dir}.old-${tag}`;
    await fsp.rename(dir, old);
    await fsp.rename(tmp, dir);
    await fsp.rm(old, { recursive: true, force: true });
  }
  await fsyncPath(parent);
  // A crash between the swap renames of an earlier save may have left complete old copies behind.
  const prefix = `${basename(dir)}.old-`;
  for (const e of await fsp.readdir(parent).catch(() => [] as string[])) {
    if (e.startsWith(prefix)) await fsp.rm(join(parent, e), { recursive: true, force: true });
  }
}

/**
 * The directory to read from: `dir` itself, or, when a crash interrupted a directory swap, the complete previous
 * version left as `dir.old-XXXX`.
 * @example const d = await resolveModelDir('/tmp/model');
 */
export async function resolveModelDir(dir: string): Promise<string> {
  if (await fsp.stat(dir).catch(() => null)) return dir;
  const parent = dirname(dir);
  const prefix = `${basename(dir)}.old-`;
  const entries = await fsp.readdir(parent).catch(() => [] as string[]);
  const olds = entries.filter((e) => e.startsWith(prefix));
  if (olds.length === 0) return dir;
  const stats = await Promise.all(olds.map(async (e) => ({ e, t: (await fsp.stat(join(parent, e))).mtimeMs })));
  stats.sort((a, b) => b.t - a.t);
  return join(parent, stats[0]?.e ?? olds[0] ?? '');
}
