// MultiHeadAttention: Keras 3 weight layout, values against a loop-by-loop reference, masks (explicit, implicit,
// causal), finite-difference gradients, functional use, and a small Transformer encoder that learns.
import { describe, expect, test } from 'vitest';
import * as tf from '../../index.js';
import type { Tensor, Variable } from '../../index.js';
import { Random } from '../../core/random.js';
import { expectClose, expectGradClose, randn } from '../../../test/helpers/grad-check.js';

const B = 2, TQ = 3, TV = 4, D = 4, H = 2, KD = 3;

function mha(extra: Partial<tf.layers.MultiHeadAttentionArgs> = {}): tf.layers.MultiHeadAttention {
  return tf.layers.multiHeadAttention({
    numHeads: H, keyDim: KD, dtype: 'float64', biasInitializer: { className: 'RandomNormal', config: { seed: 4 } }, ...extra,
  });
}

/** Straight from the definition, one query/head at a time; `mask[b][i][j]` false hides key j from query i. */
function reference(layer: tf.layers.MultiHeadAttention, q: Tensor, v: Tensor, k: Tensor, mask?: (b: number, i: number, j: number) => boolean): number[] {
  const [wq, bq, wk, bk, wv, bv, wo, bo] = layer.getWeights().map((w) => Array.from(w.dataSync()));
  const vd = layer.valueDim, out = (layer.getWeights()[6] as Tensor).shape[2] as number;
  const qa = q.arraySync() as number[][][], va = v.arraySync() as number[][][], ka = k.arraySync() as number[][][];
  const proj = (x: number[], w: number[], bias: number[], h: number, d: number, dim: number): number => {
    let s = bias[h * d + dim] as number;
    x.forEach((xi, i) => (s += xi * (w[(i * H + h) * d + dim] as number)));
    return s;
  };
  const y: number[] = [];
  for (let b = 0; b < q.shape[0]!; b++) {
    for (let i = 0; i < q.shape[1]!; i++) {
      const ctx: number[][] = [];
      for (let h = 0; h < H; h++) {
        const qv = Array.from({ length: KD }, (_, d) => proj(qa[b]![i]!, wq!, bq!, h, KD, d) / Math.sqrt(KD));
        const logits = ka[b]!.map((kr, j) => {
          const kv = Array.from({ length: KD }, (_, d) => proj(kr, wk!, bk!, h, KD, d));
          const dot = qv.reduce((s, x, d) => s + x * (kv[d] as number), 0);
          return mask && !mask(b, i, j) ? dot - 1e9 : dot;
        });
        const mx = Math.max(...logits);
        const e = logits.map((l) => Math.exp(l - mx));
        const z = e.reduce((s, x) => s + x, 0);
        ctx.push(Array.from({ length: vd }, (_, d) => va[b]!.reduce((s, vr, j) => s + ((e[j] as number) / z) * proj(vr, wv!, bv!, h, vd, d), 0)));
      }
      for (let o = 0; o < out; o++) {
        let s = bo![o] as number;
        for (let h = 0; h < H; h++) for (let d = 0; d < vd; d++) s += ctx[h]![d]! * (wo![(h * vd + d) * out + o] as number);
        y.push(s);
      }
    }
  }
  return y;
}

const query = randn([B, TQ, D], { seed: 1 });
const value = randn([B, TV, 5], { seed: 2 });
const key = randn([B, TV, 6], { seed: 3 });

