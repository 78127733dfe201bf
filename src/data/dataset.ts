// tf.data.Dataset: a lazy, re-iterable stream of elements. Every transformation returns a new Dataset whose
// iteration pulls from its parent on demand, so nothing but the current buffers is held in memory.
// Internally elements flow in small arrays ("chunks"): one async step per chunk instead of per element keeps
// per-row overhead low for CSV-scale streams. Users only ever see elements.
import { ConfigError, ValueError } from '../core/errors.js';
import { Random, rngFor } from '../core/random.js';
import { type BatchOf, batchElements } from './batch.js';

/** One step of a `DataIterator`: an element, or `done: true` at the end. */
export type DataResult<T> = { value: T; done: false } | { value: undefined; done: true };

/** A TF.js-style iterator: `next()` resolves to `{ value, done }`. */
export interface DataIterator<T> {
  /** The next element, or `{ done: true }` when the dataset is exhausted. */
  next(): Promise<DataResult<T>>;
}

/**
 * What `dataset.iterator()` returns: a Promise of the iterator (TF.js, where `iterator()` is async, so
 * `await ds.iterator()` works) that can also be used directly (`ds.iterator().next()`).
 */
export type IteratorHandle<T> = Promise<DataIterator<T>> & DataIterator<T>;

/** A function starting one pass over a dataset, yielding its elements in arrays (chunks) of any length. */
export type ChunkSource<T> = () => AsyncIterator<readonly T[], unknown, undefined>;

function count(name: string, n: number, allowInfinite = false): number {
  if (!(Number.isInteger(n) || (allowInfinite && n === Infinity)) || n < 0) {
    throw new ConfigError(`Dataset.${name}: expected a non-negative integer, received ${String(n)}.`);
  }
  return n;
}

async function* iterate<T>(source: ChunkSource<T>): AsyncGenerator<readonly T[]> {
  const it = source();
  try {
    while (true) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    await it.return?.();
  }
}

/**
 * A lazy, re-iterable sequence of elements with TF.js `tf.data.Dataset` methods. Iterate it with
 * `for await (const x of ds)`, `await ds.forEachAsync(f)` or `const it = await ds.iterator(); await it.next()`.
 * @example const ds = array([1, 2, 3, 4]).map((x) => x * 2).batch(2); await ds.toArray(); // [Tensor[2], Tensor[2]]
 */
export class Dataset<T> implements AsyncIterable<T> {
  /** Number of elements when known, Infinity for endless datasets, null when unknown (e.g. after filter). */
  readonly size: number | null;
  /** Starts a pass that yields the elements in chunks. */
  readonly chunks: ChunkSource<T>;

  constructor(chunks: ChunkSource<T>, size: number | null = null) {
    this.chunks = chunks;
    this.size = size;
  }

