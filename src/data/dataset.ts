// tf.data.Dataset: a lazy, re-iterable stream of elements. Every transformation returns a new Dataset whose
// iteration pulls from its parent on demand, so nothing but the current buffers is ever held in memory.
import { ConfigError, ValueError } from '../core/errors.js';
import { Random, rngFor } from '../core/random.js';
import { type BatchOf, batchElements } from './batch.js';

/** A TF.js-style iterator: `next()` resolves to `{ value, done }`. */
export interface DataIterator<T> {
  /** The next element, or `{ done: true }` when the dataset is exhausted. */
  next(): Promise<IteratorResult<T, undefined>>;
}

/**
 * What `dataset.iterator()` returns: a Promise of the iterator (TF.js, where `iterator()` is async, so
 * `await ds.iterator()` works) that can also be used directly (`ds.iterator().next()`).
 */
export type IteratorHandle<T> = Promise<DataIterator<T>> & DataIterator<T>;

type Source<T> = () => AsyncIterator<T, unknown, undefined>;

function count(name: string, n: number, allowInfinite = false): number {
  if (!(Number.isInteger(n) || (allowInfinite && n === Infinity)) || n < 0) {
    throw new ConfigError(`Dataset.${name}: expected a non-negative integer, received ${String(n)}.`);
  }
  return n;
}

/**
 * A lazy, re-iterable sequence of elements with TF.js `tf.data.Dataset` methods. Iterate it with
 * `for await (const x of ds)`, `await ds.forEachAsync(f)` or `const it = await ds.iterator(); await it.next()`.
 * @example const ds = array([1, 2, 3, 4]).map((x) => x * 2).batch(2); await ds.toArray(); // [Tensor[2], Tensor[2]]
 */
export class Dataset<T> implements AsyncIterable<T> {
  /** Number of elements when known, Infinity for endless datasets, null when unknown (e.g. after filter). */
  readonly size: number | null;

  constructor(
    private readonly source: Source<T>,
    size: number | null = null,
  ) {
    this.size = size;
  }

  [Symbol.asyncIterator](): AsyncIterator<T, unknown, undefined> {
    return this.source();
  }

  /** A fresh iterator over the elements (each call starts a new pass). */
  iterator(): IteratorHandle<T> {
    const it = this.source();
    const plain: DataIterator<T> = {
      next: async () => {
        const r = await it.next();
        return r.done ? { done: true, value: undefined } : { done: false, value: r.value };
      },
    };
    return Object.assign(Promise.resolve(plain), { next: plain.next });
  }

  /** Applies `fn` to every element. @example array([1, 2]).map((x) => x + 1); */
  map<U>(fn: (x: T) => U): Dataset<U> {
    const parent = this;
    return new Dataset<U>(async function* () {
      for await (const x of parent) yield fn(x);
    }, this.size);
  }

  /** Applies an async `fn` to every element. @example ds.mapAsync(async (x) => load(x)); */
  mapAsync<U>(fn: (x: T) => Promise<U>): Dataset<U> {
    const parent = this;
    return new Dataset<U>(async function* () {
      for await (const x of parent) yield await fn(x);
    }, this.size);
  }

  /** Keeps the elements for which `predicate` is true. @example array([1, 2, 3]).filter((x) => x % 2 === 1); */
  filter(predicate: (x: T) => boolean): Dataset<T> {
    const parent = this;
    return new Dataset<T>(async function* () {
      for await (const x of parent) if (predicate(x)) yield x;
    }, this.size === Infinity ? Infinity : null);
  }

  /**
   * Shuffles with a buffer of `bufferSize` elements (a full shuffle when it is at least the dataset size).
   * With a seed the order is reproducible; `reshuffleEachIteration` (default true) gives each pass a new order.
   * @example array([1, 2, 3, 4]).shuffle(4, 42);
   */
  shuffle(bufferSize: number, seed?: number, reshuffleEachIteration = true): Dataset<T> {
    if (!Number.isInteger(bufferSize) || bufferSize < 1) {
      throw new ConfigError(`Dataset.shuffle: bufferSize must be a positive integer, received ${String(bufferSize)}.`);
    }
    const parent = this;
    let pass = 0;
    return new Dataset<T>(async function* () {
      const passSeed =
        seed === undefined ? rngFor().nextUint32() : reshuffleEachIteration ? (seed + Math.imul(pass, 0x9e3779b9)) >>> 0 : seed;
      pass++;
      const rng = new Random(passSeed);
      const buffer: T[] = [];
      for await (const x of parent) {
        if (buffer.length < bufferSize) {
          buffer.push(x);
          continue;
        }
        const i = rng.int(bufferSize);
        const out = buffer[i] as T;
        buffer[i] = x;
        yield out;
      }
      while (buffer.length > 0) {
        const i = rng.int(buffer.length);
        const out = buffer[i] as T;
        buffer[i] = buffer[buffer.length - 1] as T;
        buffer.pop();
        yield out;
      }
    }, this.size);
  }

