import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { COLD, HOT, identityModel, identityModelDir } from '../../test/e2e/helpers.js';
import { createServer } from './server.js';
import { ModelHost } from './model-host.js';
import { Registry } from './registry.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

let app: FastifyInstance;
let store: Store;
let host: ModelHost;
let root: string;
const FEEDBACK = 'f'.repeat(40);
const METRICS = 'm'.repeat(40);

beforeAll(async () => {
  root = await identityModelDir('toy');
  store = new SqliteStore(join(root, 'tforge.db'));
  host = await ModelHost.start(await Registry.open(root, store));
  app = await createServer({ host, limits: { maxRows: 8 }, bodyLimit: 64 * 1024, access: { tokens: { feedback: FEEDBACK, metrics: METRICS }, openPredict: true } });
});
afterAll(async () => {
  await app.close();
  await store.close();
});

async function post(url: string, body: unknown) {
  const headers = url.endsWith('/feedback') ? { authorization: `Bearer ${FEEDBACK}` } : {};
  const r = await app.inject({ method: 'POST', url, payload: body as object, headers });
  return { status: r.statusCode, json: r.json() as Record<string, unknown> };
}

function close(a: unknown, b: number[]): void {
  const v = (a as number[]).map(Number);
  expect(v).toHaveLength(b.length);
  v.forEach((x, i) => expect(x).toBeCloseTo(b[i] as number, 5));
}

describe('TF Serving REST (v1)', () => {
  it('answers status and metadata', async () => {
    const s = await app.inject('/v1/models/toy');
    expect(s.json()).toEqual({ model_version_status: [{ version: '1', state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } }] });
    const m = (await app.inject('/v1/models/toy/metadata')).json();
    expect(m.model_spec).toEqual({ name: 'toy', signature_name: '', version: '1' });
    expect(m.metadata.signature_def.signature_def.serving_default.inputs.input.tensor_shape.dim.map((d: { size: string }) => d.size)).toEqual(['-1', '4']);
  });

  it('predicts in row (instances) and columnar (inputs) format with hand-computed softmax values', async () => {
    const r = await post('/v1/models/toy:predict', { instances: [[1, 0, 0, 0], [0, 0, 1, 0]] });
    expect(r.status).toBe(200);
    const preds = r.json.predictions as number[][];
    close(preds[0], [HOT, COLD, COLD]);
    close(preds[1], [COLD, COLD, HOT]);
    const c = await post('/v1/models/toy:predict', { inputs: [[0, 1, 0, 0]] });
    close((c.json.outputs as number[][])[0], [COLD, HOT, COLD]);
    const v = await post('/v1/models/toy/versions/1:predict', { instances: [{ input: [0, 0, 0, 1] }] });
    close((v.json.predictions as number[][])[0], [1 / 3, 1 / 3, 1 / 3]);
  });

  it('rejects bad requests with a 4xx and a message, and keeps serving', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ instances: [[1, 2, 3]] }, 400, /expected 4 values/],
      [{ instances: [[1, 2, 'x', 4]] }, 400, /finite number/],
      [{ instances: [] }, 400, /no examples/],
      [{ instances: Array.from({ length: 9 }, () => [0, 0, 0, 0]) }, 413, /limit of 8/],
      [{ instances: [[1, 0, 0, 0]], inputs: [[1, 0, 0, 0]] }, 400, /exactly one of/],
      [[1, 2], 400, /JSON object/],
    ];
    for (const [body, status, msg] of cases) {
      const r = await post('/v1/models/toy:predict', body);
      expect(r.status).toBe(status);
      expect(String(r.json.error)).toMatch(msg);
    }
    const unknown = await post('/v1/models/other:predict', { instances: [[1, 0, 0, 0]] });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatch(/not served here/);
    const missing = await post('/v1/models/toy/versions/7:predict', { instances: [[1, 0, 0, 0]] });
    expect(missing.status).toBe(404);
    const bad = await app.inject({ method: 'POST', url: '/v1/models/toy:predict', payload: '{"instances": [', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBeTruthy();
    const big = await app.inject({ method: 'POST', url: '/v1/models/toy:predict', payload: JSON.stringify({ instances: [[0, 0, 0, 0]], pad: 'x'.repeat(70_000) }), headers: { 'content-type': 'application/json' } });
    expect(big.statusCode).toBe(413);
    const ok = await post('/v1/models/toy:predict', { instances: [[1, 0, 0, 0]] });
    expect(ok.status).toBe(200);
  });
});

