// Data-parallel training (Keras's MultiWorkerMirroredStrategy): every rank holds the whole model, trains on its
// share of each global batch, and the ranks sum their gradients with one allreduce per bucket, so every rank
// applies the same update and the weights stay identical. Models compiled inside `strategy.scope()` train this
// way in `fit` (src/models/fit.ts); the messages go through the collective in src/core/collective.ts (Open MPI).
import { type Collective, joinCollective } from '../core/collective.js';
import { ConfigError } from '../core/errors.js';
import { Tensor, type Variable } from '../tensor/tensor.js';

/** Options of `tf.distribute.dataParallel` / `new MultiWorkerMirroredStrategy`. */
export interface DataParallelConfig {
  /** Gradients are summed in buckets of about this many MiB (one allreduce each; default 4). */
  bucketMiB?: number;
  /** A rank that waits longer than this in one collective ends itself, and mpirun aborts the job (default 300 s). */
  timeoutMs?: number;
}

const scopes: DataParallelStrategy[] = [];

/** The strategy whose `scope()` is running, or null. `compile` records it on the model. */
export function currentStrategy(): DataParallelStrategy | null {
  return scopes[scopes.length - 1] ?? null;
}

/** Synchronous data parallelism over the ranks of one job. */
export class DataParallelStrategy {
  readonly collective: Collective;
  /** Models compiled in this strategy's scope so far (`compile` counts itself here). */
  compiledModels = 0;
  private readonly bucketFloats: number;
  private flat = new Float32Array(0);

  constructor(config: DataParallelConfig = {}) {
    const mib = config.bucketMiB ?? 4;
    if (!(mib > 0)) throw new ConfigError(`distribute: bucketMiB must be a positive number of MiB, received ${String(config.bucketMiB)}.`);
    const timeout = config.timeoutMs ?? 300_000;
    if (!(timeout > 0)) throw new ConfigError(`distribute: timeoutMs must be positive, received ${String(config.timeoutMs)}.`);
    this.bucketFloats = Math.max(1, Math.floor((mib * 1024 * 1024) / 4));
    this.collective = joinCollective(timeout);
  }

  /** This process's rank (0 is the chief, which writes checkpoints and logs). */
  get rank(): number {
    return this.collective.rank;
  }

  /** Number of ranks training together (Keras: `num_replicas_in_sync`). */
  get numReplicasInSync(): number {
    return this.collective.size;
  }

  /** True on rank 0. */
  get isChief(): boolean {
    return this.collective.rank === 0;
  }

  /**
   * Runs `fn` with this strategy current: models compiled inside train data-parallel.
   * @example strategy.scope(() => model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' }));
   */
  scope<T>(fn: () => T): T {
    scopes.push(this);
    try {
      return fn();
    } finally {
      scopes.pop();
    }
  }

  /** Copies rank 0's values of `vars` (weights, optimizer state) into every rank's, in place. */
  broadcastVariables(vars: readonly Variable[]): void {
    if (this.collective.size === 1) return;
    for (const v of vars) this.collective.broadcast(v.values, 0);
  }

  /** Rank 0's copy of `order` (e.g. a shuffled sample order) on every rank. */
  broadcastOrder(order: Int32Array): Int32Array {
    if (this.collective.size > 1) this.collective.broadcast(order, 0);
    return order;
  }

  /** Sums `values` over the ranks (small control messages: losses, counts, stop flags). */
  sum(values: number[]): number[] {
    const buf = Float32Array.from(values);
    this.collective.allreduceSum(buf);
    return Array.from(buf);
  }

  /**
   * The gradient of the global batch: each rank's mean gradient over its `localRows` rows, weighted by those rows
   * and summed over ranks, divided by `globalRows`. A variable without a gradient on this rank counts as zeros.
   * `extras` ride along in the last bucket and come back summed over ranks.
   */
  reduceGradients(grads: Record<string, Tensor>, vars: readonly Variable[], localRows: number, globalRows: number, extras: number[]): { grads: Record<string, Tensor>; extras: number[] } {
    let total = extras.length;
    for (const v of vars) total += v.size;
    if (this.flat.length !== total) this.flat = new Float32Array(total);
    const flat = this.flat;
    let off = 0;
    for (const v of vars) {
      const g = grads[v.name];
      if (g) {
        const gv = g.values;
        for (let i = 0; i < v.size; i++) flat[off + i] = (gv[i] as number) * localRows;
      } else flat.fill(0, off, off + v.size);
      off += v.size;
    }
    flat.set(extras, off);
    for (let start = 0; start < total; start += this.bucketFloats) {
      this.collective.allreduceSum(flat.subarray(start, Math.min(total, start + this.bucketFloats)));
    }
    const out: Record<string, Tensor> = {};
    const scale = 1 / globalRows;
    off = 0;
    for (const v of vars) {
      const g = new Float32Array(v.size);
      for (let i = 0; i < v.size; i++) g[i] = (flat[off + i] as number) * scale;
      out[v.name] = new Tensor(g, v.shape, 'float32');
      off += v.size;
    }
    return { grads: out, extras: Array.from(flat.subarray(off)) };
  }
}

/** Keras's name for synchronous data parallelism across processes. */
export class MultiWorkerMirroredStrategy extends DataParallelStrategy {}

/**
 * A data-parallel strategy over the ranks this process was launched with (`tforge train --workers N` or
 * `mpirun -np N`); a single rank when started on its own.
 * @example
 * const strategy = tf.distribute.dataParallel();
 * strategy.scope(() => model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' }));
 * await model.fit(x, y, { batchSize: 64 }); // each rank trains on its half of every batch of 64
 */
export function dataParallel(config: DataParallelConfig = {}): DataParallelStrategy {
  return new DataParallelStrategy(config);
}
