import { type DataType, allocArray } from '../core/dtype.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { sizeFromShape } from '../core/shape.js';
import { type Random, rngFor } from '../core/random.js';
import { Tensor } from '../tensor/tensor.js';
import { softmax } from './activations.js';
import { type TensorLike, convertToTensor } from './convert.js';

// Integer dtypes round each draw to the nearest integer, as TF.js's samplers do (truncation would bias the mean).
function fillRandom(shape: number[], dtype: DataType | null | undefined, draw: () => number, op: string): Tensor {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ShapeError(`${op}: shape must be an array of non-negative integers, received ${JSON.stringify(shape)}.`);
  }
  const dt = dtype ?? 'float32';
  const values = allocArray(dt, sizeFromShape(shape));
  const round = dt === 'int32' || dt === 'bool';
  for (let i = 0; i < values.length; i++) values[i] = round ? Math.round(draw()) : draw();
  return new Tensor(values, shape, dt);
}

/**
 * Samples from a normal distribution; the same `seed` always gives the same values.
 * @example randomNormal([2, 3], 0, 1, 'float32', 42);
 */
export function randomNormal(shape: number[], mean = 0, stdDev = 1, dtype?: DataType | null, seed?: number): Tensor {
  if (stdDev < 0) throw new ValueError(`randomNormal: stdDev must be >= 0, received ${stdDev}.`);
  const rng = rngFor(seed);
  return fillRandom(shape, dtype, () => mean + stdDev * rng.normal(), 'randomNormal');
}

/**
 * Samples from the standard normal distribution (mean 0, standard deviation 1).
 * @example randomStandardNormal([2, 2], 'float32', 3);
 */
export function randomStandardNormal(shape: number[], dtype?: DataType | null, seed?: number): Tensor {
  if (dtype === 'bool') throw new ValueError(`randomStandardNormal: dtype must be float32 or int32, received bool.`);
  return randomNormal(shape, 0, 1, dtype, seed);
}

/**
 * Samples from a normal distribution, redrawing values more than two standard deviations from the mean.
 * @example truncatedNormal([4], 0, 0.05, 'float32', 1);
 */
export function truncatedNormal(shape: number[], mean = 0, stdDev = 1, dtype?: DataType | null, seed?: number): Tensor {
  const rng = rngFor(seed);
  return fillRandom(
    shape,
    dtype,
    () => {
      let z = rng.normal();
      while (Math.abs(z) > 2) z = rng.normal();
      return mean + stdDev * z;
    },
    'truncatedNormal',
  );
}

/**
 * Samples uniformly from [minval, maxval) (floored for int32).
 * @example randomUniform([3], -1, 1, 'float32', 7);
 */
export function randomUniform(shape: number[], minval = 0, maxval = 1, dtype?: DataType | null, seed?: number): Tensor {
  if (!(maxval >= minval)) throw new ValueError(`randomUniform: maxval (${maxval}) must be >= minval (${minval}).`);
  const rng = rngFor(seed);
  const draw = (): number => minval + (maxval - minval) * rng.next();
  // int32 floors (not rounds), so every value stays inside [minval, maxval).
  return fillRandom(shape, dtype, dtype === 'int32' ? () => Math.floor(draw()) : draw, 'randomUniform');
}

/**
 * Uniform int32 integers in [minval, maxval).
 * @example randomUniformInt([4], 0, 10, 5);
 */
export function randomUniformInt(shape: number[], minval: number, maxval: number, seed?: number): Tensor {
  if (!Number.isInteger(minval) || !Number.isInteger(maxval) || maxval <= minval) {
    throw new ValueError(`randomUniformInt: minval (${minval}) and maxval (${maxval}) must be integers with minval < maxval.`);
  }
  const rng = rngFor(seed);
  return fillRandom(shape, 'int32', () => minval + rng.int(maxval - minval), 'randomUniformInt');
}

/**
 * A tensor of `shape` whose values come from calling `randFunction` once per element.
 * @example rand([2, 2], () => Math.random());
 */
export function rand(shape: number[], randFunction: () => number, dtype?: DataType | null): Tensor {
  if (typeof randFunction !== 'function') {
    throw new ValueError(`rand: randFunction must be a function returning a number, received ${typeof randFunction}.`);
  }
  const dt = dtype ?? 'float32';
  const values = allocArray(dt, sizeFromShape(shape));
  for (let i = 0; i < values.length; i++) values[i] = randFunction();
  return new Tensor(values, shape, dt);
}

/** Gamma(alpha, 1) by Marsaglia and Tsang (2000); alpha < 1 uses the boost Gamma(a) = Gamma(a + 1) · U^(1/a). */
function gammaDraw(rng: Random, alpha: number): number {
  const a = alpha < 1 ? alpha + 1 : alpha;
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  let x: number;
  for (;;) {
    let z: number;
    let v: number;
    do {
      z = rng.normal();
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * z ** 4 || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) {
      x = d * v;
      break;
    }
  }
  return alpha < 1 ? x * Math.pow(rng.next(), 1 / alpha) : x;
}

/**
 * Samples from a gamma distribution with shape `alpha` and rate `beta` (mean alpha / beta).
 * @example randomGamma([3], 2, 1, 'float32', 11);
 */
export function randomGamma(shape: number[], alpha: number, beta = 1, dtype?: DataType | null, seed?: number): Tensor {
  if (!(alpha > 0) || !(beta > 0)) throw new ValueError(`randomGamma: alpha (${alpha}) and beta (${beta}) must be positive.`);
  if (dtype === 'bool') throw new ValueError('randomGamma: dtype must be float32 or int32, received bool.');
  const rng = rngFor(seed);
  return fillRandom(shape, dtype, () => gammaDraw(rng, alpha) / beta, 'randomGamma');
}

/**
 * Draws `numSamples` class indices per row from the categorical distribution given by `logits` ([classes] or
 * [batch, classes]); with `normalized`, the input holds probabilities instead of logits.
 * @example multinomial(tensor1d([0, 0]), 4, 1); // int32 [4] of 0s and 1s
 */
export function multinomial(logits: TensorLike, numSamples: number, seed?: number, normalized = false): Tensor {
  const t = convertToTensor(logits, 'logits', 'multinomial');
  if (t.rank !== 1 && t.rank !== 2) {
    throw new ShapeError(`multinomial: logits must be rank 1 [classes] or rank 2 [batch, classes], received rank ${t.rank}.`);
  }
  const classes = t.shape[t.rank - 1] ?? 0;
  if (classes < 2) throw new ValueError(`multinomial: needs at least 2 outcomes (classes), received ${classes}.`);
  const batch = t.rank === 1 ? 1 : (t.shape[0] ?? 0);
  const probs = (normalized ? t : softmax(t)).dataSync();
  const rng = rngFor(seed);
  const out = allocArray('int32', batch * numSamples);
  for (let b = 0; b < batch; b++) {
    let total = 0;
    for (let c = 0; c < classes; c++) total += probs[b * classes + c] as number;
    for (let s = 0; s < numSamples; s++) {
      let u = rng.next() * total;
      let c = 0;
      while (c < classes - 1 && (u -= probs[b * classes + c] as number) >= 0) c++;
      out[b * numSamples + s] = c;
    }
  }
  return new Tensor(out, t.rank === 1 ? [numSamples] : [batch, numSamples], 'int32');
}