describe('Open Inference Protocol v2', () => {
  it('answers health, server and model metadata', async () => {
    expect((await app.inject('/v2/health/live')).json()).toEqual({ live: true });
    expect((await app.inject('/v2/health/ready')).json()).toEqual({ ready: true });
    expect((await app.inject('/v2')).json()).toMatchObject({ name: 'tensorforge', extensions: expect.arrayContaining(['feedback']) });
    expect((await app.inject('/v2/models/toy')).json()).toEqual({
      name: 'toy', versions: ['1'], platform: 'tensorforge',
      inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 4] }],
      outputs: [{ name: 'probabilities', datatype: 'FP32', shape: [-1, 3] }],
    });
    expect((await app.inject('/v2/models/toy/ready')).json()).toEqual({ name: 'toy', ready: true });
  });

  it('infers with flattened row-major data and echoes the id', async () => {
    const r = await post('/v2/models/toy/infer', { id: 'req-42', inputs: [{ name: 'input', shape: [2, 4], datatype: 'FP32', data: [1, 0, 0, 0, 0, 1, 0, 0] }] });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ model_name: 'toy', model_version: '1', id: 'req-42' });
    const out = (r.json.outputs as { name: string; shape: number[]; datatype: string; data: number[] }[])[0];
    expect(out?.shape).toEqual([2, 3]);
    expect(out?.datatype).toBe('FP32');
    close(out?.data, [HOT, COLD, COLD, COLD, HOT, COLD]);
    const nested = await post('/v2/models/toy/versions/1/infer', { inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: [[0, 0, 1, 0]] }] });
    close((nested.json.outputs as { data: number[] }[])[0]?.data, [COLD, COLD, HOT]);
  });

  it('rejects shape, datatype and count mismatches', async () => {
    const base = { name: 'input', shape: [1, 4], datatype: 'FP32', data: [1, 0, 0, 0] };
    const cases: [unknown, RegExp][] = [
      [{ inputs: [{ ...base, shape: [1, 5] }] }, /does not fit the model input/],
      [{ inputs: [{ ...base, datatype: 'BYTES' }] }, /numeric type/],
      [{ inputs: [{ ...base, data: [1, 0, 0] }] }, /holds 3 values/],
      [{ inputs: [] }, /exactly one tensor/],
      [{ id: 5, inputs: [base] }, /'id' must be a string/],
    ];
    for (const [body, msg] of cases) {
      const r = await post('/v2/models/toy/infer', body);
      expect(r.status).toBe(400);
      expect(String(r.json.error)).toMatch(msg);
    }
  });
});

