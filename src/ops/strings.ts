// tf.string: text ops on string tensors (TF.js stringNGrams, stringSplit, stringToHashBucketFast,
// staticRegexReplace). They compute on the host from the tensors' UTF-8 tables, follow TensorFlow's kernels'
// semantics, and are not differentiable (their outputs are strings or integer ids).
import { fingerprint64 } from '../core/fingerprint.js';
import { DTypeError, ShapeError, ValueError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { type TensorLike, convertToTensor } from './convert.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function stringArg(x: TensorLike, name: string, op: string): Tensor {
  const t = convertToTensor(x, name, op, 'string');
  if (t.dtype !== 'string') throw new DTypeError(`Argument '${name}' passed to '${op}' must be string tensor, but got ${t.dtype} tensor.`);
  return t;
}

function texts(t: Tensor): string[] {
  return t.bytesSync().map((b) => decoder.decode(b));
}

function stringVector(values: readonly string[], shape: readonly number[] = [values.length]): Tensor {
  const idx = Int32Array.from(values, (_, i) => i);
  return new Tensor(idx, shape, 'string', { strings: values.map((v) => encoder.encode(v)) });
}

function checkSplits(splits: ArrayLike<number>, size: number): void {
  const n = splits.length;
  if (n > 0 && splits[0] !== 0) throw new ValueError(`First split value must be 0, got ${splits[0]}.`);
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const s = splits[i] ?? 0;
    if (s < prev || s > size) throw new ValueError(`Invalid split value ${s}, must be in [${prev}, ${size}].`);
    prev = s;
  }
  if (n > 0 && splits[n - 1] !== size) throw new ValueError(`Last split value must be data size. Expected ${size}, got ${splits[n - 1]}.`);
}

/** The n-grams of the strings of one row, for every requested width (TF's StringNGrams). */
class NGramBuilder {
  constructor(
    private readonly separator: string,
    private readonly leftPad: string,
    private readonly rightPad: string,
    private readonly padWidth: number,
  ) {}

  // Padding is never wider than width - 1; a negative padWidth means exactly width - 1.
  pad(width: number): number {
    return Math.min(this.padWidth < 0 ? width - 1 : this.padWidth, width - 1);
  }

  count(length: number, width: number): number {
    return Math.max(0, length + 2 * this.pad(width) - width + 1);
  }

  build(tokens: readonly string[], count: number, width: number, out: string[]): void {
    const pad = this.pad(width);
    for (let g = 0; g < count; g++) {
      const left = Math.max(0, pad - g);
      const right = Math.max(0, pad - (count - (g + 1)));
      const used = width - left - right;
      const start = left > 0 ? 0 : g - pad;
      const parts: string[] = [];
      for (let k = 0; k < left; k++) parts.push(this.leftPad);
      for (let k = 0; k < used; k++) parts.push(tokens[start + k] ?? '');
      for (let k = 0; k < right; k++) parts.push(this.rightPad);
      out.push(parts.join(this.separator));
    }
  }
}

/**
 * The n-grams of ragged rows of strings (`data` split by `dataSplits`), for each width in `nGramWidths`, padded
 * with `leftPad`/`rightPad` up to `padWidth` (-1: width - 1) on each side. With `preserveShortSequences`, a row too
 * short for any n-gram yields one n-gram of the whole (padded) row.
 * @example stringNGrams(['a', 'b', 'c'], tensor1d([0, 3], 'int32'), ' ', [2], '', '', 0, false); // ['a b', 'b c'], [0, 2]
 */
