import { type DataType, type RecursiveArray, type TypedArray, assertDType, copyArray, dtypeOfArray, toTypedArray } from '../core/dtype.js';
import { DTypeError, ShapeError, ValueError } from '../core/errors.js';
import { fmtShape, sizeFromShape } from '../core/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** Values accepted wherever a tensor is expected: a Tensor, a number, a boolean, nested arrays or a typed array. */
export type TensorLike = Tensor | number | boolean | RecursiveArray<number | boolean> | TypedArray;

/** Shape of nested arrays; throws when the nesting is ragged. */
export function inferShape(values: unknown, where: string): number[] {
  const shape: number[] = [];
  let v: unknown = values;
  while (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const arr = v as ArrayLike<unknown>;
    shape.push(arr.length);
    if (!Array.isArray(v)) break;
    v = arr[0];
  }
  if (Array.isArray(values)) checkRagged(values, shape, 0, where);
  return shape;
}

function checkRagged(values: unknown[], shape: number[], dim: number, where: string): void {
  if (values.length !== shape[dim]) {
    throw new ShapeError(
      `${where}: nested arrays are ragged: expected ${shape[dim]} elements at depth ${dim}, received ${values.length}. Every row must have the same length.`,
    );
  }
  if (dim + 1 < shape.length) {
    for (const v of values) {
      if (!Array.isArray(v) && !ArrayBuffer.isView(v)) {
        throw new ShapeError(`${where}: nested arrays are ragged: found a scalar at depth ${dim + 1} where an array was expected.`);
      }
      if (Array.isArray(v)) checkRagged(v, shape, dim + 1, where);
    }
  }
}

function flatten(values: unknown, out: (number | boolean)[]): void {
  if (Array.isArray(values)) for (const v of values) flatten(v, out);
  else if (ArrayBuffer.isView(values)) out.push(...Array.from(values as TypedArray));
  else out.push(values as number | boolean);
}

function inferDType(flat: readonly (number | boolean)[]): DataType {
  return flat.length > 0 && typeof flat[0] === 'boolean' ? 'bool' : 'float32';
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
    const data = dt === values.dtype ? copyArray(values.values) : toTypedArray(values.values, dt);
    return new Tensor(data, shape ?? values.shape, dt);
  }
  if (ArrayBuffer.isView(values)) {
    const typed = values as TypedArray;
    const dt = dtype ?? dtypeOfArray(typed);
    const data = dt === dtypeOfArray(typed) ? copyArray(typed) : toTypedArray(typed, dt);
    return new Tensor(data, shape ?? [typed.length], dt);
  }
  if (typeof values === 'string') {
    throw new DTypeError(`${where}: string tensors are not supported; encode text with a Tokenizer first.`);
  }
  const inferred = inferShape(values, where);
  const flat: (number | boolean)[] = [];
  flatten(values, flat);
  const dt = dtype ?? inferDType(flat);
  const target = shape ?? inferred;
  const size = sizeFromShape(target);
  if (flat.length === 1 && size !== 1 && shape) {
    return new Tensor(toTypedArray(new Array<number | boolean>(size).fill(flat[0] ?? 0), dt), target, dt);
  }
  if (flat.length !== size) {
    throw new ShapeError(
      `${where}: shape ${fmtShape(target)} needs ${size} values, but ${flat.length} were given (inferred shape ${fmtShape(inferred)}).`,
    );
  }
  return new Tensor(toTypedArray(flat, dt), target, dt);
}

function isTensorLike(x: unknown): boolean {
  const t = typeof x;
  return t === 'number' || t === 'boolean' || t === 'string' || Array.isArray(x) || ArrayBuffer.isView(x);
}

/** Converts an op argument to a tensor, naming the op and argument in errors. */
export function convertToTensor(x: TensorLike, argName: string, op: string, dtype?: DataType): Tensor {
  if (x instanceof Tensor) return x;
  if (!isTensorLike(x)) {
    // TF.js's wording (its tests match on it), followed by the fix.
    const got = x === null || x === undefined ? String(x) : ((x as object).constructor?.name ?? typeof x);
    throw new DTypeError(
      `Argument '${argName}' passed to '${op}' must be a Tensor or TensorLike, but got '${got}'. ` +
        'Pass a Tensor, a number, a boolean, a (nested) array or a typed array.',
    );
  }
  const dt = dtype ?? (typeof x === 'number' ? 'float32' : undefined);
  return makeTensor(x, undefined, dt, `${op}(${argName})`);
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
