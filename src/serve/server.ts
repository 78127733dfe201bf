import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { TensorforgeError } from '../core/errors.js';
import { check, generateToken, isLoopback, type AccessPolicy, type Role } from './auth.js';
import { RequestError, type RequestLimits } from './codec.js';
import type { DashboardHub, TrainingEvent } from './dashboard-hub.js';
import { ServerMetrics } from './metrics.js';
import type { ModelHost } from './model-host.js';
import { type GeneratorEntry, hostGenerators, registerGenerateRoutes } from './routes-generate.js';
import { Anonymizer } from './privacy.js';
import { registerAdminRoutes, type RetrainRunner } from './routes-admin.js';
import { registerModelRoutes } from './routes-model.js';
import { auditTargetOf, requiredAccess, type RequiredAccess } from './route-access.js';

/** Options of `createServer`. */
export interface ServerOptions {
  /** The model to serve; without it only the dashboard and health routes exist (`tforge train --dashboard`). */
  host?: ModelHost;
  /** Training progress to stream at `/api/events`. */
  hub?: DashboardHub;
  limits?: RequestLimits;
  /** A GPT to serve at `/v2/models/{name}/generate` and `/generate_stream` (KServe v2 generate extension). */
  generator?: GeneratorEntry;
  /** Upper bound on a generate request's max_tokens for a registry's GPT (default 512). */
  maxGenerateTokens?: number;
  /** Largest request body in bytes (default 8 MiB); larger ones get 413. */
  bodyLimit?: number;
  logger?: boolean;
  /**
   * Who may call what (see `auth.ts`). Default: no tokens and predict open, so every feedback, admin and metrics
   * call is refused until tokens are configured; `tforge serve` fills this from --tokens and the environment.
   */
  access?: AccessPolicy;
  /**
   * Serve `GET /api/session`: a per-process feedback-only token for the web pages, handed out only to browsers
   * on loopback (socket, Host header and Sec-Fetch-Site all checked). Only for servers bound to loopback.
   */
  uiSession?: boolean;
  /** HTTPS with this PEM certificate and key (Node's own TLS). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  timeouts?: ServerTimeouts;
  /** Most requests being handled at once (default 512); more get 503 with Retry-After. Bounds memory at this × bodyLimit. */
  maxInFlight?: number;
  /** User-id hashing and comment scrubbing applied to feedback before storage (default: scrub all, no user ids). */
  anonymizer?: Anonymizer;
  /** Starts a retraining job for `POST /admin/models/{m}/retrain`; without it that route answers 501. */
  retrain?: RetrainRunner;
}

/** Socket and request deadlines in milliseconds. */
export interface ServerTimeouts {
  /** Time to receive a request's headers (default 10 s): a client that sends them slowly, or sends nothing at all, is cut off. */
  headersMs?: number;
  /** Time to receive a whole request (default 30 s). */
  requestMs?: number;
  /** Idle time of a keep-alive connection between requests (default 5 s). */
  keepAliveMs?: number;
  /** How often Node checks the header and request deadlines (default 1 s). */
  checkIntervalMs?: number;
}

const DEFAULT_TIMEOUTS: Required<ServerTimeouts> = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000, checkIntervalMs: 1_000 };

/** Node's HTTP(S) server with the deadlines set: Fastify's `serverFactory`. */
function makeNodeServer(options: ServerOptions) {
  const t = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const common = {
    headersTimeout: t.headersMs,
    requestTimeout: t.requestMs,
    keepAliveTimeout: t.keepAliveMs,
    connectionsCheckingInterval: t.checkIntervalMs,
  };
  return (handler: (req: IncomingMessage, res: ServerResponse) => void): Server => {
    if (options.tls) {
      // A TLS client that stalls the handshake is dropped after the header deadline too.
      return createHttpsServer({ ...common, handshakeTimeout: t.headersMs, cert: options.tls.cert, key: options.tls.key }, handler);
    }
    const server: Server = createHttpServer(common, handler);
    // headersTimeout only starts with a request's first byte: a socket that never sends a whole first request
    // head within headersMs is dropped here (later requests on it are governed by keepAliveTimeout).
    const firstRequest = new WeakMap<Socket, NodeJS.Timeout>();
    server.on('connection', (socket: Socket) => {
      const timer = setTimeout(() => socket.destroy(), t.headersMs);
      timer.unref();
      firstRequest.set(socket, timer);
      socket.once('close', () => clearTimeout(timer));
    });
    server.on('request', (req: IncomingMessage) => clearTimeout(firstRequest.get(req.socket)));
    return server;
  };
}

