// Autoregressive decoding for GPTModel: a prompt pass fills one KV cache per block, then each step feeds only the
// newest token. Batches of prompts of different lengths are left-padded; the attention mask hides the padding and
// positions are counted over real tokens, so each row decodes as if it were alone.
import { ConfigError, ValueError } from '../../core/errors.js';
import { type Random, rngFor } from '../../core/random.js';
import type { KVCache } from '../../layers/transformer/decoder-block.js';
import { Tensor } from '../../tensor/tensor.js';
import type { GPTModel } from './gpt-model.js';

/** Options of `generate`. */
export interface GenerateOptions {
  /** Tokens to add to each prompt. */
  maxNewTokens: number;
  /** 0 (the default) decodes greedily (argmax); > 0 samples from softmax(logits / temperature). */
  temperature?: number;
  /** Sample only among the k most likely tokens. */
  topK?: number;
  /** Nucleus sampling: the smallest set of tokens whose probability reaches p (Holtzman et al. 2020). */
  topP?: number;
  /** Seed of the sampler (same seed, same text); default the global generator. */
  seed?: number;
  /** Token ids or id sequences that end a row; the stop sequence itself is not returned. */
  stop?: number | readonly (number | readonly number[])[];
  /** Called with each new token as it is chosen; return false to stop every row. */
  onToken?: (token: number, info: { row: number; index: number }) => void | boolean;
  /** Id written into padding positions (never attended to); default 0. */
  padTokenId?: number;
  /** Reuse keys and values of earlier positions (default true); false recomputes the whole sequence each step. */
  useCache?: boolean;
}

function stopSequences(stop: GenerateOptions['stop']): number[][] {
  if (stop === undefined) return [];
  const list = typeof stop === 'number' ? [stop] : stop;
  return list.map((s) => (typeof s === 'number' ? [s] : [...s])).filter((s) => s.length > 0);
}

/** Picks the next token from a logits row. Exported for tests of the filters. */
export function sampleToken(logits: ArrayLike<number>, options: Pick<GenerateOptions, 'temperature' | 'topK' | 'topP'>, rng: Random): number {
  const n = logits.length;
  const temperature = options.temperature ?? 0;
  if (!(temperature > 0)) {
    let best = 0;
    for (let i = 1; i < n; i++) if ((logits[i] as number) > (logits[best] as number)) best = i;
    return best;
  }
  let order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (logits[b] as number) - (logits[a] as number));
  if (options.topK !== undefined) order = order.slice(0, Math.max(1, Math.min(options.topK, n)));
  const top = logits[order[0] as number] as number;
  const weights = order.map((i) => Math.exp(((logits[i] as number) - top) / temperature));
  let total = weights.reduce((a, b) => a + b, 0);
  if (options.topP !== undefined && options.topP < 1) {
    let acc = 0, keep = 0;
    while (keep < weights.length && acc < options.topP * total) acc += weights[keep++] as number;
    order = order.slice(0, Math.max(keep, 1));
    weights.length = order.length;
    total = weights.reduce((a, b) => a + b, 0);
  }
  let r = rng.next() * total;
  for (let i = 0; i < order.length; i++) {
    r -= weights[i] as number;
    if (r < 0) return order[i] as number;
  }
  return order[order.length - 1] as number;
}

function validate(model: GPTModel, prompts: number[][], o: GenerateOptions): void {
  if (!Number.isInteger(o?.maxNewTokens) || o.maxNewTokens < 0) throw new ConfigError(`generate: maxNewTokens must be a non-negative integer, received ${JSON.stringify(o?.maxNewTokens)}.`);
  if (o.temperature !== undefined && !(o.temperature >= 0)) throw new ConfigError(`generate: temperature must be >= 0 (0 = greedy), received ${o.temperature}.`);
  if (o.topK !== undefined && (!Number.isInteger(o.topK) || o.topK <= 0)) throw new ConfigError(`generate: topK must be a positive integer, received ${o.topK}.`);
  if (o.topP !== undefined && !(o.topP > 0 && o.topP <= 1)) throw new ConfigError(`generate: topP must be in (0, 1], received ${o.topP}.`);
  const v = model.gptConfig.vocabSize;
  prompts.forEach((p, i) => {
    if (p.length === 0) throw new ValueError(`generate: prompt ${i} is empty; start it with a token such as <|endoftext|>.`);
    for (const id of p) if (!Number.isInteger(id) || id < 0 || id >= v) throw new ValueError(`generate: prompt ${i} holds ${id}, outside the vocabulary [0, ${v}).`);
  });
}

