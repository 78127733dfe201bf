// The layer harness: output shapes (eager and symbolic), weight count, config round trip (JSON-safe, through the
// registry, same outputs with the same weights), a save/load round trip (config and weights through JSON text,
// outputs equal after the reload), gradients vs central finite differences in float64 (every float input and every
// trainable weight), one optimizer step lowering a loss, and for seeded random layers a training-mode check.
//
//   layerCase('dense', (o) => dense({ units: 3, ...o }), [2, 4], { expectedOutputShape: [2, 3], expectedWeightCount: 2 });
//   layerCase('add', (o) => add(o), [[2, 3], [2, 3]]);                   // a list of shapes: a multi-input layer
//
// The factory receives overrides (`{ dtype }`) it must spread into the layer config. `layerCase` registers one
// test and records the class of the layer its factory builds; test/layers/harness.test.ts fails for any layer
// class exported from `tf.layers` that no case builds.
import { expect, test } from 'vitest';
import type { DataType } from '../../src/core/dtype.js';
import { type Layer, type SerializedLayer, deserializeLayer, input } from '../../src/layers/index.js';
import type { SymbolicTensor } from '../../src/layers/symbolic.js';
import { add, mean, mul, square, sub, sum, tensor, valueAndGrads, variableGrads } from '../../src/ops/index.js';
import { sgd } from '../../src/optimizers/index.js';
import type { Tensor, Variable } from '../../src/tensor/tensor.js';
import { expectClose, randn } from '../helpers/grad-check.js';

/** One input shape (batch first), or one per input of a multi-input layer. */
export type InputShapes = number[] | number[][];

/** Options of `checkLayer`. A `skip…` option names the reason the check does not apply. */
export interface CheckLayerOptions {
  /** Shape of the output, or of each output of a multi-output layer. */
  expectedOutputShape?: number[] | number[][];
  expectedWeightCount?: number;
  /** Run the layer in training mode for the gradient check (default false). */
  training?: boolean;
  /** Why the finite-difference check is skipped (non-differentiable layers). */
  skipGrad?: string;
  /** Why the optimizer-step check is skipped (layers without trainable weights skip it automatically). */
  skipTrainStep?: string;
  /** Indices of the inputs that are not differentiated (e.g. integer ids); float64 inputs are by default. */
  constantInputs?: number[];
  /**
   * Seeded random layers: a layer rebuilt from the config repeats the training-mode output of the original (the
   * seed round-trips), and that output differs from the inference-mode one (the training path acts).
   */
  seededTraining?: boolean;
  /** Weights the layer uses but does not own (a tied table): differentiated and trained like its own. */
  tiedWeights?: (layer: Layer) => Variable[];
  /** Rebuilds a layer from `{className, config}`; for layers that need objects a config cannot hold. */
  deserialize?: (serialized: SerializedLayer, original: Layer) => Layer;
  /** Input values: default standard normals; give a function for layers needing e.g. integer ids. */
  makeInput?: (shape: number[], dtype: DataType, index: number) => Tensor;
  /** Finite-difference tolerance (default 1e-5). */
  tol?: number;
  seed?: number;
}

/** Options a layer factory receives; spread them into the layer config. */
export interface LayerOverrides {
  dtype: DataType;
}

/** Makes the layer under test. */
export type LayerFactory = (o: LayerOverrides) => Layer;

/** The class of a layer, as the coverage test compares it with the classes `tf.layers` exports. */
export type LayerCtor = abstract new (...args: never[]) => Layer;

/** Classes some case's factory builds, with the titles of those cases (filled when the cases register). */
export const registered = new Map<LayerCtor, string[]>();
/** Classes whose case ran every check without failing (filled as the cases run). */
export const passed = new Set<LayerCtor>();

function ctorOf(layer: Layer): LayerCtor {
  return layer.constructor as LayerCtor;
}

/** Registers one harness test; the class its factory builds counts as covered. */
export function layerCase(title: string, factory: LayerFactory, inputShape: InputShapes, opts: CheckLayerOptions = {}): void {
  const cls = ctorOf(factory({ dtype: 'float32' }));
  registered.set(cls, [...(registered.get(cls) ?? []), title]);
  test(title, () => {
    expect(checkLayer(factory, inputShape, opts), 'class of the layer under test').toBe(cls);
    passed.add(cls);
  });
}

const isMulti = (s: InputShapes): s is number[][] => Array.isArray(s[0]);
const list = (out: Tensor | Tensor[]): Tensor[] => (Array.isArray(out) ? out : [out]);
const symList = (out: SymbolicTensor | SymbolicTensor[]): SymbolicTensor[] => (Array.isArray(out) ? out : [out]);

