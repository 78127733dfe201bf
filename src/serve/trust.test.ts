// Access control, audit log, anonymisation and user erasure of the server, through Fastify's inject.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { identityModel, identityModelDir } from '../../test/e2e/helpers.js';
import { createServer } from './server.js';
import { ModelHost } from './model-host.js';
import { Registry } from './registry.js';
import { SqliteStore } from './sqlite-store.js';
import { Anonymizer } from './privacy.js';
import type { RetrainOutcome } from './routes-admin.js';

const ADMIN = 'a'.repeat(40);
const FEEDBACK = 'f'.repeat(40);
const METRICS = 'm'.repeat(40);
const WRONG = 'w'.repeat(40);

let app: FastifyInstance;
let store: SqliteStore;
let host: ModelHost;
let finishRetrain: (o: RetrainOutcome) => void = () => undefined;

beforeAll(async () => {
  const root = await identityModelDir('toy');
  store = new SqliteStore(join(root, 'tforge.db'));
  const registry = await Registry.open(root, store);
  const dir = await registry.newVersionDir();
  await identityModel().save(dir);
  await registry.register(dir, { accuracy: 0.8 }, 'v2');
  host = await ModelHost.start(registry);
  app = await createServer({
    host,
    access: { tokens: { admin: ADMIN, feedback: FEEDBACK, metrics: METRICS }, openPredict: true },
    uiSession: true,
    anonymizer: new Anonymizer({ userIdKey: 'k'.repeat(32) }),
    retrain: () => new Promise<RetrainOutcome>((resolve) => (finishRetrain = resolve)),
  });
});
afterAll(async () => {
  await app.close();
  await store.close();
});

type Method = 'GET' | 'POST' | 'DELETE';
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
async function call(method: Method, url: string, token?: string, body?: object) {
  const r = await app.inject({ method, url, ...(body ? { payload: body } : {}), headers: token ? auth(token) : {} });
  return { status: r.statusCode, json: String(r.headers['content-type'] ?? '').includes('json') ? (r.json() as Record<string, unknown>) : {}, headers: r.headers, body: r.body };
}

const example = { input: [1, 0, 0, 0], label: 2 };
/** Every route that changes state or reads personal data, with the role it needs and a role that is not enough. */
const ROUTES: { method: Method; url: string; body?: object; role: string; weaker: string }[] = [
  { method: 'POST', url: '/v1/models/toy/feedback', body: example, role: 'feedback', weaker: METRICS },
  { method: 'POST', url: '/v1/models/toy:feedback', body: example, role: 'feedback', weaker: METRICS },
  { method: 'POST', url: '/v2/models/toy/feedback', body: example, role: 'feedback', weaker: METRICS },
  { method: 'POST', url: '/v2/models/toy/versions/1/feedback', body: example, role: 'feedback', weaker: METRICS },
  { method: 'POST', url: '/admin/models/toy/promote', body: { version: 2 }, role: 'admin', weaker: FEEDBACK },
  { method: 'POST', url: '/admin/models/toy/rollback', body: {}, role: 'admin', weaker: FEEDBACK },
  { method: 'POST', url: '/admin/models/toy/reload', role: 'admin', weaker: FEEDBACK },
  { method: 'POST', url: '/admin/models/toy/retrain', role: 'admin', weaker: METRICS },
  { method: 'GET', url: '/admin/models/toy/retrain', role: 'admin', weaker: METRICS },
  { method: 'GET', url: '/admin/users/alice/feedback', role: 'admin', weaker: METRICS },
  { method: 'DELETE', url: '/admin/users/alice/feedback', role: 'admin', weaker: FEEDBACK },
  { method: 'GET', url: '/admin/audit', role: 'metrics', weaker: FEEDBACK },
  { method: 'GET', url: '/metrics', role: 'metrics', weaker: FEEDBACK },
];

