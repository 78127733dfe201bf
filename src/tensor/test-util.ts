// tf.test_util: TF.js's public assertion helpers, for code ported together with its tests.
import { ValueError } from '../core/errors.js';
import { Tensor } from './tensor.js';

type Values = Tensor | ArrayLike<number | boolean> | number | boolean;

function flat(v: Values): number[] {
  if (v instanceof Tensor) return Array.from(v.dataSync(), Number);
  if (typeof v === 'number' || typeof v === 'boolean') return [Number(v)];
  const out: number[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x) || ArrayBuffer.isView(x)) for (const e of Array.from(x as ArrayLike<unknown>)) walk(e);
    else out.push(Number(x));
  };
  walk(v);
  return out;
}

function compare(actual: Values, expected: Values, close: (a: number, e: number) => boolean): void {
  const [a, e] = [flat(actual), flat(expected)];
  if (a.length !== e.length) {
    throw new ValueError(`Arrays have different lengths actual: ${a.length} vs expected: ${e.length}.\nActual:   ${a.join(',')}.\nExpected: ${e.join(',')}.`);
  }
  for (let i = 0; i < a.length; i++) {
    if (!close(a[i] as number, e[i] as number)) {
      throw new ValueError(`Arrays differ: actual[${i}] = ${a[i]}, expected[${i}] = ${e[i]}.\nActual:   ${a.join(',')}.\nExpected: ${e.join(',')}.`);
    }
  }
}

const near = (epsilon: number) => (a: number, e: number): boolean =>
  (Number.isNaN(a) && Number.isNaN(e)) || a === e || Math.abs(a - e) <= epsilon;

/**
 * Throws unless the values agree element-wise within `epsilon` (NaN matches NaN).
 * @example test_util.expectArraysClose(tensor([1, 2]), [1, 2.0001]);
 */
export function expectArraysClose(actual: Values, expected: Values, epsilon = 1e-3): void {
  compare(actual, expected, near(epsilon));
}

/**
 * Throws unless the values are equal element-wise.
 * @example test_util.expectArraysEqual(tensor([1, 2], [2], 'int32'), [1, 2]);
 */
export function expectArraysEqual(actual: Values, expected: Values): void {
  compare(actual, expected, near(0));
}

/**
 * Throws unless two numbers agree within `epsilon`.
 * @example test_util.expectNumbersClose(0.1 + 0.2, 0.3);
 */
export function expectNumbersClose(actual: number, expected: number, epsilon = 1e-3): void {
  compare(actual, expected, near(epsilon));
}
