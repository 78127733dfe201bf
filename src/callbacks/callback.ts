import type { Tensor } from '../tensor/tensor.js';

/** Values reported to callbacks: `loss`, metric names, `val_*` (epoch end), `batch`/`size` (batch hooks). */
export type Logs = Record<string, number>;

/** Facts about the current `fit` call, available to callbacks as `this.params`. */
export interface CallbackParams {
  epochs: number;
  initialEpoch: number;
  /** Batches per epoch, or null when unknown (a dataset without batchesPerEpoch). */
  steps: number | null;
  /** Training samples, or null for datasets. */
  samples: number | null;
  batchSize: number | null;
  verbose: number;
  doValidation: boolean;
  /** Names of everything reported in logs: 'loss', metrics, and their 'val_' forms. */
  metrics: string[];
}

/** What callbacks may use of the model being trained (kept minimal so callbacks do not depend on models). */
export interface CallbackModel {
  readonly name: string;
  /** Set true to stop training after the current batch/epoch. */
  stopTraining: boolean;
  getWeights(): Tensor[];
  setWeights(weights: Tensor[]): void;
  /** The compiled optimizer; callbacks read and set `learningRate`. */
  readonly optimizer: { learningRate: number } | null;
}

/** Hooks called during training; every hook may be sync or async. */
export interface CallbackHooks {
  onTrainBegin?(logs?: Logs): void | Promise<void>;
  onTrainEnd?(logs?: Logs): void | Promise<void>;
  onEpochBegin?(epoch: number, logs?: Logs): void | Promise<void>;
  onEpochEnd?(epoch: number, logs?: Logs): void | Promise<void>;
  onBatchBegin?(batch: number, logs?: Logs): void | Promise<void>;
  onBatchEnd?(batch: number, logs?: Logs): void | Promise<void>;
  /** TF.js: called after each training step (like onBatchEnd). */
  onYield?(epoch: number, batch: number, logs: Logs): void | Promise<void>;
}

/**
 * Base class of callbacks (TF.js `tf.Callback`). Override any hook; `this.model` and `this.params` are set by fit.
 * @example class Printer extends Callback { override onEpochEnd(epoch: number, logs?: Logs) { console.log(epoch, logs); } }
 */
export class Callback {
  /** The model being trained (set by fit). */
  model: CallbackModel | null = null;
  /** The current fit's parameters. */
  params: CallbackParams | null = null;

  /** Called by fit with the model being trained. */
  setModel(model: CallbackModel): void {
    this.model = model;
  }

  /** Called by fit with its parameters. */
  setParams(params: CallbackParams): void {
    this.params = params;
  }

  /** True when the callback overrides a batch hook (fit skips per-batch calls otherwise). */
  get wantsBatchHooks(): boolean {
    return this.onBatchBegin !== Callback.prototype.onBatchBegin || this.onBatchEnd !== Callback.prototype.onBatchEnd;
  }

  onTrainBegin(_logs?: Logs): void | Promise<void> {}
  onTrainEnd(_logs?: Logs): void | Promise<void> {}
  onEpochBegin(_epoch: number, _logs?: Logs): void | Promise<void> {}
  onEpochEnd(_epoch: number, _logs?: Logs): void | Promise<void> {}
  onBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  onBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}
}

/**
 * Wraps a plain object of hooks (TF.js `CustomCallback`): `fit(x, y, { callbacks: { onEpochEnd: ... } })`.
 * @example new CustomCallback({ onEpochEnd: (epoch, logs) => console.log(epoch, logs?.loss) });
 */
export class CustomCallback extends Callback {
  /** Current epoch, for `onYield`. */
  private epoch = 0;

  constructor(private readonly hooks: CallbackHooks) {
    super();
  }

  override get wantsBatchHooks(): boolean {
    return Boolean(this.hooks.onBatchBegin || this.hooks.onBatchEnd || this.hooks.onYield);
  }

  override async onTrainBegin(logs?: Logs): Promise<void> {
    await this.hooks.onTrainBegin?.(logs);
  }
  override async onTrainEnd(logs?: Logs): Promise<void> {
    await this.hooks.onTrainEnd?.(logs);
  }
  override async onEpochBegin(epoch: number, logs?: Logs): Promise<void> {
    this.epoch = epoch;
    await this.hooks.onEpochBegin?.(epoch, logs);
  }
  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    await this.hooks.onEpochEnd?.(epoch, logs);
  }
  override async onBatchBegin(batch: number, logs?: Logs): Promise<void> {
    await this.hooks.onBatchBegin?.(batch, logs);
  }
  override async onBatchEnd(batch: number, logs?: Logs): Promise<void> {
    await this.hooks.onBatchEnd?.(batch, logs);
    if (this.hooks.onYield) await this.hooks.onYield(this.epoch, batch, logs ?? {});
  }
}

/** Anything `fit` accepts as callbacks. */
export type CallbackArg = Callback | CallbackHooks | (Callback | CallbackHooks)[];

/** Normalizes `fit`'s callbacks option to a list of Callback objects. */
export function toCallbacks(arg: CallbackArg | undefined | null): Callback[] {
  if (!arg) return [];
  const list = Array.isArray(arg) ? arg : [arg];
  return list.map((c) => (c instanceof Callback ? c : new CustomCallback(c)));
}

/**
 * The record `fit` resolves to (TF.js `History`): epoch indices and each logged value per epoch.
 * @example const h = await model.fit(x, y, { epochs: 3 }); h.history.loss; // [0.9, 0.5, 0.3]
 */
export class History extends Callback {
  /** Epoch indices that ran. */
  epoch: number[] = [];
  /** Logged values per epoch: 'loss', metrics, 'val_loss', ... */
  history: Record<string, number[]> = {};

  override onTrainBegin(): void {
    this.epoch = [];
    this.history = {};
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
  }
}

/** Calls a list of callbacks in order, awaiting each. */
export class CallbackList {
  private readonly batchHooks: Callback[];

  constructor(readonly callbacks: Callback[]) {
    // Only callbacks that override the batch hooks are called per batch, to keep the training loop lean.
    this.batchHooks = callbacks.filter((c) => c.wantsBatchHooks);
  }

  setModel(model: CallbackModel): void {
    for (const c of this.callbacks) c.setModel(model);
  }
  setParams(params: CallbackParams): void {
    for (const c of this.callbacks) c.setParams(params);
  }
  async onTrainBegin(logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onTrainBegin(logs);
  }
  async onTrainEnd(logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onTrainEnd(logs);
  }
  async onEpochBegin(epoch: number, logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onEpochBegin(epoch, logs);
  }
  async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onEpochEnd(epoch, logs);
  }
  /** True when some callback wants per-batch calls. */
  get hasBatchHooks(): boolean {
    return this.batchHooks.length > 0;
  }
  async onBatchBegin(batch: number, logs: Logs = {}): Promise<void> {
    for (const c of this.batchHooks) await c.onBatchBegin(batch, logs);
  }
  async onBatchEnd(batch: number, logs: Logs = {}): Promise<void> {
    for (const c of this.batchHooks) await c.onBatchEnd(batch, logs);
  }
}
