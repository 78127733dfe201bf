// NN ops of the TF.js API built from existing ones: cumprod (an op with its own kernel), localResponseNormalization,
// pool (with dilations, through spaceToBatchND) and the basic LSTM cells (basicLSTMCell, multiRNNCell).
import { allocArray } from '../core/dtype.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { fmtShape, normalizeAxis } from '../core/shape.js';
import { type OpDef, defineOp, run1 } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';
import { sigmoid, tanh } from './activations.js';
import { add, div, mul } from './arithmetic.js';
import { pow } from './binary-math.js';
import { cast } from './cast.js';
import { concat, stack } from './concat.js';
import { type Pair, type RoundingMode, convGeometry, pair } from './conv-util.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { square } from './elementwise-math.js';
import { matMul } from './matmul.js';
import { pad } from './pad.js';
import { avgPool, maxPool } from './pool.js';
import { CumsumOp } from './reduction-extra.js';
import { reshape } from './reshape.js';
import { max } from './reduction.js';
import { slice, stridedSlice } from './slice.js';
import { batchToSpaceND, spaceToBatchND } from './space-batch.js';

/** Attrs of Cumprod. */
export interface CumprodAttrs {
  axis: number;
  exclusive: boolean;
  reverse: boolean;
}
/**
 * Cumprod op declaration. dL/dx_k = Σ_{i ≥ k} dy_i · y_i / x_k: the cumsum of dy·y in the opposite direction,
 * divided by x (so, as in TF, the gradient is not defined where x is 0).
 */
export const CumprodOp: OpDef<'x', CumprodAttrs> = defineOp<'x', CumprodAttrs>({
  name: 'Cumprod',
  inputs: ['x'],
  infer: ({ x }) => ({ shape: [...x.shape], dtype: x.dtype }),
  grad: (dy, { x }, { axis, exclusive, reverse }, { output }) => ({
    x: div(run1(CumsumOp, { x: mul(dy, output) }, { axis, exclusive, reverse: !reverse }), x),
  }),
});

/**
 * Cumulative product along `axis`; `exclusive` starts from 1, `reverse` runs from the end.
 * @example cumprod(tensor1d([1, 2, 3, 4])); // [1, 2, 6, 24]
 */
export function cumprod(x: TensorLike, axis = 0, exclusive = false, reverse = false): Tensor {
  let t = convertToTensor(x, 'x', 'cumprod');
  if (t.dtype === 'bool') t = cast(t, 'int32');
  if (t.rank === 0) throw new ValueError('cumprod: x must have rank >= 1, received a scalar. Wrap it: tensor([x]).');
  return run1(CumprodOp, { x: t }, { axis: normalizeAxis(axis, t.rank, 'cumprod'), exclusive, reverse });
}

/**
 * Local response normalisation across channels: x / (bias + alpha · Σ x²)^beta, the sum over the channels within
 * `depthRadius` of each channel (AlexNet). Input rank 4 (or 3, one image).
 * @example localResponseNormalization(ones([1, 1, 1, 3]), 1, 1, 1, 0.5);
 */
export function localResponseNormalization(x: TensorLike, depthRadius = 5, bias = 1, alpha = 1, beta = 0.5): Tensor {
  const t0 = convertToTensor(x, 'x', 'localResponseNormalization');
  if (t0.rank !== 4 && t0.rank !== 3) {
    throw new ShapeError(`Error in localResponseNormalization: x must be rank 3 or 4 but got rank ${t0.rank}.`);
  }
  if (!Number.isInteger(depthRadius)) {
    throw new ValueError(`Error in localResponseNormalization: depthRadius must be an integer but got depthRadius ${depthRadius}.`);
  }
  const t = t0.rank === 3 ? reshape(t0, [1, ...t0.shape]) : cast(t0, t0.dtype === 'float64' ? 'float64' : 'float32');
  const c = t.shape[3] ?? 0;
  const sq = pad(square(t), [[0, 0], [0, 0], [0, 0], [depthRadius, depthRadius]]);
  let windowSum = slice(sq, [0, 0, 0, 0], [-1, -1, -1, c]);
  for (let k = 1; k <= 2 * depthRadius; k++) windowSum = add(windowSum, slice(sq, [0, 0, 0, k], [-1, -1, -1, c]));
  const y = mul(t, pow(add(mul(windowSum, alpha), bias), -beta));
  return t0.rank === 3 ? reshape(y, t0.shape) : y;
}