describe('access control', () => {
  it('refuses every mutating or admin route without a token, with a wrong token and with a weaker role', async () => {
    const versionsBefore = JSON.stringify(await host.registry.versions());
    for (const r of ROUTES) {
      const none = await call(r.method, r.url, undefined, r.body);
      expect(none.status, `${r.method} ${r.url} without a token`).toBe(401);
      expect(none.headers['www-authenticate']).toContain('Bearer');
      expect(String(none.json.error)).toContain(`needs the '${r.role}' role`);
      const wrong = await call(r.method, r.url, WRONG, r.body);
      expect(wrong.status, `${r.method} ${r.url} with a wrong token`).toBe(401);
      expect(String(wrong.json.error)).toMatch(/matches no role/);
      const weak = await call(r.method, r.url, r.weaker, r.body);
      expect(weak.status, `${r.method} ${r.url} with a weaker role`).toBe(403);
      // A malformed header is no token at all.
      expect((await app.inject({ method: r.method, url: r.url, headers: { authorization: `Basic ${ADMIN}` } })).statusCode).toBe(401);
    }
    expect(await store.countFeedback('toy')).toBe(0);
    expect(JSON.stringify(await host.registry.versions())).toBe(versionsBefore);
    expect(host.current.version).toBe(1);
  });

  it('keeps predict, metadata and the pages open, and never echoes a token', async () => {
    expect((await call('POST', '/v1/models/toy:predict', undefined, { instances: [[1, 0, 0, 0]] })).status).toBe(200);
    expect((await call('GET', '/v2/models/toy')).status).toBe(200);
    expect((await call('GET', '/ui/card.html')).status).toBe(200);
    const refused = await call('POST', '/admin/models/toy/reload', FEEDBACK);
    expect(refused.body).not.toContain(FEEDBACK);
    expect(refused.json.error).toMatch(/the token sent is the feedback token/);
  });

  it('lets the admin token through every route and the role token through its own', async () => {
    expect((await call('GET', '/metrics', METRICS)).status).toBe(200);
    expect((await call('GET', '/metrics', ADMIN)).status).toBe(200);
    expect((await call('POST', '/v1/models/toy/feedback', ADMIN, example)).status).toBe(200);
  });

  it('hands the loopback page a feedback-only session token, and refuses other origins', async () => {
    const s = await app.inject({ url: '/api/session', headers: { host: '127.0.0.1:8501', 'sec-fetch-site': 'same-origin' } });
    expect(s.statusCode).toBe(200);
    expect(s.headers['cache-control']).toBe('no-store');
    const token = (s.json() as { token: string }).token;
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect((await call('POST', '/v1/models/toy/feedback', token, example)).status).toBe(200);
    expect((await call('POST', '/admin/models/toy/reload', token)).status).toBe(403);
    expect((await app.inject({ url: '/api/session', headers: { host: 'evil.example:8501' } })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/session', headers: { host: 'localhost:8501', 'sec-fetch-site': 'cross-site' } })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/session', remoteAddress: '10.0.0.7', headers: { host: 'localhost' } })).statusCode).toBe(403);
  });
});

