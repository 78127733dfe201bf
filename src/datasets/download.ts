// Verified downloads into the dataset cache: fetch, check the SHA-256 of the (decompressed) content, then write
// atomically (core/atomic-write.ts: temp file, fsync, rename, fsync of the directory) so a crash or a concurrent loader never sees a partial file.
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { writeFileAtomic } from '../core/atomic-write.js';
import { FormatError, ValueError } from '../core/errors.js';

/** SHA-256 (hex) of `bytes`. @example sha256(new Uint8Array([1, 2])); */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The content of a file as stored (gzip is inflated), so checksums do not depend on the compressor. */
export function decompressed(bytes: Uint8Array, name: string): Uint8Array {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes);
    } catch (e) {
      throw new FormatError(`${name}: the gzip data is corrupt or truncated (${(e as Error).message}).`);
    }
  }
  return bytes;
}

/**
 * Downloads `url`, checks the SHA-256 of its decompressed content against `expectedSha256`, and writes the
 * downloaded bytes to `dest` atomically. `where` prefixes errors (e.g. 'datasets.mnist').
 * @example await downloadVerified('https://host/train-labels-idx1-ubyte.gz', '/cache/mnist/train-labels-idx1-ubyte.gz', '65a5…', 'datasets.mnist');
 */
export async function downloadVerified(url: string, dest: string, expectedSha256: string, where: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    const res = await fetch(url);
    if (!res.ok) {
      throw new ValueError(`${where}: download of ${url} failed with HTTP ${res.status} ${res.statusText}; check baseUrl or place the files in the cache directory.`);
    }
    bytes = new Uint8Array(await res.arrayBuffer());
    const declared = res.headers.get('content-length');
    if (declared !== null && Number(declared) !== bytes.length) {
      throw new FormatError(`${where}: download of ${url} is truncated: received ${bytes.length} of ${declared} bytes.`);
    }
  } catch (e) {
    if (e instanceof ValueError || e instanceof FormatError) throw e;
    const cause = (e as Error & { cause?: Error }).cause;
    throw new ValueError(`${where}: download of ${url} failed (${(e as Error).message}${cause ? `: ${cause.message}` : ''}); the connection may have been cut (truncated download). Try again.`);
  }
  const content = decompressed(bytes, `${where}: download of ${url}`);
  const actual = sha256(content);
  if (actual !== expectedSha256) {
    throw new FormatError(
      `${where}: checksum mismatch for ${url}: expected SHA-256 ${expectedSha256} of the decompressed content, got ${actual}. ` +
        'The file is corrupt or not the expected dataset; nothing was written to the cache.',
    );
  }
  await writeFileAtomic(dest, bytes);
  return bytes;
}