/**
 * Pooling with TF.js `tf.pool` semantics: 'avg' or 'max' over `windowShape`, with optional dilations (which need
 * strides of 1), computed as a plain pool of the spaceToBatchND-transformed input.
 * @example pool(ones([1, 4, 4, 1]), [2, 2], 'max', 'valid', [2, 2], 1).shape; // [1, 2, 2, 1]
 */
export function pool(
  input: TensorLike,
  windowShape: Pair,
  poolingType: 'avg' | 'max',
  padding: 'valid' | 'same' | number,
  dilations: Pair = [1, 1],
  strides: Pair = [1, 1],
  dimRoundingMode?: RoundingMode,
): Tensor {
  const t = convertToTensor(input, 'x', 'maxPool');
  const x = t.rank === 3 ? reshape(t, [1, ...t.shape]) : t;
  if (x.rank !== 4) throw new ShapeError(`Error in pool: x must be rank 4 but got rank ${x.rank}.`);
  const win = (typeof windowShape === 'number' ? [windowShape, windowShape] : windowShape) as [number, number];
  const dil = (typeof dilations === 'number' ? [dilations, dilations] : (dilations ?? [1, 1])) as [number, number];
  const str = typeof strides === 'number' ? [strides, strides] : (strides ?? [1, 1]);
  if (poolingType !== 'avg' && poolingType !== 'max') throw new ValueError(`pool: poolingType must be 'avg' or 'max', received '${String(poolingType)}'.`);
  const run = (z: Tensor, p: 'valid' | 'same' | number): Tensor =>
    poolingType === 'avg' ? avgPool(z, win, strides, p, dimRoundingMode) : maxPool(z, win, strides, p, dimRoundingMode);
  let y: Tensor;
  if (dil[0] === 1 && dil[1] === 1) {
    y = run(x, padding);
  } else {
    if (str.some((s) => s !== 1)) {
      throw new ValueError(`Error in pool: Either strides or dilations must be 1. Got strides ${str} and dilations '${dil}'`);
    }
    // Padding that makes the dilated window's 'same' output, then padding at the end until each spatial size divides
    // by the dilation (the extra rows are cropped again after batchToSpaceND).
    const base = typeof padding === 'number'
      ? [[padding, padding], [padding, padding]]
      : padding === 'same'
      ? win.map((s, i) => {
          const extra = s + (s - 1) * ((dil[i] ?? 1) - 1) - 1;
          return [Math.floor(extra / 2), extra - Math.floor(extra / 2)];
        })
      : [[0, 0], [0, 0]];
    const spatial = [x.shape[1] ?? 0, x.shape[2] ?? 0];
    const padEndExtra = spatial.map((s, i) => {
      const full = s + (base[i]?.[0] ?? 0) + (base[i]?.[1] ?? 0);
      return ((dil[i] ?? 1) - (full % (dil[i] ?? 1))) % (dil[i] ?? 1);
    });
    const paddings = base.map((b, i) => [b[0] ?? 0, (b[1] ?? 0) + (padEndExtra[i] ?? 0)]);
    const crops = padEndExtra.map((e) => [0, e]);
    y = batchToSpaceND(run(spaceToBatchND(x, dil, paddings), 'valid'), dil, crops);
  }
  return t.rank === 3 ? reshape(y, y.shape.slice(1)) : y;
}

/**
 * One step of a basic LSTM cell (TF.js gate order i, j, f, o): returns [newC, newH].
 * @example const [c, h] = basicLSTMCell(1, kernel, bias, data, c0, h0);
 */
