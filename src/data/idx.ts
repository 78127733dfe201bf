// IDX files (the MNIST format): a 4-byte magic (0, 0, type code, rank), `rank` big-endian int32 dimensions,
// then the values, big-endian, row-major. Any rank and the six IDX types are supported, raw or gzip-compressed.
import { readFile, writeFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ConfigError, FormatError } from '../core/errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { DataType } from '../core/dtype.js';

/** The IDX element types. */
export type IdxType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** The values array of each IDX type. */
export type IdxValues = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** A decoded IDX file. */
export interface IdxArray {
  type: IdxType;
  shape: number[];
  values: IdxValues;
}

const CODES: Record<number, { type: IdxType; bytes: number }> = {
  0x08: { type: 'uint8', bytes: 1 },
  0x09: { type: 'int8', bytes: 1 },
  0x0b: { type: 'int16', bytes: 2 },
  0x0c: { type: 'int32', bytes: 4 },
  0x0d: { type: 'float32', bytes: 4 },
  0x0e: { type: 'float64', bytes: 8 },
};
const TYPE_CODE: Record<IdxType, number> = { uint8: 0x08, int8: 0x09, int16: 0x0b, int32: 0x0c, float32: 0x0d, float64: 0x0e };

function isGzip(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/**
 * Decodes IDX bytes (gzip is detected and inflated). `name` (a file name) appears in every error.
 * @example const { shape, values } = decodeIdx(bytes, 'train-labels-idx1-ubyte'); // shape [60000]
 */
export function decodeIdx(input: Uint8Array, name = '<buffer>'): IdxArray {
  let bytes = input;
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new FormatError(`IDX '${name}': the gzip stream is corrupt or truncated (${(e as Error).message}); download the file again.`);
    }
  }
  if (bytes.length < 4) throw new FormatError(`IDX '${name}': file is ${bytes.length} bytes, too short for the 4-byte magic number.`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new FormatError(
      `IDX '${name}': bad magic number 0x${hex(bytes, 0, 4)}; an IDX file starts with two zero bytes, a type code and the rank.`,
    );
  }
  const code = bytes[2] as number;
  const spec = CODES[code];
  if (!spec) {
    throw new FormatError(`IDX '${name}': unknown type code 0x${code.toString(16).padStart(2, '0')}; expected 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e.`);
  }
  const rank = bytes[3] as number;
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new FormatError(`IDX '${name}': truncated header; rank ${rank} needs ${headerBytes} header bytes but the file has ${bytes.length}.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const size = shape.reduce((a, b) => a * b, 1);
  const expected = headerBytes + size * spec.bytes;
  if (bytes.length !== expected) {
    const what = bytes.length < expected ? 'truncated' : 'has trailing bytes';
    throw new FormatError(
      `IDX '${name}': file ${what}; header says ${spec.type} [${shape.join(', ')}] = ${expected} bytes, found ${bytes.length}.`,
    );
  }
  return { type: spec.type, shape, values: readValues(view, headerBytes, size, spec.type) };
}

function readValues(view: DataView, offset: number, size: number, type: IdxType): IdxValues {
  switch (type) {
    case 'uint8':
      return new Uint8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + size));
    case 'int8':
      return new Int8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + size));
    case 'int16': {
      const out = new Int16Array(size);
      for (let i = 0; i < size; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(size);
      for (let i = 0; i < size; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(size);
      for (let i = 0; i < size; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(size);
      for (let i = 0; i < size; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

function hex(b: Uint8Array, from: number, to: number): string {
  return Array.from(b.subarray(from, to), (x) => x.toString(16).padStart(2, '0')).join('');
}

/**
 * Encodes values as IDX bytes; the type defaults to the one matching the typed array (Uint8Array -> 0x08, ...).
 * @example encodeIdx({ type: 'uint8', shape: [2, 2], values: new Uint8Array([0, 1, 2, 3]) });
 */
export function encodeIdx(arr: IdxArray, options: { gzip?: boolean } = {}): Uint8Array {
  const spec = CODES[TYPE_CODE[arr.type]];
  if (!spec) throw new ConfigError(`encodeIdx: unknown type '${String(arr.type)}'; expected ${Object.keys(TYPE_CODE).join(', ')}.`);
  const size = arr.shape.reduce((a, b) => a * b, 1);
  if (size !== arr.values.length) {
    throw new ConfigError(`encodeIdx: shape [${arr.shape.join(', ')}] needs ${size} values, received ${arr.values.length}.`);
  }
  if (arr.shape.length > 255) throw new ConfigError(`encodeIdx: rank ${arr.shape.length} exceeds the IDX maximum of 255.`);
  const header = 4 + 4 * arr.shape.length;
  const out = new Uint8Array(header + size * spec.bytes);
  const view = new DataView(out.buffer);
  out[2] = TYPE_CODE[arr.type];
  out[3] = arr.shape.length;
  arr.shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  const v = arr.values;
  for (let i = 0; i < size; i++) {
    const x = v[i] as number;
    const at = header + i * spec.bytes;
    switch (arr.type) {
      case 'uint8':
        view.setUint8(at, x);
        break;
      case 'int8':
        view.setInt8(at, x);
        break;
      case 'int16':
        view.setInt16(at, x, false);
        break;
      case 'int32':
        view.setInt32(at, x, false);
        break;
      case 'float32':
        view.setFloat32(at, x, false);
        break;
      case 'float64':
        view.setFloat64(at, x, false);
        break;
    }
  }
  return options.gzip ? gzipSync(out) : out;
}

/**
 * Reads an IDX file (raw or gzip).
 * @example const labels = await readIdx('train-labels-idx1-ubyte.gz'); // { type: 'uint8', shape: [60000], values }
 */
export async function readIdx(path: string): Promise<IdxArray> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new FormatError(`IDX '${path}': cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)}).`);
  }
  return decodeIdx(bytes, path);
}

/**
 * Writes an IDX file, gzip-compressed when `gzip` is true.
 * @example await writeIdx('out-idx1-ubyte', { type: 'uint8', shape: [3], values: new Uint8Array([1, 2, 3]) });
 */
export async function writeIdx(path: string, arr: IdxArray, options: { gzip?: boolean } = {}): Promise<void> {
  await writeFile(path, encodeIdx(arr, options));
}

/**
 * A tensor holding the IDX values: int32 for the integer types, float32/float64 for the float types (or `dtype`).
 * @example idxToTensor(await readIdx('t10k-images-idx3-ubyte.gz')).shape; // [10000, 28, 28]
 */
export function idxToTensor(arr: IdxArray, dtype?: DataType): Tensor {
  const dt: DataType = dtype ?? (arr.type === 'float32' ? 'float32' : arr.type === 'float64' ? 'float64' : 'int32');
  const values =
    dt === 'float32' ? Float32Array.from(arr.values) : dt === 'float64' ? Float64Array.from(arr.values) : dt === 'bool' ? Uint8Array.from(arr.values, (x) => (x ? 1 : 0)) : Int32Array.from(arr.values);
  return new Tensor(values, arr.shape, dt);
}
