// Keras dtype policies: under 'mixed_bfloat16' Dense and Conv2D keep float32 weights and outputs but multiply
// bf16 operands (MixedMatMul / MixedConv2D), and gradients still reach the float32 weights.
import { afterEach, describe, expect, test } from 'vitest';
import * as tf from '../index.js';
import { Tape, withTape } from '../tensor/engine.js';
import { decodeSafetensors, encodeSafetensors } from '../io/safetensors.js';

afterEach(() => tf.mixedPrecision.setGlobalPolicy('float32'));

function opsRun(f: () => tf.Tensor, watch: tf.Tensor[]): string[] {
  const tape = new Tape();
  for (const w of watch) tape.watch(w);
  withTape(tape, f);
  return tape.nodes.map((n) => n.op.name);
}

describe('mixed precision policy', () => {
  test('layers take the global policy when created; an explicit dtype keeps float32', () => {
    expect(tf.mixedPrecision.globalPolicy().name).toBe('float32');
    tf.mixedPrecision.setGlobalPolicy('mixed_bfloat16');
    const d = tf.layers.dense({ units: 3 });
    expect([d.dtypePolicy.name, d.computeDtype, d.variableDtype]).toEqual(['mixed_bfloat16', 'bfloat16', 'float32']);
    expect(tf.layers.dense({ units: 3, dtype: 'float32' }).computeDtype).toBe('float32');
    tf.mixedPrecision.setGlobalPolicy('float32');
    expect(d.computeDtype).toBe('bfloat16');
  });

  test('unknown policies are refused with the valid names', () => {
    expect(() => tf.mixedPrecision.setGlobalPolicy('mixed_float16')).toThrow(/unknown policy "mixed_float16"; expected one of float32, mixed_bfloat16/);
  });

  test('Dense and Conv2D compute on bf16 operands: float32 weights and outputs within bf16 error of float32', () => {
    const x = tf.randomNormal([4, 6, 6, 2], 0, 1, 'float32', 1);
    const build = () => {
      tf.setSeed(7);
      return tf.sequential({ layers: [tf.layers.conv2d({ filters: 3, kernelSize: 3, inputShape: [6, 6, 2] }), tf.layers.flatten(), tf.layers.dense({ units: 4 })] });
    };
    const ref = build().predict(x) as tf.Tensor;
    tf.mixedPrecision.setGlobalPolicy('mixed_bfloat16');
    const m = build();
    const y = m.predict(x) as tf.Tensor;
    expect(m.weights.every((w) => w.dtype === 'float32')).toBe(true);
    expect(y.dtype).toBe('float32');
    const ops = opsRun(() => m.apply(x) as tf.Tensor, m.weights);
    expect(ops).toContain('MixedConv2D');
    expect(ops).toContain('MixedMatMul');
    const a = y.dataSync(), b = ref.dataSync();
    let worst = 0, differs = false;
    for (let i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
      differs ||= a[i] !== b[i];
    }
    expect(differs).toBe(true); // bf16 rounding really happened
    expect(worst).toBeLessThan(0.05);
  });

  test('training under mixed_bfloat16 moves the float32 weights and lowers the loss', async () => {
    tf.mixedPrecision.setGlobalPolicy('mixed_bfloat16');
    tf.setSeed(3);
    const x = tf.randomNormal([64, 5], 0, 1, 'float32', 2);
    const y = tf.tensor(Array.from(x.dataSync()).filter((_, i) => i % 5 === 0).map((v) => (v > 0 ? 1 : 0)), [64, 1]);
    const m = tf.sequential({ layers: [tf.layers.dense({ units: 8, activation: 'relu', inputShape: [5] }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] });
    m.compile({ optimizer: tf.train.adam(0.05), loss: 'binaryCrossentropy' });
    const h = await m.fit(x, y, { epochs: 20, batchSize: 16, verbose: 0 });
    const loss = h.history['loss'] as number[];
    expect(loss[19]).toBeLessThan((loss[0] as number) * 0.5);
  });
});

describe('bfloat16 storage', () => {
  test('cast to bfloat16 rounds to 8 mantissa bits and back is exact', () => {
    const t = tf.cast(tf.tensor([1.00390625, 3.14159, -2.5e-3]), 'bfloat16');
    expect(t.dtype).toBe('bfloat16');
    expect(t.values).toBeInstanceOf(Uint16Array);
    expect(Array.from(tf.cast(t, 'float32').dataSync())).toEqual([1, 3.140625, -0.00250244140625]); // torch.tensor(...).bfloat16().float()
  });

  test('safetensors writes BF16 bits and reads them back as bfloat16 or widened float32', () => {
    const t = tf.cast(tf.tensor([1.5, -2, 0.1], [3]), 'bfloat16');
    const bytes = encodeSafetensors({ w: t });
    const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + Number(new DataView(bytes.buffer).getBigUint64(0, true)))).toString()) as Record<string, { dtype: string }>;
    expect(header['w']?.dtype).toBe('BF16');
    const kept = decodeSafetensors(bytes, 'w.safetensors', { keepBfloat16: true }).tensors['w'] as tf.Tensor;
    expect(kept.dtype).toBe('bfloat16');
    expect(Array.from(kept.values)).toEqual(Array.from(t.values));
    const widened = decodeSafetensors(bytes).tensors['w'] as tf.Tensor;
    expect(widened.dtype).toBe('float32');
    expect(Array.from(widened.dataSync())).toEqual([1.5, -2, 0.10009765625]);
  });
});
