import { describe, expect, test } from 'vitest';
import '../index.js';
import { expectClose, expectGradClose, randn } from '../../test/helpers/grad-check.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { model } from '../models/index.js';
import { sum, tensor } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { SymbolicTensor } from './symbolic.js';
import {
  type Layer,
  Add,
  add,
  average,
  concatenate,
  dense,
  deserializeLayer,
  dot,
  input,
  maximum,
  minimum,
  multiply,
  subtract,
} from './index.js';

const t = (x: Tensor | Tensor[]): Tensor => x as Tensor;
const a = tensor([[1, 5], [3, -2]]);
const b = tensor([[2, 4], [-1, 0]]);

describe('element-wise merge layers', () => {
  test('values of add/subtract/multiply/average/maximum/minimum', () => {
    expectClose(t(add().apply([a, b])), tensor([[3, 9], [2, -2]]));
    expectClose(t(subtract().apply([a, b])), tensor([[-1, 1], [4, -2]]));
    expectClose(t(multiply().apply([a, b])), tensor([[2, 20], [-3, -0]]));
    expectClose(t(average().apply([a, b, tensor([[0, 0], [1, 2]])])), tensor([[1, 3], [1, 0]]));
    expectClose(t(maximum().apply([a, b])), tensor([[2, 5], [3, 0]]));
    expectClose(t(minimum().apply([a, b])), tensor([[1, 4], [-1, -2]]));
  });

  test('factories given a list merge right away (TF.js style)', () => {
    expectClose(add([a, b]), tensor([[3, 9], [2, -2]]));
    const s = concatenate([input({ shape: [2] }), input({ shape: [3] })]);
    expect(s.shape).toEqual([null, 5]);
  });

  test('inputs of different ranks broadcast with axes inserted after the batch axis (Keras)', () => {
    const x3 = tensor([[[1, 2], [3, 4]]]); // [1, 2, 2]
    const x2 = tensor([[10, 20]]); // [1, 2] -> [1, 1, 2]
    expectClose(t(add().apply([x3, x2])), tensor([[[11, 22], [13, 24]]]));
    const y = add().apply([input({ shape: [4, 3] }), input({ shape: [1, 3] })]);
    expect(Array.isArray(y) ? null : y.shape).toEqual([null, 4, 3]);
  });

  test('gradients match finite differences (float64)', () => {
    const x = randn([2, 3], { seed: 1 });
    const y = randn([2, 3], { seed: 2 });
    const z = randn([2, 3], { seed: 3 });
    const layers: Layer[] = [add(), subtract(), multiply(), average(), maximum(), minimum()];
    for (const layer of layers) {
      const inputs = layer.getClassName() === 'Subtract' ? [x, y] : [x, y, z];
      expectGradClose((...xs) => sum(t(layer.apply(xs))), inputs, { tol: 1e-5 });
    }
  });

  test('masks are combined with AND; no masks give no mask', () => {
    const m1 = tensor([[true, true, false]], undefined, 'bool');
    const m2 = tensor([[true, false, false]], undefined, 'bool');
    const mask = add().computeMask([a, b], [m1, m2]) as Tensor;
    expect(Array.from(mask.values)).toEqual([1, 0, 0]);
    expect(add().computeMask([a, b], [null, null])).toBeNull();
    expect(add().computeMask([a, b], [m1, null])).not.toBeNull();
  });

  test('errors name the layer, the shapes and the fix', () => {
    expect(() => add({ name: 'sum' }).apply(a)).toThrow(ValueError);
    expect(() => add({ name: 'sum' }).apply(a)).toThrow(/Add \(sum\): expected a list of at least 2 inputs, received a single input of shape \[2,2\]/);
    expect(() => subtract().apply([a, b, a])).toThrow(/expected a list of 2 inputs, received 3 inputs/);
    expect(() => add().apply([tensor([[1, 2, 3]]), tensor([[1, 2]])])).toThrow(ShapeError);
    expect(() => add().apply([input({ shape: [3] }), input({ shape: [2] })])).toThrow(/\[null,3\], \[null,2\] cannot be merged element-wise \(3 vs 2\).*Concatenate/);
  });

  test('config round trip through the registry', () => {
    const layer = add({ name: 'my_add' });
    expect(layer.getConfig()).toEqual({ name: 'my_add', trainable: true, dtype: 'float32' });
    const copy = deserializeLayer({ className: 'Add', config: layer.getConfig() });
    expect(copy).toBeInstanceOf(Add);
  });

  test('a functional model with a shared input and a merge computes the expected values', () => {
    const x = input({ shape: [2] });
    const d1 = dense({ units: 2, useBias: false, weights: [tensor([[1, 0], [0, 1]])] });
    const d2 = dense({ units: 2, useBias: false, weights: [tensor([[2, 0], [0, 2]])] });
    const out = add().apply([one(d1.apply(x)), one(d2.apply(x))]);
    const m = model({ inputs: x, outputs: one(out) });
    expectClose(m.predict(tensor([[1, 2]])) as Tensor, tensor([[3, 6]]));
  });
});

