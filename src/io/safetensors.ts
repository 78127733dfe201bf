// safetensors: [u64 LE header length N][N bytes of JSON header, space-padded][raw little-endian row-major data].
// Header entries: {"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}} with offsets relative to
// the data buffer, plus an optional string->string "__metadata__".
import { promises as fsp } from 'node:fs';
import type { DataType, TypedArray } from '../core/dtype.js';
import { FormatError, ValueError } from '../core/errors.js';
import { sizeFromShape } from '../core/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { float16ToFloat32, typedArrayBytes } from './weights-codec.js';

const MAX_HEADER = 100_000_000;

/** Bytes per element of each safetensors dtype we read. */
const ELEM_BYTES: Record<string, number> = { BOOL: 1, U8: 1, I8: 1, U16: 2, I16: 2, F16: 2, BF16: 2, U32: 4, I32: 4, F32: 4, F64: 8, U64: 8, I64: 8 };

const WRITE_DTYPE: Partial<Record<DataType, string>> = { float32: 'F32', float64: 'F64', int32: 'I32', bool: 'BOOL', bfloat16: 'BF16' };

/** Options of the safetensors readers. */
export interface SafetensorsReadOptions {
  /** Keep BF16 tensors as `bfloat16` (their bits, for mixed precision) instead of widening them to float32 (default). */
  keepBfloat16?: boolean;
}

/** The parsed content of a safetensors file. */
export interface SafetensorsContent {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

/**
 * Encodes tensors (and optional string metadata) as safetensors bytes.
 * @example const bytes = encodeSafetensors({ w: tensor([1, 2]) }, { framework: 'tensorforge' });
 */
export function encodeSafetensors(tensors: Record<string, Tensor>, metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new ValueError(`saveSafetensors: metadata '${k}' must be a string, received ${typeof v}.`);
    }
    header.__metadata__ = metadata;
  }
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    if (name === '__metadata__') throw new ValueError("saveSafetensors: '__metadata__' is reserved and cannot name a tensor.");
    const dtype = WRITE_DTYPE[t.dtype];
    if (dtype === undefined) {
      throw new ValueError(`saveSafetensors: tensor '${name}' is ${t.dtype}; safetensors stores numeric tensors only. Cast it or leave it out.`);
    }
    const bytes = typedArrayBytes(t.values);
    header[name] = { dtype, shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    chunks.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  const jsonLen = Buffer.byteLength(json);
  json += ' '.repeat((8 - ((8 + jsonLen) % 8)) % 8);
  const headerBytes = Buffer.from(json, 'utf8');
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let pos = 8 + headerBytes.length;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.length;
  }
  return out;
}

function bf16ToF32(bits: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, bits << 16, true);
  return view.getFloat32(0, true);
}

function decodeData(bytes: Uint8Array, dtype: string, size: number, where: string, name: string, keepBf16 = false): { values: TypedArray; dtype: DataType } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ints = (read: (i: number) => number | bigint): Int32Array => {
    const out = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      const v = Number(read(i));
      if (v > 2147483647 || v < -2147483648) throw new ValueError(`${where}: tensor '${name}' (${dtype}) holds ${v}, outside the int32 range Tensorforge supports.`);
      out[i] = v;
    }
    return out;
  };
  const floats = (read: (i: number) => number): Float32Array => {
    const out = new Float32Array(size);
    for (let i = 0; i < size; i++) out[i] = read(i);
    return out;
  };
  switch (dtype) {
    case 'F32': return { values: floats((i) => view.getFloat32(4 * i, true)), dtype: 'float32' };
    case 'F64': {
      const out = new Float64Array(size);
      for (let i = 0; i < size; i++) out[i] = view.getFloat64(8 * i, true);
      return { values: out, dtype: 'float64' };
    }
    case 'F16': return { values: floats((i) => float16ToFloat32(view.getUint16(2 * i, true))), dtype: 'float32' };
    case 'BF16':
      if (keepBf16) return { values: Uint16Array.from({ length: size }, (_, i) => view.getUint16(2 * i, true)), dtype: 'bfloat16' };
      return { values: floats((i) => bf16ToF32(view.getUint16(2 * i, true))), dtype: 'float32' };
    case 'BOOL': return { values: Uint8Array.from(bytes, (b) => (b ? 1 : 0)), dtype: 'bool' };
    case 'U8': return { values: ints((i) => view.getUint8(i)), dtype: 'int32' };
    case 'I8': return { values: ints((i) => view.getInt8(i)), dtype: 'int32' };
    case 'U16': return { values: ints((i) => view.getUint16(2 * i, true)), dtype: 'int32' };
    case 'I16': return { values: ints((i) => view.getInt16(2 * i, true)), dtype: 'int32' };
    case 'I32': return { values: ints((i) => view.getInt32(4 * i, true)), dtype: 'int32' };
    case 'U32': return { values: ints((i) => view.getUint32(4 * i, true)), dtype: 'int32' };
    case 'I64': return { values: ints((i) => view.getBigInt64(8 * i, true)), dtype: 'int32' };
    default: return { values: ints((i) => view.getBigUint64(8 * i, true)), dtype: 'int32' };
  }
}

