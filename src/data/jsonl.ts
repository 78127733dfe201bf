// tf.data-style JSON-lines dataset: one JSON value per line, streamed.
import { FormatError } from '../core/errors.js';
import { Dataset } from './dataset.js';
import { readLines, toPath } from './file-stream.js';

/**
 * A dataset of the JSON values in a JSON-lines file (plain or gzip), one per non-blank line, streamed.
 * @example const ds = jsonl<{ text: string; label: number }>('reviews.jsonl').map((r) => r.label);
 */
export function jsonl<T = unknown>(source: string | URL): Dataset<T> {
  const path = toPath(source);
  return Dataset.fromElements<T>(async function* () {
    for await (const { line, text } of readLines(path, `data.jsonl('${path}')`)) {
      if (text.trim() === '') continue;
      try {
        yield JSON.parse(text) as T;
      } catch (e) {
        throw new FormatError(`data.jsonl('${path}'): line ${line} is not valid JSON (${(e as Error).message}); each line must hold one JSON value.`);
      }
    }
  });
}
