// Feedback on generated text, for later fine-tuning. It reuses the feedback table (one schema for SQLite and
// PostgreSQL, the same retention, erasure and audit paths) with this mapping:
//   input       the prompt's token ids         inputShape  [prompt length]
//   prediction  the answer's token ids         predictedLabel  1 (the model stands by its answer)
//   label       the rating: 1 = 👍, 0 = 👎       comment     the corrected answer, if the user wrote one
// `feedbackToFineTuning` turns stored records back into prompt/completion text.
import { RequestError } from './codec.js';
import type { Anonymizer } from './privacy.js';
import type { FeedbackRecord } from './store.js';
import type { TextTokenizer } from '../preprocessing/char-tokenizer.js';

/** Longest prompt, answer or correction accepted, in characters. */
export const MAX_FEEDBACK_TEXT = 8000;

/** A parsed chat-feedback body: `{"prompt", "output", "rating": "up" | "down", "correction"?, "user"?, "id"?}`. */
export interface GenerationFeedback {
  prompt: string;
  output: string;
  rating: 'up' | 'down';
  correction: string | null;
  user: string | null;
  id: string | null;
}

/** Validates a chat-feedback body; throws a 400 RequestError naming the bad field. */
export function parseGenerationFeedback(body: unknown, where: string): GenerationFeedback {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RequestError(`${where}: the body must be a JSON object like {"prompt": "...", "output": "...", "rating": "up", "correction": "..."}.`);
  }
  const b = body as Record<string, unknown>;
  const text = (k: string, required: boolean): string | null => {
    const v = b[k];
    if (v === undefined || v === null || (!required && v === '')) {
      if (required) throw new RequestError(`${where}: '${k}' must be a string (the ${k === 'prompt' ? 'prompt sent to generate' : "model's answer"}), received ${JSON.stringify(v)}.`);
      return null;
    }
    if (typeof v !== 'string' || v.length > MAX_FEEDBACK_TEXT) throw new RequestError(`${where}: '${k}' must be a string of at most ${MAX_FEEDBACK_TEXT} characters, received ${typeof v === 'string' ? `${v.length} characters` : JSON.stringify(v)}.`);
    return v;
  };
  const prompt = text('prompt', true) as string;
  if (prompt === '') throw new RequestError(`${where}: 'prompt' is empty; send the prompt the answer continues.`);
  const output = text('output', true) as string;
  const rating = b.rating === 1 || b.rating === 'up' ? 'up' : b.rating === 0 || b.rating === 'down' ? 'down' : null;
  if (!rating) throw new RequestError(`${where}: 'rating' must be "up" (👍) or "down" (👎), received ${JSON.stringify(b.rating)}.`);
  const user = b.user === undefined ? null : b.user;
  if (user !== null && (typeof user !== 'string' || user === '' || user.length > 256)) {
    throw new RequestError(`${where}: 'user' must be a non-empty string of at most 256 characters, received ${JSON.stringify(b.user)}.`);
  }
  return { prompt, output, rating, correction: text('correction', false), user, id: typeof b.id === 'string' ? b.id.slice(0, 256) : null };
}

/** Builds the stored record (ids through the model's tokenizer, user id hashed, correction scrubbed). */
export function generationFeedbackRecord(
  f: GenerationFeedback, ctx: { model: string; version: number; tokenizer: TextTokenizer; anonymizer: Anonymizer }, where: string,
): FeedbackRecord {
  const encode = (field: string, s: string): number[] => {
    try {
      return ctx.tokenizer.encode(s);
    } catch (e) {
      throw new RequestError(`${where}: cannot tokenize '${field}' with the model's tokenizer (${(e as Error).message}).`);
    }
  };
  const input = encode('prompt', f.prompt);
  return {
    model: ctx.model,
    version: ctx.version,
    requestId: f.id,
    userId: f.user === null ? null : ctx.anonymizer.userId(f.user),
    input,
    inputShape: [input.length],
    prediction: encode('output', f.output),
    predictedLabel: 1,
    label: f.rating === 'up' ? 1 : 0,
    comment: f.correction === null ? null : ctx.anonymizer.comment(f.correction),
  };
}

/** One fine-tuning example. */
export interface FineTuningExample {
  prompt: string;
  completion: string;
  /** Where the completion came from: the user's correction or a 👍 answer. */
  source: 'correction' | 'approved';
  feedbackId?: number;
}

/**
 * Turns chat feedback into fine-tuning examples: a correction replaces the answer (👍 or 👎), a 👍 answer without
 * one is kept as it is, a 👎 without a correction is dropped (nothing to learn the right answer from).
 * @example const examples = feedbackToFineTuning(await store.listFeedback('gpt'), tokenizer);
 */
export function feedbackToFineTuning(records: readonly FeedbackRecord[], tokenizer: TextTokenizer): FineTuningExample[] {
  const out: FineTuningExample[] = [];
  for (const r of records) {
    const prompt = tokenizer.decode(r.input);
    const base = r.id === undefined ? {} : { feedbackId: r.id };
    if (r.comment) out.push({ prompt, completion: r.comment, source: 'correction', ...base });
    else if (r.label === 1) out.push({ prompt, completion: tokenizer.decode(r.prediction), source: 'approved', ...base });
  }
  return out;
}

/**
 * The examples as training text for `tforge train` (each prompt + completion, separated by a blank line) or as
 * JSON Lines (`{"prompt", "completion"}`, the common fine-tuning format).
 * @example writeFileSync('feedback.txt', fineTuningText(examples, 'text'));
 */
export function fineTuningText(examples: readonly FineTuningExample[], format: 'text' | 'jsonl'): string {
  if (format === 'jsonl') return examples.map((e) => JSON.stringify({ prompt: e.prompt, completion: e.completion })).join('\n') + (examples.length ? '\n' : '');
  return examples.map((e) => `${e.prompt}${e.completion}\n\n`).join('');
}
