// One training step and one test step, plus the running averages that become the logged values. This is the
// hot path of fit(): per batch it runs the forward pass, the loss, the gradients and one optimizer update.
import { ValueError } from '../core/errors.js';
import { add, mean, mul, scalar, variableGrads } from '../ops/index.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import type { CompiledState } from './compile.js';

/** The part of a model the steps use. */
export interface StepModel {
  execute(inputs: Tensor[], training: boolean): Tensor[];
  clearActivityLosses(): void;
  readonly losses: Tensor[];
}

/** One batch: inputs, targets, and per-output sample weights ([batch] or null). */
export interface Batch {
  xs: Tensor[];
  ys: Tensor[];
  weights: (Tensor | null)[];
}

/** Mean over the batch of per-sample losses, times per-sample weights when given (Keras sum-over-batch-size). */
function reduceLoss(perSample: Tensor, weights: Tensor | null): Tensor {
  if (perSample.rank === 0) return weights ? mul(perSample, mean(weights)) : perSample;
  let l = perSample;
  if (l.rank > 1) l = mean(l, Array.from({ length: l.rank - 1 }, (_, i) => i + 1));
  return mean(weights ? mul(l, weights) : l);
}

/** The total loss of `preds`, the per-output losses, with regularization losses added to the total. */
function totalLoss(model: StepModel, compiled: CompiledState, preds: Tensor[], batch: Batch): { total: Tensor; perOutput: Tensor[] } {
  const perOutput: Tensor[] = [];
  let total: Tensor | null = null;
  for (let i = 0; i < compiled.outputs.length; i++) {
    const o = compiled.outputs[i] as CompiledState['outputs'][number];
    const l = reduceLoss(o.lossFn(batch.ys[i] as Tensor, preds[i] as Tensor), batch.weights[i] ?? null);
    perOutput.push(l);
    const weighted = o.lossWeight === 1 ? l : mul(l, scalar(o.lossWeight, l.dtype));
    total = total ? add(total, weighted) : weighted;
  }
  for (const reg of model.losses) total = total ? add(total, reg) : reg;
  if (!total) throw new ValueError('fit: the model has no outputs to compute a loss for.');
  return { total, perOutput };
}

/** The losses of one step, as logged. */
export interface StepLosses {
  loss: number;
  perOutput: number[];
}

/** Replaces a step's gradients (and logged losses) before the update: data-parallel training sums them over ranks. */
export type GradientReducer = (grads: Record<string, Tensor>, losses: StepLosses) => { grads: Record<string, Tensor>; losses: StepLosses };

/**
 * Runs one training step: forward with training=true, loss, gradients over `vars` only, optimizer update, and
 * metric updates. Returns the batch's total loss and per-output losses. `reduce`, when given, sees the gradients
 * between the backward pass and the update.
 */
export function trainStep(model: StepModel, compiled: CompiledState, vars: Variable[], batch: Batch, reduce?: GradientReducer): StepLosses {
  let preds: Tensor[] = [];
  let perOutput: Tensor[] = [];
  const f = (): Tensor => {
    model.clearActivityLosses();
    preds = model.execute(batch.xs, true);
    const r = totalLoss(model, compiled, preds, batch);
    perOutput = r.perOutput;
    return r.total;
  };
  let value: Tensor;
  let grads: Record<string, Tensor> = {};
  if (vars.length > 0) {
    const r = variableGrads(f, vars);
    value = r.value;
    grads = r.grads;
  } else value = f();
  let losses: StepLosses = { loss: value.values[0] as number, perOutput: perOutput.map((t) => t.values[0] as number) };
  if (reduce) ({ grads, losses } = reduce(grads, losses));
  if (vars.length > 0) compiled.optimizer.applyGradients(grads, vars);
  updateMetrics(compiled, preds, batch);
  return losses;
}

/** Runs one evaluation step (training=false) and updates the metrics. */
export function testStep(model: StepModel, compiled: CompiledState, batch: Batch): { loss: number; perOutput: number[] } {
  model.clearActivityLosses();
  const preds = model.execute(batch.xs, false);
  const r = totalLoss(model, compiled, preds, batch);
  updateMetrics(compiled, preds, batch);
  return { loss: r.total.values[0] as number, perOutput: r.perOutput.map((t) => t.values[0] as number) };
}

function updateMetrics(compiled: CompiledState, preds: Tensor[], batch: Batch): void {
  compiled.outputs.forEach((o, i) => {
    if (o.metrics.length === 0) return;
    const w = batch.weights[i] ?? undefined;
    for (const { metric } of o.metrics) {
      if (w) metric.updateState(batch.ys[i] as Tensor, preds[i] as Tensor, w);
      else metric.updateState(batch.ys[i] as Tensor, preds[i] as Tensor);
    }
  });
}

/** Running averages of the losses (weighted by batch size) next to the compiled metrics' states. */
export class LogAccumulator {
  private lossSum = 0;
  private outSums: number[];
  private count = 0;

  constructor(private readonly compiled: CompiledState) {
    this.outSums = compiled.outputs.map(() => 0);
  }

  /** Starts a new epoch / evaluation: zeroes the averages and resets every metric. */
  reset(): void {
    this.lossSum = 0;
    this.count = 0;
    this.outSums = this.compiled.outputs.map(() => 0);
    for (const o of this.compiled.outputs) for (const { metric } of o.metrics) metric.resetState();
  }

  /** Adds one batch's losses, weighted by its size. */
  add(step: { loss: number; perOutput: number[] }, size: number): void {
    this.lossSum += step.loss * size;
    step.perOutput.forEach((l, i) => (this.outSums[i] = (this.outSums[i] ?? 0) + l * size));
    this.count += size;
  }

  /** The logged values so far, keyed by `metricsNames` (with `prefix`, e.g. 'val_'). */
  logs(prefix = ''): Record<string, number> {
    if (this.count === 0) {
      throw new ValueError('fit/evaluate: no batches were run, so there are no results. Check that the data has at least one sample.');
    }
    const out: Record<string, number> = { [`${prefix}loss`]: this.lossSum / this.count };
    const multi = this.compiled.outputs.length > 1;
    if (multi) this.compiled.outputs.forEach((o, i) => (out[`${prefix}${o.name}_loss`] = (this.outSums[i] ?? 0) / this.count));
    for (const o of this.compiled.outputs) for (const m of o.metrics) out[`${prefix}${m.name}`] = m.metric.result();
    return out;
  }
}
