import { ValueError } from '../core/errors.js';
import { exampleSize, type TensorSpec } from './servable.js';

/** A client error: the server answers `status` with `{"error": message}` and carries on. */
export class RequestError extends ValueError {
  /** Sent as `Retry-After` (seconds) with 503s, so clients back off instead of hammering an overloaded server. */
  retryAfterSeconds?: number;

  constructor(message: string, readonly status = 400, retryAfterSeconds?: number) {
    super(message);
    if (retryAfterSeconds !== undefined) this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Examples decoded from a request: `rows` examples of `spec`, flattened row-major. */
export interface DecodedBatch {
  values: Float32Array;
  rows: number;
}

/** Limits applied to every request. */
export interface RequestLimits {
  /** Most examples in one request. */
  maxRows: number;
}

/** Default request limits. */
export const DEFAULT_LIMITS: RequestLimits = { maxRows: 1024 };

/** OIP v2 datatype names by Tensorforge dtype. */
export const V2_DATATYPE: Record<string, string> = { float32: 'FP32', float64: 'FP64', int32: 'INT32', bool: 'BOOL' };
const NUMERIC_V2 = new Set(['FP16', 'FP32', 'FP64', 'INT8', 'INT16', 'INT32', 'INT64', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'BOOL']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkValue(x: unknown, where: string, isInt: boolean): number {
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new RequestError(`${where}: every value must be a finite number, received ${String(JSON.stringify(x)).slice(0, 40)}.`);
  }
  if (isInt && !Number.isInteger(x)) throw new RequestError(`${where}: the model takes int32 values, received ${x}.`);
  return x;
}

/** Appends every number of a nested list to `out`. */
function flattenInto(v: unknown, out: number[], where: string, isInt: boolean, depth = 0): void {
  if (depth > 32) throw new RequestError(`${where}: data is nested more than 32 levels deep.`);
  if (Array.isArray(v)) for (const e of v) flattenInto(e, out, where, isInt, depth + 1);
  else out.push(checkValue(v, where, isInt));
}

/** Appends the numbers of one (nested or flat) example to `out`, checking its shape against `dims`. */
function pushExample(v: unknown, dims: readonly number[], out: number[], where: string, isInt: boolean): void {
  const size = dims.reduce((a, d) => a * d, 1);
  const before = out.length;
  const walk = (x: unknown, depth: number): void => {
    if (Array.isArray(x)) {
      if (depth >= dims.length) throw new RequestError(`${where}: an example is nested deeper than its shape [${dims.join(',')}].`);
      const want = dims[depth];
      if (depth < dims.length && want !== undefined && want >= 0 && x.length !== want && !(depth === 0 && x.length === size)) {
        throw new RequestError(`${where}: expected ${want} values at depth ${depth + 1} for example shape [${dims.join(',')}], received ${x.length}.`);
      }
      for (const e of x) walk(e, depth + 1);
      return;
    }
    out.push(checkValue(x, where, isInt));
    if (out.length - before > size) throw new RequestError(`${where}: an example has more than the ${size} values of shape [${dims.join(',')}].`);
  };
  walk(v, 0);
  if (out.length - before !== size) {
    throw new RequestError(`${where}: an example needs ${size} values (shape [${dims.join(',')}]), received ${out.length - before}.`);
  }
}

function checkRows(rows: number, limits: RequestLimits, where: string): void {
  if (rows === 0) throw new RequestError(`${where}: the request holds no examples; send at least one.`);
  if (rows > limits.maxRows) throw new RequestError(`${where}: ${rows} examples exceed the limit of ${limits.maxRows} per request; split the request.`, 413);
}

function exampleDims(spec: TensorSpec, where: string): number[] {
  if (exampleSize(spec) < 0) throw new RequestError(`${where}: the model input has variable dimensions ${JSON.stringify(spec.shape)}; this server needs fixed ones.`, 501);
  return spec.shape.slice(1);
}

/** Picks the single input out of a named-input object, or returns the value itself. */
function singleInput(v: unknown, spec: TensorSpec, where: string): unknown {
  if (!isObject(v)) return v;
  const keys = Object.keys(v);
  if (keys.length !== 1) throw new RequestError(`${where}: the model has one input '${spec.name}', received named inputs ${JSON.stringify(keys)}.`);
  return v[keys[0] as string];
}

/**
 * Decodes a TensorFlow Serving REST predict body: row format (`instances`) or columnar format (`inputs`).
 * @example decodeV1({ instances: [[1, 2]] }, spec) // { values: Float32Array [1, 2], rows: 1, format: 'instances' }
 */
export function decodeV1(body: unknown, spec: TensorSpec, limits: RequestLimits = DEFAULT_LIMITS): DecodedBatch & { format: 'instances' | 'inputs' } {
  const where = 'predict';
  if (!isObject(body)) throw new RequestError(`${where}: the body must be a JSON object with 'instances' or 'inputs'.`);
  const hasInstances = 'instances' in body;
  const hasInputs = 'inputs' in body;
  if (hasInstances === hasInputs) throw new RequestError(`${where}: send exactly one of 'instances' (row format) or 'inputs' (columnar format).`);
  const dims = exampleDims(spec, where);
  const isInt = spec.dtype === 'int32';
  const out: number[] = [];
  let rows: unknown;
  if (hasInstances) {
    rows = body.instances;
    if (!Array.isArray(rows)) throw new RequestError(`${where}: 'instances' must be a list with one entry per example.`);
    checkRows(rows.length, limits, where);
    rows.forEach((r, i) => pushExample(singleInput(r, spec, `${where}: instances[${i}]`), dims, out, `${where}: instances[${i}]`, isInt));
    return { values: Float32Array.from(out), rows: rows.length, format: 'instances' };
  }
  rows = singleInput(body.inputs, spec, where);
  if (!Array.isArray(rows)) throw new RequestError(`${where}: 'inputs' must hold a batch (a list with one entry per example).`);
  checkRows(rows.length, limits, where);
  rows.forEach((r, i) => pushExample(r, dims, out, `${where}: inputs[${i}]`, isInt));
  return { values: Float32Array.from(out), rows: rows.length, format: 'inputs' };
}

/** Splits flat output values into one nested list per example. */
export function toRows(values: ArrayLike<number>, shape: readonly number[]): unknown[] {
  const [n = 0, ...rest] = shape;
  const per = rest.reduce((a, d) => a * d, 1);
  const nest = (off: number, dims: readonly number[]): unknown => {
    if (dims.length === 0) return values[off];
    const [d = 0, ...tail] = dims;
    const step = tail.reduce((a, e) => a * e, 1);
    return Array.from({ length: d }, (_, i) => nest(off + i * step, tail));
  };
  return Array.from({ length: n }, (_, i) => nest(i * per, rest));
}

/** A decoded OIP v2 inference request. */
export interface DecodedV2 extends DecodedBatch {
  id?: string;
  inputName: string;
}

/**
 * Decodes an Open Inference Protocol v2 `infer` body (one input tensor, `data` flattened row-major or nested).
 * @example decodeV2({ inputs: [{ name: 'x', shape: [1, 2], datatype: 'FP32', data: [1, 2] }] }, spec)
 */
export function decodeV2(body: unknown, spec: TensorSpec, limits: RequestLimits = DEFAULT_LIMITS): DecodedV2 {
  const where = 'infer';
  if (!isObject(body)) throw new RequestError(`${where}: the body must be a JSON object with an 'inputs' list.`);
  if (body.id !== undefined && typeof body.id !== 'string') throw new RequestError(`${where}: 'id' must be a string.`);
  const inputs = body.inputs;
  if (!Array.isArray(inputs) || inputs.length !== 1) {
    throw new RequestError(`${where}: 'inputs' must be a list holding exactly one tensor ('${spec.name}'), received ${Array.isArray(inputs) ? inputs.length : typeof inputs}.`);
  }
  const t: unknown = inputs[0];
  if (!isObject(t)) throw new RequestError(`${where}: inputs[0] must be an object with name, shape, datatype and data.`);
  if (typeof t.name !== 'string') throw new RequestError(`${where}: inputs[0].name must be a string.`);
  if (typeof t.datatype !== 'string' || !NUMERIC_V2.has(t.datatype)) {
    throw new RequestError(`${where}: inputs[0].datatype must be a numeric type such as 'FP32' or 'INT32', received ${JSON.stringify(t.datatype)}.`);
  }
  const shape = t.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new RequestError(`${where}: inputs[0].shape must be a list of non-negative integers.`);
  }
  const dims = exampleDims(spec, where);
  const [rows = 0, ...rest] = shape as number[];
  const size = dims.reduce((a, d) => a * d, 1);
  const restSize = rest.reduce((a, d) => a * d, 1);
  if (rest.length === 0 || restSize !== size) {
    throw new RequestError(`${where}: inputs[0].shape ${JSON.stringify(shape)} does not fit the model input [-1,${dims.join(',')}]; use [batch,${dims.join(',')}].`);
  }
  checkRows(rows, limits, where);
  if (!Array.isArray(t.data)) throw new RequestError(`${where}: inputs[0].data must be a list of numbers.`);
  const out: number[] = [];
  flattenInto(t.data, out, `${where}: inputs[0].data`, t.datatype.includes('INT') || spec.dtype === 'int32');
  if (out.length !== rows * size) {
    throw new RequestError(`${where}: inputs[0].data holds ${out.length} values but shape ${JSON.stringify(shape)} needs ${rows * size}.`);
  }
  const result: DecodedV2 = { values: Float32Array.from(out), rows, inputName: t.name };
  if (typeof body.id === 'string') result.id = body.id;
  return result;
}

/** Encodes text, e.g. a `WordEncoder`. */
export interface TextToIds {
  encode(text: string): number[];
}

/**
 * Replaces string examples (`"instances": ["great movie"]`, `{"text": "..."}` or v2 `BYTES` data) with their id
 * sequences for text models; other bodies pass through unchanged.
 * @example encodeTextInstances({ instances: ['good'] }, encoder) // { instances: [[0, 0, 1]] }
 */
export function encodeTextInstances(body: unknown, text: TextToIds | null): unknown {
  if (!text || !isObject(body)) return body;
  const enc = (v: unknown): unknown => {
    if (typeof v === 'string') return text.encode(v);
    if (isObject(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && typeof v[keys[0] as string] === 'string') return text.encode(v[keys[0] as string] as string);
    }
    return v;
  };
  if (Array.isArray(body.instances)) return { ...body, instances: body.instances.map(enc) };
  if (Array.isArray(body.inputs)) {
    return {
      ...body,
      inputs: body.inputs.map((t: unknown) => {
        if (!isObject(t) || t.datatype !== 'BYTES' || !Array.isArray(t.data)) return t;
        const seqs = t.data.map((s) => (typeof s === 'string' ? text.encode(s) : s));
        const len = (seqs[0] as number[] | undefined)?.length ?? 0;
        return { ...t, datatype: 'INT32', shape: [seqs.length, len], data: seqs.flat() };
      }),
    };
  }
  if ('input' in body) return { ...body, input: enc(body.input) };
  return body;
}
