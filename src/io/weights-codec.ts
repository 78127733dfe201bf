// Binary weight encoding shared by every TF.js-format handler: little-endian, row-major, weights laid end to end
// in manifest order (tfjs-core io_utils encodeWeights/decodeWeights).
import type { DataType, TypedArray } from '../core/dtype.js';
import { FormatError } from '../core/errors.js';
import { fmtShape, sizeFromShape } from '../core/shape.js';
import { Tensor } from '../tensor/tensor.js';
import type { ManifestDType, NamedWeight, WeightData, WeightGroup, WeightsManifestEntry } from './types.js';

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, float64: 8 };

/** Bytes per element of a manifest dtype after dequantization is accounted for. */
function storedBytes(spec: WeightsManifestEntry, where: string): number {
  const q = spec.quantization;
  if (q !== undefined) {
    if (q.dtype === 'uint8') return 1;
    if (q.dtype === 'uint16' || q.dtype === 'float16') return 2;
    throw new FormatError(`${where}: weight '${spec.name}' has unknown quantization dtype '${String(q.dtype)}'; expected uint8, uint16 or float16.`);
  }
  const b = BYTES[spec.dtype];
  if (b === undefined) {
    throw new FormatError(`${where}: weight '${spec.name}' has unsupported dtype '${String(spec.dtype)}'; expected float32, int32, bool or float64.`);
  }
  return b;
}

/** Concatenates buffers into one ArrayBuffer (TF.js `io.concatenateArrayBuffers`). @example concatenateArrayBuffers([a, b]); */
export function concatenateArrayBuffers(buffers: ArrayBuffer[] | ArrayBuffer): ArrayBuffer {
  if (!Array.isArray(buffers)) return buffers;
  let total = 0;
  for (const b of buffers) total += b.byteLength;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out.buffer;
}

/** The little-endian bytes of a typed array (a copy, so the result owns its buffer). @example typedArrayBytes(t.values); */
export function typedArrayBytes(values: TypedArray): Uint8Array<ArrayBuffer> {
  return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength) as ArrayBuffer);
}

/**
 * Encodes named tensors into one buffer plus manifest entries (TF.js `io.encodeWeights`).
 * @example const { data, specs } = await encodeWeights([{ name: 'dense/kernel', tensor: k }]);
 */
export function encodeWeights(
  tensors: NamedWeight<Tensor>[] | Record<string, Tensor>,
  group?: WeightGroup,
): Promise<{ data: ArrayBuffer; specs: WeightsManifestEntry[] }> {
  return Promise.resolve(encodeWeightsSync(tensors, group));
}

/** Synchronous form of `encodeWeights`. @example encodeWeightsSync({ w: tensor([1, 2]) }); */
export function encodeWeightsSync(
  tensors: NamedWeight<Tensor>[] | Record<string, Tensor>,
  group?: WeightGroup,
): { data: ArrayBuffer; specs: WeightsManifestEntry[] } {
  const list = Array.isArray(tensors) ? tensors : Object.entries(tensors).map(([name, tensor]) => ({ name, tensor }));
  const specs: WeightsManifestEntry[] = [];
  const chunks: ArrayBuffer[] = [];
  for (const { name, tensor } of list) {
    const spec: WeightsManifestEntry = { name, shape: [...tensor.shape], dtype: tensor.dtype as ManifestDType };
    if (group !== undefined) spec.group = group;
    specs.push(spec);
    chunks.push(typedArrayBytes(tensor.values).buffer);
  }
  return { data: concatenateArrayBuffers(chunks), specs };
}

/** Decodes one IEEE 754 half-precision value (its 16 bits) to a number. */
export function float16ToFloat32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

function decodeOne(bytes: Uint8Array, spec: WeightsManifestEntry, size: number): TypedArray {
  const copy = bytes.slice().buffer;
  const q = spec.quantization;
  if (q !== undefined) {
    const raw = q.dtype === 'uint8' ? new Uint8Array(copy) : new Uint16Array(copy);
    const out = spec.dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
    if (q.dtype === 'float16') {
      for (let i = 0; i < size; i++) out[i] = float16ToFloat32(raw[i] ?? 0);
    } else {
      const scale = q.scale ?? 1;
      const min = q.min ?? 0;
      for (let i = 0; i < size; i++) out[i] = (raw[i] ?? 0) * scale + min;
    }
    return out;
  }
  switch (spec.dtype) {
    case 'float32':
      return new Float32Array(copy);
    case 'int32':
      return new Int32Array(copy);
    case 'float64':
      return new Float64Array(copy);
    default:
      return new Uint8Array(copy);
  }
}