describe('concatenate', () => {
  test('joins along the last axis by default and along a given axis', () => {
    expectClose(t(concatenate().apply([a, tensor([[7], [8]])])), tensor([[1, 5, 7], [3, -2, 8]]));
    expectClose(t(concatenate({ axis: 1 }).apply([tensor([[[1]], [[2]]]), tensor([[[3]], [[4]]])])), tensor([[[1], [3]], [[2], [4]]]));
  });

  test('symbolic shape sums the axis and keeps unknown sizes', () => {
    const y = concatenate().apply([input({ shape: [null, 3] }), input({ shape: [4, 2] })]);
    expect(Array.isArray(y) ? null : y.shape).toEqual([null, 4, 5]);
  });

  test('gradient, config and errors', () => {
    const layer = concatenate({ axis: -1 });
    expectGradClose((x, y) => sum(t(layer.apply([x as Tensor, y as Tensor])).mul(randn([2, 5], { seed: 9 }))), [randn([2, 2], { seed: 1 }), randn([2, 3], { seed: 2 })]);
    expect(layer.getConfig()).toMatchObject({ axis: -1 });
    expect(deserializeLayer({ className: 'Concatenate', config: { axis: 1 } }).getConfig()).toMatchObject({ axis: 1 });
    expect(() => concatenate().apply([input({ shape: [2, 3] }), input({ shape: [4, 3] })])).toThrow(/differ on axis 1; all dimensions except the concatenation axis -1 must match/);
    expect(() => concatenate({ axis: 0 }).apply([a, b])).toThrow(/axis 0 is out of range/);
  });

  test('masks: missing ones count as all true', () => {
    const x = tensor([[[1], [2]]]); // [1, 2, 1]
    const m1 = tensor([[true, false]], undefined, 'bool');
    const mask = concatenate().computeMask([x, x], [m1, null]) as Tensor;
    expect(mask.shape).toEqual([1, 2]);
    expect(Array.from(mask.values)).toEqual([1, 0]);
  });
});

describe('dot', () => {
  test('2-D inputs give one dot product per sample, [batch, 1]', () => {
    expectClose(t(dot({ axes: 1 }).apply([a, b])), tensor([[22], [-3]]));
    expectClose(t(dot({ axes: -1, normalize: true }).apply([tensor([[3, 4]]), tensor([[4, 3]])])), tensor([[24 / 25]]), 1e-6);
  });

  test('3-D batch matrix product with axes [2, 1] and transposed contraction with axes [1, 1]', () => {
    const x = tensor([[[1, 2], [3, 4]]]);
    const y = tensor([[[5, 6], [7, 8]]]);
    expectClose(t(dot({ axes: [2, 1] }).apply([x, y])), tensor([[[19, 22], [43, 50]]]));
    expectClose(t(dot({ axes: [1, 1] }).apply([x, y])), tensor([[[26, 30], [38, 44]]])); // xᵀ·y
    const s = dot({ axes: [2, 1] }).apply([input({ shape: [3, 4] }), input({ shape: [4, 5] })]);
    expect(Array.isArray(s) ? null : s.shape).toEqual([null, 3, 5]);
  });

  test('gradients (with normalize) match finite differences', () => {
    const layer = dot({ axes: 1, normalize: true });
    expectGradClose((x, y) => sum(t(layer.apply([x as Tensor, y as Tensor]))), [randn([2, 3], { seed: 4 }), randn([2, 3], { seed: 5 })], { tol: 1e-5 });
    const l3 = dot({ axes: [2, 2] });
    expectGradClose((x, y) => sum(t(l3.apply([x as Tensor, y as Tensor])).mul(randn([2, 3, 4], { seed: 6 }))), [randn([2, 3, 2], { seed: 7 }), randn([2, 4, 2], { seed: 8 })]);
  });

  test('config and errors', () => {
    expect(dot({ axes: [1, 2], normalize: true }).getConfig()).toMatchObject({ axes: [1, 2], normalize: true });
    expect(() => dot({ axes: 1 }).apply([tensor([[1, 2, 3]]), tensor([[1, 2]])])).toThrow(/contracted dimensions differ/);
    expect(() => dot({ axes: 0 }).apply([a, b])).toThrow(/the batch axis cannot be contracted/);
    // @ts-expect-error -- invalid on purpose: the run-time check and its message are under test
    expect(() => dot({ axes: 'x' })).toThrow(/axes must be an integer or a pair/);
  });
});

/** The single symbolic output of a layer applied to symbolic inputs. */
function one(t: SymbolicTensor | SymbolicTensor[]): SymbolicTensor {
  if (!(t instanceof SymbolicTensor)) throw new Error(`expected one symbolic output, got ${t.length}`);
  return t;
}
