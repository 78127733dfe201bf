import { describe, expect, test } from 'vitest';
import { FormatError } from '../core/errors.js';
import { tensor } from '../ops/index.js';
import { concatenateArrayBuffers, decodeWeights, encodeWeightsSync, splitShards } from './weights-codec.js';

describe('weight codec', () => {
  test('encode lays weights end to end little-endian; decode restores names, shapes, dtypes and values', () => {
    const { data, specs } = encodeWeightsSync([
      { name: 'a/kernel', tensor: tensor([[1.5, -2], [3, 4]]) },
      { name: 'b/idx', tensor: tensor([7, -1], [2], 'int32') },
      { name: 'c/flag', tensor: tensor([1, 0, 1], [3], 'bool') },
      { name: 'd/f64', tensor: tensor([0.1], [1], 'float64') },
    ], 'model');
    expect(data.byteLength).toBe(16 + 8 + 3 + 8);
    expect(new DataView(data).getFloat32(0, true)).toBe(1.5);
    expect(new DataView(data).getInt32(20, true)).toBe(-1);
    expect(specs[0]).toEqual({ name: 'a/kernel', shape: [2, 2], dtype: 'float32', group: 'model' });
    const out = decodeWeights(data, specs);
    expect(out['a/kernel']?.arraySync()).toEqual([[1.5, -2], [3, 4]]);
    expect(out['b/idx']?.dtype).toBe('int32');
    expect(Array.from(out['c/flag']?.values ?? [])).toEqual([1, 0, 1]);
    expect(out['d/f64']?.values[0]).toBe(0.1);
  });

  test('dequantizes uint8 (scale/min) and float16 weights like TF.js', () => {
    const u8 = new Uint8Array([0, 2, 4]).buffer;
    const q = decodeWeights(u8, [{ name: 'q', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } }]);
    expect(Array.from(q.q?.values ?? [])).toEqual([-1, 0, 1]);
    const f16 = new Uint16Array([0x3c00, 0xc000, 0x3800]).buffer; // 1, -2, 0.5
    const h = decodeWeights(f16, [{ name: 'h', shape: [3], dtype: 'float32', quantization: { dtype: 'float16' } }]);
    expect(Array.from(h.h?.values ?? [])).toEqual([1, -2, 0.5]);
  });

  test('byte-length mismatches throw FormatError naming the weight and the sizes', () => {
    const { data, specs } = encodeWeightsSync({ w: tensor([1, 2, 3]) });
    expect(() => decodeWeights(data.slice(0, 8), specs, 'model.json')).toThrow(FormatError);
    expect(() => decodeWeights(data.slice(0, 8), specs, 'model.json')).toThrow(/model.json: weight data is too short: 'w'.*needs bytes 0..12 but only 8/);
    expect(() => decodeWeights(concatenateArrayBuffers([data, new ArrayBuffer(4)]), specs)).toThrow(/describes 12 bytes .* holds 16/);
    expect(() => decodeWeights(data, [{ name: 'w', shape: [3], dtype: 'complex64' }])).toThrow(/unsupported dtype 'complex64'/);
  });

  test('splitShards cuts at the shard size and concatenation restores the buffer', () => {
    const buf = new Uint8Array(10).map((_, i) => i).buffer;
    const shards = splitShards(buf, 4);
    expect(shards.map((s) => s.byteLength)).toEqual([4, 4, 2]);
    expect(Array.from(new Uint8Array(concatenateArrayBuffers(shards)))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
