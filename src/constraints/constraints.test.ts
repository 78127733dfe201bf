import { describe, expect, test } from 'vitest';
import * as tf from '../index.js';
import { ConfigError } from '../core/errors.js';
import { expectClose } from '../../test/helpers/grad-check.js';
import { getConstraint, maxNorm, minMaxNorm, nonNeg, serializeConstraint, unitNorm } from './index.js';

// Column norms of [[3, 0], [4, 0.5]] over axis 0 are 5 and 0.5.
const w = tf.tensor([3, 0, 4, 0.5], [2, 2], 'float64');
const EPS = 1e-7;

/** L2 norm of each column of a [rows, cols] tensor. */
function columnNorms(t: tf.Tensor): number[] {
  const [rows, cols] = t.shape as [number, number];
  const out: number[] = [];
  for (let j = 0; j < cols; j++) {
    let s = 0;
    for (let i = 0; i < rows; i++) s += (t.values[i * cols + j] as number) ** 2;
    out.push(Math.sqrt(s));
  }
  return out;
}

describe('constraints (Keras formulas, hand-computed values)', () => {
  test('maxNorm rescales only the slices above maxValue', () => {
    // Column 0: 5 > 2 -> scaled by 2 / (5 + eps); column 1: 0.5 -> 0.5 / (0.5 + eps), i.e. unchanged.
    const s0 = 2 / (5 + EPS), s1 = 0.5 / (0.5 + EPS);
    expectClose(maxNorm({ maxValue: 2 }).apply(w), tf.tensor([3 * s0, 0, 4 * s0, 0.5 * s1], [2, 2], 'float64'), 1e-12);
    // axis 1: row norms 3 and sqrt(16.25) = 4.031 -> both rescaled to 2.
    const r0 = 2 / (3 + EPS), r1 = 2 / (Math.sqrt(16.25) + EPS);
    expectClose(maxNorm({ maxValue: 2, axis: 1 }).apply(w), tf.tensor([3 * r0, 0, 4 * r1, 0.5 * r1], [2, 2], 'float64'), 1e-12);
    // Every axis at once (a conv kernel's [0, 1, 2] works the same way): the global norm sqrt(25.25).
    const g = 2 / (Math.sqrt(25.25) + EPS);
    expectClose(maxNorm({ maxValue: 2, axis: [0, 1] }).apply(w), tf.tensor([3 * g, 0, 4 * g, 0.5 * g], [2, 2], 'float64'), 1e-12);
  });

  test('unitNorm, nonNeg and minMaxNorm', () => {
    expectClose(unitNorm().apply(w), tf.tensor([3 / (5 + EPS), 0, 4 / (5 + EPS), 0.5 / (0.5 + EPS)], [2, 2], 'float64'), 1e-12);
    const v = nonNeg().apply(tf.tensor([-1, 0, 2, Number.NaN, -Infinity], [5])).values;
    expect(Array.from(v.slice(0, 3))).toEqual([-0, 0, 2]);
    expect(Number.isNaN(v[3])).toBe(true); // NaN * 0 stays NaN, as in Keras
    expect(Number.isNaN(v[4])).toBe(true); // -Inf * 0 is NaN in Keras too
    // Column norms 5 and 0.5 into [1, 2] at rate 0.5: desired 0.5 * 2 + 0.5 * 5 = 3.5 and 0.5 * 1 + 0.5 * 0.5 = 0.75.
    const a = 3.5 / (5 + EPS), b = 0.75 / (0.5 + EPS);
    expectClose(minMaxNorm({ minValue: 1, maxValue: 2, rate: 0.5 }).apply(w), tf.tensor([3 * a, 0, 4 * a, 0.5 * b], [2, 2], 'float64'), 1e-12);
  });

  test('getConstraint: ids, Keras snake_case configs, instances and errors', () => {
    expect(getConstraint(null)).toBeNull();
    expect(getConstraint(undefined)).toBeNull();
    expect(getConstraint('maxNorm')?.getConfig()).toEqual({ maxValue: 2, axis: 0 });
    expect(getConstraint('max_norm')?.className).toBe('MaxNorm');
    expect(getConstraint('non_neg')?.className).toBe('NonNeg');
    expect(getConstraint('unit_norm')?.getConfig()).toEqual({ axis: 0 });
    expect(getConstraint('MinMaxNorm')?.getConfig()).toEqual({ minValue: 0, maxValue: 1, rate: 1, axis: 0 });
    // A Keras file's config (snake_case keys, as in .keras and model.json).
    expect(getConstraint({ className: 'MaxNorm', config: { max_value: 3, axis: [0, 1, 2] } })?.getConfig()).toEqual({ maxValue: 3, axis: [0, 1, 2] });
    const c = maxNorm({ maxValue: 1.5 });
    expect(getConstraint(c)).toBe(c);
    const spec = JSON.parse(JSON.stringify(serializeConstraint(c))) as { className: string; config: Record<string, unknown> };
    expect(spec).toEqual({ className: 'MaxNorm', config: { maxValue: 1.5, axis: 0 } });
    expectClose(getConstraint(spec)!.apply(w), c.apply(w), 0);
    expect(() => getConstraint('maxnorms')).toThrow(ConfigError);
    expect(() => getConstraint('maxnorms')).toThrow(/unknown constraint "maxnorms". Expected 'maxNorm', 'unitNorm', 'nonNeg'/);
    expect(() => maxNorm({ axis: 0.5 })).toThrow(/MaxNorm: axis must be an integer or a non-empty array of integers, received 0.5/);
    expect(() => minMaxNorm({ minValue: 2, maxValue: 1 })).toThrow(/minValue \(2\) must not exceed maxValue \(1\)/);
  });
});