/** Runs every harness check on the layer made by `factory` for inputs of `inputShape` (batch first); returns its class. */
export function checkLayer(factory: LayerFactory, inputShape: InputShapes, opts: CheckLayerOptions = {}): LayerCtor {
  const seed = opts.seed ?? 1;
  const multi = isMulti(inputShape);
  const shapes = multi ? inputShape : [inputShape];
  const make = opts.makeInput ?? ((shape: number[], dtype: DataType, i: number) => randn(shape, { seed: seed + 13 * i, dtype: dtype === 'float64' ? 'float64' : 'float32' }));
  const xs = shapes.map((s, i) => make(s, 'float32', i));
  const arg = (ts: Tensor[]): Tensor | Tensor[] => (multi ? ts : (ts[0] as Tensor));

  // 1. Eager output shape(s) and weight count.
  const layer = factory({ dtype: 'float32' });
  const ys = list(layer.apply(arg(xs)));
  if (opts.expectedOutputShape) {
    const want = isMulti(opts.expectedOutputShape) ? opts.expectedOutputShape : [opts.expectedOutputShape];
    expect(ys.map((y) => y.shape), 'output shape').toEqual(want);
  }
  if (opts.expectedWeightCount !== undefined) expect(layer.weights.length, 'weight count').toBe(opts.expectedWeightCount);

  // 2. Symbolic output shapes agree with the eager ones (batch dimension unknown).
  const symIn = shapes.map((s) => input({ shape: s.slice(1) }));
  const sym = symList(factory({ dtype: 'float32' }).apply(multi ? symIn : (symIn[0] as SymbolicTensor)));
  expect(sym.map((s) => s.shape), 'symbolic output shapes').toEqual(ys.map((y) => [null, ...y.shape.slice(1)]));

  const rebuild = (s: SerializedLayer): Layer => (opts.deserialize ? opts.deserialize(s, layer) : deserializeLayer(s));
  checkConfigRoundTrip(layer, rebuild, arg(xs), ys);
  checkSaveLoad(layer, rebuild, arg(xs), ys);
  if (opts.seededTraining) checkSeededTraining(layer, rebuild, arg(xs), ys);

  // 4. Gradients w.r.t. the float inputs and every trainable weight vs central differences, in float64.
  if (opts.skipGrad === undefined) checkGradients(factory, shapes.map((s, i) => make(s, 'float64', i)), multi, opts);

  // 5. One optimizer step lowers a squared-error loss.
  const trained = [...layer.trainableWeights, ...(opts.tiedWeights?.(layer) ?? [])];
  if (opts.skipTrainStep === undefined && trained.length > 0) {
    const targets = ys.map((y, k) => randn(y.shape, { seed: seed + 7 + k, dtype: 'float32' }));
    const loss = (): Tensor =>
      list(layer.apply(arg(xs), { training: false }))
        .map((y, k) => mean(square(sub(y, targets[k] as Tensor))))
        .reduce((a, b) => add(a, b));
    const before = loss().values[0] as number;
    sgd(0.01).minimize(loss, false, trained);
    expect(loss().values[0] as number, 'loss after one SGD step').toBeLessThan(before);
  }
  return ctorOf(layer);
}

const plain = (layer: Layer): Record<string, unknown> => JSON.parse(JSON.stringify(layer.getConfig())) as Record<string, unknown>;

/** 3. Config round trip: JSON-safe, through the registry, same outputs with the same weights. */
function checkConfigRoundTrip(layer: Layer, rebuild: (s: SerializedLayer) => Layer, x: Tensor | Tensor[], ys: Tensor[]): void {
  const config = plain(layer);
  const clone = rebuild({ className: layer.getClassName(), config: { ...config, name: `${layer.name}_clone` } });
  expect(clone.getClassName()).toBe(layer.getClassName());
  expect(ctorOf(clone), 'class of the deserialized layer').toBe(ctorOf(layer));
  expectSameOutputs(clone, layer.getWeights(), x, ys);
  const { name: _a, ...c1 } = config;
  const { name: _b, ...c2 } = plain(clone);
  expect(c2, 'config after round trip').toEqual(c1);
}

/**
 * 3b. Save/load round trip: class name, config and weights through JSON text (what a saved model holds), loaded
 * into a fresh layer; the outputs must be equal after the reload.
 */
