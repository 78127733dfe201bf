import { describe, expect, test } from 'vitest';
import * as tf from '../../index.js';
import { expectClose, randn } from '../../../test/helpers/grad-check.js';
import { Tensor } from '../../tensor/tensor.js';
import { TransformerDecoderBlock, causalAttentionBias } from './decoder-block.js';

describe('TransformerDecoderBlock', () => {
  test('exact GELU differs slightly from the tanh approximation; other activations are rejected', () => {
    const blk = new TransformerDecoderBlock({ numHeads: 2, useBias: false, activation: 'gelu', seed: 2, initializerRange: 0.5 });
    const x = randn([1, 3, 4], { seed: 5, dtype: 'float32' });
    const y = blk.apply(x) as Tensor;
    const approx = new TransformerDecoderBlock({ numHeads: 2, useBias: false, seed: 2, initializerRange: 0.5 });
    const y2 = approx.apply(x) as Tensor;
    // Same weights (same seed), different GELU: close but not equal.
    let diff = 0;
    for (let i = 0; i < y.size; i++) diff = Math.max(diff, Math.abs((y.values[i] as number) - (y2.values[i] as number)));
    expect(diff).toBeGreaterThan(0);
    expect(diff).toBeLessThan(0.05);
    // @ts-expect-error -- invalid on purpose: the run-time check and its message are under test
    expect(() => new TransformerDecoderBlock({ numHeads: 2, activation: 'relu' })).toThrow(/activation must be 'gelu_new' or 'gelu'/);
  });

  test('matches a hand-written pre-LN block and is causal', () => {
    const blk = new TransformerDecoderBlock({ numHeads: 2, seed: 1, initializerRange: 0.5 });
    const x = randn([1, 4, 4], { seed: 3, dtype: 'float32' });
    const y = blk.apply(x) as Tensor;
    const { 'attn.c_attn': c_attn, 'attn.c_proj': proj, 'mlp.c_fc': fc, 'mlp.c_proj': out } = blk.projections;
    const ln = (z: Tensor): Tensor => {
      const { mean, variance } = tf.moments(z, -1, true);
      return tf.div(tf.sub(z, mean), tf.sqrt(tf.add(variance, 1e-5)));
    };
    const qkv = c_attn.apply(ln(x));
    const [q, k, v] = tf.split(qkv, 3, 2).map((z) => tf.transpose(tf.reshape(z, [1, 4, 2, 2]), [0, 2, 1, 3])) as [Tensor, Tensor, Tensor];
    const tri = tf.tensor([[1, 0, 0, 0], [1, 1, 0, 0], [1, 1, 1, 0], [1, 1, 1, 1]]);
    const logits = tf.add(tf.div(tf.matMul(q, k, false, true), Math.sqrt(2)), tf.mul(tf.sub(1, tri), -1e9));
    const att = tf.reshape(tf.transpose(tf.matMul(tf.softmax(logits), v), [0, 2, 1, 3]), [1, 4, 4]);
    const x1 = tf.add(x, proj.apply(att));
    const want = tf.add(x1, out.apply(tf.gelu(fc.apply(ln(x1)), true)));
    expectClose(y, want, 1e-5);
    const bias = causalAttentionBias(2, 1);
    expect(Array.from(bias.values)).toEqual([0, 0, -1e9, 0, 0, 0]);
  });

  test('rejects a width not divisible by the heads', () => {
    expect(() => new TransformerDecoderBlock({ numHeads: 3 }).apply(new Tensor(new Float32Array(8), [1, 2, 4], 'float32'))).toThrow(/not divisible by numHeads 3/);
    expect(() => new TransformerDecoderBlock({ numHeads: 0 })).toThrow(/numHeads must be a positive integer/);
  });
});
