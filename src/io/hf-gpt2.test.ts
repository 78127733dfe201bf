import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../index.js';
import { GPTModel } from '../models/gpt/gpt-model.js';
import { trainBpe } from '../preprocessing/bpe-train.js';
import { Tensor } from '../tensor/tensor.js';
import { repoRoot } from '../../test/helpers/paths.js';
import { loadHFGPT2, saveHFGPT2 } from './hf-gpt2.js';
import { readSafetensors, saveSafetensors } from './safetensors.js';

const goldenDir = join(repoRoot, 'test/golden/gpt2-tiny');
const golden = JSON.parse(readFileSync(join(repoRoot, 'test/golden/gpt2-logits.json'), 'utf8')) as { ids: number[][]; shape: number[]; logits: number[] };

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

describe('Hugging Face GPT-2 layout', () => {
  it('loads a random GPT-2 and matches PyTorch logits to 1e-4 (make-golden-gpt2.py)', async () => {
    const { model, tokenizer } = await loadHFGPT2(goldenDir);
    expect(tokenizer).toBeNull();
    expect(model.gptConfig).toMatchObject({ vocabSize: 61, contextLength: 16, hiddenDim: 24, numLayers: 2, numHeads: 3 });
    const ids = new Tensor(Int32Array.from(golden.ids.flat()), [2, 11], 'int32');
    const logits = model.predict(ids) as Tensor;
    expect(logits.shape).toEqual(golden.shape);
    expect(maxDiff(logits.values, golden.logits)).toBeLessThan(1e-4);
    // The KV-cached path gives the same last-position logits.
    const { cache } = model.forward(new Tensor(Int32Array.from([...golden.ids[0]!.slice(0, 10), ...golden.ids[1]!.slice(0, 10)]), [2, 10], 'int32'));
    const step = model.forward(new Tensor(Int32Array.from([golden.ids[0]![10]!, golden.ids[1]![10]!]), [2, 1], 'int32'), { cache }).logits.values;
    const v = 61;
    expect(maxDiff(step.subarray(0, v), golden.logits.slice(10 * v, 11 * v))).toBeLessThan(1e-4);
    expect(maxDiff(step.subarray(v, 2 * v), golden.logits.slice(21 * v, 22 * v))).toBeLessThan(1e-4);
  });

  it('saves back in the same layout (names, shapes, values) with the tokenizer beside it', async () => {
    const { model } = await loadHFGPT2(goldenDir);
    const dir = mkdtempSync(join(tmpdir(), 'hf-gpt2-'));
    const tok = trainBpe(['a small corpus for a small tokenizer'], { vocabSize: 270 });
    await saveHFGPT2(model, dir, { tokenizer: tok });
    const orig = (await readSafetensors(join(goldenDir, 'model.safetensors'))).tensors;
    const saved = (await readSafetensors(join(dir, 'model.safetensors'))).tensors;
    const weights = Object.keys(orig).filter((n) => !/^h\.\d+\.attn\.bias$/.test(n)).sort();
    expect(Object.keys(saved).sort()).toEqual(weights);
    for (const n of weights) {
      expect(saved[n]!.shape, n).toEqual(orig[n]!.shape);
      expect(maxDiff(saved[n]!.values, orig[n]!.values), n).toBe(0);
    }
    const back = await loadHFGPT2(dir);
    expect(back.tokenizer?.encode('small corpus')).toEqual(tok.encode('small corpus'));
    const ids = new Tensor(Int32Array.from(golden.ids.flat()), [2, 11], 'int32');
    expect(maxDiff((back.model.predict(ids) as Tensor).values, golden.logits)).toBeLessThan(1e-4);
  });

  it('accepts GPT2LMHeadModel names and rejects mismatched checkpoints clearly', async () => {
    const orig = (await readSafetensors(join(goldenDir, 'model.safetensors'))).tensors;
    const config = readFileSync(join(goldenDir, 'config.json'), 'utf8');
    const prefixed = mkdtempSync(join(tmpdir(), 'hf-gpt2-lm-'));
    const renamed: Record<string, Tensor> = { 'lm_head.weight': orig['wte.weight']! };
    for (const [n, t] of Object.entries(orig)) renamed[`transformer.${n}`] = t;
    await saveSafetensors(join(prefixed, 'model.safetensors'), renamed);
    writeFileSync(join(prefixed, 'config.json'), config);
    const ids = new Tensor(Int32Array.from(golden.ids.flat()), [2, 11], 'int32');
    expect(maxDiff(((await loadHFGPT2(prefixed)).model.predict(ids) as Tensor).values, golden.logits)).toBeLessThan(1e-4);

    const wrong = mkdtempSync(join(tmpdir(), 'hf-gpt2-bad-'));
    await saveSafetensors(join(wrong, 'model.safetensors'), orig);
    writeFileSync(join(wrong, 'config.json'), JSON.stringify({ ...JSON.parse(config), n_embd: 12 }));
    await expect(loadHFGPT2(wrong)).rejects.toThrow(/'wte.weight' has shape \[61,24\], the model expects \[61,12\] \(from config.json\)/);
    writeFileSync(join(wrong, 'config.json'), JSON.stringify({ ...JSON.parse(config), n_layer: 1 }));
    await expect(loadHFGPT2(wrong)).rejects.toThrow(/'h.1.ln_1.weight' is not part of a GPT-2 with 1 layers/);
    writeFileSync(join(wrong, 'config.json'), JSON.stringify({ ...JSON.parse(config), model_type: 'llama' }));
    await expect(loadHFGPT2(wrong)).rejects.toThrow(/only GPT-2/);
    const lora = new GPTModel({ vocabSize: 5, contextLength: 4, numLayers: 1, numHeads: 1, hiddenDim: 4 });
    lora.enableLora({ rank: 1 });
    await expect(saveHFGPT2(lora, wrong)).rejects.toThrow(/mergeLora/);
  });
});