export function basicLSTMCell(
  forgetBias: TensorLike, lstmKernel: TensorLike, lstmBias: TensorLike, data: TensorLike, c: TensorLike, h: TensorLike,
): [Tensor, Tensor] {
  const op = 'basicLSTMCell';
  const fb = convertToTensor(forgetBias, 'forgetBias', op);
  const k = convertToTensor(lstmKernel, 'lstmKernel', op);
  const b = convertToTensor(lstmBias, 'lstmBias', op);
  const d = convertToTensor(data, 'data', op);
  const ct = convertToTensor(c, 'c', op);
  const ht = convertToTensor(h, 'h', op);
  const res = add(matMul(concat([d, ht], 1), k), b);
  const batch = res.shape[0] ?? 0;
  const cols = (res.shape[1] ?? 0) / 4;
  if (!Number.isInteger(cols)) throw new ShapeError(`${op}: the kernel must have 4·units columns, received ${fmtShape(k.shape)}.`);
  const gate = (g: number): Tensor => slice(res, [0, g * cols], [batch, cols]);
  const newC = add(mul(sigmoid(gate(0)), tanh(gate(1))), mul(ct, sigmoid(add(fb, gate(2)))));
  return [newC, mul(tanh(newC), sigmoid(gate(3)))];
}

/** A cell of `multiRNNCell`: (data, c, h) → [newC, newH]. */
export type LSTMCellFunc = (data: Tensor, c: Tensor, h: Tensor) => [Tensor, Tensor];

/**
 * Runs stacked LSTM cells for one step, each cell's h feeding the next; returns [cs, hs].
 * @example multiRNNCell([cell1, cell2], data, [c1, c2], [h1, h2]);
 */
export function multiRNNCell(lstmCells: LSTMCellFunc[], data: TensorLike, c: TensorLike[], h: TensorLike[]): [Tensor[], Tensor[]] {
  let input = convertToTensor(data, 'data', 'multiRNNCell');
  const cs: Tensor[] = [];
  const hs: Tensor[] = [];
  lstmCells.forEach((cell, i) => {
    const [ci, hi] = cell(input, convertToTensor(c[i] as TensorLike, `c[${i}]`, 'multiRNNCell'), convertToTensor(h[i] as TensorLike, `h[${i}]`, 'multiRNNCell'));
    cs.push(ci);
    hs.push(hi);
    input = hi;
  });
  return [cs, hs];
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    cumprod(axis?: number, exclusive?: boolean, reverse?: boolean): Tensor;
    localResponseNormalization(depthRadius?: number, bias?: number, alpha?: number, beta?: number): Tensor;
    pool(windowShape: Pair, poolingType: 'avg' | 'max', padding: 'valid' | 'same' | number, dilations?: Pair, strides?: Pair): Tensor;
    dilation2d(filter: TensorLike, strides: Pair, pad: 'valid' | 'same', dilations?: Pair): Tensor;
  }
}
Tensor.prototype.cumprod = function (this: Tensor, axis?: number, exclusive?: boolean, reverse?: boolean) {
  return cumprod(this, axis, exclusive, reverse);
};
Tensor.prototype.localResponseNormalization = function (this: Tensor, depthRadius?: number, bias?: number, alpha?: number, beta?: number) {
  return localResponseNormalization(this, depthRadius, bias, alpha, beta);
};
Tensor.prototype.dilation2d = function (this: Tensor, filter: TensorLike, strides: Pair, pad: 'valid' | 'same', dilations?: Pair) {
  return dilation2d(this, filter, strides, pad, dilations);
};
Tensor.prototype.pool = function (this: Tensor, windowShape: Pair, poolingType: 'avg' | 'max', padding: 'valid' | 'same' | number, dilations?: Pair, strides?: Pair) {
  return pool(this, windowShape, poolingType, padding, dilations, strides);
};

/**
 * 2-D max pooling that also returns, for each output, the flat index of the chosen input element
 * ((y · width + x) · channels + c, plus batch · height · width · channels with `includeBatchInIndex`).
 * @example const { result, indexes } = maxPoolWithArgmax(tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), 2, 1, 'valid'); // 4, 3
 */