describe('constraints in training', () => {
  // A linear target whose weights (column norms about 5) and bias (-3) lie far outside the constraint sets.
  const x = tf.randomNormal([64, 6], 0, 1, 'float32', 1);
  const y = tf.add(tf.matMul(x, tf.randomNormal([6, 4], 0, 2, 'float32', 2)), -3);

  async function trained(args: Record<string, unknown>): Promise<tf.layers.Layer> {
    const layer = tf.layers.dense({ units: 4, inputShape: [6], kernelInitializer: 'ones', biasInitializer: { className: 'Constant', config: { value: -1 } }, ...args });
    const model = tf.sequential({ layers: [layer] });
    model.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
    await model.fit(x, y, { epochs: 5, batchSize: 16, verbose: 0 });
    return layer;
  }

  test('fit keeps a Dense kernel within maxNorm and its bias non-negative after every update', async () => {
    const free = await trained({});
    // Without constraints the kernel's columns and the bias end outside the sets, so the assertions below can fail.
    expect(Math.max(...columnNorms(free.getWeights()[0] as tf.Tensor))).toBeGreaterThan(1);
    expect(Math.min(...Array.from((free.getWeights()[1] as tf.Tensor).values))).toBeLessThan(0);
    const layer = await trained({ kernelConstraint: tf.constraints.maxNorm({ maxValue: 0.5 }), biasConstraint: 'nonNeg' });
    for (const n of columnNorms(layer.getWeights()[0] as tf.Tensor)) expect(n).toBeLessThanOrEqual(0.5 + 1e-6);
    for (const b of (layer.getWeights()[1] as tf.Tensor).values) expect(b).toBeGreaterThanOrEqual(0);
  });

  test('optimizer.minimize applies constraints too (custom training loops)', () => {
    const layer = tf.layers.dense({ units: 3, inputShape: [2], kernelConstraint: 'unitNorm', useBias: false });
    const model = tf.sequential({ layers: [layer] });
    const opt = tf.train.adam(0.1);
    const xs = tf.tensor([[1, 2], [3, -1]]);
    opt.minimize(() => tf.sum(tf.square(model.predict(xs) as tf.Tensor)));
    for (const n of columnNorms(layer.getWeights()[0] as tf.Tensor)) expect(n).toBeCloseTo(1, 5);
  });

  test('constraints survive getConfig/fromConfig and a save/load round trip', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ filters: 2, kernelSize: 2, inputShape: [4, 4, 1], kernelConstraint: tf.constraints.maxNorm({ maxValue: 1, axis: [0, 1, 2] }) }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2, biasConstraint: tf.constraints.minMaxNorm({ minValue: 0.1, maxValue: 0.2 }) }),
      ],
    });
    const conv = model.layers[0]!.getConfig();
    expect(conv['kernelConstraint']).toEqual({ className: 'MaxNorm', config: { maxValue: 1, axis: [0, 1, 2] } });
    let saved: tf.io.ModelArtifacts | null = null;
    await model.save(tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const text = JSON.stringify(saved!.modelTopology);
    expect(text).toContain('"kernel_constraint":{"class_name":"MaxNorm","config":{"max_value":1,"axis":[0,1,2]}}');
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    expect(loaded.layers[2]!.getConfig()['biasConstraint']).toEqual({ className: 'MinMaxNorm', config: { minValue: 0.1, maxValue: 0.2, rate: 1, axis: 0 } });
    loaded.compile({ optimizer: tf.train.sgd(1), loss: 'meanSquaredError' });
    await loaded.fit(tf.randomNormal([8, 4, 4, 1], 0, 1, 'float32', 3), tf.randomNormal([8, 2], 0, 10, 'float32', 4), { epochs: 1, batchSize: 8, verbose: 0 });
    const kernel = loaded.layers[0]!.getWeights()[0] as tf.Tensor;
    for (let f = 0; f < 2; f++) {
      let s = 0;
      for (let i = f; i < kernel.size; i += 2) s += (kernel.values[i] as number) ** 2;
      expect(Math.sqrt(s)).toBeLessThanOrEqual(1 + 1e-6);
    }
    const biasNorm = Math.hypot(...Array.from((loaded.layers[2]!.getWeights()[1] as tf.Tensor).values));
    expect(biasNorm).toBeGreaterThanOrEqual(0.1 - 1e-6);
    expect(biasNorm).toBeLessThanOrEqual(0.2 + 1e-6);
  });
});
