import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../index.js';
import { saveBundle, saveHFGPT2 } from '../io/index.js';
import { GPTModel } from '../models/index.js';
import { CharTokenizer, trainBpe } from '../preprocessing/index.js';
import { buildProgram } from './program.js';
import { runGenerate } from './generate.js';

function sink() {
  const chunks: string[] = [];
  return { write: (s: string) => void chunks.push(s), isTTY: false, chunks, text: () => chunks.join('') };
}

describe('tforge generate', () => {
  it('streams a char-level bundle greedily, token by token, equal to model.generate', async () => {
    const tok = CharTokenizer.fromText('abcdefgh \n');
    const model = new GPTModel({ vocabSize: tok.vocabSize, contextLength: 16, numLayers: 1, numHeads: 2, hiddenDim: 8, seed: 2, initializerRange: 0.5 });
    const dir = mkdtempSync(join(tmpdir(), 'gen-char-'));
    await saveBundle(dir, { model, extras: { tokenizer: tok } });
    const want = tok.decode(model.generate(tok.encode('abc'), { maxNewTokens: 12 }));
    const out = sink();
    await buildProgram(out).parseAsync(['node', 'tforge', 'generate', dir, 'abc', '--max-new-tokens', '12', '--temperature', '0']);
    expect(out.text()).toBe(`abc${want}\n`);
    expect(out.chunks.length).toBeGreaterThanOrEqual(12); // prompt, then one write per token
  });

  it('loads a Hugging Face directory with its BPE tokenizer, and stops on --stop text', async () => {
    const tok = trainBpe(['héllo wörld, héllo again. ' .repeat(5)], { vocabSize: 270 });
    const model = new GPTModel({ vocabSize: tok.vocabSize, contextLength: 32, numLayers: 1, numHeads: 2, hiddenDim: 8, seed: 5, initializerRange: 0.5 });
    const dir = mkdtempSync(join(tmpdir(), 'gen-hf-'));
    await saveHFGPT2(model, dir, { tokenizer: tok });
    const ids = model.generate(tok.encode('héllo'), { maxNewTokens: 10, temperature: 1, seed: 3 });
    const full = tok.decode(ids);
    const text = await runGenerate(dir, 'héllo', { maxNewTokens: 10, temperature: 1, seed: 3 }, sink());
    expect(text).toBe(full);
    // A generated token whose text encodes back to itself (random byte tokens may be partial UTF-8).
    const at = ids.findIndex((id, i) => i > 0 && tok.encode(tok.decode([id])).join() === String(id));
    expect(at).toBeGreaterThan(0);
    const stopText = tok.decode([ids[at] as number]);
    const cut = tok.decode(model.generate(tok.encode('héllo'), { maxNewTokens: 10, temperature: 1, seed: 3, stop: [tok.encode(stopText)] }));
    const stopped = await runGenerate(dir, 'héllo', { maxNewTokens: 10, temperature: 1, seed: 3, stop: stopText }, sink());
    expect(stopped).toBe(cut);
    expect(stopped.length).toBeLessThan(full.length);
    await expect(runGenerate(join(dir, 'nope'), 'x', {}, sink())).rejects.toThrow();
  });
});
