import { describe, expect, it } from 'vitest';
import { identityModel } from '../../test/e2e/helpers.js';
import { Tensor } from '../tensor/tensor.js';
import { MicroBatcher } from './batcher.js';
import { decodeV1, decodeV2, toRows } from './codec.js';
import { parseModelPath } from './routes-model.js';
import type { Servable, TensorSpec } from './servable.js';

const img: TensorSpec = { name: 'x', dtype: 'float32', shape: [-1, 2, 2] };
const ids: TensorSpec = { name: 'tokens', dtype: 'int32', shape: [-1, 3] };

describe('decodeV1', () => {
  it('accepts nested, flat and named examples in row and columnar format', () => {
    expect(decodeV1({ instances: [[[1, 2], [3, 4]], [5, 6, 7, 8]] }, img)).toEqual({ values: Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8), rows: 2, format: 'instances' });
    expect(decodeV1({ instances: [{ x: [[1, 2], [3, 4]] }] }, img).values).toEqual(Float32Array.of(1, 2, 3, 4));
    expect(decodeV1({ inputs: { x: [[[0, 0], [0, 1]]] } }, img)).toEqual({ values: Float32Array.of(0, 0, 0, 1), rows: 1, format: 'inputs' });
    expect(decodeV1({ instances: [[true, false, 1]] }, ids).values).toEqual(Float32Array.of(1, 0, 1));
  });

  it('names the problem in every rejection', () => {
    expect(() => decodeV1({ instances: [[[1, 2, 3], [4]]] }, img)).toThrow(/instances\[0\]: expected 2 values at depth 2/);
    expect(() => decodeV1({ instances: [{ a: 1, b: 2 }] }, img)).toThrow(/one input 'x', received named inputs \["a","b"\]/);
    expect(() => decodeV1({ instances: [[1.5, 2, 3]] }, ids)).toThrow(/takes int32 values, received 1.5/);
    expect(() => decodeV1({ instances: [[1, null, 3, 4]] }, img)).toThrow(/finite number, received null/);
    expect(() => decodeV1({ instances: 'abc' }, img)).toThrow(/'instances' must be a list/);
    expect(() => decodeV1({ instances: [[1, 2, 3, 4, 5]] }, img)).toThrow(/expected 2 values at depth 1/);
    expect(() => decodeV1({ instances: [[[[1], 2], [3, 4]]] }, img)).toThrow(/nested deeper than its shape \[2,2\]/);
    let deep: unknown = [1];
    for (let i = 0; i < 5000; i++) deep = [deep];
    expect(() => decodeV1({ instances: [deep] }, img)).toThrow(/expected 2 values at depth 1/);
    expect(() => decodeV2({ inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: deep }] }, img)).toThrow(/more than 32 levels/);
    expect(() => decodeV1({ instances: [[1, 2, 3, 4]] }, { ...img, shape: [-1, -1] })).toThrow(/variable dimensions/);
  });
});

describe('decodeV2 and toRows', () => {
  it('checks shape against data length and splits outputs per example', () => {
    const d = decodeV2({ inputs: [{ name: 'x', shape: [2, 2, 2], datatype: 'FP32', data: [1, 2, 3, 4, 5, 6, 7, 8] }] }, img);
    expect(d).toEqual({ values: Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8), rows: 2, inputName: 'x' });
    expect(decodeV2({ inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }] }, img).rows).toBe(1);
    expect(() => decodeV2({ inputs: [{ name: 'x', shape: [1, 3], datatype: 'INT32', data: [1, 2.5, 3] }] }, ids)).toThrow(/int32 values, received 2.5/);
    expect(() => decodeV2({ inputs: [{ name: 'x', shape: [-1, 4], datatype: 'FP32', data: [] }] }, img)).toThrow(/non-negative integers/);
    expect(toRows(Float32Array.of(1, 2, 3, 4, 5, 6), [2, 3])).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(toRows(Float32Array.of(1, 2, 3, 4), [1, 2, 2])).toEqual([[[1, 2], [3, 4]]]);
  });
});

describe('parseModelPath', () => {
  it('splits name, version or label, and the verb after a literal colon', () => {
    expect(parseModelPath('mnist:predict')).toEqual({ name: 'mnist', action: ':predict' });
    expect(parseModelPath('mnist/versions/3:predict')).toEqual({ name: 'mnist', version: 3, action: ':predict' });
    expect(parseModelPath('mnist/labels/stable:classify')).toEqual({ name: 'mnist', label: 'stable', action: ':classify' });
    expect(parseModelPath('mnist/versions/2/metadata')).toEqual({ name: 'mnist', version: 2, action: 'metadata' });
    expect(parseModelPath('mnist/')).toEqual({ name: 'mnist', action: '' });
    expect(() => parseModelPath('mnist/versions/x:predict')).toThrow(/version must be a positive integer, received 'x'/);
  });
});

describe('MicroBatcher', () => {
  it('joins concurrent requests into one predict and gives each caller its own rows', async () => {
    const model = identityModel();
    let calls = 0;
    const counting: Servable = { input: model.input, output: model.output, summary: () => '', predict: (x: Tensor) => (calls++, model.predict(x)) };
    const b = new MicroBatcher(counting, { maxDelayMs: 50, maxRows: 100 });
    const [r1, r2] = await Promise.all([b.submit(Float32Array.of(1, 0, 0, 0), 1), b.submit(Float32Array.of(0, 1, 0, 0, 0, 0, 1, 0), 2)]);
    expect(calls).toBe(1);
    expect(r1?.shape).toEqual([1, 3]);
    expect(r2?.shape).toEqual([2, 3]);
    expect(Array.from(r1?.values ?? []).indexOf(Math.max(...(r1?.values ?? [])))).toBe(0);
    expect(Array.from(r2?.values.subarray(0, 3) ?? []).indexOf(Math.max(...(r2?.values.subarray(0, 3) ?? [])))).toBe(1);
    expect(Array.from(r2?.values.subarray(3) ?? []).indexOf(Math.max(...(r2?.values.subarray(3) ?? [])))).toBe(2);
  });

  it('runs at once when maxRows is reached, and rejects every caller of a failed batch', async () => {
    const model = identityModel();
    const b = new MicroBatcher(model, { maxDelayMs: 10_000, maxRows: 2 });
    const t0 = Date.now();
    await Promise.all([b.submit(new Float32Array(4), 1), b.submit(new Float32Array(4), 1)]);
    expect(Date.now() - t0).toBeLessThan(5000);
    const failing: Servable = { ...model, input: model.input, output: model.output, summary: () => '', predict: () => { throw new Error('boom'); } };
    const fb = new MicroBatcher(failing, { maxDelayMs: 1, maxRows: 10 });
    const results = await Promise.allSettled([fb.submit(new Float32Array(4), 1), fb.submit(new Float32Array(4), 1)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
