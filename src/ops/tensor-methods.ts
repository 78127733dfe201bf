// Chainable Tensor methods of the TF.js API for ops whose own files have none (x.conv2d(...), x.maxPool(...),
// x.as2D(...), x.variable(), ...). Each forwards to the op function with the tensor as its first argument.
import { ShapeError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { Tensor, type Variable } from '../tensor/tensor.js';
import { stack } from './concat.js';
import { conv1d, conv2d, conv2dTranspose } from './conv.js';
import { oneHot, onesLike, variable, zerosLike } from './creation.js';
import { depthwiseConv2d, separableConv2d } from './depthwise.js';
import { topk, unsortedSegmentSum } from './gather.js';
import { where } from './compare.js';
import type { TensorLike } from './convert.js';
import { resizeBilinear, resizeNearestNeighbor } from './image.js';
import { batchNorm } from './nn.js';
import { avgPool, maxPool } from './pool.js';
import { reshape } from './reshape.js';
import { clone } from './math-extra.js';

type Rest<F> = F extends (x: never, ...rest: infer R) => unknown ? R : never;

/** The methods that forward to an op taking the tensor first. */
const forwarded = {
  conv1d,
  conv2d,
  conv2dTranspose,
  depthwiseConv2d,
  separableConv2d,
  maxPool,
  avgPool,
  resizeBilinear,
  resizeNearestNeighbor,
  topk,
  unsortedSegmentSum,
  oneHot,
  onesLike,
  zerosLike,
  batchNorm,
  variable,
  clone,
};
type Forwarded = typeof forwarded;

declare module '../tensor/tensor.js' {
  interface Tensor {
    conv1d(...args: Rest<Forwarded['conv1d']>): Tensor;
    conv2d(...args: Rest<Forwarded['conv2d']>): Tensor;
    conv2dTranspose(...args: Rest<Forwarded['conv2dTranspose']>): Tensor;
    depthwiseConv2d(...args: Rest<Forwarded['depthwiseConv2d']>): Tensor;
    separableConv2d(...args: Rest<Forwarded['separableConv2d']>): Tensor;
    maxPool(...args: Rest<Forwarded['maxPool']>): Tensor;
    avgPool(...args: Rest<Forwarded['avgPool']>): Tensor;
    resizeBilinear(...args: Rest<Forwarded['resizeBilinear']>): Tensor;
    resizeNearestNeighbor(...args: Rest<Forwarded['resizeNearestNeighbor']>): Tensor;
    topk(...args: Rest<Forwarded['topk']>): { values: Tensor; indices: Tensor };
    unsortedSegmentSum(...args: Rest<Forwarded['unsortedSegmentSum']>): Tensor;
    oneHot(...args: Rest<Forwarded['oneHot']>): Tensor;
    onesLike(): Tensor;
    zerosLike(): Tensor;
    batchNorm(...args: Rest<Forwarded['batchNorm']>): Tensor;
    /** A Variable initialised with this tensor's values. */
    variable(...args: Rest<Forwarded['variable']>): Variable;
    /** `stack([this, x], axis)`. */
    stack(x: TensorLike, axis?: number): Tensor;
    /** `where(condition, this, b)`. */
    where(condition: TensorLike, b: TensorLike): Tensor;
    /** This tensor as a scalar (it must hold one element). */
    asScalar(): Tensor;
    /** This tensor reshaped to rank 1. */
    as1D(): Tensor;
    /** This tensor reshaped to [rows, columns]. */
    as2D(rows: number, columns: number): Tensor;
    /** This tensor reshaped to [rows, columns, depth]. */
    as3D(rows: number, columns: number, depth: number): Tensor;
    /** This tensor reshaped to [rows, columns, depth, depth2]. */
    as4D(rows: number, columns: number, depth: number, depth2: number): Tensor;
    /** This tensor reshaped to [rows, columns, depth, depth2, depth3]. */
    as5D(rows: number, columns: number, depth: number, depth2: number, depth3: number): Tensor;
  }
}

// Installed as non-enumerable methods, as a class body would declare them; the interface above types them.
for (const [name, fn] of Object.entries(forwarded)) {
  const f = fn as (x: Tensor, ...rest: unknown[]) => unknown;
  Object.defineProperty(Tensor.prototype, name, {
    value: function (this: Tensor, ...args: unknown[]) {
      return f(this, ...args);
    },
    writable: true,
    configurable: true,
  });
}
Tensor.prototype.stack = function (this: Tensor, x: TensorLike, axis?: number) {
  return stack([this, x], axis);
};
Tensor.prototype.where = function (this: Tensor, condition: TensorLike, b: TensorLike) {
  return where(condition, this, b);
};
Tensor.prototype.asScalar = function (this: Tensor) {
  if (this.size !== 1) throw new ShapeError(`asScalar: the tensor must have exactly one element, but it has shape ${fmtShape(this.shape)}.`);
  return reshape(this, []);
};
Tensor.prototype.as1D = function (this: Tensor) {
  return reshape(this, [this.size]);
};
Tensor.prototype.as2D = function (this: Tensor, rows: number, columns: number) {
  return reshape(this, [rows, columns]);
};
Tensor.prototype.as3D = function (this: Tensor, rows: number, columns: number, depth: number) {
  return reshape(this, [rows, columns, depth]);
};
Tensor.prototype.as4D = function (this: Tensor, rows: number, columns: number, depth: number, depth2: number) {
  return reshape(this, [rows, columns, depth, depth2]);
};
Tensor.prototype.as5D = function (this: Tensor, rows: number, columns: number, depth: number, depth2: number, depth3: number) {
  return reshape(this, [rows, columns, depth, depth2, depth3]);
};
