import { type DataType, type RecursiveArray, type TypedArray, assertDType, copyArray, dtypeOfArray, toTypedArray } from '../core/dtype.js';
import { DTypeError, ShapeError, ValueError } from '../core/errors.js';
import { fmtShape, sizeFromShape } from '../core/shape.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * Values accepted wherever a tensor is expected: a Tensor, a number, a boolean, a string, nested arrays of them, a
 * typed array, or (for dtype 'string') nested arrays of UTF-8 encoded Uint8Arrays.
 */
export type TensorLike = Tensor | number | boolean | string | RecursiveArray<number | boolean | string | Uint8Array> | TypedArray;

// TF.js ops that take string tensors (they convert their arguments as 'string_or_numeric'), plus the few of ours
// that move elements of any dtype; every other op rejects strings in TF.js's words.
const STRING_OPS = new Set([
  'clone', 'concat', 'ensureShape', 'equal', 'expandDims', 'gatherND', 'greater', 'greaterEqual', 'less', 'lessEqual',
  'notEqual', 'reshape', 'slice', 'sparseToDense', 'squeeze', 'stack', 'stridedSlice', 'tile', 'unique', 'unstack',
  'cast', 'print', 'transpose', 'gather', 'reverse', 'broadcastTo', 'where', 'split', 'identity', 'onesLike',
  'zerosLike', 'tensor', 'variable', 'buffer', 'fill', 'staticRegexReplace', 'stringNGrams', 'stringSplit',
  'stringToHashBucketFast', 'concat1d', 'concat2d', 'concat3d', 'concat4d', 'slice1d', 'slice2d', 'slice3d', 'slice4d',
]);
// TF.js ops whose arguments are parsed as bool.
const BOOL_OPS = new Set(['all', 'any', 'logicalAnd', 'logicalOr', 'logicalNot', 'logicalXor']);
// TF.js ops whose arguments are parsed as float32: their message for strings says 'float32', not 'numeric'.
const FLOAT32_OPS = new Set([
  'avgPool', 'ceil', 'cos', 'cosh', 'depthToSpace', 'elu', 'floor', 'log', 'rsqrt', 'sigmoid', 'sin', 'softmax', 'sqrt', 'tan', 'tanh',
]);

/** Shape of nested arrays; throws when the nesting is ragged. */
export function inferShape(values: unknown, where: string, bytesAreLeaves = false): number[] {
  const shape: number[] = [];
  let v: unknown = values;
  while (Array.isArray(v) || (ArrayBuffer.isView(v) && !(bytesAreLeaves && v instanceof Uint8Array))) {
    const arr = v as ArrayLike<unknown>;
    shape.push(arr.length);
    if (!Array.isArray(v)) break;
    v = arr[0];
  }
  if (Array.isArray(values)) checkRagged(values, shape, 0, where, bytesAreLeaves);
  return shape;
}

function checkRagged(values: unknown[], shape: number[], dim: number, where: string, bytesAreLeaves: boolean): void {
  if (values.length !== shape[dim]) {
    throw new ShapeError(
      `${where}: nested arrays are ragged: expected ${shape[dim]} elements at depth ${dim}, received ${values.length}. Every row must have the same length.`,
    );
  }
  if (dim + 1 < shape.length) {
    for (const v of values) {
      if (!Array.isArray(v) && !(ArrayBuffer.isView(v) && !(bytesAreLeaves && v instanceof Uint8Array))) {
        throw new ShapeError(`${where}: nested arrays are ragged: found a scalar at depth ${dim + 1} where an array was expected.`);
      }
      if (Array.isArray(v)) checkRagged(v, shape, dim + 1, where, bytesAreLeaves);
    }
  }
}

type Leaf = number | boolean | string | Uint8Array;

function flatten(values: unknown, out: Leaf[], bytesAreLeaves: boolean): void {
  if (Array.isArray(values)) for (const v of values) flatten(v, out, bytesAreLeaves);
  else if (bytesAreLeaves && values instanceof Uint8Array) out.push(values);
  else if (ArrayBuffer.isView(values)) out.push(...Array.from(values as TypedArray));
  else out.push(values as Leaf);
}

function firstLeaf(values: unknown): unknown {
  let v = values;
  while (Array.isArray(v)) v = v[0];
  return v;
}

function inferDType(flat: readonly Leaf[]): DataType {
  if (flat.length > 0 && typeof flat[0] === 'string') return 'string';
  return flat.length > 0 && typeof flat[0] === 'boolean' ? 'bool' : 'float32';
}

const encoder = new TextEncoder();

