// The data-parallel part of model.fit (src/models/fit.ts): which rows of a global batch this rank trains on, and
// one step that sums the gradients, the logged losses and the chief's stop request over the ranks.
import { ConfigError } from '../core/errors.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import type { CompiledState } from './compile.js';
import type { DataParallelStrategy } from './data-parallel.js';
import { type Batch, type StepLosses, type StepModel, trainStep } from './train-step.js';

/** The strategy of a model compiled in a scope with more than one rank, else null. */
export function activeStrategy(compiled: CompiledState, batchSize: number): DataParallelStrategy | null {
  const s = compiled.strategy;
  if (!s || s.numReplicasInSync === 1) return null;
  if (batchSize < s.numReplicasInSync) {
    throw new ConfigError(`fit: batchSize ${batchSize} is the global batch and must be at least the number of ranks (${s.numReplicasInSync}); use batchSize >= ${s.numReplicasInSync}.`);
  }
  return s;
}

/** This rank's contiguous share [start, end) of the global batch [start, end): sizes differ by at most one. */
export function localRows(s: DataParallelStrategy, start: number, end: number): [number, number] {
  const n = end - start;
  const r = s.rank, size = s.numReplicasInSync;
  return [start + Math.floor((r * n) / size), start + Math.floor(((r + 1) * n) / size)];
}

/**
 * One data-parallel step on this rank's `batch` (`rows` of the `globalRows`-row batch; 0 rows when the batch
 * has fewer rows than there are ranks). Returns the global losses and whether the chief asked to stop.
 */
export function distributedStep(
  s: DataParallelStrategy, model: StepModel, compiled: CompiledState, vars: Variable[], batch: Batch | null, rows: number,
  globalRows: number, stopRequested: boolean,
): StepLosses & { stop: boolean } {
  const nOut = compiled.outputs.length;
  let stop = false;
  const reduce = (grads: Record<string, Tensor>, losses: StepLosses): { grads: Record<string, Tensor>; losses: StepLosses } => {
    const extras = [losses.loss * rows, ...losses.perOutput.map((l) => l * rows), s.isChief && stopRequested ? 1 : 0];
    const r = s.reduceGradients(grads, vars, rows, globalRows, extras);
    stop = (r.extras[nOut + 1] ?? 0) > 0;
    const loss = (r.extras[0] ?? 0) / globalRows;
    return { grads: r.grads, losses: { loss, perOutput: r.extras.slice(1, nOut + 1).map((l) => l / globalRows) } };
  };
  if (batch) return { ...trainStep(model, compiled, vars, batch, reduce), stop };
  // No rows here: contribute zeros so the other ranks' allreduce completes, then apply the same update.
  const r = reduce({}, { loss: 0, perOutput: Array.from({ length: nOut }, () => 0) });
  if (vars.length > 0) compiled.optimizer.applyGradients(r.grads, vars);
  return { ...r.losses, stop };
}
