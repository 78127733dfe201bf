import type { FastifyInstance, FastifyReply } from 'fastify';
import { DEFAULT_LIMITS, RequestError, V2_DATATYPE, decodeV1, decodeV2, encodeTextInstances, toRows, type RequestLimits } from './codec.js';
import type { LoadedVersion, ModelHost } from './model-host.js';
import { argMaxRow } from './linear-softmax.js';
import type { ServerMetrics } from './metrics.js';
import type { Anonymizer } from './privacy.js';
import type { FeedbackRecord } from './store.js';
import { explain } from './routes-explain.js';
import { generationFeedbackRecord, parseGenerationFeedback } from './generation-feedback.js';

/** Server name and version reported by `GET /v2`. */
export const SERVER_INFO = { name: 'tensorforge', version: '0.1.0', extensions: ['feedback', 'model_repository', 'explain'] };

/** A parsed `/v1/models/...` or `/v2/models/...` path. */
interface ModelPath {
  name: string;
  version?: number;
  label?: string;
  /** What follows: '' (status), 'metadata', 'ready', 'infer', 'feedback' or a ':verb'. */
  action: string;
}

/** Parses the part after `/vN/models/`: `name[/versions/v|/labels/l][/action|:verb]`. */
export function parseModelPath(rest: string): ModelPath {
  let path = decodeURIComponent(rest).replace(/\/+$/, '');
  let verb = '';
  const lastSlash = path.lastIndexOf('/');
  const colon = path.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    verb = path.slice(colon);
    path = path.slice(0, colon);
  }
  const parts = path.split('/');
  const out: ModelPath = { name: parts[0] ?? '', action: verb };
  let i = 1;
  if (parts[i] === 'versions' && parts[i + 1] !== undefined) {
    const v = Number(parts[i + 1]);
    if (!Number.isInteger(v) || v < 1) throw new RequestError(`model path: version must be a positive integer, received '${parts[i + 1]}'.`);
    out.version = v;
    i += 2;
  } else if (parts[i] === 'labels' && parts[i + 1] !== undefined) {
    out.label = parts[i + 1] as string;
    i += 2;
  }
  const action = parts.slice(i).join('/');
  if (action && verb) throw new RequestError(`model path: unexpected '${action}' before '${verb}'.`, 404);
  if (action) out.action = action;
  return out;
}

/** Context the model routes share. */
export interface ModelRouteContext {
  host: ModelHost;
  metrics: ServerMetrics;
  anonymizer: Anonymizer;
  limits?: RequestLimits;
}

async function resolveVersion(ctx: ModelRouteContext, p: ModelPath): Promise<LoadedVersion> {
  if (p.name !== ctx.host.registry.name) throw new RequestError(`Model '${p.name}' is not served here; this server serves '${ctx.host.registry.name}'.`, 404);
  if (p.label !== undefined) {
    if (p.label === 'stable' || p.label === 'serving') return ctx.host.current;
    throw new RequestError(`Model '${p.name}' has no label '${p.label}'; use 'stable'.`, 404);
  }
  if (p.version === undefined) return ctx.host.current;
  const v = await ctx.host.get(p.version);
  if (!v) throw new RequestError(`Model '${p.name}' has no version ${p.version}.`, 404);
  if (v.record.status === 'rejected') throw new RequestError(`Model '${p.name}' version ${p.version} was rejected by retraining and is not served.`, 404);
  return v;
}

function v1Metadata(v: LoadedVersion, name: string): unknown {
  const { input, output } = v.servable;
  const tensorInfo = (s: typeof input) => ({ dtype: `DT_${s.dtype === 'int32' ? 'INT32' : 'FLOAT'}`, tensor_shape: { dim: s.shape.map((d) => ({ size: String(d), name: '' })) }, name: s.name });
  return {
    model_spec: { name, signature_name: '', version: String(v.version) },
    metadata: { signature_def: { signature_def: { serving_default: { inputs: { [input.name]: tensorInfo(input) }, outputs: { [output.name]: tensorInfo(output) }, method_name: 'tensorflow/serving/predict' } } } },
  };
}

function v2Metadata(v: LoadedVersion, versions: number[], name: string): unknown {
  const spec = (s: typeof v.servable.input) => ({ name: s.name, datatype: V2_DATATYPE[s.dtype] ?? 'FP32', shape: s.shape });
  return { name, versions: versions.map(String), platform: 'tensorforge', inputs: [spec(v.servable.input)], outputs: [spec(v.servable.output)] };
}

