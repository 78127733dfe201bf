import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import '../index.js';
import { GPTModel } from '../models/index.js';
import { CharTokenizer } from '../preprocessing/index.js';
import { requiredAccess } from './route-access.js';
import { createServer } from './server.js';

const tokenizer = CharTokenizer.fromText('abcdefghij .,\n');
const model = new GPTModel({ vocabSize: tokenizer.vocabSize, contextLength: 32, numLayers: 1, numHeads: 2, hiddenDim: 8, seed: 7, initializerRange: 0.5 });
let app: FastifyInstance;

beforeAll(async () => {
  app = await createServer({ generator: { name: 'gpt', model, tokenizer, maxTokens: 40 } });
});
afterAll(async () => {
  await app.close();
});

describe('KServe v2 generate endpoints', () => {
  it('generate returns the same text as model.generate (greedy) and echoes the id', async () => {
    const want = tokenizer.decode(model.generate(tokenizer.encode('abc'), { maxNewTokens: 12 }));
    const r = await app.inject({ method: 'POST', url: '/v2/models/gpt/generate', payload: { id: 'r1', text_input: 'abc', parameters: { max_tokens: 12, temperature: 0 } } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ model_name: 'gpt', model_version: '1', id: 'r1', text_output: want, finish_reason: 'length' });
    const v = await app.inject({ method: 'POST', url: '/v2/models/gpt/versions/1/generate', payload: { text_input: 'abc', max_tokens: 12 } });
    expect(v.json().text_output).toBe(want);
    const stop = want[3] as string;
    const s = await app.inject({ method: 'POST', url: '/v2/models/gpt/generate', payload: { text_input: 'abc', parameters: { max_tokens: 12, stop } } });
    expect(s.json()).toMatchObject({ text_output: want.slice(0, want.indexOf(stop)), finish_reason: 'stop' });
  });

  it('generate_stream sends one server-sent event per token, then the finish reason', async () => {
    const ids = model.generate(tokenizer.encode('hij'), { maxNewTokens: 10, temperature: 1, seed: 4 });
    const r = await app.inject({ method: 'POST', url: '/v2/models/gpt/generate_stream', payload: { text_input: 'hij', parameters: { max_tokens: 10, temperature: 1, seed: 4 } } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/event-stream');
    const events = r.body.split('\n\n').filter(Boolean).map((e) => JSON.parse(e.replace(/^data: /, '')) as { text_output: string; finish_reason?: string });
    expect(events).toHaveLength(11);
    expect(events.slice(0, 10).map((e) => e.text_output)).toEqual(ids.map((id) => tokenizer.decode([id])));
    expect(events[10]).toMatchObject({ text_output: '', finish_reason: 'length' });
  });

  it('needs the predict role like inference', () => {
    for (const route of ['/v2/models/:name/generate', '/v2/models/:name/versions/:version/generate_stream']) {
      expect(requiredAccess('POST', route, '/v2/models/gpt/generate')).toMatchObject({ role: 'predict', audited: false });
    }
  });

  it('answers bad requests with 4xx and a message', async () => {
    const bad = async (url: string, payload: object) => app.inject({ method: 'POST', url, payload });
    expect((await bad('/v2/models/gpt/generate', { parameters: {} })).json().error).toMatch(/'text_input' must be a non-empty string/);
    expect((await bad('/v2/models/gpt/generate', { text_input: 'a', max_tokens: 1000 })).json().error).toMatch(/max_tokens' must be an integer in \[0, 40\]/);
    expect((await bad('/v2/models/gpt/generate', { text_input: 'Z' })).json().error).toMatch(/cannot tokenize/);
    const r = await bad('/v2/models/other/generate', { text_input: 'a' });
    expect(r.statusCode).toBe(404);
    expect(r.json().error).toMatch(/not served here/);
  });
});