/** Checks one manifest entry's name, shape and dtype; `where` names the file in errors. @example validateSpec(entry, 'model.json'); */
export function validateSpec(spec: unknown, where: string): asserts spec is WeightsManifestEntry {
  const s = spec as Partial<WeightsManifestEntry> | null;
  if (s === null || typeof s !== 'object' || typeof s.name !== 'string') {
    throw new FormatError(`${where}: every weight entry needs a string 'name', received ${JSON.stringify(spec)}.`);
  }
  if (!Array.isArray(s.shape) || !s.shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new FormatError(`${where}: weight '${s.name}' needs a 'shape' of non-negative integers, received ${JSON.stringify(s.shape)}.`);
  }
  if (typeof s.dtype !== 'string') {
    throw new FormatError(`${where}: weight '${s.name}' needs a string 'dtype', received ${JSON.stringify(s.dtype)}.`);
  }
}

/**
 * Decodes a weight buffer using manifest entries (TF.js `io.decodeWeights`); throws FormatError when the byte
 * count does not match the specs exactly.
 * @example const named = decodeWeights(data, specs); named['dense/kernel'];
 */
export function decodeWeights(weightData: WeightData, specs: WeightsManifestEntry[], where = 'decodeWeights'): Record<string, Tensor> {
  return Object.fromEntries(decodeWeightList(weightData, specs, where).map((w) => [w.name, w.tensor]));
}

/** Like `decodeWeights` but keeps manifest order and duplicate-free names as a list. @example decodeWeightList(buf, specs); */
export function decodeWeightList(weightData: WeightData, specs: WeightsManifestEntry[], where = 'decodeWeights'): NamedWeight<Tensor>[] {
  const buffer = new Uint8Array(concatenateArrayBuffers(weightData));
  const out: NamedWeight<Tensor>[] = [];
  const seen = new Set<string>();
  let offset = 0;
  for (const spec of specs) {
    validateSpec(spec, where);
    if (seen.has(spec.name)) throw new FormatError(`${where}: weight '${spec.name}' appears twice in the manifest; names must be unique.`);
    seen.add(spec.name);
    const size = sizeFromShape(spec.shape);
    const nbytes = size * storedBytes(spec, where);
    if (offset + nbytes > buffer.length) {
      throw new FormatError(
        `${where}: weight data is too short: '${spec.name}' (shape ${fmtShape(spec.shape)}, ${spec.dtype}) needs bytes ` +
          `${offset}..${offset + nbytes} but only ${buffer.length} bytes are present. A weight shard is truncated or missing.`,
      );
    }
    const values = decodeOne(buffer.subarray(offset, offset + nbytes), spec, size);
    const dtype: DataType = spec.dtype === 'int32' || spec.dtype === 'bool' || spec.dtype === 'float64' ? spec.dtype : 'float32';
    out.push({ name: spec.name, tensor: new Tensor(values, spec.shape, dtype) });
    offset += nbytes;
  }
  if (offset !== buffer.length) {
    throw new FormatError(
      `${where}: the manifest describes ${offset} bytes of weights but the data holds ${buffer.length} bytes; ` +
        'the weight files do not belong to this model.json or are corrupt.',
    );
  }
  return out;
}

/** Splits a buffer into shards of at most `shardBytes` bytes (TF.js uses 4 MiB). @example splitShards(buf, 4 << 20); */
export function splitShards(data: ArrayBuffer, shardBytes = 4 * 1024 * 1024): ArrayBuffer[] {
  if (data.byteLength === 0) return [new ArrayBuffer(0)];
  const shards: ArrayBuffer[] = [];
  for (let i = 0; i < data.byteLength; i += shardBytes) shards.push(data.slice(i, Math.min(i + shardBytes, data.byteLength)));
  return shards;
}
