import { describe, expect, it } from 'vitest';
import '../../index.js';
import { Random } from '../../core/random.js';
import { sparseSoftmaxCrossEntropyWithLogits } from '../../ops/losses-fused.js';
import { mean } from '../../ops/index.js';
import { adam } from '../../optimizers/index.js';
import { Tensor } from '../../tensor/tensor.js';
import { GPTModel } from './gpt-model.js';

const tiny = { vocabSize: 23, contextLength: 16, numLayers: 2, numHeads: 2, hiddenDim: 8, seed: 3 };

function ids(b: number, t: number, seed: number, v = tiny.vocabSize): Tensor {
  const r = new Random(seed);
  return new Tensor(Int32Array.from({ length: b * t }, () => r.int(v)), [b, t], 'int32');
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

describe('GPTModel', () => {
  it('gpt2 preset has 124,439,808 parameters (tied head adds none)', () => {
    const m = new GPTModel('gpt2', { numLayers: 1 }); // one block keeps the test light; the rest is arithmetic
    const perBlock = m.blocks[0]?.countParams() ?? 0;
    expect(perBlock).toBe(7_087_872);
    const embed = m.embedding.countParams(), lnF = m.lnF.countParams();
    expect(embed + lnF + 12 * perBlock).toBe(124_439_808);
    expect(m.countParams()).toBe(embed + lnF + perBlock);
  });

  it('useBias: false drops every bias and LayerNorm beta; the config round-trips', () => {
    const m = new GPTModel({ ...tiny, useBias: false, activation: 'gelu' });
    // Per block: ln gains 2·8, c_attn 8·24, c_proj 8·8, c_fc 8·32, mlp c_proj 32·8; plus wte, wpe, ln_f gain.
    expect(m.countParams()).toBe(23 * 8 + 16 * 8 + 8 + 2 * (16 + 192 + 64 + 256 + 256));
    expect(m.weights.some((v) => /bias|beta/.test(v.name))).toBe(false);
    const copy = GPTModel.fromConfig(m.getConfig());
    const x = ids(1, 5, 8);
    expect(maxDiff((copy.predict(x) as Tensor).values, (m.predict(x) as Tensor).values)).toBe(0);
  });

  it('predict equals forward, logits are causal, and config round-trips', () => {
    const m = new GPTModel(tiny);
    const x = ids(2, 7, 1);
    const a = m.predict(x) as Tensor;
    expect(a.shape).toEqual([2, 7, 23]);
    expect(maxDiff(a.values, m.forward(x).logits.values)).toBe(0);
    // Changing the last token leaves earlier positions' logits unchanged.
    const y = new Tensor(Int32Array.from(x.values), [2, 7], 'int32');
    y.values[6] = (y.values[6] as number + 1) % 23;
    const b = m.forward(y).logits.values;
    expect(maxDiff(a.values.subarray(0, 6 * 23), b.subarray(0, 6 * 23))).toBe(0);
    expect(maxDiff(a.values.subarray(6 * 23, 7 * 23), b.subarray(6 * 23, 7 * 23))).toBeGreaterThan(0);
    const copy = GPTModel.fromConfig(m.getConfig());
    expect(copy.countParams()).toBe(m.countParams());
    expect(maxDiff((copy.predict(x) as Tensor).values, a.values)).toBe(0); // same seed, same weights
  });

  it('cached logits equal uncached ones (1e-5), also with left padding', () => {
    const m = new GPTModel(tiny);
    const x = ids(2, 9, 2);
    const full = m.forward(x).logits.values;
    const first = m.forward(new Tensor(x.values.slice(0, 0), [2, 0], 'int32'));
    void first;
    const pre = new Tensor(Int32Array.from([...x.values.slice(0, 5), ...x.values.slice(9, 14)]), [2, 5], 'int32');
    let { cache } = m.forward(pre);
    for (let t = 5; t < 9; t++) {
      const step = new Tensor(Int32Array.from([x.values[t] as number, x.values[9 + t] as number]), [2, 1], 'int32');
      const out = m.forward(step, { cache });
      cache = out.cache;
      for (let r = 0; r < 2; r++) {
        const want = full.subarray((r * 9 + t) * 23, (r * 9 + t + 1) * 23);
        expect(maxDiff(out.logits.values.subarray(r * 23, (r + 1) * 23), want)).toBeLessThan(1e-5);
      }
    }
    // Row 1 left-padded by 3: its real tokens give the same logits as alone.
    const alone = m.forward(new Tensor(x.values.slice(9, 15), [1, 6], 'int32')).logits.values;
    const paddedIds = new Tensor(Int32Array.from([...x.values.slice(0, 9), 0, 0, 0, ...x.values.slice(9, 15)]), [2, 9], 'int32');
    const mask = new Tensor(Float32Array.from([...new Array(9).fill(1), 0, 0, 0, ...new Array(6).fill(1)]), [2, 9], 'float32');
    const padded = m.forward(paddedIds, { attentionMask: mask }).logits.values;
    expect(maxDiff(padded.subarray((9 + 3) * 23, 18 * 23), alone)).toBeLessThan(1e-5);
    expect(maxDiff(padded.subarray(0, 9 * 23), full.subarray(0, 9 * 23))).toBeLessThan(1e-5);
  });

  it('generate: greedy with and without cache agree; batches with padding match single prompts; sampling is seeded', () => {
    const m = new GPTModel(tiny);
    const p1 = [1, 2, 3, 4, 5], p2 = [7, 8];
    const g1 = m.generate(p1, { maxNewTokens: 8 });
    expect(g1).toHaveLength(8);
    expect(m.generate(p1, { maxNewTokens: 8, useCache: false })).toEqual(g1);
    const g2 = m.generate(p2, { maxNewTokens: 8 });
    expect(m.generate([p1, p2], { maxNewTokens: 8 })).toEqual([g1, g2]);
    const s = (seed: number): number[] => m.generate(p1, { maxNewTokens: 10, temperature: 1.5, topK: 10, topP: 0.95, seed });
    expect(s(4)).toEqual(s(4));
    expect([s(5), s(6), s(7)].some((o) => o.join() !== s(4).join())).toBe(true);
    // Stop on the greedy run's third token: output is the first two.
    const stopAt = g1[2] as number;
    const firstHit = g1.indexOf(stopAt);
    expect(m.generate(p1, { maxNewTokens: 8, stop: [stopAt] })).toEqual(g1.slice(0, firstHit));
    const streamed: number[] = [];
    m.generate(p1, { maxNewTokens: 8, onToken: (tok) => void streamed.push(tok) });
    expect(streamed).toEqual(g1);
    // Past the context window generation keeps going by cropping.
    expect(m.generate(p1, { maxNewTokens: 20 })).toHaveLength(20);
    expect(() => m.generate([99], { maxNewTokens: 1 })).toThrow(/outside the vocabulary/);
  });

  it('trains with fit (sparse cross-entropy from logits) and the loss falls', () => {
    const m = new GPTModel({ ...tiny, seed: 9 });
    const x = ids(8, 12, 4, 5);
    // Target: next token = (token + 1) mod 5 — learnable from the current token alone.
    const y = new Tensor(Int32Array.from(x.values, (v) => (v + 1) % 5), [8, 12], 'int32');
    m.compile({ optimizer: adam(0.02), loss: (yt: Tensor, yp: Tensor) => sparseSoftmaxCrossEntropyWithLogits(yt, yp) });
    const loss = (): number => mean(sparseSoftmaxCrossEntropyWithLogits(y, m.predict(x) as Tensor)).values[0] as number;
    const before = loss();
    return m.fit(x, y, { epochs: 30, batchSize: 8, verbose: 0 }).then(() => {
      expect(loss()).toBeLessThan(before * 0.5);
    });
  });
});
