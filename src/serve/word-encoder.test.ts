import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { identityModelDir } from '../../test/e2e/helpers.js';
import { FILES, writeSideFile } from './model-dir.js';
import { ModelHost } from './model-host.js';
import { Registry } from './registry.js';
import { createServer } from './server.js';
import { SqliteStore } from './sqlite-store.js';
import { KERAS_FILTERS, WordEncoder, loadWordEncoder } from './word-encoder.js';
import { Tokenizer, padSequences } from '../preprocessing/tokenizer.js';
import { saveBundle } from '../io/index.js';
import { sequential } from '../models/index.js';
import { dense } from '../layers/index.js';
import { tempDir } from '../../test/e2e/helpers.js';
import { fromLayersModel } from './layers-adapter.js';

const FEEDBACK_TOKEN = 'f'.repeat(40);

const base = { lower: true, filters: KERAS_FILTERS, split: ' ', maxLen: 4, padding: 'pre' as const, truncating: 'pre' as const };

describe('WordEncoder (Keras texts_to_sequences + pad_sequences)', () => {
  it('lower-cases, strips punctuation, maps OOV and pads/truncates at the front by default', () => {
    const e = new WordEncoder({ ...base, wordIndex: { '<oov>': 1, the: 2, movie: 3, great: 4 }, oovToken: '<oov>' });
    expect(e.ids('The movie, was GREAT!')).toEqual([2, 3, 1, 4]);
    expect(e.encode('great movie')).toEqual([0, 0, 4, 3]);
    expect(e.encode('the the movie was great')).toEqual([2, 3, 1, 4]);
    expect(e.encode('')).toEqual([0, 0, 0, 0]);
    const post = new WordEncoder({ ...base, wordIndex: { a: 1, b: 2 }, padding: 'post', truncating: 'post', maxLen: 3 });
    expect(post.encode('b')).toEqual([2, 0, 0]);
    expect(post.encode('a b a b')).toEqual([1, 2, 1]);
    const limited = new WordEncoder({ ...base, wordIndex: { a: 1, b: 2, c: 3 }, numWords: 3 });
    expect(limited.ids('a b c')).toEqual([1, 2]);
  });

  it("reads Keras' tokenizer.to_json() layout with word_index as a JSON string", async () => {
    const dir = await identityModelDir('txt');
    await writeSideFile(dir, FILES.tokenizer, { class_name: 'Tokenizer', config: { num_words: null, oov_token: null, lower: true, split: ' ', word_index: JSON.stringify({ a: 1, b: 2 }) } });
    const e = await loadWordEncoder(dir, 4);
    expect(e?.encode('B a')).toEqual([0, 0, 2, 1]);
    expect(await loadWordEncoder(join(dir, 'nowhere'), 4)).toBeNull();
  });
});

describe('serving a text model', () => {
  it('tokenizes string instances (v1), BYTES tensors (v2) and text feedback with the saved tokenizer', async () => {
    const dir = await identityModelDir('txt');
    await writeSideFile(dir, FILES.tokenizer, { wordIndex: { a: 1, b: 2 }, lower: true });
    const store = new SqliteStore(join(dir, 'tforge.db'));
    const host = await ModelHost.start(await Registry.open(dir, store));
    const app = await createServer({ host, access: { tokens: { feedback: FEEDBACK_TOKEN }, openPredict: true } });
    try {
      // 'B a' -> [0, 0, 2, 1]; with W = [I3; 0] the logits are [0, 0, 2]: softmax = [1, 1, e^2] / (2 + e^2).
      const want = [1, 1, Math.exp(2)].map((v) => v / (2 + Math.exp(2)));
      const r = await app.inject({ method: 'POST', url: '/v1/models/txt:predict', payload: { instances: ['B a'] } });
      (r.json().predictions[0] as number[]).forEach((p, i) => expect(p).toBeCloseTo(want[i] as number, 5));
      const v2 = await app.inject({ method: 'POST', url: '/v2/models/txt/infer', payload: { inputs: [{ name: 'text', shape: [1], datatype: 'BYTES', data: ['b a'] }] } });
      (v2.json().outputs[0].data as number[]).forEach((p, i) => expect(p).toBeCloseTo(want[i] as number, 5));
      const fb = await app.inject({ method: 'POST', url: '/v1/models/txt/feedback', payload: { input: 'a', label: 1 }, headers: { authorization: `Bearer ${FEEDBACK_TOKEN}` } });
      expect(fb.statusCode).toBe(200);
      expect((await store.listFeedback('txt'))[0]).toMatchObject({ input: [0, 0, 0, 1], label: 1 });
      expect((await app.inject('/api/card')).json().text).toBe(true);
    } finally {
      await app.close();
      await store.close();
    }
  });
});

describe('serving a model saved with tf.io.saveBundle and a tf.preprocessing.Tokenizer', () => {
  it('tokenizes with the bundled tokenizer exactly as padSequences(textsToSequences(...)) does', async () => {
    const tok = new Tokenizer({ numWords: 50, oovToken: '<oov>' });
    tok.fitOnTexts(['a great film', 'a dull film', 'great great acting']);
    const m = sequential({ layers: [dense({ units: 2, inputShape: [5], activation: 'softmax' })] });
    m.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    const dir = join(tempDir(), 'reviews');
    await saveBundle(dir, { model: m, extras: { tokenizer: tok } });
    const enc = await loadWordEncoder(dir, 5);
    const want = Array.from(padSequences(tok.textsToSequences(['Great film, truly!']), { maxlen: 5 }).dataSync());
    expect(enc?.encode('Great film, truly!')).toEqual(want);
    expect(want.slice(0, 1)).toEqual([0]);
    const store = new SqliteStore(join(dir, 'tforge.db'));
    const host = await ModelHost.start(await Registry.open(dir, store));
    const app = await createServer({ host });
    try {
      const r = await app.inject({ method: 'POST', url: '/v1/models/reviews:predict', payload: { instances: ['Great film, truly!'] } });
      const direct = Array.from(fromLayersModel(m).predict(padSequences([want], { maxlen: 5 })).dataSync());
      (r.json().predictions[0] as number[]).forEach((p, i) => expect(p).toBeCloseTo(direct[i] as number, 6));
    } finally {
      await app.close();
      await store.close();
    }
  });
});
