import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { TensorforgeError } from '../core/errors.js';
import { RequestError, type RequestLimits } from './codec.js';
import type { DashboardHub, TrainingEvent } from './dashboard-hub.js';
import { ServerMetrics } from './metrics.js';
import type { ModelHost } from './model-host.js';
import { type GeneratorEntry, registerGenerateRoutes } from './routes-generate.js';
import { registerModelRoutes } from './routes-model.js';

/** Options of `createServer`. */
export interface ServerOptions {
  /** The model to serve; without it only the dashboard and health routes exist (`tforge train --dashboard`). */
  host?: ModelHost;
  /** Training progress to stream at `/api/events`. */
  hub?: DashboardHub;
  limits?: RequestLimits;
  /** A GPT to serve at `/v2/models/{name}/generate` and `/generate_stream` (KServe v2 generate extension). */
  generator?: GeneratorEntry;
  /** Largest request body in bytes (default 8 MiB); larger ones get 413. */
  bodyLimit?: number;
  logger?: boolean;
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
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: options.bodyLimit ?? 8 * 1024 * 1024, forceCloseConnections: true });
  const metrics = new ServerMetrics();
  const started = new WeakMap<object, bigint>();
  app.addHook('onRequest', async (req) => {
    started.set(req, process.hrtime.bigint());
  });
  app.addHook('onResponse', async (req, reply) => {
    const t0 = started.get(req);
    const route = req.routeOptions.url ?? 'unknown';
    if (t0 !== undefined && route !== '/api/events') metrics.observe(route, reply.statusCode, Number(process.hrtime.bigint() - t0) / 1e9);
  });
  app.setErrorHandler((error, req, reply) => {
    const status = statusOf(error);
    if (status >= 500) req.log.error(error);
    const message = error instanceof Error ? error.message : String(error);
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

  const { hub, host } = options;
  app.get('/api/events', (req, reply) => {
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const sendEvent = (e: TrainingEvent) => reply.raw.write(`data: ${JSON.stringify(e)}\n\n`);
    reply.raw.write(': connected\n\n');
    const unsubscribe = hub ? hub.subscribe(sendEvent) : () => undefined;
    req.raw.on('close', unsubscribe);
    return reply;
  });

  if (options.generator) registerGenerateRoutes(app, options.generator);
  if (host) {
    registerModelRoutes(app, { host, metrics, ...(options.limits ? { limits: options.limits } : {}) });
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
      };
    });
  }
  return app;
}
