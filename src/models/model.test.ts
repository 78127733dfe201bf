import { describe, expect, test } from 'vitest';
import '../index.js';
import { expectClose } from '../../test/helpers/grad-check.js';
import { ConfigError, ShapeError, ValueError } from '../core/errors.js';
import { setSeed } from '../core/random.js';
import { type CallKwargs, Dense, Layer, activation, dense, dropout, flatten, input } from '../layers/index.js';
import type { SymbolicTensor } from '../layers/symbolic.js';
import { add, notEqual, ones, randomNormal, tensor } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { LayersModel, Sequential, model, sequential } from './index.js';

const sym = (x: SymbolicTensor | SymbolicTensor[]): SymbolicTensor => x as SymbolicTensor;
const one = (x: Tensor | Tensor[]): Tensor => x as Tensor;

function lines(fn: (print: (l: string) => void) => void): string[] {
  const out: string[] = [];
  fn((l) => out.push(l));
  return out;
}

describe('Sequential', () => {
  test('add infers the input from the first layer and predict runs the stack', () => {
    const m = sequential();
    m.add(dense({ units: 2, inputShape: [3], weights: [ones([3, 2]), tensor([0, 1])] }));
    m.add(activation({ activation: 'relu' }));
    expect(m.layers.map((l) => l.getClassName())).toEqual(['Dense', 'Activation']);
    expect(m.inputs[0]?.shape).toEqual([null, 3]);
    expect(m.outputs[0]?.shape).toEqual([null, 2]);
    expect(one(m.predict(tensor([[1, 2, 3], [-1, -1, -1]]))).arraySync()).toEqual([[6, 7], [0, 0]]);
  });

  test('the first layer must have an input shape, and the error says how to fix it', () => {
    const m = sequential();
    expect(() => m.add(dense({ units: 2 }))).toThrow(ConfigError);
    expect(() => m.add(dense({ units: 2 }))).toThrow(/must get an inputShape or batchInputShape.*inputShape: \[784\]/);
  });

  test('pop removes the last layer', () => {
    const m = sequential({ layers: [dense({ units: 4, inputShape: [2] }), dense({ units: 3 })] });
    m.pop();
    expect(m.layers).toHaveLength(1);
    expect(m.outputs[0]?.shape).toEqual([null, 4]);
    expect(one(m.predict(ones([5, 2]))).shape).toEqual([5, 4]);
  });

  test('predict names the expected and received shapes and the fix', () => {
    const m = sequential({ layers: [dense({ units: 1, inputShape: [4] })] });
    expect(() => m.predict(ones([3, 5]))).toThrow(ShapeError);
    expect(() => m.predict(ones([3, 5]))).toThrow(
      /predict: expected input '.*' to have shape \[null,4\] \(batch first\), received shape \[3,5\]\. Reshape the data to \[batch, 4\], or build the model with inputShape \[5\]/,
    );
  });

  test('inputs are cast to the declared input dtype', () => {
    const m = sequential({ layers: [dense({ units: 1, inputShape: [2], weights: [ones([2, 1]), tensor([0])] })] });
    const y = one(m.predict(tensor([[1, 2]], [1, 2], 'int32')));
    expect(y.dtype).toBe('float32');
    expect(y.arraySync()).toEqual([[3]]);
  });

  test('predict batches large inputs and matches predictOnBatch', () => {
    setSeed(1);
    const m = sequential({ layers: [dense({ units: 3, inputShape: [2], activation: 'tanh' })] });
    const x = randomNormal([70, 2]);
    const a = one(m.predict(x, { batchSize: 16 }));
    expectClose(a, one(m.predictOnBatch(x)), 1e-6);
  });

  test('summary prints the Keras table', () => {
    const m = sequential({ name: 'seq', layers: [dense({ units: 10, inputShape: [4], name: 'd1' }), dense({ units: 1, name: 'd2' })] });
    expect(lines((p) => m.summary(undefined, undefined, p))).toEqual([
      'Model: "seq"',
      '_________________________________________________________________',
      'Layer (type)                 Output Shape              Param #   ',
      '=================================================================',
      'd1 (Dense)                   (None, 10)                50        ',
      '_________________________________________________________________',
      'd2 (Dense)                   (None, 1)                 11        ',
      '=================================================================',
      'Total params: 61',
      'Trainable params: 61',
      'Non-trainable params: 0',
      '_________________________________________________________________',
    ]);
  });

  test('summary uses thousands separators and counts frozen weights as non-trainable', () => {
    const m = sequential({ layers: [flatten({ inputShape: [28, 28] }), dense({ units: 128 }), dense({ units: 10 })] });
    m.layers[1]!.trainable = false;
    const out = lines((p) => m.summary(undefined, undefined, p));
    expect(out).toContain('Total params: 101,770');
    expect(out).toContain('Trainable params: 1,290');
    expect(out).toContain('Non-trainable params: 100,480');
  });

  test('getConfig / fromConfig round trip', () => {
    const m = sequential({ name: 'rt', layers: [dense({ units: 3, inputShape: [2], activation: 'relu' }), dropout({ rate: 0.1 }), dense({ units: 1 })] });
    const config = JSON.parse(JSON.stringify(m.getConfig())) as Record<string, unknown>;
    expect(config.name).toBe('rt');
    const layers = config.layers as { className: string; config: Record<string, unknown> }[];
    expect(layers.map((l) => l.className)).toEqual(['Dense', 'Dropout', 'Dense']);
    expect(layers[0]?.config.batchInputShape).toEqual([null, 2]);
    const copy = Sequential.fromConfig(config);
    copy.setWeights(m.getWeights());
    const x = tensor([[0.5, -1], [2, 3]]);
    expectClose(one(copy.predict(x)), one(m.predict(x)), 1e-6);
  });
});

