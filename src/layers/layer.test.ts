import { describe, expect, test } from 'vitest';
import '../index.js';
import { ConfigError, ShapeError, ValueError } from '../core/errors.js';
import { ones, tensor, zeros } from '../ops/index.js';
import { l2 } from '../regularizers/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { Dense, Layer, deserializeLayer, dense, dropout, getLayerClass, input, registerLayer, toSnakeCase, uniqueName } from './index.js';

describe('Layer base', () => {
  test('snake_case names like Keras', () => {
    expect(toSnakeCase('Dense')).toBe('dense');
    expect(toSnakeCase('Conv2D')).toBe('conv2d');
    expect(toSnakeCase('BatchNormalization')).toBe('batch_normalization');
    expect(toSnakeCase('SpatialDropout1D')).toBe('spatial_dropout1d');
    expect(toSnakeCase('LSTM')).toBe('lstm');
    expect(toSnakeCase('GlobalAveragePooling2D')).toBe('global_average_pooling2d');
    const p = `probe_${Date.now()}`;
    expect([uniqueName(p), uniqueName(p), uniqueName(p)]).toEqual([p, `${p}_1`, `${p}_2`]);
  });

  test('layer names are unique and prefix the variable names', () => {
    const a = dense({ units: 1 });
    const b = dense({ units: 1 });
    expect(a.name).not.toBe(b.name);
    a.apply(ones([1, 2]));
    expect(a.weights.map((w) => w.name)).toEqual([`${a.name}/kernel`, `${a.name}/bias`]);
  });

  test('trainable=false moves the weights to nonTrainableWeights', () => {
    const d = dense({ units: 2, inputShape: [3] });
    d.apply(ones([1, 3]));
    expect(d.trainableWeights).toHaveLength(2);
    d.trainable = false;
    expect(d.trainableWeights).toHaveLength(0);
    expect(d.nonTrainableWeights).toHaveLength(2);
    expect(d.getConfig().trainable).toBe(false);
    expect(d.countParams()).toBe(8);
  });

  test('setWeights checks the count and shapes', () => {
    const d = dense({ units: 2 });
    d.apply(ones([1, 3]));
    expect(() => d.setWeights([zeros([3, 2])])).toThrow(ValueError);
    expect(() => d.setWeights([zeros([3, 2])])).toThrow(/expected 2 weight tensors .*received 1/);
    expect(() => d.setWeights([zeros([2, 2]), zeros([2])])).toThrow(/weight 0 \(.*kernel\) has shape \[3,2\], received \[2,2\]/);
    d.setWeights([ones([3, 2]), zeros([2])]);
    expect((d.apply(tensor([[1, 1, 1]])) as Tensor).arraySync()).toEqual([[3, 3]]);
    expect(d.getWeights()[0]?.arraySync()).toEqual([[1, 1], [1, 1], [1, 1]]);
  });

  test('countParams before build explains how to build', () => {
    expect(() => dense({ units: 2 }).countParams()).toThrow(/not built yet.*Apply it to an input first/);
  });

  test('regularization losses: kernel penalty and activity penalty divided by batch size', () => {
    const d = dense({ units: 1, kernelRegularizer: l2({ l2: 0.5 }), activityRegularizer: 'l2', weights: [tensor([[2]]), tensor([0])], inputShape: [1] });
    d.apply(tensor([[1], [3]]));
    const losses = d.losses.map((t) => t.values[0] as number);
    // kernel: 0.5 * 2^2 = 2; activity: 0.01 * (2^2 + 6^2) / batch 2 = 0.2
    expect(losses[0]).toBeCloseTo(2, 6);
    expect(losses[1]).toBeCloseTo(0.2, 6);
    d.clearActivityLosses();
    expect(d.losses).toHaveLength(1);
  });

  test('masks: layers that do not support masking reject one', () => {
    class NoMask extends Layer {
      static override className = 'NoMask';
    }
    expect(() => new NoMask().computeMask(ones([1]), ones([1]))).toThrow(/does not support masking/);
    expect(new NoMask().computeMask(ones([1]), null)).toBeNull();
    const m = ones([2]);
    expect(dropout({ rate: 0.1 }).computeMask(ones([2, 1]), m)).toBe(m);
  });

  test('symbolic apply records nodes; shared layers get two nodes and one set of weights', () => {
    const d = dense({ units: 4 });
    const a = input({ shape: [3] });
    const b = input({ shape: [3] });
    d.apply(a);
    d.apply(b);
    expect(d.inboundNodes).toHaveLength(2);
    expect(d.weights).toHaveLength(2);
    expect(d.outputShape).toEqual([null, 4]);
    expect(d.inputShape).toEqual([null, 3]);
  });

  test('apply rejects a symbolic input of the wrong shape with the fix', () => {
    const d = dense({ units: 4 });
    d.apply(input({ shape: [3] }));
    expect(() => d.apply(input({ shape: [5] }))).toThrow(ShapeError);
    expect(() => dense({ units: 2 }).apply(input({ shape: [] }))).toThrow(/expected input of rank >= 2/);
  });

  test('registry: round trip, unknown classes, custom classes', () => {
    const d = deserializeLayer({ className: 'Dense', config: { units: 3, activation: 'relu', kernel_initializer: undefined } });
    expect(d).toBeInstanceOf(Dense);
    expect(d.getConfig().activation).toBe('relu');
    expect(() => getLayerClass('Nope')).toThrow(ConfigError);
    expect(() => getLayerClass('Nope')).toThrow(/Unknown layer class 'Nope'.*registerLayer/);
    class Doubler extends Layer {
      static override className = 'Doubler';
      override call(x: Tensor | Tensor[]): Tensor {
        return (x as Tensor).mul(2);
      }
    }
    registerLayer('Doubler', Doubler);
    const layer = deserializeLayer({ className: 'Doubler', config: { name: 'dbl' } });
    expect(layer.name).toBe('dbl');
    expect((layer.apply(tensor([1, 2])) as Tensor).arraySync()).toEqual([2, 4]);
  });

  test('base getConfig has the TF.js base keys', () => {
    const d = dense({ units: 1, inputShape: [2], name: 'named' });
    expect(d.getConfig()).toMatchObject({ name: 'named', trainable: true, dtype: 'float32', batchInputShape: [null, 2] });
  });
});
