// `tforge export-feedback <dir>`: the chat page's 👍/👎 and corrected answers for a served GPT, as fine-tuning
// text. Plain text (prompt + completion, blank line between examples) is what a GPT spec's "text" trains on;
// JSON Lines ({"prompt", "completion"}) suits other fine-tuning tools.
import { writeFile } from 'node:fs/promises';
import { ConfigError } from '../core/errors.js';
import { feedbackToFineTuning, fineTuningText } from '../serve/generation-feedback.js';
import { isGPTDir, loadGPTDir } from '../serve/gpt-dir.js';
import type { ProgressStream } from './progress.js';
import { openRegistry, type RegistryFlags } from './registry-commands.js';

/** Flags of `tforge export-feedback`. */
export interface ExportFeedbackFlags extends RegistryFlags {
  /** Output file (default: standard output). */
  out?: string;
  format?: 'text' | 'jsonl';
}

/**
 * Writes the feedback of the GPT registry at `dir` as fine-tuning text; returns how many examples were written.
 * @example await runExportFeedback('models/char-gpt', { out: 'feedback.txt' }, process.stdout);
 */
export async function runExportFeedback(dir: string, flags: ExportFeedbackFlags, out: ProgressStream): Promise<number> {
  const format = flags.format ?? 'text';
  if (format !== 'text' && format !== 'jsonl') throw new ConfigError(`tforge export-feedback: --format must be 'text' or 'jsonl', received '${String(format)}'.`);
  const registry = await openRegistry(dir, flags);
  try {
    const serving = registry.dirOf(await registry.serving());
    if (!(await isGPTDir(serving))) throw new ConfigError(`tforge export-feedback: ${serving} does not hold a GPT; chat feedback exists only for GPT models.`);
    const { tokenizer } = await loadGPTDir(serving);
    const examples = feedbackToFineTuning(await registry.store.listFeedback(registry.name), tokenizer);
    const text = fineTuningText(examples, format);
    if (flags.out) {
      await writeFile(flags.out, text);
      out.write(`Wrote ${examples.length} fine-tuning example(s) to ${flags.out}\n`);
    } else {
      out.write(text);
    }
    return examples.length;
  } finally {
    await registry.store.close();
  }
}
