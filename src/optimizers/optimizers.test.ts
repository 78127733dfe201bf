import { describe, expect, test } from 'vitest';
import { ConfigError, ValueError } from '../core/errors.js';
import { tensor, variable } from '../ops/index.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { expectClose } from '../../test/helpers/grad-check.js';
import {
  AdamOptimizer,
  NadamOptimizer,
  type Optimizer,
  RMSPropOptimizer,
  SGDOptimizer,
  adadelta,
  adagrad,
  adam,
  adamax,
  adamw,
  cosineDecay,
  exponentialDecay,
  getOptimizer,
  momentum,
  nadam,
  piecewiseConstantDecay,
  rmsprop,
  serializeOptimizer,
  sgd,
} from './index.js';

const G = [0.5, -1];
const W0 = [1, 2];
let counter = 0;

/** A fresh float64 variable [1, 2] with a unique name. */
function w0(): Variable {
  return variable(tensor(W0, [2], 'float64'), true, `opt_test_w_${counter++}`);
}

/** Applies the constant gradient G `steps` times and returns the values after each step. */
function run(opt: Optimizer, steps: number, grad: number[] = G): number[][] {
  const w = w0();
  const out: number[][] = [];
  for (let s = 0; s < steps; s++) {
    opt.applyGradients({ [w.name]: tensor(grad, [2], 'float64') });
    out.push(Array.from(w.dataSync()));
  }
  return out;
}

/** Reference: runs `step(w, g, state, t)` per coordinate in plain numbers. */
function simulate(steps: number, step: (w: number, g: number, s: Record<string, number>, t: number) => number, init: Record<string, number> = {}): number[][] {
  const ws = [...W0];
  const states = W0.map(() => ({ ...init }));
  const out: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    for (let i = 0; i < ws.length; i++) ws[i] = step(ws[i] as number, G[i] as number, states[i] as Record<string, number>, t);
    out.push([...ws]);
  }
  return out;
}

function expectSteps(actual: number[][], expected: number[][], tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, k) => expectClose(a, expected[k] as number[], tol));
}

