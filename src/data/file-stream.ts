// Streaming file access for datasets: text chunks (gzip detected from the magic bytes) and lines.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { ValueError } from '../core/errors.js';

/** Turns a path or `file://` URL into a file system path. */
export function toPath(source: string | URL): string {
  if (source instanceof URL) return fileURLToPath(source);
  return source.startsWith('file://') ? fileURLToPath(source) : source;
}

async function isGzip(path: string, where: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ValueError(`${where}: cannot open '${path}' (${code ?? String(e)}); check the path.`);
  }
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await handle.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * Streams a text file (plain or gzip) as decoded UTF-8 chunks of about `chunkBytes`; memory stays bounded by one chunk.
 * @example for await (const chunk of readTextChunks('data.csv', 'myReader')) process(chunk);
 */
export async function* readTextChunks(source: string | URL, where: string, chunkBytes = 1 << 20): AsyncGenerator<string> {
  const path = toPath(source);
  const gz = await isGzip(path, where);
  const raw = createReadStream(path, { highWaterMark: chunkBytes });
  const stream = gz ? raw.pipe(createGunzip()) : raw;
  if (gz) raw.on('error', (e) => stream.destroy(e));
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const buf of stream as AsyncIterable<Buffer>) {
      const text = decoder.decode(buf, { stream: true });
      if (text.length > 0) yield text;
    }
  } catch (e) {
    throw new ValueError(`${where}: failed while reading '${path}': ${(e as Error).message}.`);
  } finally {
    raw.destroy();
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield tail;
}

/**
 * Streams the lines of a text file (plain or gzip) without the line terminators, with 1-based line numbers.
 * @example for await (const { line, text } of readLines('data.jsonl', 'jsonl')) console.log(line, text);
 */
export async function* readLines(source: string | URL, where: string): AsyncGenerator<{ line: number; text: string }> {
  let rest = '';
  let line = 0;
  for await (const chunk of readTextChunks(source, where)) {
    const text = rest + chunk;
    let start = 0;
    let nl = text.indexOf('\n', start);
    while (nl !== -1) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield { line: ++line, text: text.slice(start, end) };
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    rest = text.slice(start);
  }
  if (rest.length > 0) yield { line: ++line, text: rest.endsWith('\r') ? rest.slice(0, -1) : rest };
}
