// TF.js's TensorBuffer: a mutable, shaped view of values for element-wise reads and writes before making a tensor.
import { type DataType, type TypedArray, allocArray, assertDType, copyArray, dtypeOfArray } from '../core/dtype.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { computeStrides, fmtShape, sizeFromShape } from '../core/shape.js';
import { Tensor } from './tensor.js';

/**
 * A mutable buffer of `shape` and `dtype`; `set`/`get` address elements by coordinates, `toTensor` copies it into a
 * tensor.
 * @example const b = buffer([2, 2]); b.set(5, 0, 1); b.toTensor(); // [[0, 5], [0, 0]]
 */
export class TensorBuffer {
  readonly shape: number[];
  readonly dtype: DataType;
  readonly size: number;
  readonly strides: number[];
  readonly values: TypedArray;

  constructor(shape: readonly number[], dtype: DataType, values?: TypedArray) {
    assertDType(dtype, 'buffer');
    this.shape = [...shape];
    this.dtype = dtype;
    this.size = sizeFromShape(shape);
    this.strides = computeStrides(this.shape).slice(0, -1);
    if (values !== undefined) {
      if (values.length !== this.size) {
        throw new ShapeError(`buffer: shape ${fmtShape(shape)} needs ${this.size} values, but ${values.length} were given.`);
      }
      if (dtypeOfArray(values) !== dtype && !(dtype === 'bool' && values instanceof Uint8Array)) {
        throw new ValueError(`buffer: values are a ${values.constructor.name}, which does not store dtype ${dtype}.`);
      }
    }
    this.values = values ?? allocArray(dtype, this.size);
  }

  /** Writes `value` at the coordinates `locs` (one per dimension). */
  set(value: number | boolean, ...locs: number[]): void {
    this.values[this.locToIndex(this.checkLocs(locs, 'set'))] = Number(value);
  }

  /** Reads the value at the coordinates `locs`. */
  get(...locs: number[]): number {
    return this.values[this.locToIndex(this.checkLocs(locs, 'get'))] as number;
  }

  /** The flat (row-major) index of coordinates `locs`. */
  locToIndex(locs: number[]): number {
    if (this.shape.length === 0) return 0;
    let index = locs[locs.length - 1] ?? 0;
    for (let i = 0; i < locs.length - 1; i++) index += (this.strides[i] ?? 0) * (locs[i] ?? 0);
    return index;
  }

  /** The coordinates of flat index `index`. */
  indexToLoc(index: number): number[] {
    const locs: number[] = [];
    for (const stride of this.strides) {
      locs.push(Math.floor(index / stride));
      index -= (locs[locs.length - 1] ?? 0) * stride;
    }
    if (this.shape.length > 0) locs.push(index);
    return locs;
  }

  /** The number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** A new tensor holding a copy of the values. */
  toTensor(): Tensor {
    return new Tensor(copyArray(this.values), this.shape, this.dtype);
  }

  private checkLocs(locs: number[], method: string): number[] {
    if (locs.length === 0 && this.shape.length === 0) return locs;
    if (locs.length !== this.shape.length) {
      throw new ShapeError(`The number of provided coordinates (${locs.length}) must match the rank (${this.shape.length}) in TensorBuffer.${method}.`);
    }
    locs.forEach((l, i) => {
      if (!Number.isInteger(l) || l < 0 || l >= (this.shape[i] ?? 0)) {
        throw new ShapeError(`TensorBuffer.${method}: coordinate ${i} is ${l}, expected an integer in [0, ${this.shape[i] ?? 0}).`);
      }
    });
    return locs;
  }
}

declare module './tensor.js' {
  interface Tensor {
    /** A TensorBuffer holding a copy of the values (TF.js returns it in a promise). */
    buffer(): Promise<TensorBuffer>;
    /** Synchronous form of `buffer()`. */
    bufferSync(): TensorBuffer;
    /** A string tensor's elements as UTF-8 bytes; a numeric tensor's raw bytes (little-endian, as stored). */
    bytes(): Promise<Uint8Array | Uint8Array[]>;
  }
}
Tensor.prototype.bufferSync = function (this: Tensor) {
  return new TensorBuffer(this.shape, this.dtype, copyArray(this.values));
};
Tensor.prototype.buffer = function (this: Tensor) {
  return Promise.resolve(this.bufferSync());
};
Tensor.prototype.bytes = function (this: Tensor) {
  if (this.dtype === 'string') return Promise.resolve(this.bytesSync());
  const v = this.values;
  return Promise.resolve(new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength)));
};