describe('update rules against hand-computed steps', () => {
  test('sgd', () => expectSteps(run(sgd(0.1), 2), [[0.95, 2.1], [0.9, 2.2]]));

  test('SGD momentum (Keras form) and nesterov', () => {
    expectSteps(run(new SGDOptimizer({ learningRate: 0.1, momentum: 0.9 }), 2), [[0.95, 2.1], [0.855, 2.29]]);
    expectSteps(run(new SGDOptimizer({ learningRate: 0.1, momentum: 0.9, nesterov: true }), 2), [[0.905, 2.19], [0.7695, 2.461]]);
  });

  test('momentum (TF.js form) and nesterov', () => {
    expectSteps(run(momentum(0.1, 0.9), 2), [[0.95, 2.1], [0.855, 2.29]]);
    expectSteps(run(momentum(0.1, 0.9, true), 2), [[0.905, 2.19], [0.7695, 2.461]]);
  });

  test('adagrad', () => {
    // accum = 0.1 + g^2 = [0.35, 1.1] after one step.
    expectSteps(run(adagrad(0.1), 1), [[1 - (0.1 * 0.5) / Math.sqrt(0.35 + 1e-7), 2 + 0.1 / Math.sqrt(1.1 + 1e-7)]]);
    const ref = simulate(3, (w, g, s) => {
      s['a'] = (s['a'] as number) + g * g;
      return w - (0.1 * g) / Math.sqrt((s['a'] as number) + 1e-7);
    }, { a: 0.1 });
    expectSteps(run(adagrad(0.1), 3), ref);
  });

  test('adadelta', () => {
    const ref = simulate(3, (w, g, s) => {
      s['ag'] = 0.95 * (s['ag'] as number) + 0.05 * g * g;
      const u = (Math.sqrt((s['av'] as number) + 1e-7) / Math.sqrt((s['ag'] as number) + 1e-7)) * g;
      s['av'] = 0.95 * (s['av'] as number) + 0.05 * u * u;
      return w - 1.0 * u;
    }, { ag: 0, av: 0 });
    expectSteps(run(adadelta(1.0, 0.95), 3), ref);
  });

  test('rmsprop: plain, momentum, centered', () => {
    // One plain step: ms = 0.1 g^2, w -= lr g / sqrt(0.1 g^2 + eps) ~ lr sign(g) / sqrt(0.1).
    expectSteps(run(rmsprop(0.01), 1), [[1 - (0.01 * 0.5) / Math.sqrt(0.025 + 1e-7), 2 + 0.01 / Math.sqrt(0.1 + 1e-7)]]);
    const refMomentum = simulate(3, (w, g, s) => {
      s['ms'] = 0.9 * (s['ms'] as number) + 0.1 * g * g;
      s['mom'] = 0.5 * (s['mom'] as number) + (0.01 * g) / Math.sqrt((s['ms'] as number) + 1e-7);
      return w - (s['mom'] as number);
    }, { ms: 0, mom: 0 });
    expectSteps(run(rmsprop(0.01, 0.9, 0.5), 3), refMomentum);
    const refCentered = simulate(3, (w, g, s) => {
      s['ms'] = 0.9 * (s['ms'] as number) + 0.1 * g * g;
      s['mg'] = 0.9 * (s['mg'] as number) + 0.1 * g;
      return w - (0.01 * g) / Math.sqrt((s['ms'] as number) - (s['mg'] as number) ** 2 + 1e-7);
    }, { ms: 0, mg: 0 });
    expectSteps(run(new RMSPropOptimizer({ learningRate: 0.01, centered: true }), 3), refCentered);
  });

  const adamRef = (lr: number, wd: number) =>
    simulate(3, (w, g, s, t) => {
      const x = w - w * wd * lr;
      s['m'] = 0.9 * (s['m'] as number) + 0.1 * g;
      s['v'] = 0.999 * (s['v'] as number) + 0.001 * g * g;
      const alpha = (lr * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
      return x - (alpha * (s['m'] as number)) / (Math.sqrt(s['v'] as number) + 1e-7);
    }, { m: 0, v: 0 });

  test('adam: first step moves each weight by ~lr against the gradient sign', () => {
    const [first] = run(adam(0.1), 1);
    expectClose(first as number[], [0.9, 2.1], 1e-5);
    expectSteps(run(adam(0.1), 3), adamRef(0.1, 0));
  });

  test('adamw applies decoupled weight decay before the Adam step', () => {
    expectSteps(run(adamw(0.1, 0.2), 3), adamRef(0.1, 0.2));
    const plain = run(adam(0.1), 1)[0] as number[];
    const decayed = run(adamw(0.1, 0.2), 1)[0] as number[];
    // Decay shrinks w0 by lr * wd * w0 = 0.02 w0 on top of the Adam step.
    expectClose([plain[0]! - decayed[0]!, plain[1]! - decayed[1]!], [0.02, 0.04], 1e-12);
  });

  test('adamax', () => {
    const ref = simulate(3, (w, g, s, t) => {
      s['m'] = 0.9 * (s['m'] as number) + 0.1 * g;
      s['u'] = Math.max(0.999 * (s['u'] as number), Math.abs(g));
      return w - ((0.002 / (1 - 0.9 ** t)) * (s['m'] as number)) / ((s['u'] as number) + 1e-7);
    }, { m: 0, u: 0 });
    expectSteps(run(adamax(0.002), 3), ref);
  });

  test('nadam (Keras momentum schedule)', () => {
    const mu = (t: number): number => 0.9 * (1 - 0.5 * 0.96 ** t);
    const ref = simulate(3, (w, g, s, t) => {
      const uT = mu(t), uT1 = mu(t + 1);
      const pT = (s['prod'] as number) * uT;
      s['prod'] = pT;
      s['m'] = 0.9 * (s['m'] as number) + 0.1 * g;
      s['v'] = 0.999 * (s['v'] as number) + 0.001 * g * g;
      const mHat = (uT1 * (s['m'] as number)) / (1 - pT * uT1) + ((1 - uT) * g) / (1 - pT);
      const vHat = (s['v'] as number) / (1 - 0.999 ** t);
      return w - (0.01 * mHat) / (Math.sqrt(vHat) + 1e-7);
    }, { m: 0, v: 0, prod: 1 });
    expectSteps(run(nadam(0.01), 3), ref);
  });
});

describe('gradient clipping', () => {
  test('clipnorm rescales each gradient to the norm', () => {
    expectSteps(run(sgd(1, { clipnorm: 1 }), 1, [3, 4]), [[1 - 0.6, 2 - 0.8]]);
    expectSteps(run(sgd(1, { clipnorm: 10 }), 1, [3, 4]), [[-2, -2]]);
  });
  test('clipvalue clips each element', () => {
    expectSteps(run(sgd(1, { clipvalue: 0.5 }), 1, [3, -0.2]), [[0.5, 2.2]]);
  });
  test('globalClipnorm scales all gradients together', () => {
    const a = w0(), b = w0();
    const opt = sgd(1, { globalClipnorm: 5 });
    opt.applyGradients({ [a.name]: tensor([3, 0], [2], 'float64'), [b.name]: tensor([0, 8], [2], 'float64') });
    // Global norm sqrt(9 + 64) = sqrt(73): scale 5 / sqrt(73).
    const s = 5 / Math.sqrt(73);
    expectClose(a, tensor([1 - 3 * s, 2], [2], 'float64'), 1e-12);
    expectClose(b, tensor([1, 2 - 8 * s], [2], 'float64'), 1e-12);
  });
  test('non-positive clip options are rejected', () => {
    expect(() => sgd(0.1, { clipnorm: 0 })).toThrow(/SGD: clipnorm must be > 0, received 0/);
  });
});

describe('learning-rate schedules', () => {
  test('exponentialDecay, staircase', () => {
    const s = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
    expect(s.valueAt(0)).toBeCloseTo(0.1, 15);
    expect(s.valueAt(5)).toBeCloseTo(0.1 * Math.SQRT1_2, 15);
    expect(s.valueAt(20)).toBeCloseTo(0.025, 15);
    const st = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true });
    expect(st.valueAt(19)).toBeCloseTo(0.05, 15);
  });
  test('piecewiseConstantDecay boundaries are inclusive on the left piece', () => {
    const s = piecewiseConstantDecay({ boundaries: [2, 4], values: [1, 0.5, 0.1] });
    expect([0, 2, 3, 4, 5].map((t) => s.valueAt(t))).toEqual([1, 1, 0.5, 0.5, 0.1]);
    expect(() => piecewiseConstantDecay({ boundaries: [1], values: [1] })).toThrow(/one more entry than boundaries/);
  });
  test('cosineDecay with and without warmup', () => {
    const s = cosineDecay({ initialLearningRate: 1, decaySteps: 10, alpha: 0.1 });
    expect(s.valueAt(0)).toBeCloseTo(1, 15);
    expect(s.valueAt(5)).toBeCloseTo(0.55, 12);
    expect(s.valueAt(10)).toBeCloseTo(0.1, 12);
    expect(s.valueAt(50)).toBeCloseTo(0.1, 12);
    const w = cosineDecay({ initialLearningRate: 0, warmupTarget: 1, warmupSteps: 4, decaySteps: 10 });
    expect(w.valueAt(2)).toBeCloseTo(0.5, 15);
    expect(w.valueAt(4)).toBeCloseTo(1, 15);
    expect(w.valueAt(9)).toBeCloseTo(0.5, 12);
  });
  test('an optimizer evaluates its schedule at `iterations`', () => {
    const opt = sgd(piecewiseConstantDecay({ boundaries: [0], values: [1, 0.1] }));
    expect(opt.learningRate).toBe(1);
    expectSteps(run(opt, 2), [[0.5, 3], [0.45, 3.1]]);
    expect(opt.iterations).toBe(2);
    expect(opt.currentLearningRate()).toBe(0.1);
    opt.learningRate = 0.5;
    expect(opt.learningRate).toBe(0.5);
  });
});

