// Crash-safe file writes: every file goes to a temp name in the same directory, is fsync'ed, then renamed over
// the target (rename is atomic within one file system). A model directory is built as a whole in a sibling
// `dir.tmp-XXXX`, then swapped in, so a crash never leaves a half-written model where a good one was.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FormatError } from '../core/errors.js';

/** Test hook: called with each file name after it is written inside a save; throw from it to simulate a crash. */
export const faultInjection: { afterFileWritten: ((file: string) => void) | null } = { afterFileWritten: null };

function suffix(): string {
  return randomBytes(4).toString('hex');
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await fsp.open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeAndSync(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await fsp.open(path, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes one file atomically: temp file in the same directory, fsync, rename, fsync of the directory.
 * @example await writeFileAtomic('/tmp/a.json', '{}');
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const dir = dirname(path);
  await fsp.mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.tmp-${suffix()}`);
  try {
    await writeAndSync(tmp, data);
    faultInjection.afterFileWritten?.(basename(path));
    await fsp.rename(tmp, path);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  await fsyncPath(dir).catch(() => undefined);
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
    await fsyncPath(tmp).catch(() => undefined);
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
  await fsyncPath(parent).catch(() => undefined);
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
