import type { FastifyInstance } from 'fastify';
import { RequestError } from './codec.js';
import type { ModelHost } from './model-host.js';
import type { Anonymizer } from './privacy.js';
import { setAuditTarget } from './route-access.js';

/** What a retraining job reports when it ends. */
export interface RetrainOutcome {
  promoted: boolean;
  candidateVersion: number;
  summary: string;
}

/** Runs one retraining job (`tforge serve` runs `tforge retrain` in a child process, so serving never stalls). */
export type RetrainRunner = () => Promise<RetrainOutcome>;

/** Context of the admin routes. */
export interface AdminRouteContext {
  host: ModelHost;
  anonymizer: Anonymizer;
  retrain?: RetrainRunner;
}

interface RetrainJob {
  state: 'running' | 'done' | 'failed';
  startedAt: string;
  finishedAt?: string;
  outcome?: RetrainOutcome;
  error?: string;
}

function objectBody(body: unknown, where: string): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new RequestError(`${where}: the body must be a JSON object, received ${Array.isArray(body) ? 'a list' : typeof body}.`);
  return body as Record<string, unknown>;
}

function versionField(b: Record<string, unknown>, field: string, where: string, required: boolean): number | undefined {
  const v = b[field];
  if (v === undefined && !required) return undefined;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new RequestError(`${where}: '${field}' must be a positive integer version, received ${JSON.stringify(v)}.`);
  return n;
}

/**
 * Registers the admin routes (all need the admin token, see `route-access.ts`): promote, rollback, reload, retrain,
 * a user's feedback export and erasure. Every call is audited by the server's onResponse hook.
 */
export function registerAdminRoutes(app: FastifyInstance, ctx: AdminRouteContext): void {
  const { host } = ctx;
  const name = host.registry.name;
  const checkModel = (model: string, where: string) => {
    if (model !== name) throw new RequestError(`${where}: model '${model}' is not served here; this server serves '${name}'.`, 404);
  };
  const state = async () => ({ model: name, serving: host.current.version, versions: await host.registry.versions() });

  app.post<{ Params: { model: string } }>('/admin/models/:model/promote', async (req) => {
    const where = `POST /admin/models/${req.params.model}/promote`;
    checkModel(req.params.model, where);
    const version = versionField(objectBody(req.body, where), 'version', where, true) as number;
    setAuditTarget(req, `${name}/v${version}`);
    await host.registry.promote(version);
    await host.refresh();
    return state();
  });

  app.post<{ Params: { model: string } }>('/admin/models/:model/rollback', async (req) => {
    const where = `POST /admin/models/${req.params.model}/rollback`;
    checkModel(req.params.model, where);
    const to = versionField(objectBody(req.body, where), 'to', where, false);
    const v = await host.registry.rollback(to);
    setAuditTarget(req, `${name}/v${v}`);
    await host.refresh();
    return state();
  });

  app.post<{ Params: { model: string } }>('/admin/models/:model/reload', async (req) => {
    checkModel(req.params.model, `POST /admin/models/${req.params.model}/reload`);
    setAuditTarget(req, name);
    const swapped = await host.refresh();
    return { ...(await state()), swapped };
  });

  let job: RetrainJob | null = null;
  app.post<{ Params: { model: string } }>('/admin/models/:model/retrain', async (req, reply) => {
    const where = `POST /admin/models/${req.params.model}/retrain`;
    checkModel(req.params.model, where);
    setAuditTarget(req, name);
    const run = ctx.retrain;
    if (!run) throw new RequestError(`${where}: this server was started without a retrain runner; run 'tforge retrain <dir>' instead.`, 501);
    if (job?.state === 'running') throw new RequestError(`${where}: a retraining job started at ${job.startedAt} is still running; poll GET /admin/models/${name}/retrain.`, 409);
    const current: RetrainJob = { state: 'running', startedAt: new Date().toISOString() };
    job = current;
    run().then(
      async (outcome) => {
        Object.assign(current, { state: 'done', outcome, finishedAt: new Date().toISOString() });
        await host.refresh().catch(() => undefined);
      },
      (e: unknown) => Object.assign(current, { state: 'failed', error: e instanceof Error ? e.message : String(e), finishedAt: new Date().toISOString() }),
    );
    return reply.code(202).send({ job: current, poll: `/admin/models/${name}/retrain` });
  });

  app.get<{ Params: { model: string } }>('/admin/models/:model/retrain', async (req) => {
    checkModel(req.params.model, `GET /admin/models/${req.params.model}/retrain`);
    setAuditTarget(req, name);
    return { job };
  });

  // Users are addressed by the id the client sent with feedback; the store only ever sees its keyed hash.
  app.get<{ Params: { user: string } }>('/admin/users/:user/feedback', async (req) => {
    const user = ctx.anonymizer.userId(req.params.user);
    setAuditTarget(req, user);
    const records = await host.registry.store.feedbackOfUser(user);
    return { user, count: records.length, records };
  });

  app.delete<{ Params: { user: string } }>('/admin/users/:user/feedback', async (req) => {
    const user = ctx.anonymizer.userId(req.params.user);
    setAuditTarget(req, user);
    return { user, deleted: await host.registry.store.deleteUserFeedback(user) };
  });

  app.get<{ Querystring: { limit?: string } }>('/admin/audit', async (req) => {
    const limit = req.query.limit === undefined ? 100 : Number(req.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new RequestError(`GET /admin/audit: 'limit' must be an integer in [1, 10000], received '${req.query.limit}'.`);
    return { entries: await host.registry.store.listAudit({ limit }) };
  });
}
