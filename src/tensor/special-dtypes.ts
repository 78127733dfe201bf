// How ops see string and complex64 tensors. Kernels are written for typed arrays of numbers, and the native backend
// must never receive these dtypes, so the engine lifts the ops that only move elements (reshape, slice, gather,
// concat, tile, transpose, ...) instead of giving them kernels of their own:
//   string: a string tensor's `values` are int32 indices into its table, so the op runs on those indices as an
//     int32 tensor and its outputs index the same table (tables of several inputs are joined first). Ops that
//     compare elements ('order': equal, less, unique) first re-code every input by the sorted rank of its text.
//   complex64: the op runs twice, on the real parts and on the imaginary parts (float32 tensors), and the two
//     outputs are joined.
// Any other op given such a tensor throws, naming the op and the dtype.
import { DTypeError } from '../core/errors.js';
import { Tensor } from './tensor.js';

/** How an op takes string and complex64 inputs (absent: it rejects them). */
export interface SpecialDTypes {
  /**
   * 'move': outputs only copy input elements; 'order': the op compares elements (their order is the byte order of
   * the UTF-8 text); 'kernel': the op's 'ts' kernel reads `strings` itself.
   */
  readonly string?: 'move' | 'order' | 'kernel';
  /** 'move': outputs only copy input elements; 'kernel': the op's 'ts' kernel reads `imag` itself. */
  readonly complex64?: 'move' | 'kernel';
  /** The outputs that carry input elements (default: all); the others (e.g. unique's indices) stay as computed. */
  readonly carried?: readonly number[];
}

/** The special dtype among `inputs` ('string' or 'complex64'), or null; throws when the op does not take it. */
export function specialDType(
  opName: string,
  policy: SpecialDTypes | undefined,
  names: readonly string[],
  inputs: Readonly<Record<string, Tensor>>,
): 'string' | 'complex64' | null {
  let found: 'string' | 'complex64' | null = null;
  for (const name of names) {
    const d = inputs[name]?.dtype;
    if (d !== 'string' && d !== 'complex64') continue;
    if (policy?.[d] === undefined) {
      throw new DTypeError(
        `${opName}: input '${name}' is a ${d} tensor, which this op does not take; ` +
          (d === 'string' ? 'it needs numeric tensors.' : 'take tf.real() / tf.imag() or tf.abs() first.'),
      );
    }
    if (found !== null && found !== d) throw new DTypeError(`${opName}: cannot mix string and complex64 inputs.`);
    found = d;
  }
  return found;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/**
 * Re-codes string tensors onto one table: by joining their tables (indices shift), or `byOrder`, onto the sorted
 * distinct texts so that equal strings get equal indices and indices compare like the strings' bytes.
 */
export function recodeStringTensors(ts: readonly Tensor[], byOrder: boolean): { table: readonly Uint8Array[]; values: Int32Array[] } {
  if (!byOrder) {
    const table: Uint8Array[] = [];
    const offsets = new Map<readonly Uint8Array[], number>();
    const values = ts.map((t) => {
      const tab = t.strings ?? [];
      let off = offsets.get(tab);
      if (off === undefined) {
        off = table.length;
        offsets.set(tab, off);
        table.push(...tab);
      }
      if (off === 0 && t.values instanceof Int32Array) return t.values;
      const v = new Int32Array(t.size);
      for (let i = 0; i < t.size; i++) v[i] = (t.values[i] ?? 0) + off;
      return v;
    });
    return { table, values };
  }
  const distinct = new Map<string, Uint8Array>();
  const key = (b: Uint8Array): string => Array.prototype.join.call(b, ',');
  const bytes = ts.map((t) => t.bytesSync());
  for (const bs of bytes) for (const b of bs) distinct.set(key(b), b);
  const table = [...distinct.values()].sort(compareBytes);
  const rank = new Map<string, number>(table.map((b, i) => [key(b), i]));
  return { table, values: bytes.map((bs) => Int32Array.from(bs, (b) => rank.get(key(b)) ?? 0)) };
}

/** `t` with equal strings at equal indices (indices ordered like the strings), for ops that compare elements. */
export function canonicalStrings(t: Tensor): Tensor {
  const { table, values } = recodeStringTensors([t], true);
  return new Tensor(values[0] ?? new Int32Array(0), t.shape, 'string', { strings: table });
}

// Replaces each string input by int32 indices into one shared table.
function recodeStrings(
  names: readonly string[],
  inputs: Readonly<Record<string, Tensor>>,
  byOrder: boolean,
): { subs: Record<string, Tensor>; table: readonly Uint8Array[] } {
  const subs: Record<string, Tensor> = { ...inputs };
  const strNames = names.filter((n) => inputs[n]?.dtype === 'string');
  const strs = strNames.map((n) => inputs[n] as Tensor);
  const { table, values } = recodeStringTensors(strs, byOrder);
  strNames.forEach((n, k) => {
    const t = inputs[n] as Tensor;
    subs[n] = new Tensor(values[k] ?? new Int32Array(0), t.shape, 'int32');
  });
  return { subs, table };
}

function isCarried(policy: SpecialDTypes, i: number): boolean {
  return policy.carried === undefined || policy.carried.includes(i);
}

/** Runs `execute` on the numeric stand-ins of string inputs and makes the carried outputs string tensors again. */
export function liftStrings(
  policy: SpecialDTypes,
  names: readonly string[],
  inputs: Readonly<Record<string, Tensor>>,
  execute: (inputs: Readonly<Record<string, Tensor>>) => Tensor[],
): Tensor[] {
  const { subs, table } = recodeStrings(names, inputs, policy.string === 'order');
  return execute(subs).map((o, i) =>
    isCarried(policy, i) && o.dtype === 'int32' ? new Tensor(o.values, o.shape, 'string', { strings: table }) : o,
  );
}

/** Runs `execute` on the real parts and on the imaginary parts of complex inputs and joins the carried outputs. */
export function liftComplex(
  policy: SpecialDTypes,
  names: readonly string[],
  inputs: Readonly<Record<string, Tensor>>,
  execute: (inputs: Readonly<Record<string, Tensor>>) => Tensor[],
): Tensor[] {
  const re: Record<string, Tensor> = { ...inputs };
  const im: Record<string, Tensor> = { ...inputs };
  for (const n of names) {
    const t = inputs[n];
    if (!t) continue;
    if (t.dtype === 'complex64') {
      re[n] = new Tensor(t.values, t.shape, 'float32');
      im[n] = new Tensor(t.imag ?? new Float32Array(t.size), t.shape, 'float32');
    } else if (t.dtype === 'float32' || t.dtype === 'float64') {
      // A real data input beside complex ones has imaginary part 0 (int32/bool inputs are indices or masks).
      im[n] = new Tensor(new Float32Array(t.size), t.shape, 'float32');
    }
  }
  const outRe = execute(re);
  const outIm = execute(im);
  return outRe.map((o, i) => {
    const oi = outIm[i];
    if (!isCarried(policy, i) || o.dtype !== 'float32' || !oi) return o;
    const imag = oi.values instanceof Float32Array ? oi.values : Float32Array.from(oi.values);
    return new Tensor(o.values, o.shape, 'complex64', { imag });
  });
}