async function servingVersions(ctx: ModelRouteContext): Promise<number[]> {
  return (await ctx.host.registry.versions()).filter((r) => r.status !== 'rejected').map((r) => r.version);
}

/** The one example of a feedback body: `input`, `instance`, or predict's shape `instances: [x]`. */
function feedbackExample(b: Record<string, unknown>, where: string): unknown {
  const given = ['input', 'instance', 'instances'].filter((k) => b[k] !== undefined);
  if (given.length === 0) {
    throw new RequestError(`${where}: expected the example in 'input' (or 'instances': [example], as for predict), received a body with keys [${Object.keys(b).join(', ')}].`);
  }
  if (given.length > 1) throw new RequestError(`${where}: send the example once, in one of 'input' or 'instances'; received ${given.join(' and ')}.`);
  if (b.instances === undefined) return b.input ?? b.instance;
  if (!Array.isArray(b.instances) || b.instances.length !== 1) {
    throw new RequestError(`${where}: 'instances' must hold exactly one example for feedback, received ${Array.isArray(b.instances) ? `${b.instances.length} examples; send one feedback request per example` : typeof b.instances}.`);
  }
  return b.instances[0];
}

/** Handles `POST .../feedback` (v1 and v2): stores input, prediction and the user's label, anonymised. */
async function feedback(ctx: ModelRouteContext, v: LoadedVersion, body: unknown, where: string): Promise<unknown> {
  if (v.generator) return stored(ctx, v, generationFeedbackRecord(parseGenerationFeedback(body, where), { model: ctx.host.registry.name, version: v.version, tokenizer: v.generator.tokenizer, anonymizer: ctx.anonymizer }, where));
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RequestError(`${where}: the body must be a JSON object with 'input' (or 'instances') and 'label'.`);
  const b = encodeTextInstances(body, v.text) as Record<string, unknown>;
  const classes = v.servable.output.shape[1] ?? -1;
  if (typeof b.label !== 'number' || !Number.isInteger(b.label) || b.label < 0 || (classes > 0 && b.label >= classes)) {
    throw new RequestError(`${where}: 'label' must be an integer class id in [0, ${classes - 1}], received ${JSON.stringify(b.label)}.`);
  }
  if (b.user !== undefined && (typeof b.user !== 'string' || b.user === '' || b.user.length > 256)) {
    throw new RequestError(`${where}: 'user' must be a non-empty string of at most 256 characters, received ${JSON.stringify(b.user)}.`);
  }
  const example = feedbackExample(b, where);
  let decoded;
  try {
    decoded = decodeV1({ instances: [example] }, v.servable.input, { maxRows: 1 });
  } catch (e) {
    if (!(e instanceof RequestError)) throw e;
    const field = b.instances !== undefined ? 'instances[0]' : b.instance !== undefined ? 'instance' : 'input';
    throw new RequestError(`${where}: '${field}': ${e.message.replace(/^predict: instances\[0\]:?\s*/, '')}`, e.status);
  }
  let prediction: number[];
  if (Array.isArray(b.prediction) && b.prediction.every((p) => typeof p === 'number' && Number.isFinite(p))) {
    prediction = b.prediction as number[];
  } else {
    prediction = Array.from((await v.batcher.submit(decoded.values, 1)).values);
  }
  return stored(ctx, v, {
    model: ctx.host.registry.name,
    version: v.version,
    requestId: typeof b.id === 'string' ? b.id.slice(0, 256) : null,
    userId: typeof b.user === 'string' ? ctx.anonymizer.userId(b.user) : null,
    input: Array.from(decoded.values),
    inputShape: v.servable.input.shape.slice(1),
    prediction,
    predictedLabel: argMaxRow(prediction, 0, prediction.length),
    label: b.label,
    comment: typeof b.comment === 'string' ? ctx.anonymizer.comment(b.comment.slice(0, 1000)) : null,
  });
}

async function stored(ctx: ModelRouteContext, v: LoadedVersion, record: FeedbackRecord): Promise<unknown> {
  const store = ctx.host.registry.store;
  const id = await store.addFeedback(record);
  ctx.metrics.feedback++;
  return { id, stored: true, model_version: String(v.version), total: await store.countFeedback(ctx.host.registry.name) };
}

