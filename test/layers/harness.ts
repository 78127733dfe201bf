// A reusable layer test harness: output shape (eager and symbolic), weight count, config round trip (JSON-safe,
// through the registry, same outputs with the same weights), gradients vs central finite differences in float64
// (input and every trainable weight), a save/load round trip (config and weights through JSON text, outputs equal
// after the reload), and one optimizer step lowering a loss.
//
//   checkLayer((o) => dense({ units: 3, ...o }), [2, 4], { expectedOutputShape: [2, 3], expectedWeightCount: 2 });
//
// The factory receives overrides (`{ dtype }`) it must spread into the layer config.
import { expect } from 'vitest';
import type { DataType } from '../src/core/dtype.js';
import { type Layer, deserializeLayer, input } from '../src/layers/index.js';
import { mean, mul, square, sub, sum, tensor, valueAndGrad, variableGrads } from '../src/ops/index.js';
import { sgd } from '../src/optimizers/index.js';
import type { Tensor } from '../src/tensor/tensor.js';
import { expectClose, randn } from './helpers/grad-check.js';

/** Options of `checkLayer`. */
export interface CheckLayerOptions {
  expectedOutputShape?: number[];
  expectedWeightCount?: number;
  /** Run the layer in training mode for the gradient check (default false). */
  training?: boolean;
  /** Skip the finite-difference check (non-differentiable layers). */
  skipGrad?: boolean;
  /** Skip the optimizer-step check (layers without trainable weights skip it automatically). */
  skipTrainStep?: boolean;
  /** Input values: default standard normals; give a function for layers needing e.g. integer ids. */
  makeInput?: (shape: number[], dtype: DataType) => Tensor;
  /** Finite-difference tolerance (default 1e-5). */
  tol?: number;
  seed?: number;
}

/** Options a layer factory receives; spread them into the layer config. */
export interface LayerOverrides {
  dtype: DataType;
}

function asTensor(out: Tensor | Tensor[]): Tensor {
  if (Array.isArray(out)) throw new Error('checkLayer: expected a single-output layer');
  return out;
}

/** Runs every harness check on the layer made by `factory` for inputs of `inputShape` (batch first). */
export function checkLayer(factory: (o: LayerOverrides) => Layer, inputShape: number[], opts: CheckLayerOptions = {}): void {
  const seed = opts.seed ?? 1;
  const make = opts.makeInput ?? ((shape: number[], dtype: DataType) => randn(shape, { seed, dtype: dtype === 'float64' ? 'float64' : 'float32' }));
  const x = make(inputShape, 'float32');

  // 1. Eager output shape and weight count.
  const layer = factory({ dtype: 'float32' });
  const y = asTensor(layer.apply(x));
  if (opts.expectedOutputShape) expect(y.shape, 'output shape').toEqual(opts.expectedOutputShape);
  if (opts.expectedWeightCount !== undefined) expect(layer.weights.length, 'weight count').toBe(opts.expectedWeightCount);

  // 2. Symbolic output shape agrees with the eager one (batch dimension unknown).
  const sym = factory({ dtype: 'float32' }).apply(input({ shape: inputShape.slice(1) }));
  if (Array.isArray(sym)) throw new Error('checkLayer: expected a single symbolic output');
  expect(sym.shape, 'symbolic output shape').toEqual([null, ...y.shape.slice(1)]);

  // 3. Config round trip: JSON-safe, through the registry, same outputs with the same weights.
  const config = JSON.parse(JSON.stringify(layer.getConfig())) as Record<string, unknown>;
  const clone = deserializeLayer({ className: layer.getClassName(), config: { ...config, name: `${layer.name}_clone` } });
  expect(clone.getClassName()).toBe(layer.getClassName());
  clone.apply(x);
  clone.setWeights(layer.getWeights());
  expectClose(asTensor(clone.apply(x)), y, 1e-6);
  const { name: _a, ...c1 } = config;
  const { name: _b, ...c2 } = JSON.parse(JSON.stringify(clone.getConfig())) as Record<string, unknown>;
  expect(c2, 'config after round trip').toEqual(c1);

  // 3b. Save/load round trip: class name, config and weights through JSON text (what a saved model holds), loaded
  // into a fresh layer; the outputs must be equal after the reload.
  const saved = JSON.stringify({
    className: layer.getClassName(),
    config: layer.getConfig(),
    weights: layer.getWeights().map((w) => ({ shape: w.shape, dtype: w.dtype, values: Array.from(w.values, Number) })),
  });
  const loaded = JSON.parse(saved) as { className: string; config: Record<string, unknown>; weights: { shape: number[]; dtype: DataType; values: number[] }[] };
  const reloaded = deserializeLayer({ className: loaded.className, config: { ...loaded.config, name: `${layer.name}_reloaded` } });
  reloaded.apply(x);
  reloaded.setWeights(loaded.weights.map((w) => tensor(w.values, w.shape, w.dtype)));
  expect(reloaded.getWeights().length, 'weights after reload').toBe(layer.getWeights().length);
  expectClose(asTensor(reloaded.apply(x)), y, 1e-6);

  // 4. Gradients w.r.t. the input and every trainable weight vs central differences, in float64.
  if (!opts.skipGrad) checkGradients(factory, make(inputShape, 'float64'), opts);

  // 5. One optimizer step lowers a squared-error loss.
  if (!opts.skipTrainStep && layer.trainableWeights.length > 0) {
    const target = randn(y.shape, { seed: seed + 7, dtype: 'float32' });
    const loss = (): Tensor => mean(square(sub(asTensor(layer.apply(x, { training: false })), target)));
    const before = loss().values[0] as number;
    sgd(0.01).minimize(loss, false, layer.trainableWeights);
    expect(loss().values[0] as number, 'loss after one SGD step').toBeLessThan(before);
  }
}

function checkGradients(factory: (o: LayerOverrides) => Layer, x: Tensor, opts: CheckLayerOptions): void {
  const layer = factory({ dtype: 'float64' });
  const kwargs = { training: opts.training ?? false };
  const out0 = asTensor(layer.apply(x, kwargs));
  const proj = randn(out0.shape, { seed: 99, dtype: 'float64' });
  const f = (inp: Tensor): Tensor => sum(mul(asTensor(layer.apply(inp, kwargs)), proj));
  const eps = 1e-6;
  const tol = opts.tol ?? 1e-5;
  const scalarOf = (t: Tensor): number => t.values[0] as number;

  if (x.dtype === 'float64') {
    const analytic = valueAndGrad(f)(x).grad;
    const numeric = new Float64Array(x.size);
    for (let i = 0; i < x.size; i++) {
      const v = x.values[i] as number;
      x.values[i] = v + eps;
      const plus = scalarOf(f(x));
      x.values[i] = v - eps;
      const minus = scalarOf(f(x));
      x.values[i] = v;
      numeric[i] = (plus - minus) / (2 * eps);
    }
    expectClose(analytic.values, numeric, tol);
  }

  const vars = layer.trainableWeights;
  if (vars.length === 0) return;
  const { grads } = variableGrads(() => f(x), vars);
  for (const w of vars) {
    const g = grads[w.name];
    expect(g, `gradient of ${w.name}`).toBeDefined();
    const numeric = new Float64Array(w.size);
    for (let i = 0; i < w.size; i++) {
      const v = w.values[i] as number;
      w.values[i] = v + eps;
      const plus = scalarOf(f(x));
      w.values[i] = v - eps;
      const minus = scalarOf(f(x));
      w.values[i] = v;
      numeric[i] = (plus - minus) / (2 * eps);
    }
    expectClose((g as Tensor).values, numeric, tol);
  }
}