describe('functional models', () => {
  test('multi-input, multi-output graph executes in topological order', () => {
    const a = input({ shape: [2], name: 'in_a' });
    const b = input({ shape: [2], name: 'in_b' });
    const da = new Dense({ units: 2, name: 'da', weights: [tensor([[1, 0], [0, 1]]), tensor([0, 0])] });
    const h = da.apply(a);
    const out1 = new Dense({ units: 1, name: 'out1', weights: [tensor([[1], [1]]), tensor([0])] }).apply(h);
    const out2 = activation({ activation: 'relu', name: 'out2' }).apply(b);
    const m = model({ inputs: [a, b], outputs: [sym(out1), sym(out2)] });
    expect(m.inputNames).toEqual(['in_a', 'in_b']);
    expect(m.outputNames).toEqual(['out1', 'out2']);
    const [y1, y2] = m.predict([tensor([[1, 2]]), tensor([[-1, 3]])]) as Tensor[];
    expect(y1?.arraySync()).toEqual([[3]]);
    expect(y2?.arraySync()).toEqual([[0, 3]]);
    // Inputs may also be given by name.
    const [z1] = m.predict({ in_a: tensor([[1, 1]]), in_b: tensor([[0, 0]]) }) as Tensor[];
    expect(z1?.arraySync()).toEqual([[2]]);
  });

  test('a shared layer applied twice uses the same weights', () => {
    const shared = dense({ units: 3, name: 'shared' });
    const a = input({ shape: [4] });
    const b = input({ shape: [4] });
    const m = model({ inputs: [a, b], outputs: [sym(shared.apply(a)), sym(shared.apply(b))] });
    expect(m.weights).toHaveLength(2);
    const x = tensor([[1, 2, 3, 4]]);
    const [ya, yb] = m.predict([x, x]) as Tensor[];
    expectClose(ya as Tensor, yb as Tensor, 0);
  });

  test('functional summary has the Connected to column', () => {
    const a = input({ shape: [4], name: 'x' });
    const h1 = dense({ units: 2, name: 'left' }).apply(a);
    const h2 = dense({ units: 2, name: 'right' }).apply(a);
    const m = model({ inputs: a, outputs: [sym(h1), sym(h2)], name: 'fork' });
    expect(lines((p) => m.summary(undefined, undefined, p))).toEqual([
      'Model: "fork"',
      '_'.repeat(98),
      'Layer (type)                    Output Shape         Param #     Connected to                     ',
      '='.repeat(98),
      'x (InputLayer)                  [(None, 4)]          0                                            ',
      '_'.repeat(98),
      'left (Dense)                    (None, 2)            10          x[0][0]                          ',
      '_'.repeat(98),
      'right (Dense)                   (None, 2)            10          x[0][0]                          ',
      '='.repeat(98),
      'Total params: 20',
      'Trainable params: 20',
      'Non-trainable params: 0',
      '_'.repeat(98),
    ]);
  });

  test('functional getConfig has TF.js topology and fromConfig rebuilds shared layers', () => {
    const a = input({ shape: [3], name: 'fa' });
    const b = input({ shape: [3], name: 'fb' });
    const shared = dense({ units: 2, name: 'fs' });
    const merged = new Dense({ units: 1, name: 'fo' }).apply(sym(shared.apply(a)));
    const m = model({ inputs: [a, b], outputs: [sym(merged), sym(shared.apply(b))], name: 'topo' });
    const config = JSON.parse(JSON.stringify(m.getConfig())) as Record<string, unknown>;
    expect(config.inputLayers).toEqual([['fa', 0, 0], ['fb', 0, 0]]);
    expect(config.outputLayers).toEqual([['fo', 0, 0], ['fs', 1, 0]]);
    const fs = (config.layers as { name: string; inboundNodes: unknown }[]).find((l) => l.name === 'fs');
    expect(fs?.inboundNodes).toEqual([[['fa', 0, 0, {}]], [['fb', 0, 0, {}]]]);
    const copy = LayersModel.fromConfig(config);
    copy.setWeights(m.getWeights());
    const x = [tensor([[1, 2, 3]]), tensor([[0, -1, 2]])];
    const want = m.predict(x) as Tensor[];
    const got = copy.predict(x) as Tensor[];
    want.forEach((w, i) => expectClose(got[i] as Tensor, w, 1e-6));
  });

  test('models nest: a model applied as a layer', () => {
    const inner = sequential({ layers: [dense({ units: 2, inputShape: [3], weights: [ones([3, 2]), tensor([0, 0])] })] });
    const x = input({ shape: [3] });
    const outer = model({ inputs: x, outputs: sym(inner.apply(x)) });
    expect(outer.weights).toHaveLength(2);
    expect(one(outer.predict(tensor([[1, 1, 1]]))).arraySync()).toEqual([[3, 3]]);
  });

  test('graph errors: disconnected inputs and duplicate names', () => {
    const a = input({ shape: [2] });
    const b = input({ shape: [2] });
    const y = dense({ units: 1 }).apply(b);
    expect(() => model({ inputs: a, outputs: sym(y) })).toThrow(/graph disconnected/);
    const c = input({ shape: [2] });
    const y1 = dense({ units: 1, name: 'dup' }).apply(c);
    const y2 = dense({ units: 1, name: 'dup' }).apply(c);
    expect(() => model({ inputs: c, outputs: [sym(y1), sym(y2)] })).toThrow(/two different layers are named 'dup'/);
  });

  test('getLayer by name and index', () => {
    const m = sequential({ layers: [dense({ units: 2, inputShape: [2], name: 'first' }), dense({ units: 1, name: 'second' })] });
    expect(m.getLayer('second').name).toBe('second');
    expect(m.getLayer(0).name).toBe('first');
    expect(() => m.getLayer('nope')).toThrow(ValueError);
    expect(() => m.getLayer('nope')).toThrow(/no layer named 'nope'. Layers: first, second/);
  });

  test('masks computed by a layer reach the next layers; layers without masking support reject them', () => {
    class MaskMaker extends Layer {
      static override className = 'MaskMaker';
      override computeMask(inputs: Tensor | Tensor[]): Tensor {
        return notEqual(inputs as Tensor, 0);
      }
    }
    const seen: unknown[] = [];
    class MaskReader extends Layer {
      static override className = 'MaskReader';
      override supportsMasking = true;
      override call(x: Tensor | Tensor[], kwargs: CallKwargs): Tensor | Tensor[] {
        seen.push((kwargs.mask as Tensor | undefined)?.arraySync());
        return x;
      }
    }
    const x = input({ shape: [3] });
    const m = model({ inputs: x, outputs: sym(new MaskReader().apply(sym(new MaskReader().apply(sym(new MaskMaker().apply(x)))))) });
    m.predict(tensor([[1, 0, 2]]));
    expect(seen).toEqual([[[true, false, true].map(Number)], [[1, 0, 1]]]);
    const bad = model({ inputs: x, outputs: sym(flatten().apply(sym(new MaskMaker().apply(x)))) });
    expect(() => bad.predict(tensor([[1, 0, 2]]))).toThrow(/flatten.*\(Flatten\): received an input mask but does not support masking/);
  });

  test('eager apply of a model matches predict', () => {
    const m = sequential({ layers: [dense({ units: 2, inputShape: [2] })] });
    const x = tensor([[1, 2]]);
    expectClose(one(m.apply(x)), one(m.predict(x)), 0);
    expectClose(one(m.apply(add(x, 0))), one(m.predict(x)), 0);
  });
});