  /**
   * Groups consecutive elements into batches, stacking them into tensors (objects and tuples are batched per key).
   * The last, smaller batch is kept unless `smallLastBatch` is false.
   * @example array([{ xs: [1, 2], ys: 0 }, { xs: [3, 4], ys: 1 }]).batch(2); // {xs: Tensor[2,2], ys: Tensor[2]}
   */
  batch(batchSize: number, smallLastBatch = true): Dataset<BatchOf<T>> {
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new ConfigError(`Dataset.batch: batchSize must be a positive integer, received ${String(batchSize)}.`);
    }
    const parent = this;
    const size =
      this.size === null || this.size === Infinity
        ? this.size
        : smallLastBatch
          ? Math.ceil(this.size / batchSize)
          : Math.floor(this.size / batchSize);
    return new Dataset<BatchOf<T>>(async function* () {
      let rows: T[] = [];
      for await (const x of parent) {
        rows.push(x);
        if (rows.length === batchSize) {
          yield batchElements(rows) as BatchOf<T>;
          rows = [];
        }
      }
      if (rows.length > 0 && smallLastBatch) yield batchElements(rows) as BatchOf<T>;
    }, size);
  }

  /** Reads up to `bufferSize` elements ahead of the consumer. @example ds.prefetch(2); */
  prefetch(bufferSize: number): Dataset<T> {
    count('prefetch', bufferSize);
    const parent = this;
    return new Dataset<T>(async function* () {
      const it = parent.source();
      const queue: Promise<IteratorResult<T, unknown>>[] = [];
      const fill = (): void => {
        while (queue.length < Math.max(1, bufferSize)) queue.push(it.next());
      };
      while (true) {
        fill();
        const r = await (queue.shift() as Promise<IteratorResult<T, unknown>>);
        if (r.done) return;
        yield r.value;
      }
    }, this.size);
  }

  /** Repeats the dataset `count` times, forever when omitted. @example array([1, 2]).repeat(3); */
  repeat(times?: number): Dataset<T> {
    const n = times === undefined ? Infinity : count('repeat', times, true);
    const parent = this;
    const size = this.size === null ? (n === Infinity ? Infinity : null) : this.size === 0 ? 0 : this.size * n;
    return new Dataset<T>(async function* () {
      for (let i = 0; i < n; i++) {
        let any = false;
        for await (const x of parent) {
          any = true;
          yield x;
        }
        if (!any) return; // an empty dataset repeated forever must not spin
      }
    }, size);
  }

  /** The first `count` elements. @example array([1, 2, 3]).take(2); */
  take(n: number): Dataset<T> {
    count('take', n, true);
    const parent = this;
    return new Dataset<T>(async function* () {
      if (n === 0) return;
      let i = 0;
      for await (const x of parent) {
        yield x;
        if (++i >= n) return;
      }
    }, this.size === null ? null : Math.min(this.size, n));
  }

  /** All but the first `count` elements. @example array([1, 2, 3]).skip(1); */
  skip(n: number): Dataset<T> {
    count('skip', n, true);
    const parent = this;
    return new Dataset<T>(async function* () {
      let i = 0;
      for await (const x of parent) if (i++ >= n) yield x;
    }, this.size === null ? null : this.size === Infinity ? (n === Infinity ? 0 : Infinity) : Math.max(0, this.size - n));
  }

  /** The elements of this dataset followed by those of `other`. @example array([1]).concatenate(array([2])); */
  concatenate(other: Dataset<T>): Dataset<T> {
    const parent = this;
    const size = this.size === null || other.size === null ? null : this.size + other.size;
    return new Dataset<T>(async function* () {
      yield* parent;
      yield* other;
    }, size);
  }

  /** Calls `f` on every element in order. @example await array([1, 2]).forEachAsync((x) => console.log(x)); */
  async forEachAsync(f: (x: T) => void | Promise<void>): Promise<void> {
    for await (const x of this) await f(x);
  }

  /** Collects every element into an array (the dataset must be finite). @example await array([1, 2]).toArray(); */
  async toArray(): Promise<T[]> {
    if (this.size === Infinity) {
      throw new ValueError('Dataset.toArray: the dataset is infinite (repeat() without a count); call take(n) first.');
    }
    const out: T[] = [];
    for await (const x of this) out.push(x);
    return out;
  }

  /** Same as `toArray` (TF.js keeps it for tests). @example await array([1]).toArrayForTest(); */
  toArrayForTest(): Promise<T[]> {
    return this.toArray();
  }
}
