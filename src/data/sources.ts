// Dataset sources: in-memory arrays, generator functions and zips of datasets (TF.js tf.data.array/generator/zip).
import { ConfigError } from '../core/errors.js';
import { Dataset } from './dataset.js';

// Elements handed on per internal step: big enough to amortise async overhead, small enough to stay lazy.
const CHUNK = 256;
const SYNC_PULL = 64;

/**
 * A dataset over the items of an array (not copied; do not mutate it while iterating).
 * @example const ds = array([{ xs: [1, 2], ys: 0 }, { xs: [3, 4], ys: 1 }]);
 */
export function array<T>(items: readonly T[]): Dataset<T> {
  if (!Array.isArray(items)) throw new ConfigError(`data.array: expected an array, received ${typeof items}.`);
  return new Dataset<T>(async function* () {
    for (let i = 0; i < items.length; i += CHUNK) yield items.slice(i, i + CHUNK);
  }, items.length);
}

/**
 * A dataset whose elements come from a (sync or async) generator function, called afresh for every pass.
 * @example generator(function* () { for (let i = 0; i < 3; i++) yield { xs: [i], ys: i % 2 }; });
 */
export function generator<T>(
  fn: () => Iterator<T, unknown, undefined> | AsyncIterator<T, unknown, undefined> | Promise<Iterator<T, unknown, undefined>>,
): Dataset<T> {
  if (typeof fn !== 'function') {
    throw new ConfigError(`data.generator: expected a function returning an iterator, received ${typeof fn}.`);
  }
  return new Dataset<T>(async function* () {
    const it = await fn();
    try {
      while (true) {
        const first = it.next();
        // A sync iterator is drained a few elements at a time; an async one element by element.
        if (first instanceof Promise) {
          const r = await first;
          if (r.done) return;
          yield [r.value];
          continue;
        }
        if (first.done) return;
        const chunk: T[] = [first.value];
        let done = false;
        while (chunk.length < SYNC_PULL) {
          const r = it.next() as IteratorResult<T, unknown>;
          if (r.done) {
            done = true;
            break;
          }
          chunk.push(r.value);
        }
        yield chunk;
        if (done) return;
      }
    } finally {
      await it.return?.();
    }
  });
}

type ZipOf<D> = { [K in keyof D]: D[K] extends Dataset<infer E> ? E : never };

/**
 * Combines datasets element-wise into arrays or objects; it ends with the shortest input.
 * @example zip({ xs: array([[1], [2]]), ys: array([0, 1]) }); // elements {xs: [1], ys: 0}, ...
 */
export function zip<D extends readonly Dataset<unknown>[] | Record<string, Dataset<unknown>>>(datasets: D): Dataset<ZipOf<D>> {
  const isArray = Array.isArray(datasets);
  const entries: [string, Dataset<unknown>][] = Object.entries(datasets);
  for (const [key, ds] of entries) {
    if (!(ds instanceof Dataset)) {
      throw new ConfigError(`data.zip: entry '${key}' is not a Dataset; pass an array or object of datasets.`);
    }
  }
  const sizes = entries.map(([, d]) => d.size);
  const size = sizes.some((s) => s === null) ? null : Math.min(...(sizes as number[]), entries.length ? Infinity : 0);
  return Dataset.fromElements<ZipOf<D>>(async function* () {
    if (entries.length === 0) return;
    const its = entries.map(([, d]) => d[Symbol.asyncIterator]());
    try {
      while (true) {
        const results = await Promise.all(its.map((it) => it.next()));
        if (results.some((r) => r.done)) return;
        if (isArray) yield results.map((r) => r.value) as ZipOf<D>;
        else {
          const out: Record<string, unknown> = {};
          entries.forEach(([key], i) => (out[key] = results[i]?.value));
          yield out as ZipOf<D>;
        }
      }
    } finally {
      await Promise.all(its.map((it) => it.return?.()));
    }
  }, size);
}
