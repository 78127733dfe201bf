import { Tensor } from '../tensor/tensor.js';
import { RequestError } from './codec.js';
import type { Servable } from './servable.js';

/** The output of one request: `rows` examples, flattened row-major, with the full shape. */
export interface BatchResult {
  values: Float32Array;
  shape: number[];
}

/** Options of `MicroBatcher`. */
export interface BatcherOptions {
  /** Longest a request waits for others before the batch runs (ms). 0 runs each request alone. */
  maxDelayMs: number;
  /** Rows that make a batch run at once. */
  maxRows: number;
  /**
   * Most rows waiting at once (default 4 × maxRows). Past it `submit` rejects with 503 and `Retry-After` rather than
   * queueing without bound: under overload memory stays at this many rows, and clients are told to back off.
   */
  maxQueueRows?: number;
}

interface Pending {
  values: Float32Array;
  rows: number;
  resolve: (r: BatchResult) => void;
  reject: (e: unknown) => void;
}

/**
 * Queues concurrent predict requests for up to `maxDelayMs` (or `maxRows` rows), runs one `predict` on the
 * concatenated batch and hands each caller its slice, which amortises per-call overhead under load.
 * @example const b = new MicroBatcher(servable); const r = await b.submit(Float32Array.of(1, 2), 1);
 */
export class MicroBatcher {
  private queue: Pending[] = [];
  private queuedRows = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Number of `predict` calls made, for tests and metrics. */
  batchesRun = 0;

  constructor(readonly servable: Servable, private readonly options: BatcherOptions = { maxDelayMs: 2, maxRows: 256 }) {}

  /** Queues `rows` examples (`values` flattened) and resolves with their outputs. */
  submit(values: Float32Array, rows: number): Promise<BatchResult> {
    const cap = this.options.maxQueueRows ?? 4 * this.options.maxRows;
    if (this.queuedRows + rows > cap) {
      return Promise.reject(new RequestError(`predict: the server is overloaded (${this.queuedRows} rows queued, limit ${cap}); retry after a second.`, 503, 1));
    }
    return new Promise<BatchResult>((resolve, reject) => {
      this.queue.push({ values, rows, resolve, reject });
      this.queuedRows += rows;
      if (this.queuedRows >= this.options.maxRows || this.options.maxDelayMs <= 0) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.maxDelayMs);
    });
  }

  /** Rows waiting for the next batch. */
  get pendingRows(): number {
    return this.queuedRows;
  }

  /** Runs everything queued now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue;
    const total = this.queuedRows;
    this.queue = [];
    this.queuedRows = 0;
    if (batch.length === 0) return;
    try {
      const spec = this.servable.input;
      const dims = spec.shape.slice(1);
      const joined = new Float32Array(batch.reduce((a, p) => a + p.values.length, 0));
      let off = 0;
      for (const p of batch) {
        joined.set(p.values, off);
        off += p.values.length;
      }
      const x = new Tensor(spec.dtype === 'int32' ? Int32Array.from(joined) : joined, [total, ...dims], spec.dtype === 'int32' ? 'int32' : 'float32');
      this.batchesRun++;
      const y = this.servable.predict(x);
      const per = y.size / total;
      const outValues = y.values instanceof Float32Array ? y.values : Float32Array.from(y.values as ArrayLike<number>);
      let row = 0;
      for (const p of batch) {
        p.resolve({ values: outValues.slice(row * per, (row + p.rows) * per), shape: [p.rows, ...y.shape.slice(1)] });
        row += p.rows;
      }
    } catch (e) {
      for (const p of batch) p.reject(e);
    }
  }
}