describe('admin routes', () => {
  it('promotes, rolls back and reloads, and the server follows', async () => {
    const p = await call('POST', '/admin/models/toy/promote', ADMIN, { version: 2 });
    expect(p.status).toBe(200);
    expect(p.json.serving).toBe(2);
    expect((await call('POST', '/v1/models/toy:predict', undefined, { instances: [[1, 0, 0, 0]] })).json.model_version).toBe('2');
    const r = await call('POST', '/admin/models/toy/rollback', ADMIN, {});
    expect(r.json.serving).toBe(1);
    expect((await call('POST', '/admin/models/toy/reload', ADMIN)).json).toMatchObject({ serving: 1, swapped: false });
    const bad = await call('POST', '/admin/models/toy/promote', ADMIN, { version: 'two' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/'version' must be a positive integer version, received "two"/);
    expect((await call('POST', '/admin/models/other/reload', ADMIN)).status).toBe(404);
  });

  it('starts one retraining job at a time and reports its outcome', async () => {
    const start = await call('POST', '/admin/models/toy/retrain', ADMIN);
    expect(start.status).toBe(202);
    expect(start.json.job).toMatchObject({ state: 'running' });
    expect((await call('POST', '/admin/models/toy/retrain', ADMIN)).status).toBe(409);
    finishRetrain({ promoted: false, candidateVersion: 3, summary: 'rejected' });
    await new Promise((r) => setImmediate(r));
    expect((await call('GET', '/admin/models/toy/retrain', ADMIN)).json.job).toMatchObject({ state: 'done', outcome: { candidateVersion: 3 } });
  });
});

describe('feedback body, anonymisation and erasure', () => {
  it('accepts the predict body shape and names the endpoint and field in errors', async () => {
    const ok = await call('POST', '/v1/models/toy/feedback', FEEDBACK, { instances: [[0, 1, 0, 0]], label: 1 });
    expect(ok.status).toBe(200);
    const cases: [object, RegExp][] = [
      [{ label: 1 }, /^feedback \(POST \/v1\/models\/toy\/feedback\): expected the example in 'input' \(or 'instances': \[example\], as for predict\), received a body with keys \[label\]/],
      [{ instances: [[1, 2]], label: 1 }, /^feedback \(POST \/v1\/models\/toy\/feedback\): 'instances\[0\]': .*expected 4 values/],
      [{ input: [1, 0, 'x', 0], label: 1 }, /^feedback \(POST \/v1\/models\/toy\/feedback\): 'input': .*finite number/],
      [{ instances: [[1, 0, 0, 0], [0, 1, 0, 0]], label: 1 }, /'instances' must hold exactly one example for feedback, received 2 examples/],
      [{ input: [1, 0, 0, 0], instances: [[1, 0, 0, 0]], label: 1 }, /send the example once/],
      [{ input: [1, 0, 0, 0], label: 1, user: 5 }, /'user' must be a non-empty string/],
    ];
    for (const [body, msg] of cases) {
      const r = await call('POST', '/v1/models/toy/feedback', FEEDBACK, body);
      expect(r.status).toBe(400);
      expect(String(r.json.error)).toMatch(msg);
    }
  });

  it('stores keyed hashes of user ids and scrubbed comments; exports and erases one user', async () => {
    const send = (user: string, comment: string) => call('POST', '/v1/models/toy/feedback', FEEDBACK, { ...example, user, comment });
    await send('alice', 'write to alice@example.com or call +44 20 7946 0958');
    await send('alice', 'again');
    await send('bob', 'bob here');
    const all = await store.listFeedback('toy');
    const alice = all.filter((f) => f.comment?.includes('[email]'));
    expect(alice).toHaveLength(1);
    expect(alice[0]?.comment).toBe('write to [email] or call [phone]');
    expect(JSON.stringify(all)).not.toMatch(/alice|bob"/);
    expect(alice[0]?.userId).toMatch(/^u_[0-9a-f]{32}$/);

    const exp = await call('GET', '/admin/users/alice/feedback', ADMIN);
    expect(exp.status).toBe(200);
    expect(exp.json).toMatchObject({ user: alice[0]?.userId, count: 2 });
    const del = await call('DELETE', '/admin/users/alice/feedback', ADMIN);
    expect(del.json).toMatchObject({ deleted: 2 });
    expect((await call('GET', '/admin/users/alice/feedback', ADMIN)).json.count).toBe(0);
    expect((await call('GET', '/admin/users/bob/feedback', ADMIN)).json.count).toBe(1);
  });

  it('audits every mutating call, refusals included, with role, action, target and result', async () => {
    const { json } = await call('GET', '/admin/audit?limit=10000', METRICS);
    const entries = json.entries as { role: string; action: string; target: string | null; status: number; result: string; at: string }[];
    const erase = entries.find((e) => e.action === 'DELETE /admin/users/:user/feedback' && e.result === 'ok');
    expect(erase).toMatchObject({ role: 'admin', status: 200 });
    expect(erase?.target).toMatch(/^u_[0-9a-f]{32}$/);
    expect(entries.some((e) => e.action === 'DELETE /admin/users/:user/feedback' && e.role === 'anonymous' && e.status === 401 && e.result === 'denied')).toBe(true);
    expect(entries.some((e) => e.action === 'feedback' && e.role === 'feedback' && e.target === 'toy' && e.result === 'ok')).toBe(true);
    expect(entries.some((e) => e.action === 'POST /admin/models/:model/promote' && e.target === 'toy/v2' && e.result === 'ok')).toBe(true);
    expect(entries.some((e) => e.action === 'GET /admin/users/:user/feedback' && e.result === 'ok')).toBe(true);
    expect(entries.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
    // Reads of public routes are not audited; tokens and raw user ids never reach the log.
    expect(entries.some((e) => e.action.includes(':predict'))).toBe(false);
    expect(JSON.stringify(entries)).not.toMatch(new RegExp(`${ADMIN}|${FEEDBACK}|alice`));
  });
});