interface Entry { name: string; dtype: string; shape: number[]; begin: number; end: number }

function parseEntry(name: string, raw: unknown, where: string): Entry {
  const e = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
  if (e === null || typeof e !== 'object') throw new FormatError(`${where}: header entry '${name}' must be an object with dtype, shape and data_offsets.`);
  if (typeof e.dtype !== 'string' || ELEM_BYTES[e.dtype] === undefined) {
    throw new FormatError(`${where}: tensor '${name}' has unsupported dtype ${JSON.stringify(e.dtype)}; supported: ${Object.keys(ELEM_BYTES).join(', ')}.`);
  }
  if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new FormatError(`${where}: tensor '${name}' needs a shape of non-negative integers, received ${JSON.stringify(e.shape)}.`);
  }
  const off = e.data_offsets;
  if (!Array.isArray(off) || off.length !== 2 || !off.every((d) => Number.isSafeInteger(d) && d >= 0) || off[0] > off[1]) {
    throw new FormatError(`${where}: tensor '${name}' needs data_offsets [begin, end] with begin <= end, received ${JSON.stringify(off)}.`);
  }
  const shape = e.shape as number[];
  const [begin, end] = off as [number, number];
  const need = sizeFromShape(shape) * (ELEM_BYTES[e.dtype] ?? 1);
  if (end - begin !== need) {
    throw new FormatError(`${where}: tensor '${name}' (${e.dtype}, shape [${shape.join(', ')}]) needs ${need} bytes but data_offsets span ${end - begin}.`);
  }
  return { name, dtype: e.dtype, shape, begin, end };
}

/**
 * Decodes safetensors bytes; `where` (usually the file name) prefixes every error.
 * @example const { tensors, metadata } = decodeSafetensors(bytes);
 */
export function decodeSafetensors(bytes: Uint8Array, where = 'safetensors', options: SafetensorsReadOptions = {}): SafetensorsContent {
  if (bytes.length < 8) throw new FormatError(`${where}: file is ${bytes.length} bytes; a safetensors file starts with an 8-byte header length.`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER) || n > BigInt(bytes.length - 8)) {
    throw new FormatError(`${where}: header length ${n} exceeds the file (${bytes.length} bytes) or the 100 MB limit; not a safetensors file or truncated.`);
  }
  const headerEnd = 8 + Number(n);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, headerEnd)));
  } catch (e) {
    throw new FormatError(`${where}: header is not valid UTF-8 JSON (${(e as Error).message}); not a safetensors file or corrupt.`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw new FormatError(`${where}: header must be a JSON object.`);
  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new FormatError(`${where}: __metadata__ must be an object of strings.`);
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof v !== 'string') throw new FormatError(`${where}: __metadata__ '${k}' must be a string, received ${JSON.stringify(v)}.`);
        metadata[k] = v;
      }
    } else {
      entries.push(parseEntry(name, raw, where));
    }
  }
  const dataLen = bytes.length - headerEnd;
  const sorted = [...entries].sort((a, b) => a.begin - b.begin);
  let expected = 0;
  for (const e of sorted) {
    if (e.begin !== expected) throw new FormatError(`${where}: tensor '${e.name}' starts at byte ${e.begin}, expected ${expected}; tensors must be contiguous and non-overlapping.`);
    expected = e.end;
  }
  if (expected !== dataLen) throw new FormatError(`${where}: header describes ${expected} data bytes but the file holds ${dataLen}; the file is truncated or has trailing bytes.`);
  const tensors: Record<string, Tensor> = {};
  for (const e of entries) {
    const { values, dtype } = decodeData(bytes.subarray(headerEnd + e.begin, headerEnd + e.end), e.dtype, sizeFromShape(e.shape), where, e.name, options.keepBfloat16 === true);
    tensors[e.name] = new Tensor(values, e.shape, dtype);
  }
  return { tensors, metadata };
}

/**
 * Writes tensors to a .safetensors file atomically.
 * @example await saveSafetensors('/tmp/w.safetensors', { w: tensor([1, 2]) });
 */
export async function saveSafetensors(path: string, tensors: Record<string, Tensor>, metadata?: Record<string, string>): Promise<void> {
  await writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}

/**
 * Reads a .safetensors file with its metadata.
 * @example const { tensors, metadata } = await readSafetensors('/tmp/w.safetensors');
 */
export async function readSafetensors(path: string, options: SafetensorsReadOptions = {}): Promise<SafetensorsContent> {
  let bytes: Buffer;
  try {
    bytes = await fsp.readFile(path);
  } catch (e) {
    throw new FormatError(`${path}: cannot read safetensors file (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  return decodeSafetensors(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path, options);
}

/**
 * Reads the tensors of a .safetensors file by name.
 * @example const tensors = await loadSafetensors('/tmp/w.safetensors'); tensors.w;
 */
export async function loadSafetensors(path: string, options: SafetensorsReadOptions = {}): Promise<Record<string, Tensor>> {
  return (await readSafetensors(path, options)).tensors;
}