export function stringNGrams(
  data: TensorLike,
  dataSplits: TensorLike,
  separator: string,
  nGramWidths: number[],
  leftPad: string,
  rightPad: string,
  padWidth: number,
  preserveShortSequences: boolean,
): { nGrams: Tensor; nGramsSplits: Tensor } {
  const op = 'stringNGrams';
  const d = stringArg(data, 'data', op);
  if (d.rank !== 1) throw new ShapeError(`${op}: data must be a vector, received shape ${fmtShape(d.shape)}.`);
  const splits = convertToTensor(dataSplits, 'dataSplits', op, 'int32');
  if (splits.rank !== 1) throw new ShapeError(`${op}: dataSplits must be a vector, received shape ${fmtShape(splits.shape)}.`);
  if (nGramWidths.length === 0 || nGramWidths.some((w) => !Number.isInteger(w) || w < 1)) {
    throw new ValueError(`${op}: nGramWidths must be positive integers, received [${nGramWidths.join(', ')}].`);
  }
  checkSplits(splits.values, d.size);
  const tokens = texts(d);
  const builder = new NGramBuilder(separator, leftPad, rightPad, padWidth);
  const out: string[] = [];
  const outSplits = new Int32Array(Math.max(splits.size, 1));
  for (let r = 0; r + 1 < splits.size; r++) {
    const row = tokens.slice(splits.values[r] ?? 0, splits.values[r + 1] ?? 0);
    const before = out.length;
    for (const w of nGramWidths) builder.build(row, builder.count(row.length, w), w, out);
    if (preserveShortSequences && out.length === before && row.length > 0) {
      builder.build(row, 1, row.length + 2 * padWidth, out);
    }
    outSplits[r + 1] = out.length;
  }
  return { nGrams: stringVector(out), nGramsSplits: new Tensor(outSplits.subarray(0, splits.size), [splits.size], 'int32') };
}

/**
 * Splits each string of a vector at any character of `delimiter` (every character when it is empty), as a sparse
 * [rows, longest] matrix: `indices`, `values` and `shape`. `skipEmpty` drops empty tokens.
 * @example stringSplit(['a b', 'c'], ' ').values; // ['a', 'b', 'c']
 */
export function stringSplit(input: TensorLike, delimiter: string, skipEmpty = true): { indices: Tensor; values: Tensor; shape: Tensor } {
  const t = stringArg(input, 'input', 'stringSplit');
  if (t.rank !== 1) throw new ShapeError(`stringSplit: input must be a vector, received shape ${fmtShape(t.shape)}.`);
  const delims = new Set(delimiter);
  const indices: number[] = [];
  const values: string[] = [];
  let longest = 0;
  texts(t).forEach((s, row) => {
    let tokens: string[];
    if (delimiter === '') tokens = [...s];
    else {
      tokens = [''];
      for (const ch of s) {
        if (delims.has(ch)) tokens.push('');
        else tokens[tokens.length - 1] += ch;
      }
    }
    if (skipEmpty) tokens = tokens.filter((x) => x !== '');
    tokens.forEach((tok, col) => {
      indices.push(row, col);
      values.push(tok);
    });
    longest = Math.max(longest, tokens.length);
  });
  return {
    indices: new Tensor(Int32Array.from(indices), [values.length, 2], 'int32'),
    values: stringVector(values),
    shape: new Tensor(Int32Array.from([t.size, longest]), [2], 'int32'),
  };
}

/**
 * Maps each string to a bucket in [0, numBuckets) by its FarmHash Fingerprint64 (TensorFlow's buckets).
 * @example stringToHashBucketFast(['a', 'b'], 10); // [9, 2]
 */
export function stringToHashBucketFast(input: TensorLike, numBuckets: number): Tensor {
  const t = stringArg(input, 'input', 'stringToHashBucketFast');
  if (!Number.isInteger(numBuckets) || numBuckets < 1) {
    throw new ValueError(`stringToHashBucketFast: the number of buckets must be at least 1, received ${numBuckets}.`);
  }
  const n = BigInt(numBuckets);
  const out = Int32Array.from(t.bytesSync(), (b) => Number(fingerprint64(b) % n));
  return new Tensor(out, t.shape, 'int32');
}

/**
 * Replaces matches of the regular expression `pattern` in every string by `rewrite` (every match when
 * `replaceGlobal`, else the first). Patterns use JavaScript RegExp syntax.
 * @example staticRegexReplace(['a  b'], ' +', ' '); // ['a b']
 */
export function staticRegexReplace(input: TensorLike, pattern: string, rewrite: string, replaceGlobal = true): Tensor {
  const t = stringArg(input, 'input', 'staticRegexReplace');
  const re = new RegExp(pattern, replaceGlobal ? 'gu' : 'u');
  return stringVector(texts(t).map((s) => s.replace(re, rewrite)), t.shape);
}