describe('MultiHeadAttention', () => {
  test('Keras 3 weight layout and order', () => {
    const layer = mha({ valueDim: 2, outputShape: 7 });
    const y = layer.apply([query, value, key]) as Tensor;
    expect(y.shape).toEqual([B, TQ, 7]);
    expect(layer.weights.map((w) => [w.name.split('/').slice(1).join('/'), w.shape])).toEqual([
      ['query/kernel', [D, H, KD]], ['query/bias', [H, KD]],
      ['key/kernel', [6, H, KD]], ['key/bias', [H, KD]],
      ['value/kernel', [5, H, 2]], ['value/bias', [H, 2]],
      ['attention_output/kernel', [H, 2, 7]], ['attention_output/bias', [7]],
    ]);
  });

  test('values match the definition (query, value, key of different sizes)', () => {
    const layer = mha({ valueDim: 2 });
    const y = layer.apply([query, value, key]) as Tensor;
    expectClose(y.dataSync(), reference(layer, query, value, key), 1e-10);
  });

  test('attentionMask, causal mask and the implicit query/value masks combine (AND)', () => {
    const layer = mha();
    const self = randn([B, TV, D], { seed: 5 });
    const explicit = tf.tensor(Array.from({ length: B * TV * TV }, (_, n) => (n % 3 === 0 ? 0 : 1)), [B, TV, TV], 'bool');
    const valueMask = tf.tensor([[1, 1, 1, 0], [1, 1, 1, 1]], [B, TV], 'bool');
    const y = layer.apply([self, self], { attentionMask: explicit, useCausalMask: true, mask: [null, valueMask] }) as Tensor;
    const ev = explicit.dataSync(), vm = valueMask.dataSync();
    const allowed = (b: number, i: number, j: number): boolean => j <= i && ev[(b * TV + i) * TV + j] === 1 && vm[b * TV + j] === 1;
    expectClose(y.dataSync(), reference(layer, self, self, self, allowed), 1e-10);
    const [, scores] = layer.apply([self, self], { useCausalMask: true, returnAttentionScores: true }) as [Tensor, Tensor];
    expect(scores.shape).toEqual([B, H, TV, TV]);
    const s = scores.arraySync() as number[][][][];
    expect(s[1]![1]![0]![3]).toBe(0);
    expect(s[1]![1]![2]![0]! + s[1]![1]![2]![1]! + s[1]![1]![2]![2]!).toBeCloseTo(1, 12);
  });

  test('the output mask is the query mask (Keras)', () => {
    const qm = tf.tensor([[1, 1, 0], [1, 0, 0]], [B, TQ], 'bool');
    const vm = tf.ones([B, TV], 'bool');
    expect(mha().computeMask([query, value], [qm, vm])).toBe(qm);
    expect(mha().computeMask([query, value], null)).toBeNull();
  });

  test('gradients w.r.t. query, value, key and every weight match finite differences', () => {
    const layer = mha({ valueDim: 2 });
    const q = randn([1, 2, D], { seed: 6 }), v = randn([1, 3, 5], { seed: 7 }), k = randn([1, 3, 6], { seed: 8 });
    const mask = tf.tensor([[[1, 1, 0], [1, 0, 1]]], [1, 2, 3], 'bool');
    const proj = randn([1, 2, D], { seed: 9 });
    const f = (a: Tensor, b: Tensor, c: Tensor): Tensor => tf.sum(tf.mul(layer.apply([a, b, c], { attentionMask: mask }) as Tensor, proj));
    expectGradClose(f, [q, v, k], { tol: 1e-6 });
    const { grads } = tf.variableGrads(() => f(q, v, k), layer.trainableWeights);
    for (const w of layer.trainableWeights as Variable[]) {
      const numeric = Array.from({ length: w.size }, (_, i) => {
        const x0 = w.values[i] as number;
        w.values[i] = x0 + 1e-6;
        const plus = f(q, v, k).dataSync()[0] as number;
        w.values[i] = x0 - 1e-6;
        const minus = f(q, v, k).dataSync()[0] as number;
        w.values[i] = x0;
        return (plus - minus) / 2e-6;
      });
      expectClose((grads[w.name] as Tensor).dataSync(), numeric, 1e-6);
    }
  });

  test('dropout on the attention probabilities acts in training only', () => {
    const layer = mha({ dropout: 0.5 });
    const a = layer.apply([query, query]) as Tensor;
    expectClose(layer.apply([query, query]) as Tensor, a, 0);
    expect((layer.apply([query, query], { training: true }) as Tensor).sub(a).abs().max().dataSync()[0]).toBeGreaterThan(1e-6);
  });

  test('functional: masks from an embedding, an attention mask as a 4th input, scores as a 2nd output', () => {
    const ids = tf.input({ shape: [TV], dtype: 'int32' });
    const am = tf.input({ shape: [TV, TV], dtype: 'bool' });
    const emb = tf.layers.embedding({ inputDim: 10, outputDim: D, maskZero: true });
    const x = emb.apply(ids) as tf.layers.SymbolicTensor;
    const layer = tf.layers.multiHeadAttention({ numHeads: H, keyDim: KD });
    const [y, scores] = layer.apply([x, x, x, am], { returnAttentionScores: true }) as tf.layers.SymbolicTensor[];
    expect(y?.shape).toEqual([null, TV, D]);
    expect(scores?.shape).toEqual([null, H, TV, TV]);
    const model = tf.model({ inputs: [ids, am], outputs: [y as tf.layers.SymbolicTensor, scores as tf.layers.SymbolicTensor] });
    const idv = tf.tensor([[3, 4, 0, 0], [1, 2, 3, 4]], [B, TV], 'int32');
    const full = tf.ones([B, TV, TV], 'bool');
    const [, s] = model.predict([idv, full]) as Tensor[];
    const sv = (s as Tensor).arraySync() as number[][][][];
    // Padded keys (ids 0) get no attention from real queries.
    expect(sv[0]![0]![0]![2]).toBe(0);
    expect(sv[0]![1]![1]![3]).toBe(0);
    const config = JSON.parse(JSON.stringify(layer.getConfig())) as Record<string, unknown>;
    const clone = tf.layers.deserializeLayer({ className: 'MultiHeadAttention', config: { ...config, name: 'mha_clone' } });
    expect(clone.getConfig()).toEqual({ ...config, name: 'mha_clone' });
  });

  test('errors name the layer and the fix', () => {
    expect(() => tf.layers.multiHeadAttention({ numHeads: 0, keyDim: 2 })).toThrow(/MultiHeadAttention \(.*\): numHeads must be a positive integer, received 0/);
    expect(() => mha().apply(query)).toThrow(/expected \[query, value\].*received 1 input.*apply\(\[x, x\]\)/);
    expect(() => mha().apply([query, query], { attentionMask: tf.ones([B, TQ, 2], 'bool') })).toThrow(/attentionMask must have shape \[batch, Tq, Tk\] = \[2, 3, 3\], received \[2,3,2\]/);
  });
});

