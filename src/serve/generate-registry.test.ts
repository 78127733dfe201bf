// The generate routes of a registry server (hostGenerators): a GPT bundle in the registry generates and takes
// chat feedback; a classifier registry answers generate with a 400 that points to infer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { identityModelDir, tempDir } from '../../test/e2e/helpers.js';
import { saveBundle } from '../io/index.js';
import { GPTModel } from '../models/index.js';
import { CharTokenizer } from '../preprocessing/index.js';
import { feedbackToFineTuning, fineTuningText } from './generation-feedback.js';
import { ModelHost } from './model-host.js';
import { Registry } from './registry.js';
import { createServer } from './server.js';
import { SqliteStore } from './sqlite-store.js';

const FEEDBACK = 'f'.repeat(40);
const tokenizer = CharTokenizer.fromText('abcdefghij .,\n');
const model = new GPTModel({ vocabSize: tokenizer.vocabSize, contextLength: 32, numLayers: 1, numHeads: 2, hiddenDim: 8, seed: 3, initializerRange: 0.5 });
const apps: FastifyInstance[] = [];
const stores: SqliteStore[] = [];

async function serve(root: string): Promise<{ app: FastifyInstance; store: SqliteStore }> {
  const store = new SqliteStore(join(root, 'tforge.db'));
  const app = await createServer({ host: await ModelHost.start(await Registry.open(root, store)), access: { tokens: { feedback: FEEDBACK }, openPredict: true } });
  apps.push(app);
  stores.push(store);
  return { app, store };
}

let gpt: { app: FastifyInstance; store: SqliteStore };
beforeAll(async () => {
  const root = join(tempDir(), 'tiny');
  await saveBundle(root, { model, extras: { tokenizer } });
  gpt = await serve(root);
});
afterAll(async () => {
  for (const a of apps) await a.close();
  for (const s of stores) await s.close();
});

describe('generate routes of a registry', () => {
  it('the serving GPT generates what model.generate gives, under its registry name and version', async () => {
    const want = tokenizer.decode(model.generate(tokenizer.encode('abc'), { maxNewTokens: 9 }));
    const r = await gpt.app.inject({ method: 'POST', url: '/v2/models/tiny/versions/1/generate', payload: { text_input: 'abc', parameters: { max_tokens: 9 } } });
    expect(r.json()).toEqual({ model_name: 'tiny', model_version: '1', text_output: want, finish_reason: 'length' });
    expect((await gpt.app.inject({ method: 'POST', url: '/v2/models/tiny/versions/7/generate', payload: { text_input: 'abc' } })).statusCode).toBe(404);
    expect((await gpt.app.inject('/api/card')).json()).toMatchObject({ name: 'tiny', generator: true });
  });

  it('stores 👍/👎 feedback with ids through the tokenizer and exports corrections and approved answers', async () => {
    const send = (payload: object) => gpt.app.inject({ method: 'POST', url: '/v2/models/tiny/feedback', headers: { authorization: `Bearer ${FEEDBACK}` }, payload });
    expect((await send({ prompt: 'abc', output: ' def', rating: 'up' })).statusCode).toBe(200);
    expect((await send({ prompt: 'ab', output: 'zz', rating: 'down' })).json().error).toMatch(/cannot tokenize 'output'/);
    expect((await send({ prompt: 'ab', output: 'jjj', rating: 'down', correction: 'c.' })).statusCode).toBe(200);
    expect((await send({ prompt: 'ab', output: 'jjj', rating: 0 })).statusCode).toBe(200);
    expect((await send({ prompt: '', output: 'a', rating: 'up' })).json().error).toMatch(/'prompt' is empty/);
    const rows = await gpt.store.listFeedback('tiny');
    expect(rows.map((r) => [r.label, r.inputShape, r.comment])).toEqual([[1, [3], null], [0, [2], 'c.'], [0, [2], null]]);
    const examples = feedbackToFineTuning(rows, tokenizer);
    expect(fineTuningText(examples, 'text')).toBe('abc def\n\nabc.\n\n');
    expect(fineTuningText(examples, 'jsonl')).toBe('{"prompt":"abc","completion":" def"}\n{"prompt":"ab","completion":"c."}\n');
  });

  it('a classifier registry answers generate with a 400 naming infer', async () => {
    const { app } = await serve(await identityModelDir('toy'));
    const r = await app.inject({ method: 'POST', url: '/v2/models/toy/generate', payload: { text_input: 'a' } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatch(/model 'toy' v1 is not a GPT .*use POST \/v2\/models\/toy\/infer/);
  });
});