export function maxPoolWithArgmax(
  x: TensorLike, filterSize: Pair, strides: Pair, pad: 'valid' | 'same' | number, includeBatchInIndex = false,
): { result: Tensor; indexes: Tensor } {
  const op = 'maxPoolWithArgmax';
  const t = convertToTensor(x, 'x', op);
  if (t.rank !== 4) throw new ShapeError(`Error in maxPoolWithArgmax: input must be rank 4 but got rank ${t.rank}.`);
  const win = pair(filterSize, 'filterSize', op);
  const g = convGeometry(t.shape, win, pair(strides, 'strides', op), [1, 1], pad, op);
  const [batch, h, w, c] = t.shape as [number, number, number, number];
  const [sy, sx] = g.strides;
  const [top, , left] = g.pads;
  const xv = t.dataSync();
  const idx = allocArray('int32', batch * g.outHeight * g.outWidth * c);
  let o = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < g.outHeight; oy++) {
      for (let ox = 0; ox < g.outWidth; ox++) {
        for (let ch = 0; ch < c; ch++) {
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          for (let dy = 0; dy < win[0]; dy++) {
            const y = oy * sy - top + dy;
            if (y < 0 || y >= h) continue;
            for (let dx = 0; dx < win[1]; dx++) {
              const xx = ox * sx - left + dx;
              if (xx < 0 || xx >= w) continue;
              const flat = (y * w + xx) * c + ch;
              const v = xv[b * h * w * c + flat] as number;
              if (at < 0 || v > best || (Number.isNaN(best) && !Number.isNaN(v))) { // NaN is skipped, as in maxPool
                best = v;
                at = flat;
              }
            }
          }
          idx[o++] = includeBatchInIndex ? at + b * h * w * c : at;
        }
      }
    }
  }
  return { result: maxPool(t, filterSize, strides, pad), indexes: new Tensor(idx, [batch, g.outHeight, g.outWidth, c], 'int32') };
}

/**
 * Grayscale dilation (morphological max filter): out = max over the window of x + filter, with x [batch, h, w, c]
 * (or rank 3) and filter [fh, fw, c]. Composed of pad (with -Infinity), strided slices and max, so it is
 * differentiable.
 * @example dilation2d(ones([1, 3, 3, 1]), zeros([2, 2, 1]), 1, 'valid').shape; // [1, 2, 2, 1]
 */
export function dilation2d(
  x: TensorLike, filter: TensorLike, strides: Pair, pad: 'valid' | 'same', dilations: Pair = [1, 1], dataFormat: 'NHWC' = 'NHWC',
): Tensor {
  const op = 'dilation2d';
  const t0 = convertToTensor(x, 'x', op);
  const f = convertToTensor(filter, 'filter', op);
  if (t0.rank !== 3 && t0.rank !== 4) throw new ShapeError(`Error in dilation2d: input must be rank 4 or rank 3, but got rank ${t0.rank}.`);
  if (f.rank !== 3) throw new ShapeError(`Error in dilation2d: filter must be rank 3, but got rank ${f.rank}.`);
  if (dataFormat !== 'NHWC') throw new ValueError(`Error in dilation2d: Only NHWC is currently supported, but got dataFormat of ${String(dataFormat)}`);
  const t = t0.rank === 3 ? reshape(t0, [1, ...t0.shape]) : t0;
  const [fh, fw, fc] = f.shape as [number, number, number];
  if (fc !== t.shape[3]) throw new ShapeError(`Error in dilation2d: input and filter must have the same depth: ${t.shape[3]} vs ${fc}`);
  const str = pair(strides, 'strides', op);
  const dil = pair(dilations, 'dilations', op);
  const g = convGeometry(t.shape, [fh, fw], str, dil, pad, op);
  const [top, bottom, left, right] = g.pads;
  const padded = pad4(t, top, bottom, left, right);
  const [b, , , c] = t.shape as [number, number, number, number];
  const terms: Tensor[] = [];
  for (let i = 0; i < fh; i++) {
    for (let j = 0; j < fw; j++) {
      const y0 = i * dil[0];
      const x0 = j * dil[1];
      const window = stridedSlice(padded, [0, y0, x0, 0], [b, y0 + (g.outHeight - 1) * str[0] + 1, x0 + (g.outWidth - 1) * str[1] + 1, c], [1, str[0], str[1], 1]);
      terms.push(add(window, reshape(slice(f, [i, j, 0], [1, 1, c]), [c])));
    }
  }
  const y = max(stack(terms, 0), 0);
  return t0.rank === 3 ? reshape(y, y.shape.slice(1)) : y;
}

function pad4(t: Tensor, top: number, bottom: number, left: number, right: number): Tensor {
  return top + bottom + left + right === 0 ? t : pad(t, [[0, 0], [top, bottom], [left, right], [0, 0]], Number.NEGATIVE_INFINITY);
}