describe('a small Transformer encoder built from layers', () => {
  test('learns "does token 1 occur?" (loss falls)', async () => {
    tf.setSeed(3);
    const T = 6, V = 8, E = 8;
    const ids = tf.input({ shape: [T], dtype: 'int32' });
    const x = tf.layers.tokenAndPositionEmbedding({ vocabularySize: V, sequenceLength: T, embeddingDim: E }).apply(ids) as tf.layers.SymbolicTensor;
    const att = tf.layers.multiHeadAttention({ numHeads: 2, keyDim: 4 }).apply([x, x]) as tf.layers.SymbolicTensor;
    const h1 = tf.layers.layerNormalization().apply(tf.layers.add().apply([x, att]) as tf.layers.SymbolicTensor) as tf.layers.SymbolicTensor;
    const ff = tf.layers.dense({ units: E }).apply(tf.layers.dense({ units: 16, activation: 'relu' }).apply(h1) as tf.layers.SymbolicTensor) as tf.layers.SymbolicTensor;
    const h2 = tf.layers.layerNormalization().apply(tf.layers.add().apply([h1, ff]) as tf.layers.SymbolicTensor) as tf.layers.SymbolicTensor;
    const pooled = tf.layers.globalAveragePooling1d().apply(h2) as tf.layers.SymbolicTensor;
    const out = tf.layers.dense({ units: 1, activation: 'sigmoid' }).apply(pooled) as tf.layers.SymbolicTensor;
    const model = tf.model({ inputs: ids, outputs: out });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy' });
    const rng = new Random(1);
    const n = 64;
    const seqs = Array.from({ length: n }, (_, r) => Array.from({ length: T }, () => 2 + rng.int(V - 2)).map((v, i) => (r % 2 === 0 && i === r % T ? 1 : v)));
    const xs = tf.tensor(seqs.flat(), [n, T], 'int32');
    const ys = tf.tensor(seqs.map((s) => (s.includes(1) ? 1 : 0)), [n, 1]);
    const h = await model.fit(xs, ys, { epochs: 15, batchSize: 16, verbose: 0 });
    const loss = h.history.loss as number[];
    expect(loss[loss.length - 1]).toBeLessThan((loss[0] as number) * 0.5);
  });
});
