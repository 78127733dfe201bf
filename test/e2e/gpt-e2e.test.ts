// End to end for GPTs: `tforge train` of a GPT spec on tinyshakespeare text -> `tforge generate` -> `tforge serve`
// on loopback (KServe v2 generate and generate_stream from the registry) -> the chat page in headless Chromium
// (streamed answer, 👎 with a corrected answer) -> the feedback row in SQLite -> `tforge export-feedback` text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { datasetsDir, hasDatasets } from '../helpers/paths.js';
import { tempDir } from './helpers.js';
import { hasChromium, launchChromium } from './chromium.js';
import { runServe, type RunningServer } from '../../src/cli/registry-commands.js';
import { runTrain } from '../../src/cli/train.js';
import { runGenerate } from '../../src/cli/generate.js';
import { runExportFeedback } from '../../src/cli/feedback-export.js';
import { loadGPTDir } from '../../src/serve/gpt-dir.js';

function sink() {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), text: () => chunks.join('') };
}

describe.skipIf(!hasDatasets)('GPT: train spec -> generate -> serve -> chat page -> feedback -> export', () => {
  let dir: string;
  let server: RunningServer;
  let browser: BrowserContext | null = null;
  const trainLog = sink();

  beforeAll(async () => {
    const work = tempDir('tforge-gpt-');
    const text = readFileSync(join(datasetsDir, 'text/tinyshakespeare/input.txt'), 'utf8').slice(0, 40_000);
    writeFileSync(join(work, 'corpus.txt'), text);
    writeFileSync(join(work, 'tiny-gpt.json'), JSON.stringify({
      workload: 'gpt', text: 'corpus.txt', name: 'tiny-gpt',
      model: { contextLength: 32, numLayers: 1, numHeads: 2, hiddenDim: 32 }, batchSize: 8, iters: 150, warmupIters: 10, learningRate: 3e-3, evalInterval: 50, evalIters: 4,
    }));
    dir = join(work, 'model');
    await runTrain(join(work, 'tiny-gpt.json'), { seed: 5, out: dir }, trainLog);
    server = await runServe(dir, { port: 0, watchMs: 100 }, sink());
    if (hasChromium) browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('trains under a progress bar, lowers the loss and saves model + tokenizer', async () => {
    const log = trainLog.text();
    expect(log).toMatch(/Training GPT 'tiny-gpt' \(\d+ parameters, vocabulary \d+\)/);
    expect(log).toMatch(/Epoch 3\/3\n50\/50 \[=+\] - \d+s \d+ms\/step - loss: \d\.\d{4} - val_loss: \d\.\d{4}/);
    const metrics = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as { loss: number };
    const step0 = Number(/step 0: loss (\d\.\d+)/.exec(log)?.[1]);
    expect(step0).toBeGreaterThan(3.5); // ln(vocabulary) ≈ 4 before training
    expect(metrics.loss).toBeLessThan(step0 - 0.8);
    const { model, tokenizer } = await loadGPTDir(dir);
    expect(model.gptConfig).toMatchObject({ contextLength: 32, numLayers: 1, vocabSize: tokenizer.vocabSize });
  });

  it('a spec with "init" fine-tunes the saved GPT (it starts from the trained loss, not from ln V)', async () => {
    const work = join(dir, '..');
    writeFileSync(join(work, 'tune.json'), JSON.stringify({ workload: 'gpt', text: 'corpus.txt', init: 'model', iters: 5, batchSize: 8, evalInterval: 5, evalIters: 4 }));
    const log = sink();
    await runTrain(join(work, 'tune.json'), { seed: 6, out: join(work, 'tuned') }, log);
    expect(log.text()).toContain(`Fine-tuning the GPT of ${dir}`);
    const step0 = Number(/step 0: loss (\d\.\d+)/.exec(log.text())?.[1]);
    const trained = (JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as { train_loss: number }).train_loss;
    expect(Math.abs(step0 - trained)).toBeLessThan(0.25);
    expect((await loadGPTDir(join(work, 'tuned'))).model.gptConfig.numLayers).toBe(1);
  });

  it('tforge generate continues a prompt with the saved tokenizer', async () => {
    const out = sink();
    const text = await runGenerate(dir, 'ROMEO:', { maxNewTokens: 30, temperature: 0, seed: 1 }, out);
    expect(text).toHaveLength(30);
    expect(out.text()).toBe(`ROMEO:${text}\n`);
  });

  it('tforge serve answers KServe v2 generate and generate_stream for the registry GPT', async () => {
    const { model, tokenizer } = await loadGPTDir(dir);
    const want = tokenizer.decode(model.generate(tokenizer.encode('MENENIUS:'), { maxNewTokens: 20 }));
    const post = (path: string, body: unknown) => fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const r = await post('/v2/models/model/generate', { text_input: 'MENENIUS:', parameters: { max_tokens: 20, temperature: 0 } });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ model_name: 'model', model_version: '1', text_output: want, finish_reason: 'length' });
    const s = await post('/v2/models/model/versions/1/generate_stream', { text_input: 'MENENIUS:', parameters: { max_tokens: 20 } });
    expect(s.headers.get('content-type')).toContain('text/event-stream');
    const events = (await s.text()).split('\n\n').filter(Boolean).map((e) => JSON.parse(e.replace(/^data: /, '')) as { text_output: string; finish_reason?: string });
    expect(events).toHaveLength(21);
    expect(events.map((e) => e.text_output).join('')).toBe(want);
    expect(events[20]?.finish_reason).toBe('length');
    const card = (await (await fetch(`${server.url}/api/card`)).json()) as { generator: boolean; card: { kind: string } };
    expect(card).toMatchObject({ generator: true, card: { kind: 'text' } });
  });

  it.skipIf(!hasChromium)('the chat page streams an answer and stores 👎 with a corrected answer', async () => {
    const page = await (browser as BrowserContext).newPage();
    await page.goto(`${server.url}/ui/chat.html`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.fill('#prompt', 'ROMEO:');
    await page.fill('#maxTokens', '25');
    await page.fill('#temperature', '0');
    await page.click('#send');
    await page.waitForSelector('#feedback:not([hidden])', { timeout: 30_000 });
    const shown = await page.textContent('#output');
    const { model, tokenizer } = await loadGPTDir(dir);
    expect(shown).toBe(tokenizer.decode(model.generate(tokenizer.encode('ROMEO:'), { maxNewTokens: 25, topK: 40 })));
    expect(await page.textContent('#finish')).toBe('finished: token limit');
    await page.click('#down');
    await page.fill('#correction', '\nWhat light through yonder window breaks?');
    await page.click('#sendFeedback');
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Thanks!'));
    const rows = await server.host.registry.store.listFeedback('model');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ version: 1, label: 0, predictedLabel: 1, comment: '\nWhat light through yonder window breaks?' });
    expect(tokenizer.decode(rows[0]?.input ?? [])).toBe('ROMEO:');
    expect(tokenizer.decode(rows[0]?.prediction ?? [])).toBe(shown);
    await page.close();
  }, 60_000);

  it('feedback without a rating is refused, a 👍 is kept, and export-feedback writes fine-tuning text', async () => {
    const { token } = (await (await fetch(`${server.url}/api/session`)).json()) as { token: string };
    const post = (body: unknown) => fetch(`${server.url}/v2/models/model/feedback`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    const bad = await post({ prompt: 'MENENIUS:', output: ' x' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/'rating' must be "up" \(👍\) or "down" \(👎\)/);
    expect((await post({ prompt: 'MENENIUS:', output: ' Good morrow.', rating: 'up' })).status).toBe(200);
    expect((await post({ prompt: 'MENENIUS:', output: ' zzq', rating: 'down' })).status).toBe(200); // no correction: nothing to learn
    const out = join(tempDir(), 'feedback.txt');
    const n = await runExportFeedback(dir, { out }, sink());
    const rows = await server.host.registry.store.listFeedback('model');
    const first = rows[0];
    const hadBrowserRow = first?.comment === '\nWhat light through yonder window breaks?';
    expect(n).toBe(hadBrowserRow ? 2 : 1);
    expect(readFileSync(out, 'utf8')).toBe(`${hadBrowserRow ? 'ROMEO:\nWhat light through yonder window breaks?\n\n' : ''}MENENIUS: Good morrow.\n\n`);
  });
});
