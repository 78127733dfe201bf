import { describe, expect, test } from 'vitest';
import '../index.js'; // registers the kernels
import { ConfigError } from '../core/errors.js';
import { grad, tensor } from '../ops/index.js';
import { expectClose } from '../../test/helpers/grad-check.js';
import { L1L2, getRegularizer, l1, l1l2, l2, serializeRegularizer } from './index.js';

const x = tensor([1, -2], [2], 'float64');

describe('regularizers', () => {
  test('penalties with Keras default 0.01', () => {
    expectClose(l1().apply(x), [0.03], 1e-9);
    expectClose(l2().apply(x), [0.05], 1e-9);
    expectClose(l1l2().apply(x), [0.08], 1e-9);
    expectClose(l1l2({ l1: 0.5, l2: 0 }).apply(x), [1.5], 1e-9);
    expect(l2().apply(x).shape).toEqual([]);
    expectClose(new L1L2().apply(x), [0], 0);
  });
  test('the penalty is differentiable: d/dx l2 sum(x^2) = 2 l2 x', () => {
    expectClose(grad((w) => l2({ l2: 0.1 }).apply(w))(x), tensor([0.2, -0.4], [2], 'float64'), 1e-7);
    expectClose(grad((w) => l1({ l1: 0.1 }).apply(w))(x), tensor([0.1, -0.1], [2], 'float64'), 1e-7);
  });
  test('getRegularizer ids, configs, round trip and null', () => {
    expect(getRegularizer(undefined)).toBeNull();
    expect(getRegularizer(null)).toBeNull();
    expect(getRegularizer('l2')?.getConfig()).toEqual({ l1: 0, l2: 0.01 });
    expect(getRegularizer('l1_l2')?.getConfig()).toEqual({ l1: 0.01, l2: 0.01 });
    expect(getRegularizer({ className: 'L1L2', config: { l2: 0.3 } })?.getConfig()).toEqual({ l1: 0, l2: 0.3 });
    expect(getRegularizer({ className: 'L2', config: { l2: 0.3 } })?.getConfig()).toEqual({ l1: 0, l2: 0.3 });
    const r = l1l2({ l1: 0.2, l2: 0.4 });
    expect(getRegularizer(r)).toBe(r);
    const spec = JSON.parse(JSON.stringify(serializeRegularizer(r))) as { className: string; config: Record<string, unknown> };
    expect(spec).toEqual({ className: 'L1L2', config: { l1: 0.2, l2: 0.4 } });
    expectClose(getRegularizer(spec)!.apply(x), r.apply(x), 0);
  });
  test('bad ids and coefficients', () => {
    expect(() => getRegularizer('l3')).toThrow(ConfigError);
    expect(() => getRegularizer('l3')).toThrow(/unknown regularizer "l3". Expected 'l1', 'l2', 'l1l2'/);
    expect(() => l2({ l2: -1 })).toThrow(/L1L2: l2 must be a non-negative number, received -1/);
  });
});
