// Limits over real loopback sockets: slow-header clients, overload (503 + Retry-After), graceful shutdown, TLS.
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { identityModelDir, tempDir } from '../../test/e2e/helpers.js';
import { MicroBatcher } from './batcher.js';
import { RequestError } from './codec.js';
import { ModelHost } from './model-host.js';
import { Registry } from './registry.js';
import { createServer, type ServerOptions } from './server.js';
import { SqliteStore } from './sqlite-store.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A served identity model whose batcher waits `maxDelayMs` (long: requests stay in flight until flushed). */
async function serve(extra: Partial<ServerOptions> = {}, maxDelayMs = 60_000): Promise<{ app: FastifyInstance; host: ModelHost; url: string }> {
  const root = await identityModelDir('toy');
  const store = new SqliteStore(join(root, 'tforge.db'));
  const host = await ModelHost.start(await Registry.open(root, store), { maxDelayMs, maxRows: 256 });
  const app = await createServer({ host, ...extra });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  cleanups.push(async () => {
    app.server.closeAllConnections();
    await app.close();
    await store.close();
  });
  return { app, host, url: `${extra.tls ? 'https' : 'http'}://127.0.0.1:${port}` };
}

const predictBody = JSON.stringify({ instances: [[1, 0, 0, 0]] });
const predict = (url: string) => fetch(`${url}/v1/models/toy:predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: predictBody });

/** Resolves once `cond` holds, checking on every turn of the event loop (no wall-clock assertion). */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

describe('timeouts', () => {
  it('cuts off a client that sends its headers too slowly, and keeps serving others', async () => {
    const { url } = await serve({ timeouts: { headersMs: 300, checkIntervalMs: 50 } });
    const port = Number(new URL(url).port);
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (d) => (received += d.toString()));
    socket.write('GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    // One header byte every 100 ms: never finishes the headers, and keeps the socket busy so only the deadline
    // on the whole header block (not an idle timeout) can end it.
    const drip = setInterval(() => socket.writable && socket.write('X'), 100);
    const closed = await new Promise<boolean>((resolve) => {
      socket.on('close', () => resolve(true));
      socket.on('error', () => undefined);
      setTimeout(() => resolve(false), 8000);
    });
    clearInterval(drip);
    socket.destroy();
    expect(closed).toBe(true);
    expect(received === '' || received.startsWith('HTTP/1.1 408')).toBe(true);
    expect((await fetch(`${url}/livez`)).status).toBe(200);
  }, 15_000);
});

describe('silent clients', () => {
  it('drops a connection that never sends a byte', async () => {
    const { url } = await serve({ timeouts: { headersMs: 300, checkIntervalMs: 50 } });
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    const closed = await new Promise<boolean>((resolve) => {
      socket.on('close', () => resolve(true));
      socket.on('error', () => undefined);
      setTimeout(() => resolve(false), 8000);
    });
    socket.destroy();
    expect(closed).toBe(true);
  }, 15_000);
});

describe('overload', () => {
  it('answers 503 with Retry-After past maxInFlight, then serves the queued requests', async () => {
    const { host, url } = await serve({ maxInFlight: 2 });
    const a = predict(url);
    const b = predict(url);
    await until(() => host.current.batcher.pendingRows === 2);
    const c = await predict(url);
    expect(c.status).toBe(503);
    expect(c.headers.get('retry-after')).toBe('1');
    expect(((await c.json()) as { error: string }).error).toMatch(/overloaded: 2 requests in flight \(limit 2\)/);
    host.current.batcher.flush();
    expect((await a).status).toBe(200);
    expect((await b).status).toBe(200);
    // The slots are free again: the next request is queued, not refused.
    const d = predict(url);
    await until(() => host.current.batcher.pendingRows === 1);
    host.current.batcher.flush();
    expect((await d).status).toBe(200);
  });

  it('bounds the micro-batcher queue: past maxQueueRows submit rejects with 503 and nothing is queued', async () => {
    const { host } = await serve();
    const b = new MicroBatcher(host.current.servable, { maxDelayMs: 60_000, maxRows: 100, maxQueueRows: 3 });
    const first = b.submit(new Float32Array(8), 2);
    const refused = await b.submit(new Float32Array(8), 2).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RequestError);
    expect((refused as RequestError).status).toBe(503);
    expect((refused as RequestError).retryAfterSeconds).toBe(1);
    expect(b.pendingRows).toBe(2);
    b.flush();
    expect((await first).shape).toEqual([2, 3]);
  });

  it('refuses bodies over the limit with 413 before predicting', async () => {
    const { url } = await serve({ bodyLimit: 1024 });
    const r = await fetch(`${url}/v1/models/toy:predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ instances: [[1, 0, 0, 0]], pad: 'x'.repeat(2000) }) });
    expect(r.status).toBe(413);
  });
});

describe('graceful shutdown', () => {
  it('finishes in-flight requests on close and refuses new connections', async () => {
    const { app, host, url } = await serve();
    const inflight = predict(url);
    await until(() => host.current.batcher.pendingRows === 1);
    const closing = app.close();
    await until(() => !app.server.listening);
    host.current.batcher.flush();
    const r = await inflight;
    expect(r.status).toBe(200);
    expect(((await r.json()) as { model_version: string }).model_version).toBe('1');
    await closing;
    await expect(fetch(`${url}/livez`)).rejects.toThrow();
  });
});

describe('TLS', () => {
  it('serves HTTPS with --tls-cert/--tls-key', async () => {
    const dir = tempDir();
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const { url } = await serve({ tls: { cert: readFileSync(cert), key: readFileSync(key) } });
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpsRequest(`${url}/livez`, { ca: readFileSync(cert) }, (res) => {
        let s = '';
        res.on('data', (d: Buffer) => (s += d.toString()));
        res.on('end', () => resolve(s));
      });
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(body)).toEqual({ live: true });
  });
});
