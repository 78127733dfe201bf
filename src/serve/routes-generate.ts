// Text generation over HTTP, following the KServe v2 / Triton "generate" extension:
//   POST /v2/models/{name}[/versions/{v}]/generate         {"text_input": "...", "parameters": {...}}
//        → {"model_name", "model_version", "text_output"}
//   POST /v2/models/{name}[/versions/{v}]/generate_stream  same body → text/event-stream, one
//        `data: {"model_name", "model_version", "text_output": "<piece>"}` event per token, then a final event with
//        "finish_reason" ("stop" or "length").
// Parameters (inside "parameters" or at the top level, as Triton accepts): max_tokens, temperature, top_k, top_p,
// seed, stop (a string or list of strings), id (echoed back).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { generateAsync } from '../models/gpt/generate.js';
import type { GPTModel } from '../models/gpt/gpt-model.js';
import type { TextTokenizer } from '../preprocessing/char-tokenizer.js';
import { RequestError } from './codec.js';
import type { ModelHost } from './model-host.js';

/** The model served for generation. */
export interface GeneratorEntry {
  name: string;
  version?: string;
  model: GPTModel;
  tokenizer: TextTokenizer;
  /** Upper bound on max_tokens per request (default 512). */
  maxTokens?: number;
}

/** Finds the entry for a request's model name and optional version (404/400 RequestErrors when there is none). */
export type GeneratorLookup = (name: string, version: string | undefined) => Promise<GeneratorEntry>;

/**
 * The generate routes of a registry server: the serving version (or `/versions/{v}`) when it is a GPT.
 * @example registerGenerateRoutes(app, hostGenerators(host));
 */
export function hostGenerators(host: ModelHost, maxTokens?: number): GeneratorLookup {
  return async (name, version) => {
    if (name !== host.registry.name) throw new RequestError(`Model '${name}' is not served here; this server serves '${host.registry.name}'.`, 404);
    let v = host.current;
    if (version !== undefined) {
      const n = Number(version);
      if (!Number.isInteger(n) || n < 1) throw new RequestError(`generate: version must be a positive integer, received '${version}'.`);
      const found = await host.get(n);
      if (!found || found.record.status === 'rejected') throw new RequestError(`Model '${name}' has no servable version ${version}.`, 404);
      v = found;
    }
    if (!v.generator) {
      throw new RequestError(`generate: model '${name}' v${v.version} is not a GPT (its input is ${JSON.stringify(v.servable.input.shape)}); use POST /v2/models/${name}/infer.`);
    }
    return { name, version: String(v.version), model: v.generator.model, tokenizer: v.generator.tokenizer, ...(maxTokens === undefined ? {} : { maxTokens }) };
  };
}

/** The lookup of a server built around one in-memory GPT (`createServer({ generator })`). */
function fixedGenerator(entry: GeneratorEntry): GeneratorLookup {
  return async (name, version) => {
    if (name !== entry.name) throw new RequestError(`Model '${name}' is not served here; this server generates with '${entry.name}'.`, 404);
    if (version !== undefined && version !== (entry.version ?? '1')) throw new RequestError(`Model '${entry.name}' has no version ${version}; this server generates with version ${entry.version ?? '1'}.`, 404);
    return entry;
  };
}

interface GenerateRequest {
  text: string;
  maxTokens: number;
  temperature: number;
  topK?: number;
  topP?: number;
  seed?: number;
  stop: string[];
  id?: string;
}

function parseBody(body: unknown, limit: number): GenerateRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new RequestError('generate: the body must be a JSON object like {"text_input": "Hello", "parameters": {"max_tokens": 20}}.');
  const b = body as Record<string, unknown>;
  const params = { ...b, ...(typeof b.parameters === 'object' && b.parameters !== null ? (b.parameters as Record<string, unknown>) : {}) };
  if (typeof b.text_input !== 'string' || b.text_input.length === 0) throw new RequestError(`generate: 'text_input' must be a non-empty string, received ${JSON.stringify(b.text_input)}.`);
  const num = (k: string, ok: (v: number) => boolean, what: string): number | undefined => {
    const v = params[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !ok(v)) throw new RequestError(`generate: '${k}' must be ${what}, received ${JSON.stringify(v)}.`);
    return v;
  };
  const maxTokens = num('max_tokens', (v) => Number.isInteger(v) && v >= 0 && v <= limit, `an integer in [0, ${limit}]`) ?? 64;
  const stopRaw = params.stop;
  const stop = stopRaw === undefined ? [] : typeof stopRaw === 'string' ? [stopRaw] : stopRaw;
  if (!Array.isArray(stop) || !stop.every((s) => typeof s === 'string' && s.length > 0)) throw new RequestError("generate: 'stop' must be a string or a list of non-empty strings.");
  const out: GenerateRequest = { text: b.text_input, maxTokens, temperature: num('temperature', (v) => v >= 0, 'a number >= 0') ?? 0, stop: stop as string[] };
  const topK = num('top_k', (v) => Number.isInteger(v) && v >= 0, 'a non-negative integer');
  if (topK) out.topK = topK; // 0 means "off", as in Hugging Face
  const topP = num('top_p', (v) => v > 0 && v <= 1, 'in (0, 1]');
  if (topP !== undefined) out.topP = topP;
  const seed = num('seed', Number.isInteger, 'an integer');
  if (seed !== undefined) out.seed = seed;
  if (typeof params.id === 'string') out.id = params.id;
  return out;
}

