import { type DataType, allocArray } from '../core/dtype.js';
import { ValueError } from '../core/errors.js';
import { sizeFromShape } from '../core/shape.js';
import { rngFor } from '../core/random.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * Samples from a normal distribution; the same `seed` always gives the same values.
 * @example randomNormal([2, 3], 0, 1, 'float32', 42);
 */
export function randomNormal(shape: number[], mean = 0, stdDev = 1, dtype: DataType = 'float32', seed?: number): Tensor {
  if (stdDev < 0) throw new ValueError(`randomNormal: stdDev must be >= 0, received ${stdDev}.`);
  const rng = rngFor(seed);
  const values = allocArray(dtype, sizeFromShape(shape));
  for (let i = 0; i < values.length; i++) values[i] = mean + stdDev * rng.normal();
  return new Tensor(values, shape, dtype);
}

/**
 * Samples from a normal distribution, redrawing values more than two standard deviations from the mean.
 * @example truncatedNormal([4], 0, 0.05, 'float32', 1);
 */
export function truncatedNormal(shape: number[], mean = 0, stdDev = 1, dtype: DataType = 'float32', seed?: number): Tensor {
  const rng = rngFor(seed);
  const values = allocArray(dtype, sizeFromShape(shape));
  for (let i = 0; i < values.length; i++) {
    let z = rng.normal();
    while (Math.abs(z) > 2) z = rng.normal();
    values[i] = mean + stdDev * z;
  }
  return new Tensor(values, shape, dtype);
}

/**
 * Samples uniformly from [minval, maxval) (integers for int32).
 * @example randomUniform([3], -1, 1, 'float32', 7);
 */
export function randomUniform(shape: number[], minval = 0, maxval = 1, dtype: DataType = 'float32', seed?: number): Tensor {
  if (!(maxval >= minval)) throw new ValueError(`randomUniform: maxval (${maxval}) must be >= minval (${minval}).`);
  const rng = rngFor(seed);
  const values = allocArray(dtype, sizeFromShape(shape));
  for (let i = 0; i < values.length; i++) {
    const u = minval + (maxval - minval) * rng.next();
    values[i] = dtype === 'int32' ? Math.floor(u) : u;
  }
  return new Tensor(values, shape, dtype);
}