/**
 * Continues each prompt by up to `maxNewTokens` tokens and returns the new tokens per prompt (a single prompt
 * `number[]` gives a single `number[]`).
 * @example const out = generate(model, tok.encode('ROMEO:'), { maxNewTokens: 50, temperature: 0.8, topK: 40, seed: 1 });
 */
export function generate(model: GPTModel, prompt: readonly number[], options: GenerateOptions): number[];
export function generate(model: GPTModel, prompts: readonly (readonly number[])[], options: GenerateOptions): number[][];
export function generate(model: GPTModel, ids: readonly number[] | readonly (readonly number[])[], options: GenerateOptions): number[] | number[][] {
  const single = ids.length === 0 || typeof ids[0] === 'number';
  const steps = decode(model, single ? [ids as readonly number[]] : (ids as readonly (readonly number[])[]), options);
  let r = steps.next();
  while (!r.done) r = steps.next();
  return single ? (r.value[0] as number[]) : r.value;
}

/**
 * Like `generate`, but yields to the event loop after every token, so a server keeps answering other requests
 * and streamed tokens reach the socket as they are made.
 * @example const out = await generateAsync(model, ids, { maxNewTokens: 50, onToken: (t) => res.write(tok.decode([t])) });
 */
export async function generateAsync(model: GPTModel, prompt: readonly number[], options: GenerateOptions): Promise<number[]> {
  const steps = decode(model, [prompt], options);
  let r = steps.next();
  while (!r.done) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    r = steps.next();
  }
  return r.value[0] as number[];
}

/** The decoding loop; yields after each step and returns the new tokens of every row. */
function* decode(model: GPTModel, ids: readonly (readonly number[])[], options: GenerateOptions): Generator<void, number[][]> {
  const prompts = ids.map((p) => [...p]);
  validate(model, prompts, options);
  const rng = rngFor(options.seed);
  const stops = stopSequences(options.stop);
  const pad = options.padTokenId ?? 0;
  const ctx = model.gptConfig.contextLength;
  const useCache = options.useCache ?? true;
  const b = prompts.length;
  const outputs: number[][] = prompts.map(() => []);
  const done = new Array<boolean>(b).fill(false);
  // Each row: [padding..., prompt..., generated...]; mask 0 over padding.
  const width = Math.max(...prompts.map((p) => p.length));
  const rows = prompts.map((p) => [...new Array<number>(width - p.length).fill(pad), ...p]);
  const masks = prompts.map((p) => [...new Array<number>(width - p.length).fill(0), ...new Array<number>(p.length).fill(1)]);
  const padded = prompts.some((p) => p.length !== width);
  let cache: KVCache[] | null = null;
  let fed = 0; // columns of `rows` already in the cache
  let start = 0; // first column inside the context window
  for (let step = 0; step < options.maxNewTokens && !done.every(Boolean); step++) {
    const total = rows[0]?.length ?? 0;
    if (total - start > ctx) {
      start = total - ctx; // slide the window: the cache no longer matches, recompute from the cropped rows
      cache = null;
    }
    if (!useCache) cache = null;
    const from = cache ? fed : start;
    const t = total - from;
    const idsT = new Tensor(Int32Array.from(rows.flatMap((r) => r.slice(from))), [b, t], 'int32');
    const maskT = padded ? new Tensor(Float32Array.from(masks.flatMap((m) => m.slice(start))), [b, total - start], 'float32') : null;
    const out = model.forward(idsT, { cache, attentionMask: maskT });
    cache = out.cache;
    fed = total;
    const v = out.logits.shape[2] as number;
    const logits = out.logits.values;
    let stopAll = false;
    for (let r = 0; r < b; r++) {
      const row = rows[r] as number[];
      if (done[r]) {
        row.push(pad);
        (masks[r] as number[]).push(0);
        continue;
      }
      const offset = (r * t + (t - 1)) * v;
      const token = sampleToken(logits.subarray(offset, offset + v), options, rng);
      row.push(token);
      (masks[r] as number[]).push(1);
      const gen = outputs[r] as number[];
      gen.push(token);
      const hit = stops.find((s) => s.length <= gen.length && s.every((id, i) => gen[gen.length - s.length + i] === id));
      if (hit) {
        gen.length -= hit.length;
        done[r] = true;
      } else if (options.onToken?.(token, { row: r, index: gen.length - 1 }) === false) {
        stopAll = true;
      }
    }
    if (stopAll) break;
    yield;
  }
  return outputs;
}