function checkSaveLoad(layer: Layer, rebuild: (s: SerializedLayer) => Layer, x: Tensor | Tensor[], ys: Tensor[]): void {
  const saved = JSON.stringify({
    className: layer.getClassName(),
    config: layer.getConfig(),
    weights: layer.getWeights().map((w) => ({ shape: w.shape, dtype: w.dtype, values: Array.from(w.values, Number) })),
  });
  const loaded = JSON.parse(saved) as { className: string; config: Record<string, unknown>; weights: { shape: number[]; dtype: DataType; values: number[] }[] };
  const reloaded = rebuild({ className: loaded.className, config: { ...loaded.config, name: `${layer.name}_reloaded` } });
  expectSameOutputs(reloaded, loaded.weights.map((w) => tensor(w.values, w.shape, w.dtype)), x, ys);
  expect(reloaded.getWeights().length, 'weights after reload').toBe(layer.getWeights().length);
}

/** Builds `copy` on x, gives it `weights` and checks it reproduces the original's outputs `ys`. */
function expectSameOutputs(copy: Layer, weights: Tensor[], x: Tensor | Tensor[], ys: Tensor[]): void {
  copy.apply(x);
  copy.setWeights(weights);
  list(copy.apply(x)).forEach((y, k) => expectClose(y, ys[k] as Tensor, 1e-6));
}

/** 3c. A seeded random layer rebuilt from its config repeats the original's first training-mode output. */
function checkSeededTraining(layer: Layer, rebuild: (s: SerializedLayer) => Layer, x: Tensor | Tensor[], ys: Tensor[]): void {
  const config = plain(layer);
  expect(config.seed, 'seededTraining needs a layer with a seed in its config').toEqual(expect.any(Number));
  const fresh = (suffix: string): Layer => rebuild({ className: layer.getClassName(), config: { ...config, name: `${layer.name}_${suffix}` } });
  const a = list(fresh('train_a').apply(x, { training: true }));
  const b = list(fresh('train_b').apply(x, { training: true }));
  a.forEach((y, k) => expectClose(y, b[k] as Tensor, 1e-6));
  const changed = a.some((y, k) => Array.from(y.values).some((v, i) => Math.abs(v - ((ys[k] as Tensor).values[i] as number)) > 1e-4));
  expect(changed, 'training-mode output differs from the inference-mode one').toBe(true);
}

function checkGradients(factory: LayerFactory, xs: Tensor[], multi: boolean, opts: CheckLayerOptions): void {
  const layer = factory({ dtype: 'float64' });
  const kwargs = { training: opts.training ?? false };
  const run = (ts: Tensor[]): Tensor[] => list(layer.apply(multi ? ts : (ts[0] as Tensor), kwargs));
  const projs = run(xs).map((y, k) => randn(y.shape, { seed: 99 + k, dtype: 'float64' }));
  const f = (ts: Tensor[]): Tensor => run(ts).map((y, k) => sum(mul(y, projs[k] as Tensor))).reduce((a, b) => add(a, b));
  const eps = 1e-6;
  const tol = opts.tol ?? 1e-5;
  const scalarOf = (t: Tensor): number => t.values[0] as number;
  const numeric = (values: Tensor['values'], size: number): Float64Array => {
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      const v = values[i] as number;
      values[i] = v + eps;
      const plus = scalarOf(f(xs));
      values[i] = v - eps;
      const minus = scalarOf(f(xs));
      values[i] = v;
      out[i] = (plus - minus) / (2 * eps);
    }
    return out;
  };

  const wrt = xs.map((x, i) => i).filter((i) => (xs[i] as Tensor).dtype === 'float64' && !(opts.constantInputs ?? []).includes(i));
  if (wrt.length > 0) {
    const withInputs = (...ds: Tensor[]): Tensor => f(xs.map((x, i) => (wrt.includes(i) ? (ds[wrt.indexOf(i)] as Tensor) : x)));
    const { grads } = valueAndGrads(withInputs)(wrt.map((i) => xs[i] as Tensor));
    wrt.forEach((i, j) => {
      const x = xs[i] as Tensor;
      expectClose(grads[j] as Tensor, numeric(x.values, x.size), tol);
    });
  }

  const vars = [...layer.trainableWeights, ...(opts.tiedWeights?.(layer) ?? [])];
  if (vars.length === 0) return;
  const { grads } = variableGrads(() => f(xs), vars);
  for (const w of vars) {
    const g = grads[w.name];
    expect(g, `gradient of ${w.name}`).toBeDefined();
    expectClose(g as Tensor, numeric(w.values, w.size), tol);
  }
}
