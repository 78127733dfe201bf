import { describe, expect, test } from 'vitest';
import { expectClose } from '../../test/helpers/grad-check.js';
import { ConfigError, ValueError } from '../core/errors.js';
import { sum, tensor, variableGrads } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { sequential } from '../models/index.js';
import { embedding, globalAveragePooling1d, input } from './index.js';

const t = (x: Tensor | Tensor[]): Tensor => x as Tensor;

describe('embedding', () => {
  test('looks up rows of the table; float ids are accepted', () => {
    const table = tensor([[0, 0], [1, 2], [3, 4]]);
    const layer = embedding({ inputDim: 3, outputDim: 2, weights: [table] });
    expect(t(layer.apply(tensor([[2, 1], [0, 2]]))).arraySync()).toEqual([[[3, 4], [1, 2]], [[0, 0], [3, 4]]]);
  });

  test('repeated ids accumulate gradient in their row', () => {
    const layer = embedding({ inputDim: 3, outputDim: 2 });
    const x = tensor([[1, 1, 2]], undefined, 'int32');
    layer.apply(x);
    const { grads } = variableGrads(() => sum(t(layer.apply(x))), layer.trainableWeights);
    expectClose(grads[`${layer.name}/embeddings`] as Tensor, tensor([[0, 0], [2, 2], [1, 1]]));
  });

  test('default initializer is randomUniform(-0.05, 0.05)', () => {
    const layer = embedding({ inputDim: 50, outputDim: 20 });
    layer.apply(tensor([[0]], undefined, 'int32'));
    const v = Array.from((layer.getWeights()[0] as Tensor).values);
    expect(Math.max(...v)).toBeLessThanOrEqual(0.05);
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-0.05);
    expect(Math.max(...v) - Math.min(...v)).toBeGreaterThan(0.08);
    expect(layer.getConfig().embeddingsInitializer).toMatchObject({ className: 'RandomUniform', config: { minval: -0.05, maxval: 0.05 } });
  });

  test('maskZero computes the mask ids != 0', () => {
    const layer = embedding({ inputDim: 4, outputDim: 2, maskZero: true });
    const x = tensor([[3, 1, 0, 0]], undefined, 'int32');
    const mask = layer.computeMask(x, null) as Tensor;
    expect(mask.dtype).toBe('bool');
    expect(Array.from(mask.values)).toEqual([1, 1, 0, 0]);
    expect(embedding({ inputDim: 4, outputDim: 2 }).computeMask(x, null)).toBeNull();
  });

  test('with maskZero, GlobalAveragePooling1D in a model averages only the non-padding steps', () => {
    const table = tensor([[100, 100], [1, 2], [3, 4], [5, 6]]);
    const m = sequential({
      layers: [embedding({ inputDim: 4, outputDim: 2, maskZero: true, inputLength: 4, weights: [table] }), globalAveragePooling1d()],
    });
    // Rows 1 and 3 are averaged; the padding row (id 0, value 100) is ignored.
    expectClose(m.predict(tensor([[1, 3, 0, 0], [2, 0, 0, 0]])) as Tensor, tensor([[3, 4], [3, 4]]));
    const unmasked = globalAveragePooling1d().apply(t(embedding({ inputDim: 4, outputDim: 2, weights: [table] }).apply(tensor([[1, 3, 0, 0]]))));
    expectClose(t(unmasked), tensor([[51.5, 52]]));
  });

  test('inputLength sets the input shape and the symbolic output shape', () => {
    const layer = embedding({ inputDim: 10, outputDim: 4, inputLength: 6 });
    expect(layer.batchInputShape).toEqual([null, 6]);
    const y = layer.apply(input({ shape: [6] }));
    expect(Array.isArray(y) ? null : y.shape).toEqual([null, 6, 4]);
  });

  test('errors: bad config and ids out of range', () => {
    expect(() => embedding({ inputDim: 0, outputDim: 2 })).toThrow(ConfigError);
    expect(() => embedding({ inputDim: 3, outputDim: 2.5 })).toThrow(/outputDim must be a positive integer/);
    const layer = embedding({ inputDim: 3, outputDim: 2, name: 'emb' });
    expect(() => layer.apply(tensor([[0, 3]], undefined, 'int32'))).toThrow(ValueError);
    expect(() => layer.apply(tensor([[0, 3]], undefined, 'int32'))).toThrow(/Embedding \(emb\): ids must be in \[0, 2\] \(inputDim 3\), received ids from 0 to 3/);
  });
});