/** Runs one request, calling `onPiece` with each complete piece of UTF-8 text. */
async function run(entry: GeneratorEntry, req: GenerateRequest, onPiece: (text: string) => void): Promise<{ text: string; finishReason: 'stop' | 'length' }> {
  const { model, tokenizer } = entry;
  let ids: number[];
  try {
    ids = tokenizer.encode(req.text);
  } catch (e) {
    throw new RequestError(`generate: cannot tokenize text_input (${(e as Error).message}).`);
  }
  if (ids.length === 0) throw new RequestError('generate: text_input produced no tokens.');
  const decoder = new TextDecoder('utf-8');
  let text = '';
  const emit = (token: number): void => {
    const piece = tokenizer.decodeBytes ? decoder.decode(tokenizer.decodeBytes([token]), { stream: true }) : tokenizer.decode([token]);
    if (piece) {
      text += piece;
      onPiece(piece);
    }
  };
  const stops = req.stop.map((s) => tokenizer.encode(s)).filter((s) => s.length > 0);
  const generated = await generateAsync(model, ids, {
    maxNewTokens: req.maxTokens, temperature: req.temperature, onToken: emit,
    ...(req.topK === undefined ? {} : { topK: req.topK }), ...(req.topP === undefined ? {} : { topP: req.topP }),
    ...(req.seed === undefined ? {} : { seed: req.seed }), ...(stops.length > 0 ? { stop: stops } : {}),
  });
  const tail = decoder.decode();
  if (tail) {
    text += tail;
    onPiece(tail);
  }
  // Fewer tokens than asked means a stop sequence ended the row (it is not part of the output).
  return { text, finishReason: generated.length < req.maxTokens ? 'stop' : 'length' };
}

/**
 * Registers `/v2/models/{name}/generate` and `/generate_stream` for one GPT and its tokenizer, or for whatever a
 * lookup finds (`hostGenerators(host)`: the registry's serving version).
 * @example registerGenerateRoutes(app, { name: 'gpt', model, tokenizer });
 */
export function registerGenerateRoutes(app: FastifyInstance, source: GeneratorEntry | GeneratorLookup): void {
  const lookup = typeof source === 'function' ? source : fixedGenerator(source);
  const base = (entry: GeneratorEntry, id: string | undefined): Record<string, string> => ({ model_name: entry.name, model_version: entry.version ?? '1', ...(id === undefined ? {} : { id }) });
  const generate = async (params: { name: string; version?: string }, body: unknown): Promise<unknown> => {
    const entry = await lookup(params.name, params.version);
    const req = parseBody(body, entry.maxTokens ?? 512);
    const { text, finishReason } = await run(entry, req, () => undefined);
    return { ...base(entry, req.id), text_output: text, finish_reason: finishReason };
  };
  const stream = async (params: { name: string; version?: string }, body: unknown, reply: FastifyReply): Promise<FastifyReply> => {
    const entry = await lookup(params.name, params.version);
    const req = parseBody(body, entry.maxTokens ?? 512);
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (data: Record<string, unknown>): void => void reply.raw.write(`data: ${JSON.stringify(data)}\n\n`);
    try {
      const { finishReason } = await run(entry, req, (piece) => send({ ...base(entry, req.id), text_output: piece }));
      send({ ...base(entry, req.id), text_output: '', finish_reason: finishReason });
    } catch (e) {
      send({ error: (e as Error).message });
    }
    reply.raw.end();
    return reply;
  };
  type P = { Params: { name: string; version?: string } };
  app.post<P>('/v2/models/:name/generate', (r) => generate(r.params, r.body));
  app.post<P>('/v2/models/:name/versions/:version/generate', (r) => generate(r.params, r.body));
  app.post<P>('/v2/models/:name/generate_stream', (r, reply) => stream(r.params, r.body, reply));
  app.post<P>('/v2/models/:name/versions/:version/generate_stream', (r, reply) => stream(r.params, r.body, reply));
}