  /** A dataset from an element-by-element async generator function (called afresh for every pass). */
  static fromElements<T>(source: () => AsyncIterator<T, unknown, undefined>, size: number | null = null): Dataset<T> {
    return new Dataset<T>(async function* () {
      const it = source();
      try {
        while (true) {
          const r = await it.next();
          if (r.done) return;
          yield [r.value];
        }
      } finally {
        await it.return?.();
      }
    }, size);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const chunk of iterate(this.chunks)) yield* chunk;
  }

  /** A fresh iterator over the elements (each call starts a new pass). */
  iterator(): IteratorHandle<T> {
    const it = this[Symbol.asyncIterator]();
    const plain: DataIterator<T> = {
      next: async (): Promise<DataResult<T>> => {
        const r = await it.next();
        return r.done ? { done: true, value: undefined } : { done: false, value: r.value };
      },
    };
    return Object.assign(Promise.resolve(plain), { next: plain.next });
  }

  private derive<U>(size: number | null, body: (parent: AsyncGenerator<readonly T[]>) => AsyncGenerator<readonly U[]>): Dataset<U> {
    const chunks = this.chunks;
    return new Dataset<U>(() => body(iterate(chunks)), size);
  }

  /** Applies `fn` to every element. @example array([1, 2]).map((x) => x + 1); */
  map<U>(fn: (x: T) => U): Dataset<U> {
    return this.derive<U>(this.size, async function* (parent) {
      for await (const chunk of parent) yield chunk.map((x) => fn(x));
    });
  }

  /** Applies an async `fn` to every element, in order. @example ds.mapAsync(async (x) => load(x)); */
  mapAsync<U>(fn: (x: T) => Promise<U>): Dataset<U> {
    return this.derive<U>(this.size, async function* (parent) {
      for await (const chunk of parent) {
        const out: U[] = [];
        for (const x of chunk) out.push(await fn(x));
        yield out;
      }
    });
  }

  /** Keeps the elements for which `predicate` is true. @example array([1, 2, 3]).filter((x) => x % 2 === 1); */
  filter(predicate: (x: T) => boolean): Dataset<T> {
    return this.derive<T>(this.size === Infinity ? Infinity : null, async function* (parent) {
      for await (const chunk of parent) {
        const kept = chunk.filter((x) => predicate(x));
        if (kept.length > 0) yield kept;
      }
    });
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
    let pass = 0;
    return this.derive<T>(this.size, async function* (parent) {
      const passSeed =
        seed === undefined ? rngFor().nextUint32() : reshuffleEachIteration ? (seed + Math.imul(pass, 0x9e3779b9)) >>> 0 : seed;
      pass++;
      const rng = new Random(passSeed);
      const buffer: T[] = [];
      for await (const chunk of parent) {
        const out: T[] = [];
        for (const x of chunk) {
          if (buffer.length < bufferSize) {
            buffer.push(x);
            continue;
          }
          const i = rng.int(bufferSize);
          out.push(buffer[i] as T);
          buffer[i] = x;
        }
        if (out.length > 0) yield out;
      }
      const out: T[] = [];
      while (buffer.length > 0) {
        const i = rng.int(buffer.length);
        out.push(buffer[i] as T);
        buffer[i] = buffer[buffer.length - 1] as T;
        buffer.pop();
      }
      if (out.length > 0) yield out;
    });
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
    const size =
      this.size === null || this.size === Infinity ? this.size : smallLastBatch ? Math.ceil(this.size / batchSize) : Math.floor(this.size / batchSize);
    return this.derive<BatchOf<T>>(size, async function* (parent) {
      let rows: T[] = [];
      for await (const chunk of parent) {
        const out: BatchOf<T>[] = [];
        for (const x of chunk) {
          rows.push(x);
          if (rows.length === batchSize) {
            out.push(batchElements(rows) as BatchOf<T>);
            rows = [];
          }
        }
        if (out.length > 0) yield out;
      }
      if (rows.length > 0 && smallLastBatch) yield [batchElements(rows) as BatchOf<T>];
    });
  }

  /** Reads up to `bufferSize` chunks of elements ahead of the consumer. @example ds.prefetch(2); */
  prefetch(bufferSize: number): Dataset<T> {
    count('prefetch', bufferSize);
    const chunks = this.chunks;
    return new Dataset<T>(async function* () {
      const it = chunks();
      const queue: Promise<IteratorResult<readonly T[], unknown>>[] = [];
      try {
        while (true) {
          while (queue.length < Math.max(1, bufferSize)) queue.push(it.next());
          const r = await (queue.shift() as Promise<IteratorResult<readonly T[], unknown>>);
          if (r.done) return;
          yield r.value;
        }
      } finally {
        await Promise.allSettled(queue);
        await it.return?.();
      }
    }, this.size);
  }

  /** Repeats the dataset `count` times, forever when omitted. @example array([1, 2]).repeat(3); */
  repeat(times?: number): Dataset<T> {
    const n = times === undefined ? Infinity : count('repeat', times, true);
    const chunks = this.chunks;
    const size = this.size === null ? (n === Infinity ? Infinity : null) : this.size === 0 ? 0 : this.size * n;
    return new Dataset<T>(async function* () {
      for (let i = 0; i < n; i++) {
        let any = false;
        for await (const chunk of iterate(chunks)) {
          any ||= chunk.length > 0;
          yield chunk;
        }
        if (!any) return; // an empty dataset repeated forever must not spin
      }
    }, size);
  }

  /** The first `count` elements. @example array([1, 2, 3]).take(2); */
  take(n: number): Dataset<T> {
    count('take', n, true);
    return this.derive<T>(this.size === null ? null : Math.min(this.size, n), async function* (parent) {
      let left = n;
      if (left === 0) return;
      for await (const chunk of parent) {
        if (chunk.length >= left) {
          yield chunk.slice(0, left);
          return;
        }
        left -= chunk.length;
        yield chunk;
      }
    });
  }

  /** All but the first `count` elements. @example array([1, 2, 3]).skip(1); */
  skip(n: number): Dataset<T> {
    count('skip', n, true);
    const size = this.size === null ? null : this.size === Infinity ? (n === Infinity ? 0 : Infinity) : Math.max(0, this.size - n);
    return this.derive<T>(size, async function* (parent) {
      let left = n;
      for await (const chunk of parent) {
        if (left >= chunk.length) {
          left -= chunk.length;
          continue;
        }
        yield left > 0 ? chunk.slice(left) : chunk;
        left = 0;
      }
    });
  }

  /** The elements of this dataset followed by those of `other`. @example array([1]).concatenate(array([2])); */
  concatenate(other: Dataset<T>): Dataset<T> {
    const a = this.chunks;
    const b = other.chunks;
    const size = this.size === null || other.size === null ? null : this.size + other.size;
    return new Dataset<T>(async function* () {
      yield* iterate(a);
      yield* iterate(b);
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
    for await (const chunk of iterate(this.chunks)) for (const x of chunk) out.push(x);
    return out;
  }

  /** Same as `toArray` (TF.js keeps it for tests). @example await array([1]).toArrayForTest(); */
  toArrayForTest(): Promise<T[]> {
    return this.toArray();
  }
}
