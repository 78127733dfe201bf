// Thin, defensive access to HDF5 files through h5wasm (the HDF5 C library compiled to wasm). Every h5wasm failure
// becomes a FormatError naming the file, and files are checked for the HDF5 signature before h5wasm sees them.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset, File as H5File, Group } from 'h5wasm';
import { FormatError, TensorforgeError } from '../../core/errors.js';
import { Tensor } from '../../tensor/tensor.js';

type H5Module = typeof import('h5wasm');

let modulePromise: Promise<H5Module> | null = null;

/** Loads h5wasm's Node build once (lazily: the wasm is only instantiated when an HDF5 file is touched). @example const mod = await h5(); */
export function h5(): Promise<H5Module> {
  modulePromise ??= (async () => {
    const mod = (await import('h5wasm/node')) as H5Module;
    const m = await mod.ready;
    // Throw instead of printing HDF5's diagnostic stack to stderr.
    m.activate_throwing_error_handler();
    return mod;
  })();
  return modulePromise;
}

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** True when `bytes` start with the HDF5 superblock signature. @example isHDF5(bytes); */
export function isHDF5(bytes: Uint8Array): boolean {
  return SIGNATURE.every((b, i) => bytes[i] === b);
}

/** A read-only view of an open HDF5 file with typed, file-naming errors. */
export interface H5Reader {
  /** Root attribute or attribute of `path`, decoded to string(s) or numbers; undefined when absent. */
  attr(path: string, name: string): unknown;
  /** Child names of a group, or null when `path` is not a group. */
  keys(path: string): string[] | null;
  /** True when `path` exists. */
  has(path: string): boolean;
  /** The dataset at `path` as a tensor. */
  tensor(path: string): Tensor;
}

function wrap(where: string, e: unknown): Error {
  if (e instanceof TensorforgeError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  // h5wasm's message is HDF5's error stack; its 'minor:' lines say what went wrong ("File has been truncated").
  const minors = [...msg.matchAll(/minor:\s*(.+)/g)].map((m) => (m[1] ?? '').trim());
  const reason = minors.length > 0 ? [...new Set(minors)].slice(0, 2).join('; ') : (msg.split('\n')[0] ?? msg);
  return new FormatError(`${where}: cannot read HDF5 content (${reason}); the file is corrupt or not a Keras HDF5 file.`);
}

function makeReader(file: H5File, where: string): H5Reader {
  const get = (path: string): ReturnType<H5File['get']> => (path === '' || path === '/' ? file : file.get(path));
  return {
    attr(path, name) {
      const obj = get(path) as Group | Dataset | null;
      if (obj === null || !('attrs' in obj)) return undefined;
      const a = obj.attrs[name];
      if (a === undefined) return undefined;
      const v = a.json_value;
      return v;
    },
    keys(path) {
      const obj = get(path);
      return obj !== null && obj !== undefined && 'keys' in obj && typeof obj.keys === 'function' && !('shape' in obj) ? (obj as Group).keys() : null;
    },
    has(path) {
      try {
        return get(path) !== null;
      } catch {
        return false;
      }
    },
    tensor(path) {
      const obj = get(path);
      if (obj === null || obj === undefined || !('shape' in obj)) throw new FormatError(`${where}: missing dataset '${path}'.`);
      const ds = obj as Dataset;
      const shape = ds.shape ?? [];
      const isBf16 = ds.attrs.dtype?.json_value === 'bfloat16';
      const value = ds.value;
      const n = shape.reduce((a, b) => a * b, 1);
      if (isBf16 || value instanceof Uint16Array) {
        if (!(value instanceof Uint16Array)) throw new FormatError(`${where}: dataset '${path}' is marked bfloat16 but is not 16-bit.`);
        const out = new Float32Array(n);
        const view = new DataView(new ArrayBuffer(4));
        for (let i = 0; i < n; i++) {
          view.setUint32(0, (value[i] ?? 0) << 16, true);
          out[i] = view.getFloat32(0, true);
        }
        return new Tensor(out, shape, 'float32');
      }
      if (value instanceof Float32Array && value.length === n) return new Tensor(value.slice(), shape, 'float32');
      if (value instanceof Float64Array && value.length === n) return new Tensor(Float32Array.from(value), shape, 'float32');
      if ((value instanceof Int32Array || value instanceof Int16Array || value instanceof Int8Array || value instanceof Uint8Array) && value.length === n) {
        return new Tensor(Int32Array.from(value), shape, 'int32');
      }
      if (value instanceof BigInt64Array && value.length === n) return new Tensor(Int32Array.from(value, (x) => Number(x)), shape, 'int32');
      if (typeof value === 'number' && n === 1) return new Tensor(Float32Array.of(value), shape, 'float32');
      throw new FormatError(`${where}: dataset '${path}' has unsupported type ${ds.dtype as string} or ${value === null ? 'no data' : 'mismatched size'}.`);
    },
  };
}

/**
 * Opens HDF5 bytes (copied to a private temp file for h5wasm's Node file system) and runs `fn` on a reader.
 * @example const cfg = await withH5(bytes, 'model.h5', (r) => r.attr('', 'model_config'));
 */
export async function withH5<T>(bytes: Uint8Array, where: string, fn: (r: H5Reader) => T): Promise<T> {
  if (!isHDF5(bytes)) throw new FormatError(`${where}: not an HDF5 file (missing the \\x89HDF signature).`);
  const mod = await h5();
  const tmp = join(tmpdir(), `tforge-h5-${randomBytes(6).toString('hex')}.h5`);
  await fsp.writeFile(tmp, bytes);
  let file: H5File | null = null;
  try {
    try {
      file = new mod.File(tmp, 'r');
    } catch (e) {
      throw wrap(where, e);
    }
    try {
      return fn(makeReader(file, where));
    } catch (e) {
      throw wrap(where, e);
    }
  } finally {
    try {
      file?.close();
    } catch {
      // Closing a file whose open failed halfway can throw; nothing is left to release.
    }
    await fsp.rm(tmp, { force: true });
  }
}