describe(':explain', () => {
  it('answers integrated gradients that satisfy completeness, saliency, and KernelSHAP for tabular rows', async () => {
    const ig = await post('/v1/models/toy:explain', { instances: [[2, 0, 1, 0]] });
    expect(ig.status).toBe(200);
    const [e] = ig.json.explanations as { target: number; attributions: number[]; output: number; baseline_output: number; completeness_gap: number }[];
    expect(e?.target).toBe(0);
    expect(e?.attributions).toHaveLength(4);
    expect(e?.baseline_output).toBeCloseTo(1 / 3, 5);
    const sum = (e?.attributions ?? []).reduce((a, v) => a + v, 0);
    expect(Math.abs(sum - ((e?.output ?? 0) - (e?.baseline_output ?? 0)))).toBeLessThan(0.01 * Math.abs((e?.output ?? 0) - (e?.baseline_output ?? 0)));
    // Feature 3 has zero weight in the identity model: no attribution.
    expect(e?.attributions[3]).toBeCloseTo(0, 6);
    const sal = await post('/v1/models/toy:explain', { instances: [[2, 0, 1, 0]], method: 'saliency', target: 2 });
    expect((sal.json.explanations as { target: number }[])[0]?.target).toBe(2);
    const shap = await post('/v1/models/toy:explain', { instances: [[2, 0, 1, 0]], method: 'kernel_shap', background: [[0, 0, 0, 0], [1, 1, 1, 1]] });
    const [sv] = shap.json.explanations as { attributions: number[]; base_value: number; output: number }[];
    expect((sv?.attributions ?? []).reduce((a, v) => a + v, 0) + (sv?.base_value ?? 0)).toBeCloseTo(sv?.output ?? NaN, 5);
    const v2 = await post('/v2/models/toy/explain', { instances: [[2, 0, 1, 0]] });
    expect((v2.json.explanations as { attributions: number[] }[])[0]?.attributions).toEqual(e?.attributions);
    const bad = await post('/v1/models/toy:explain', { instances: [[2, 0, 1, 0]], method: 'lime' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/^explain \(POST \/v1\/models\/toy:explain\): 'method' must be one of integrated_gradients, saliency, smoothgrad, kernel_shap/);
    const steps = await post('/v1/models/toy:explain', { instances: [[2, 0, 1, 0]], steps: 100000 });
    expect(steps.json.error).toMatch(/'steps' must be an integer in \[4, 1024\]/);
  });
});

describe('feedback, batching, pages and metrics', () => {
  it('stores feedback with the model prediction and label', async () => {
    const r = await post('/v1/models/toy/feedback', { input: [1, 0, 0, 0], label: 2, comment: 'it is c' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ stored: true, model_version: '1', total: 1 });
    const [f] = await store.listFeedback('toy');
    expect(f).toMatchObject({ model: 'toy', version: 1, input: [1, 0, 0, 0], inputShape: [4], predictedLabel: 0, label: 2, comment: 'it is c' });
    close(f?.prediction, [HOT, COLD, COLD]);
    const bad = await post('/v2/models/toy/feedback', { input: [1, 0, 0, 0], label: 3 });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/integer class id in \[0, 2\]/);
  });

  it('batches concurrent requests into fewer predict calls with the same answers', async () => {
    const before = host.current.batcher.batchesRun;
    const rs = await Promise.all(Array.from({ length: 20 }, (_, i) => post('/v1/models/toy:predict', { instances: [[i % 3 === 0 ? 1 : 0, i % 3 === 1 ? 1 : 0, i % 3 === 2 ? 1 : 0, 0]] })));
    rs.forEach((r, i) => expect(((r.json.predictions as number[][])[0] as number[])[i % 3]).toBeCloseTo(HOT, 5));
    expect(host.current.batcher.batchesRun - before).toBeLessThan(20);
  });

  it('serves the pages, chart.js, the card API and Prometheus metrics', async () => {
    expect((await app.inject('/')).headers.location).toBe('/ui/card.html');
    const page = await app.inject('/ui/card.html');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('/vendor/chart.umd.js');
    const chart = await app.inject('/vendor/chart.umd.js');
    expect(chart.body).toContain('Chart');
    const card = (await app.inject('/api/card')).json();
    expect(card).toMatchObject({ name: 'toy', version: 1, metrics: { accuracy: 0.75 }, history: { loss: [1.1, 0.9] }, store: 'sqlite' });
    expect(card.summary).toContain('Total params: 15');
    const m = (await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS}` } })).body;
    expect(m).toMatch(/tforge_requests_total\{route="\/v1\/models\/\*",code="200"\} \d+/);
    expect(m).toContain('tforge_feedback_total 1');
  });

  it('switches to a promoted version atomically while requests are in flight', async () => {
    const dir = await host.registry.newVersionDir();
    const m = identityModel();
    m.b.assign(m.b.add([0, 0, 100]));
    await m.save(dir);
    const v = await host.registry.register(dir, { accuracy: 0.8 }, 'test');
    const inflight = Array.from({ length: 10 }, () => post('/v1/models/toy:predict', { instances: [[1, 0, 0, 0]] }));
    await host.registry.promote(v.version);
    expect(await host.refresh()).toBe(true);
    for (const r of await Promise.all(inflight)) expect(r.status).toBe(200);
    const after = await post('/v1/models/toy:predict', { instances: [[1, 0, 0, 0]] });
    expect(after.json.model_version).toBe('2');
    expect(((after.json.predictions as number[][])[0] as number[])[2]).toBeCloseTo(1, 5);
    const old = await post('/v1/models/toy/versions/1:predict', { instances: [[1, 0, 0, 0]] });
    close((old.json.predictions as number[][])[0], [HOT, COLD, COLD]);
  });
});
