import { allocArray, floatType } from '../core/dtype.js';
import { DTypeError, ShapeError, ValueError } from '../core/errors.js';
import { broadcastShapes, fmtShape, shapesEqual, sizeFromShape } from '../core/shape.js';
import { rngFor } from '../core/random.js';
import { Tensor } from '../tensor/tensor.js';
import { add, mul, sub } from './arithmetic.js';
import { cast } from './cast.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { rsqrt } from './elementwise-math.js';

/**
 * Zeros each element with probability `rate` and scales the kept ones by 1 / (1 - rate). `noiseShape` (dimensions
 * of 1 or x's size; null/undefined entries take x's) shares one draw along broadcast axes. `rate` 0 returns x.
 * @example dropout(ones([4]), 0.5, undefined, 1); // each entry 0 or 2
 */
export function dropout(x: TensorLike, rate: number, noiseShape?: Array<number | null> | null, seed?: number | string): Tensor {
  const t = convertToTensor(x, 'x', 'dropout', 'float32');
  if (t.dtype !== 'float32' && t.dtype !== 'float64') {
    throw new DTypeError(`dropout: x has to be a floating point tensor since it's going to be scaled, but got a ${t.dtype} tensor instead. Cast it with tf.cast(x, 'float32').`);
  }
  if (!(rate >= 0 && rate < 1)) {
    throw new ValueError(`dropout: rate must be in [0, 1), received ${rate}. It is the fraction of inputs to drop.`);
  }
  if (rate === 0) return t;
  // A noiseShape of another rank broadcasts against x from the right, as in TF.js; null entries take x's size.
  const offset = t.rank - (noiseShape?.length ?? 0);
  const shape = noiseShape === undefined || noiseShape === null ? [...t.shape] : noiseShape.map((d, i) => d ?? (t.shape[i + offset] ?? 1));
  if (!shapesEqual(broadcastShapes(t.shape, shape, 'dropout (noiseShape)'), t.shape)) {
    throw new ShapeError(`dropout: noiseShape [${shape.join(',')}] must broadcast to the shape of x ${fmtShape(t.shape)}; use 1 for the axes that share a mask.`);
  }
  const dtype = floatType(t.dtype);
  const keep = 1 - rate;
  const rng = rngFor(typeof seed === 'string' ? hashSeed(seed) : seed);
  const mask = allocArray(dtype, sizeFromShape(shape));
  // Keep when u >= rate, i.e. floor(u + keep) = 1 as in TF.js.
  for (let i = 0; i < mask.length; i++) mask[i] = rng.next() >= rate ? 1 / keep : 0;
  return mul(cast(t, dtype), new Tensor(mask, shape, dtype));
}

function hashSeed(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Batch normalisation: (x - mean) · scale / sqrt(variance + varianceEpsilon) + offset, with the statistics
 * broadcast against x (usually shape [channels]). Differentiable in every input.
 * @example batchNorm(tensor([1, 3]), 2, 1, 0, 1, 0); // [-1, 1]
 */
export function batchNorm(
  x: TensorLike,
  mean: TensorLike,
  variance: TensorLike,
  offset?: TensorLike,
  scale?: TensorLike,
  varianceEpsilon = 0.001,
): Tensor {
  const op = 'batchNorm';
  const t = convertToTensor(x, 'x', op);
  const dtype = floatType(t.dtype);
  const args: Array<[string, TensorLike | undefined]> = [['mean', mean], ['variance', variance], ['offset', offset], ['scale', scale]];
  const [m, v, o, s] = args.map(([name, a]) => {
    if (a === undefined) return undefined;
    const at = cast(convertToTensor(a, name, op, dtype), dtype);
    try {
      broadcastShapes(t.shape, at.shape, op);
    } catch {
      throw new ShapeError(`${op}: ${name} of shape ${fmtShape(at.shape)} does not broadcast against x ${fmtShape(t.shape)}; give it shape [${t.shape[t.rank - 1] ?? ''}] or x's shape.`);
    }
    return at;
  });
  let inv = rsqrt(add(v as Tensor, varianceEpsilon));
  if (s) inv = mul(inv, s);
  const y = mul(sub(cast(t, dtype), m as Tensor), inv);
  return o ? add(y, o) : y;
}
