// `tforge generate <model> "prompt"`: loads a GPT (a tforge bundle with its tokenizer in extras.json, or a Hugging
// Face GPT-2 directory) and streams the continuation to the terminal token by token.
import { ConfigError } from '../core/errors.js';
import { loadGPTDir } from '../serve/gpt-dir.js';
import type { ProgressStream } from './progress.js';

export { loadGPTDir } from '../serve/gpt-dir.js';

/** Flags of `tforge generate`. */
export interface GenerateFlags {
  maxNewTokens?: number;
  temperature?: number;
  topK?: number;
  topP?: number;
  seed?: number;
  /** Stop when this text is produced (it is not printed). */
  stop?: string;
}

/**
 * Prints the prompt, then each generated piece of text as soon as it is complete UTF-8; returns the continuation.
 * @example await runGenerate('models/char-gpt', 'ROMEO:', { maxNewTokens: 200, temperature: 0.8 }, process.stdout);
 */
export async function runGenerate(dir: string, prompt: string, flags: GenerateFlags, out: ProgressStream): Promise<string> {
  const { model, tokenizer } = await loadGPTDir(dir);
  const ids = tokenizer.encode(prompt);
  if (ids.length === 0) throw new ConfigError('tforge generate: the prompt is empty; give some text to continue.');
  const stopIds = flags.stop ? tokenizer.encode(flags.stop) : [];
  out.write(prompt);
  const decoder = new TextDecoder('utf-8');
  let text = '';
  const emit = (token: number): void => {
    const piece = tokenizer.decodeBytes ? decoder.decode(tokenizer.decodeBytes([token]), { stream: true }) : tokenizer.decode([token]);
    text += piece;
    if (piece) out.write(piece);
  };
  model.generate(ids, {
    maxNewTokens: flags.maxNewTokens ?? 200,
    temperature: flags.temperature ?? 0.8,
    ...(flags.topK === undefined ? {} : { topK: flags.topK }),
    ...(flags.topP === undefined ? {} : { topP: flags.topP }),
    ...(flags.seed === undefined ? {} : { seed: flags.seed }),
    ...(stopIds.length > 0 ? { stop: [stopIds] } : {}),
    onToken: emit,
  });
  const tail = decoder.decode();
  text += tail;
  out.write(`${tail}\n`);
  return text;
}
