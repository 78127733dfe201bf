// The one way Tensorforge writes a file: a temp file in the same directory, written and fsync'ed, renamed over
// the target (atomic within one file system), then the directory fsync'ed so the rename itself survives a crash.
// Readers see the old file or the new one, never half of one. io/, serve/, datasets/ and cli/ all write through
// here; io/atomic-fs.ts builds whole model directories on the same steps.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, promises as fsp, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Test hook: called with each file name after it is written and synced, before the rename; throw to simulate a crash. */
export const faultInjection: { afterFileWritten: ((file: string) => void) | null } = { afterFileWritten: null };

/** Options of an atomic write. */
export interface AtomicWriteOptions {
  /** File mode of the new file (e.g. 0o600 for secrets); it is set before any byte is written. */
  mode?: number;
}

function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${randomBytes(4).toString('hex')}`);
}

/**
 * Opens `path` read-only and fsyncs it (a directory: persists the renames in it). Best effort where the platform
 * cannot fsync a directory (Windows).
 * @example await fsyncPath('/tmp');
 */
export async function fsyncPath(path: string): Promise<void> {
  try {
    const handle = await fsp.open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Directory fsync is not supported everywhere; the rename is still atomic.
  }
}

/**
 * Writes `data` to `path` and fsyncs it (no rename: for files inside a directory that is itself swapped in whole).
 * @example await writeAndSync('/tmp/dir.tmp-1/model.json', '{}');
 */
export async function writeAndSync(path: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  const handle = await fsp.open(path, 'w', options.mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes one file atomically and durably: temp file in the same directory, fsync, rename, fsync of the directory.
 * @example await writeFileAtomic('models/mnist/metrics.json', JSON.stringify({ accuracy: 0.98 }));
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  await fsp.mkdir(dir, { recursive: true });
  const tmp = tempName(path);
  try {
    await writeAndSync(tmp, data, options);
    faultInjection.afterFileWritten?.(basename(path));
    await fsp.rename(tmp, path);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  await fsyncPath(dir);
}

/**
 * Synchronous `writeFileAtomic`, for start-up code that has no event loop to wait on (the CLI's secret files).
 * @example writeFileAtomicSync('/tmp/tokens.json', '{}', { mode: 0o600 });
 */
export function writeFileAtomicSync(path: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = tempName(path);
  try {
    const fd = openSync(tmp, 'w', options.mode);
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    faultInjection.afterFileWritten?.(basename(path));
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Directory fsync is not supported everywhere; the rename is still atomic.
  }
}