async function handleV1(ctx: ModelRouteContext, method: string, rest: string, body: unknown): Promise<unknown> {
  const p = parseModelPath(rest);
  const v = await resolveVersion(ctx, p);
  const name = ctx.host.registry.name;
  if (method === 'GET' && p.action === '') {
    return { model_version_status: [{ version: String(v.version), state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } }] };
  }
  if (method === 'GET' && p.action === 'metadata') return v1Metadata(v, name);
  if (method === 'POST' && (p.action === ':predict' || p.action === ':classify')) {
    const decoded = decodeV1(encodeTextInstances(body, v.text), v.servable.input, ctx.limits ?? DEFAULT_LIMITS);
    const out = await v.batcher.submit(decoded.values, decoded.rows);
    const rows = toRows(out.values, out.shape);
    return decoded.format === 'instances' ? { predictions: rows, model_version: String(v.version) } : { outputs: rows, model_version: String(v.version) };
  }
  if (method === 'POST' && (p.action === 'feedback' || p.action === ':feedback')) return feedback(ctx, v, body, `feedback (POST /v1/models/${rest})`);
  if (method === 'POST' && p.action === ':explain') return explain(v, body, `explain (POST /v1/models/${rest})`);
  throw new RequestError(`No route ${method} /v1/models/${rest}; see /v1/models/${name}/metadata.`, 404);
}

async function handleV2(ctx: ModelRouteContext, method: string, rest: string, body: unknown): Promise<unknown> {
  const p = parseModelPath(rest);
  const v = await resolveVersion(ctx, p);
  const name = ctx.host.registry.name;
  if (method === 'GET' && p.action === '') return v2Metadata(v, await servingVersions(ctx), name);
  if (method === 'GET' && p.action === 'ready') return { name, ready: ctx.host.ready };
  if (method === 'POST' && p.action === 'infer') {
    const decoded = decodeV2(encodeTextInstances(body, v.text), v.servable.input, ctx.limits ?? DEFAULT_LIMITS);
    const out = await v.batcher.submit(decoded.values, decoded.rows);
    const o = v.servable.output;
    const response: Record<string, unknown> = {
      model_name: name,
      model_version: String(v.version),
      outputs: [{ name: o.name, shape: out.shape, datatype: V2_DATATYPE[o.dtype] ?? 'FP32', data: Array.from(out.values) }],
    };
    if (decoded.id !== undefined) response.id = decoded.id;
    return response;
  }
  if (method === 'POST' && p.action === 'feedback') return feedback(ctx, v, body, `feedback (POST /v2/models/${rest})`);
  if (method === 'POST' && p.action === 'explain') return explain(v, body, `explain (POST /v2/models/${rest})`);
  throw new RequestError(`No route ${method} /v2/models/${rest}; see /v2/models/${name}.`, 404);
}

function send(reply: FastifyReply, fn: () => Promise<unknown>): Promise<unknown> {
  return fn().then((r) => reply.send(r));
}

/** Registers the TF Serving (v1) and Open Inference Protocol (v2) routes for the host's model. */
export function registerModelRoutes(app: FastifyInstance, ctx: ModelRouteContext): void {
  const rest = (url: string, prefix: string): string => (url.split('?')[0] ?? '').slice(prefix.length);
  for (const method of ['GET', 'POST'] as const) {
    app.route({ method, url: '/v1/models/*', handler: (req, reply) => send(reply, () => handleV1(ctx, method, rest(req.url, '/v1/models/'), req.body)) });
    app.route({ method, url: '/v2/models/*', handler: (req, reply) => send(reply, () => handleV2(ctx, method, rest(req.url, '/v2/models/'), req.body)) });
  }
  app.get('/v1/models', async () => ({ models: [ctx.host.registry.name] }));
  app.get('/v2', async () => SERVER_INFO);
  app.get('/v2/health/ready', async (_req, reply) => reply.code(ctx.host.ready ? 200 : 503).send({ ready: ctx.host.ready }));
  app.get('/readyz', async (_req, reply) => reply.code(ctx.host.ready ? 200 : 503).send({ ready: ctx.host.ready }));
  app.post('/v2/repository/index', async () => (await ctx.host.registry.versions()).map((r) => ({ name: r.model, version: String(r.version), state: r.status === 'serving' ? 'READY' : 'UNAVAILABLE', reason: r.status })));
}