/** The directory of the web pages: `web/` beside this module (copied to `dist/serve/web` by the build). */
export function webDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'web');
  if (existsSync(beside)) return beside;
  return join(here, '..', '..', 'src', 'serve', 'web');
}

/** The chart.js UMD bundle shipped in node_modules. */
export function chartJsPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('chart.js')), 'chart.umd.js');
}

function statusOf(e: unknown): number {
  if (e instanceof RequestError) return e.status;
  const fe = e as Partial<FastifyError>;
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) return fe.statusCode;
  if (e instanceof TensorforgeError) return 400;
  return 500;
}

/**
 * Builds the HTTP server: TF Serving REST (v1), Open Inference Protocol v2, feedback, health, Prometheus metrics,
 * the model card, playground and training dashboard pages. Errors answer `{"error": "..."}` with a 4xx/5xx status.
 * @example const app = await createServer({ host }); await app.listen({ port: 8501, host: '127.0.0.1' });
 */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 8 * 1024 * 1024,
    // 'idle': close() drops idle keep-alive sockets at once but lets in-flight requests finish (graceful shutdown).
    forceCloseConnections: 'idle',
    serverFactory: makeNodeServer(options),
  });
  const metrics = new ServerMetrics();
  const policy: AccessPolicy = options.access ?? { tokens: {}, openPredict: true };
  const sessionToken = options.uiSession ? generateToken() : null;
  if (sessionToken) policy.sessions = new Map([...(policy.sessions ?? []), [sessionToken, 'feedback' as Role]]);
  const started = new WeakMap<object, bigint>();
  const granted = new WeakMap<object, { access: RequiredAccess; role: string }>();
  const maxInFlight = options.maxInFlight ?? 512;
  let inFlight = 0;
  const store = options.host?.registry.store;

  app.addHook('onRequest', async (req, reply) => {
    started.set(req, process.hrtime.bigint());
    const route = req.routeOptions.url ?? '';
    if (route !== '/api/events') {
      if (inFlight >= maxInFlight) {
        void reply.code(503).header('retry-after', '1').send({ error: `server overloaded: ${inFlight} requests in flight (limit ${maxInFlight}); retry after a second.` });
        return reply;
      }
      inFlight++;
      // 'close' fires for finished and for aborted responses alike, so an aborted request cannot leak a slot.
      reply.raw.once('close', () => inFlight--);
    }
    // Checked before the body is read: an unauthenticated client cannot make the server parse megabytes.
    const access = requiredAccess(req.method, route, req.url);
    if (!access) return undefined;
    const r = check(policy, access.role, req.headers.authorization, access.action);
    granted.set(req, { access, role: r.role });
    if (!r.ok) {
      if (r.status === 401) void reply.header('www-authenticate', `Bearer realm="tensorforge", scope="${access.role}"`);
      void reply.code(r.status).send({ error: r.message });
      return reply;
    }
    return undefined;
  });
  app.addHook('onResponse', async (req, reply) => {
    const t0 = started.get(req);
    const route = req.routeOptions.url ?? 'unknown';
    if (t0 !== undefined && route !== '/api/events') metrics.observe(route, reply.statusCode, Number(process.hrtime.bigint() - t0) / 1e9);
    const g = granted.get(req);
    if (store && g?.access.audited) {
      const status = reply.statusCode;
      const result = status < 400 ? 'ok' : status === 401 || status === 403 ? 'denied' : 'error';
      const target = auditTargetOf(req) ?? g.access.target;
      await store.addAudit({ role: g.role, action: g.access.action, target, status, result }).catch((e: unknown) => req.log.error(e));
    }
  });
  app.setErrorHandler((error, req, reply) => {
    const status = statusOf(error);
    if (status >= 500) req.log.error(error);
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof RequestError && error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
    void reply.code(status).send({ error: status >= 500 ? `internal error: ${message}` : message });
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send({ error: `No route ${req.method} ${req.url.split('?')[0]}; see /v2 and /ui/card.html.` });
  });

  await app.register(fastifyStatic, { root: webDir(), prefix: '/ui/' });
  const chartPath = chartJsPath();
  app.get('/vendor/chart.umd.js', async (_req, reply) => reply.type('application/javascript').send(await readFile(chartPath)));
  app.get('/', async (_req, reply) => reply.redirect(options.host ? '/ui/card.html' : '/ui/dashboard.html'));
  app.get('/v2/health/live', async () => ({ live: true }));
  app.get('/livez', async () => ({ live: true }));
  app.get('/healthz', async () => ({ live: true }));
  app.get('/metrics', async (_req, reply) => reply.type('text/plain; version=0.0.4').send(metrics.render()));

  app.get('/api/session', async (req, reply) => {
    if (!sessionToken) throw new RequestError('session: this server hands out no page tokens (it is not bound to loopback); send a feedback token yourself.', 404);
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const site = req.headers['sec-fetch-site'];
    // Loopback socket, a loopback Host (defeats DNS rebinding) and no cross-site fetch (defeats other pages).
    if (!isLoopback(req.socket.remoteAddress ?? '') || !isLoopback(host) || (site !== undefined && site !== 'same-origin' && site !== 'none')) {
      throw new RequestError('session: page tokens are only given to same-origin pages opened at a loopback address such as http://127.0.0.1.', 403);
    }
    return reply.header('cache-control', 'no-store').send({ token: sessionToken, role: 'feedback' });
  });

  const { hub, host } = options;
  const streams = new Set<ServerResponse>();
  app.get('/api/events', (req, reply) => {
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const sendEvent = (e: TrainingEvent) => reply.raw.write(`data: ${JSON.stringify(e)}\n\n`);
    reply.raw.write(': connected\n\n');
    const unsubscribe = hub ? hub.subscribe(sendEvent) : () => undefined;
    streams.add(reply.raw);
    req.raw.on('close', () => {
      streams.delete(reply.raw);
      unsubscribe();
    });
    return reply;
  });
  // Event streams never finish by themselves; end them so a graceful close does not wait forever.
  app.addHook('preClose', async () => {
    for (const s of streams) s.end();
  });

  // A registry whose serving version is a GPT generates through the same routes (others answer 400 there).
  if (options.generator) registerGenerateRoutes(app, options.generator);
  else if (host) registerGenerateRoutes(app, hostGenerators(host, options.maxGenerateTokens));
  if (host) {
    const anonymizer = options.anonymizer ?? new Anonymizer();
    registerModelRoutes(app, { host, metrics, anonymizer, ...(options.limits ? { limits: options.limits } : {}) });
    registerAdminRoutes(app, { host, anonymizer, ...(options.retrain ? { retrain: options.retrain } : {}) });
    app.get('/api/card', async () => {
      const v = host.current;
      const store = host.registry.store;
      return {
        name: host.registry.name,
        version: v.version,
        summary: v.servable.summary(),
        input: v.servable.input,
        output: v.servable.output,
        card: v.info.card,
        metrics: v.info.metrics ?? v.record.metrics,
        history: v.info.history,
        versions: await host.registry.versions(),
        feedbackCount: await store.countFeedback(host.registry.name),
        store: store.kind,
        text: v.text !== null,
        generator: v.generator !== null,
      };
    });
  }
  return app;
}