/** A string tensor from strings or UTF-8 bytes (one table entry per element). */
function stringTensor(flat: readonly Leaf[], shape: readonly number[], where: string): Tensor {
  const table = flat.map((v) => {
    if (typeof v === 'string') return encoder.encode(v);
    if (v instanceof Uint8Array) return v;
    throw new DTypeError(`${where}: a string tensor needs strings or UTF-8 bytes (Uint8Array), received ${typeof v}.`);
  });
  const idx = new Int32Array(table.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  return new Tensor(idx, shape, 'string', { strings: table });
}

function numericLeaves(flat: readonly Leaf[], where: string): (number | boolean)[] {
  for (const v of flat) {
    if (typeof v === 'string' || v instanceof Uint8Array) {
      throw new DTypeError(`${where}: cannot make a numeric tensor from strings; pass dtype 'string' or convert the text to numbers.`);
    }
  }
  return flat as (number | boolean)[];
}

/** Builds a tensor from values; the shape is inferred from nesting when not given. */
export function makeTensor(values: TensorLike, shape: readonly number[] | undefined, dtype: DataType | undefined, where: string): Tensor {
  if (dtype !== undefined) assertDType(dtype, where);
  // TF.js's exact text: its tests compare the whole message.
  if (values === null || values === undefined) throw new ValueError('The input to the tensor constructor must be a non-null value.');
  if (values instanceof Tensor) {
    if (shape && sizeFromShape(shape) !== values.size) {
      throw new ShapeError(`${where}: shape ${fmtShape(shape)} does not match a tensor of ${values.size} elements.`);
    }
    const dt = dtype ?? values.dtype;
    if (dt === values.dtype) return new Tensor(copyArray(values.values), shape ?? values.shape, dt, values.copyExtras());
    if (dt === 'string' || values.dtype === 'string' || values.dtype === 'complex64') {
      throw new DTypeError(`${where}: cannot convert a ${values.dtype} tensor to ${dt} here; use tf.cast (numbers) or tf.real (complex).`);
    }
    return new Tensor(toTypedArray(values.values, dt), shape ?? values.shape, dt);
  }
  if (ArrayBuffer.isView(values)) {
    const typed = values as TypedArray;
    const dt = dtype ?? dtypeOfArray(typed);
    const data = dt === dtypeOfArray(typed) ? copyArray(typed) : toTypedArray(typed, dt);
    return new Tensor(data, shape ?? [typed.length], dt);
  }
  const bytesAreLeaves = dtype === 'string' || firstLeaf(values) instanceof Uint8Array;
  const inferred = inferShape(values, where, bytesAreLeaves);
  const flat: Leaf[] = [];
  flatten(values, flat, bytesAreLeaves);
  const dt = dtype ?? inferDType(flat);
  const target = shape ?? inferred;
  const size = sizeFromShape(target);
  if (shape && inferred.length > 1) checkNestedShape(inferred, shape, where);
  if (flat.length === 1 && size !== 1 && shape) {
    const only = flat[0] ?? 0;
    flat.length = size;
    flat.fill(only);
  }
  if (flat.length !== size) {
    // TF.js's text (its tests match it exactly); `where` names our op.
    throw new ShapeError(`Based on the provided shape, [${String(target)}], the tensor should have ${size} values but has ${flat.length}`);
  }
  if (dt === 'string') return stringTensor(flat, target, where);
  // complex64 from numbers: they are the real parts (TF.js builds complex tensors with tf.complex).
  return new Tensor(toTypedArray(numericLeaves(flat, where), dt), target, dt);
}

// TF.js: nested arrays must have the given shape, except that their innermost level may hold the trailing
// dimensions flattened.
function checkNestedShape(inferred: readonly number[], shape: readonly number[], where: string): void {
  const last = inferred.length - 1;
  const ok = inferred.every((d, i) => d === shape[i] || (i === last && d === sizeFromShape(shape.slice(i))));
  if (!ok || sizeFromShape(inferred) !== sizeFromShape(shape)) {
    throw new ShapeError(`${where}: the nested arrays have shape ${fmtShape(inferred)}, which does not match the given shape ${fmtShape(shape)}.`);
  }
}

function firstLeafIsText(x: unknown): boolean {
  let v = x;
  while (Array.isArray(v)) v = v[0];
  return typeof v === 'string';
}

function isTensorLike(x: unknown): boolean {
  const t = typeof x;
  return t === 'number' || t === 'boolean' || t === 'string' || Array.isArray(x) || ArrayBuffer.isView(x);
}

/** Converts an op argument to a tensor, naming the op and argument in errors. */
export function convertToTensor(x: TensorLike, argName: string, op: string, dtype?: DataType): Tensor {
  if (x instanceof Tensor) {
    if (x.dtype === 'string' && !STRING_OPS.has(op)) throw stringArgument(argName, op);
    return x;
  }
  if (!isTensorLike(x)) {
    // TF.js's wording (its tests match on it), followed by the fix.
    const got = x === null || x === undefined ? String(x) : ((x as object).constructor?.name ?? typeof x);
    throw new DTypeError(
      `Argument '${argName}' passed to '${op}' must be a Tensor or TensorLike, but got '${got}'. ` +
        'Pass a Tensor, a number, a boolean, a (nested) array or a typed array.',
    );
  }
  const dt = dtype ?? (typeof x === 'number' ? 'float32' : undefined);
  // Text passed to an op that parses its argument as numbers gets TF.js's message, not the conversion's.
  if (dt !== undefined && dt !== 'string' && !STRING_OPS.has(op) && firstLeafIsText(x)) throw stringArgument(argName, op);
  const t = makeTensor(x, undefined, dt, `${op}(${argName})`);
  if (t.dtype === 'string' && !STRING_OPS.has(op)) throw stringArgument(argName, op);
  return t;
}

// TF.js's wording (its tests match on it), followed by the fix.
function stringArgument(argName: string, op: string): DTypeError {
  return new DTypeError(
    `Argument '${argName}' passed to '${op}' must be ${BOOL_OPS.has(op) ? 'bool' : FLOAT32_OPS.has(op) ? 'float32' : 'numeric'} tensor, but got string tensor. ` +
      'Convert the text to numbers first (e.g. tf.string.stringToHashBucketFast or a Tokenizer).',
  );
}

/**
 * Throws unless `t` has dtype `expected` ('numeric' accepts every non-string dtype), in TF.js's wording followed by
 * how to fix it.
 */
export function expectDType(t: Tensor, expected: DataType | 'numeric', argName: string, op: string): Tensor {
  // float64 is this library's extension: it satisfies a float32 requirement.
  if (expected === 'numeric' || t.dtype === expected || (expected === 'float32' && t.dtype === 'float64')) return t;
  throw new DTypeError(`Argument '${argName}' passed to '${op}' must be ${expected} tensor, but got ${t.dtype} tensor. Cast it with tf.cast(x, '${expected}').`);
}
