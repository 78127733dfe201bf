import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../index.js';
import { Random } from '../../core/random.js';
import { loadLoraAdapters, saveLoraAdapters } from '../../io/lora-adapters.js';
import { mean } from '../../ops/index.js';
import { sparseSoftmaxCrossEntropyWithLogits } from '../../ops/losses-fused.js';
import { adamw, cosineDecay } from '../../optimizers/index.js';
import { Tensor } from '../../tensor/tensor.js';
import { GPTModel } from './gpt-model.js';
import { loraState } from './lora.js';

const cfg = { vocabSize: 11, contextLength: 12, numLayers: 2, numHeads: 2, hiddenDim: 8, seed: 21, initializerRange: 0.3 };

function data(): { x: Tensor; y: Tensor } {
  const r = new Random(5);
  const x = new Tensor(Int32Array.from({ length: 8 * 10 }, () => r.int(11)), [8, 10], 'int32');
  return { x, y: new Tensor(Int32Array.from(x.values, (v) => (3 * v + 1) % 11), [8, 10], 'int32') };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

describe('LoRA on GPTModel', () => {
  it('fine-tuning lowers the loss and changes only the adapters; merge keeps the function; adapters save alone', async () => {
    const m = new GPTModel(cfg);
    const { x, y } = data();
    const base = new Map(m.weights.map((v) => [v.name, Float32Array.from(v.values)]));
    const before = m.predict(x) as Tensor;
    m.enableLora({ rank: 2, alpha: 4, seed: 1 });
    expect(loraState(m)).toEqual({ rank: 2, alpha: 4, targets: ['attn.c_attn', 'attn.c_proj'] });
    // B starts at zero: the adapted model computes the same function.
    expect(maxDiff((m.predict(x) as Tensor).values, before.values)).toBe(0);
    // Trainable: A [8,2] + B [2,24] for c_attn, A [8,2] + B [2,8] for c_proj, per block.
    expect(m.trainableWeights.map((v) => v.name).every((n) => /lora_[ab]$/.test(n))).toBe(true);
    expect(m.trainableWeights.reduce((n, v) => n + v.size, 0)).toBe(2 * (16 + 48 + 16 + 16));

    const loss = (): number => mean(sparseSoftmaxCrossEntropyWithLogits(y, m.predict(x) as Tensor)).values[0] as number;
    const start = loss();
    const schedule = cosineDecay({ initialLearningRate: 0, warmupTarget: 0.05, warmupSteps: 5, decaySteps: 60 });
    m.compile({ optimizer: adamw(schedule, 0.01, 0.9, 0.999, null, { globalClipnorm: 1 }), loss: (yt: Tensor, yp: Tensor) => sparseSoftmaxCrossEntropyWithLogits(yt, yp) });
    await m.fit(x, y, { epochs: 60, batchSize: 8, verbose: 0 });
    const tuned = loss();
    expect(tuned).toBeLessThan(start * 0.8);
    for (const v of m.weights) {
      const was = base.get(v.name);
      if (was) expect(maxDiff(v.values, was), v.name).toBe(0);
    }
    const adapters = m.loraWeights();
    expect(Object.keys(adapters)).toContain('base_model.model.transformer.h.1.attn.c_attn.lora_A.weight');
    expect(adapters['base_model.model.transformer.h.0.attn.c_attn.lora_B.weight']?.shape).toEqual([24, 2]);
    const tunedLogits = (m.predict(x) as Tensor).values;

    // Adapters alone round-trip into a fresh copy of the base model.
    const dir = mkdtempSync(join(tmpdir(), 'lora-'));
    await saveLoraAdapters(m, dir);
    const fresh = new GPTModel(cfg);
    await loadLoraAdapters(fresh, dir);
    expect(maxDiff((fresh.predict(x) as Tensor).values, tunedLogits)).toBeLessThan(1e-6);

    // Merging folds W += (alpha/r)·A·B: same logits, no adapters, base weights trainable again.
    m.mergeLora();
    expect(loraState(m)).toBeNull();
    expect(Object.keys(m.loraWeights())).toHaveLength(0);
    expect(maxDiff((m.predict(x) as Tensor).values, tunedLogits)).toBeLessThan(1e-4); // float32 rounding of W + A·B, logits ~10
    expect(m.trainableWeights.length).toBe(m.weights.length);
    expect(() => fresh.enableLora({ rank: 2 })).toThrow(/already has adapters/);
  });
});