describe('minimize, state and serialization', () => {
  test('minimize differentiates f and returns the cost on request', () => {
    const w = w0();
    const opt = sgd(0.25);
    const cost = opt.minimize(() => w.mul(w).sum(), true) as Tensor;
    expect(cost.dataSync()[0]).toBe(5);
    // g = 2w, w -= 0.25 * 2w = w / 2.
    expectClose(w, tensor([0.5, 1], [2], 'float64'), 1e-12);
    expect(opt.minimize(() => w.mul(w).sum())).toBeNull();
  });

  test('getWeights/setWeights resume exactly (TF.js names)', async () => {
    const a = new AdamOptimizer({ learningRate: 0.05 });
    const w = w0();
    const step = (opt: Optimizer, v: Variable): void => opt.applyGradients([{ name: v.name, tensor: tensor(G, [2], 'float64') }]);
    step(a, w);
    step(a, w);
    const state = await a.getWeights();
    expect(state.map((s) => s.name)).toEqual(['iter', `${w.name}/m`, `${w.name}/v`]);
    expect(state[0]?.tensor.dataSync()[0]).toBe(2);
    const b = new AdamOptimizer({ learningRate: 0.05 });
    await b.setWeights(state);
    expect(b.iterations).toBe(2);
    const w2 = variable(w.clone(), true, `${w.name}_copy`);
    // Rename the slot keys to the copy's name to drive both optimizers with identical state.
    await b.setWeights(state.map((s) => ({ name: s.name.replace(w.name, w2.name), tensor: s.tensor })));
    step(a, w);
    step(b, w2);
    expectClose(w2, w, 0);
    await expect(b.setWeights([{ name: 'x/zz', tensor: tensor([1]) }])).rejects.toThrow(/unexpected weight 'x\/zz'.*slot one of m, v/);
  });

  test('RMSProp state: mg only when centered; a missing slot starts at its initial value', async () => {
    const plain = rmsprop(0.01, 0.9, 0.5);
    const w = w0();
    plain.applyGradients({ [w.name]: tensor(G, [2], 'float64') });
    expect((await plain.getWeights()).map((s) => s.name)).toEqual(['iter', `${w.name}/rms`, `${w.name}/momentum`]);
    const centered = rmsprop(0.01, 0.9, 0.5, null, true);
    centered.applyGradients({ [w.name]: tensor(G, [2], 'float64') });
    const state = await centered.getWeights();
    expect(state.map((s) => s.name)).toEqual(['iter', `${w.name}/rms`, `${w.name}/momentum`, `${w.name}/mg`]);
    const restored = rmsprop(0.01, 0.9, 0.5, null, true);
    await restored.setWeights(state.filter((s) => !s.name.endsWith('/mg')));
    const back = await restored.getWeights();
    expect(Array.from(back[3]?.tensor.dataSync() ?? [])).toEqual([0, 0]);
    expect(Array.from(back[1]?.tensor.dataSync() ?? [])).toEqual(Array.from(state[1]?.tensor.dataSync() ?? []));
  });

  test('nadam state resumes exactly from iterations alone', async () => {
    const a = new NadamOptimizer({ learningRate: 0.05 });
    const w = w0();
    a.applyGradients({ [w.name]: tensor(G, [2], 'float64') });
    const b = new NadamOptimizer({ learningRate: 0.05 });
    await b.setWeights(await a.getWeights());
    const w2 = variable(w.clone(), true, w.name);
    a.applyGradients({ [w.name]: tensor(G, [2], 'float64') }, [w]);
    b.applyGradients({ [w2.name]: tensor(G, [2], 'float64') }, [w2]);
    expectClose(w2, w, 0);
  });

  test('getOptimizer: ids with Keras defaults, class names, configs', () => {
    expect(getOptimizer('adam')).toBeInstanceOf(AdamOptimizer);
    expect(getOptimizer('Adam').learningRate).toBe(0.001);
    expect(getOptimizer('sgd').learningRate).toBe(0.01);
    const r = getOptimizer('RMSprop') as RMSPropOptimizer;
    expect([r.learningRate, r.decay, r.momentum, r.epsilon, r.centered]).toEqual([0.001, 0.9, 0, 1e-7, false]);
    expect(getOptimizer('adamw').getConfig()['weightDecay']).toBe(0.004);
    for (const id of ['nadam', 'adagrad', 'adadelta', 'adamax', 'momentum']) expect(getOptimizer(id).getClassName().toLowerCase()).toBe(id);
    const keras = getOptimizer({ className: 'Adam', config: { learning_rate: 0.02, beta_1: 0.8, clipnorm: 1 } }) as AdamOptimizer;
    expect([keras.learningRate, keras.beta1, keras.clipping.clipnorm]).toEqual([0.02, 0.8, 1]);
    const opt = adam(0.01);
    expect(getOptimizer(opt)).toBe(opt);
  });

  test('serialization round trip keeps hyperparameters and schedules', () => {
    const opt = adamw(exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 }), 0.01, 0.8, 0.99, 1e-6, { clipvalue: 2 });
    const spec = JSON.parse(JSON.stringify(serializeOptimizer(opt))) as { className: string; config: Record<string, unknown> };
    expect(spec.className).toBe('AdamW');
    const back = getOptimizer(spec);
    expect(back.getConfig()).toEqual(opt.getConfig());
    back.iterations = 10;
    expect(back.learningRate).toBeCloseTo(0.05, 15);
  });

  test('bad ids, names and hyperparameters give helpful errors', () => {
    expect(() => getOptimizer('adamm')).toThrow(ConfigError);
    expect(() => getOptimizer('adamm')).toThrow(/unknown optimizer "adamm".*adam, adamw/);
    expect(() => adam(-1)).toThrow(/Adam: learningRate must be a non-negative number/);
    expect(() => new SGDOptimizer({ momentum: 1.5 })).toThrow(/SGD: momentum must be in \[0, 1\], received 1.5/);
    expect(() => sgd(0.1).applyGradients({ no_such_variable_xyz: tensor([1]) })).toThrow(ValueError);
    expect(() => sgd(0.1).applyGradients({ no_such_variable_xyz: tensor([1]) })).toThrow(/no variable named 'no_such_variable_xyz'/);
    const w = w0();
    expect(() => sgd(0.1).applyGradients({ [w.name]: tensor([1, 2, 3]) })).toThrow(/has shape \[3\], but the variable has shape \[2\]/);
  });

  test('every optimizer id with Keras defaults (lr scaled up) reduces a quadratic loss', () => {
    for (const id of ['sgd', 'momentum', 'adagrad', 'adadelta', 'rmsprop', 'adam', 'adamw', 'adamax', 'nadam']) {
      const opt = getOptimizer(id);
      opt.learningRate = id === 'adadelta' ? 1 : 0.05;
      const w = variable(tensor([3, -2]), true, `opt_test_quad_${id}_${counter++}`);
      const loss = (): Tensor => w.sub(tensor([1, 1])).square().sum();
      const before = loss().dataSync()[0] as number;
      for (let i = 0; i < 30; i++) opt.minimize(loss);
      // Adadelta's first steps are ~sqrt(epsilon) in size by design, so it only has to move the right way.
      expect(loss().dataSync()[0], id).toBeLessThan(id === 'adadelta' ? before - 1e-3 : before * 0.7);
      expect(opt.iterations).toBe(30);
    }
  });

  test('float32 variables stay float32 and dispose is a harmless no-op', () => {
    const w = variable(tensor([1, 2]), true, `opt_test_f32_${counter++}`);
    const opt = adam(0.1);
    opt.minimize(() => w.mul(w).sum());
    expect(w.dtype).toBe('float32');
    expectClose(w, [0.9, 1.9], 1e-5);
    opt.dispose();
  });
});
