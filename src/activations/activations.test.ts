import { describe, expect, test } from 'vitest';
import '../index.js'; // registers the kernels
import { ConfigError } from '../core/errors.js';
import { tensor } from '../ops/index.js';
import { expectClose } from '../../test/helpers/grad-check.js';
import { ACTIVATION_IDS, getActivation, logitsOf, serializeActivation } from './index.js';

const xs = [-2, -0.5, 0, 1, 3];
const sig = (x: number): number => 1 / (1 + Math.exp(-x));
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

const expected: Record<string, number[]> = {
  linear: xs,
  relu: [0, 0, 0, 1, 3],
  relu6: [0, 0, 0, 1, 3],
  elu: xs.map((x) => (x > 0 ? x : Math.exp(x) - 1)),
  selu: xs.map((x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * (Math.exp(x) - 1))),
  sigmoid: xs.map(sig),
  hardSigmoid: [0.1, 0.4, 0.5, 0.7, 1],
  tanh: xs.map(Math.tanh),
  softplus: xs.map((x) => Math.log1p(Math.exp(x))),
  softsign: xs.map((x) => x / (1 + Math.abs(x))),
  swish: xs.map((x) => x * sig(x)),
  silu: xs.map((x) => x * sig(x)),
  // From Python: x * tanh(softplus(x)) and 0.5 x (1 + erf(x / sqrt 2)).
  mish: [-0.2525014826957089, -0.22074377465173, 0, 0.8650983882673103, 2.9865350049679575],
  gelu: [-0.04550026389635842, -0.15426876936299344, 0, 0.8413447460685429, 2.99595030590511],
  geluApproximate: [-0.04540230591222494, -0.15428599017485606, 0, 0.8411919906082768, 2.996362607918227],
  leakyRelu: xs.map((x) => (x > 0 ? x : 0.2 * x)),
  exponential: xs.map(Math.exp),
  logSigmoid: xs.map((x) => Math.log(sig(x))),
  hardSilu: [-2 / 6, -0.5 * (2.5 / 6), 0, 4 / 6, 3],
  hardSwish: [-2 / 6, -0.5 * (2.5 / 6), 0, 4 / 6, 3],
  hardTanh: [-1, -0.5, 0, 1, 1],
};

describe('activations against hand-computed values', () => {
  for (const [id, want] of Object.entries(expected)) {
    test(id, () => {
      const act = getActivation(id);
      expect(act.name).toBe(id);
      expectClose(act.apply(tensor(xs, [5], 'float64')), tensor(want, [5], 'float64'), 1e-7);
    });
  }
  test('relu6 caps at 6; softmax and logSoftmax work on the last axis', () => {
    expectClose(getActivation('relu6').apply(tensor([7, 6.5])), [6, 6], 0);
    const x = tensor([[1, 2, 3], [0, 0, 0]], [2, 3], 'float64');
    const e = [1, 2, 3].map(Math.exp);
    const z = e.reduce((a, b) => a + b, 0);
    expectClose(getActivation('softmax').apply(x), tensor([[e[0]! / z, e[1]! / z, e[2]! / z], [1 / 3, 1 / 3, 1 / 3]], [2, 3], 'float64'), 1e-12);
    expectClose(getActivation('log_softmax').apply(x), tensor([[1 - Math.log(z), 2 - Math.log(z), 3 - Math.log(z)], [-Math.log(3), -Math.log(3), -Math.log(3)]], [2, 3], 'float64'), 1e-12);
  });
  test('every listed id is covered above or in the softmax test', () => {
    for (const id of ACTIVATION_IDS) expect(id in expected || id === 'softmax' || id === 'logSoftmax', id).toBe(true);
  });
});

describe('getActivation', () => {
  test('snake_case, class names, undefined and objects', () => {
    expect(getActivation('leaky_relu').name).toBe('leakyRelu');
    expect(getActivation('hard_sigmoid').name).toBe('hardSigmoid');
    expect(getActivation('Relu').name).toBe('relu');
    expect(getActivation(undefined).name).toBe('linear');
    expect(getActivation(null).name).toBe('linear');
    const custom = { name: 'double', apply: (x: ReturnType<typeof tensor>) => x.mul(2) };
    expect(getActivation(custom)).toBe(custom);
    expect(serializeActivation(getActivation('log_softmax'))).toBe('logSoftmax');
  });
  test('unknown ids list the valid ones', () => {
    expect(() => getActivation('relu7')).toThrow(ConfigError);
    expect(() => getActivation('relu7')).toThrow(/unknown activation 'relu7'. Valid ids: linear, relu, relu6/);
  });
  test('softmax and sigmoid outputs remember their logits', () => {
    const x = tensor([[1, 2]]);
    const y = getActivation('softmax').apply(x);
    expect(logitsOf(y)).toEqual({ kind: 'softmax', logits: x });
    expect(logitsOf(getActivation('sigmoid').apply(x))?.kind).toBe('sigmoid');
    expect(logitsOf(getActivation('relu').apply(x))).toBeUndefined();
  });
});
