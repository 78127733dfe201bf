import { ConfigError, ValueError } from '../core/errors.js';
import { Callback, type CallbackModel, type Logs } from './callback.js';
import { type MonitorMode, isImprovement, readMonitor, resolveMode, worst } from './monitor.js';

function optimizerOf(model: CallbackModel | null, where: string): { learningRate: number } {
  const opt = model?.optimizer;
  if (!opt) throw new ValueError(`${where}: the model has no optimizer. Call model.compile({optimizer, loss}) before fit.`);
  return opt;
}

/** Options of `reduceLROnPlateau` (Keras names). */
export interface ReduceLROnPlateauArgs {
  monitor?: string;
  /** Multiplier applied to the learning rate (< 1); default 0.1. */
  factor?: number;
  /** Epochs without improvement before reducing; default 10. */
  patience?: number;
  verbose?: number;
  mode?: MonitorMode;
  /** Smallest change that counts as an improvement; default 1e-4. */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again; default 0. */
  cooldown?: number;
  /** Lower bound of the learning rate; default 0. */
  minLr?: number;
}

/**
 * Multiplies the learning rate by `factor` when a monitored value stops improving (Keras `ReduceLROnPlateau`).
 * Adds the current rate to the epoch logs as 'lr'.
 * @example callbacks: [reduceLROnPlateau({ monitor: 'val_loss', factor: 0.5, patience: 2 })]
 */
export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly verbose: number;
  readonly mode: 'min' | 'max';
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  private best = Infinity;
  private wait = 0;
  private cooldownCounter = 0;

  constructor(args: ReduceLROnPlateauArgs = {}) {
    super();
    this.monitor = args.monitor ?? 'val_loss';
    this.factor = args.factor ?? 0.1;
    if (!(this.factor < 1) || !(this.factor >= 0)) {
      throw new ConfigError(`reduceLROnPlateau: factor must be in [0, 1) so the rate goes down, received ${args.factor}.`);
    }
    this.patience = args.patience ?? 10;
    this.verbose = args.verbose ?? 0;
    this.mode = resolveMode(args.mode, this.monitor, 'reduceLROnPlateau');
    this.minDelta = args.minDelta ?? 1e-4;
    this.cooldown = args.cooldown ?? 0;
    this.minLr = args.minLr ?? 0;
  }

  override onTrainBegin(): void {
    this.best = worst(this.mode);
    this.wait = 0;
    this.cooldownCounter = 0;
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    const opt = optimizerOf(this.model, 'reduceLROnPlateau');
    if (logs) logs.lr = opt.learningRate;
    const current = readMonitor(logs, this.monitor, 'reduceLROnPlateau');
    if (current === undefined) return;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (isImprovement(current, this.best, this.mode, this.minDelta)) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownCounter <= 0) {
      this.wait += 1;
      if (this.wait >= this.patience) {
        const old = opt.learningRate;
        if (old > this.minLr) {
          const next = Math.max(old * this.factor, this.minLr);
          opt.learningRate = next;
          if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${next}.`);
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }
}

/**
 * Creates a ReduceLROnPlateau callback.
 * @example tf.callbacks.reduceLROnPlateau({ factor: 0.2, patience: 5, minLr: 1e-5 })
 */
export function reduceLROnPlateau(args: ReduceLROnPlateauArgs = {}): ReduceLROnPlateau {
  return new ReduceLROnPlateau(args);
}

/** A schedule: the learning rate for `epoch` (0-based) given the current rate. */
export type EpochSchedule = (epoch: number, lr: number) => number;

/**
 * Sets the learning rate at the start of every epoch from `schedule(epoch, lr)` (Keras `LearningRateScheduler`).
 * @example callbacks: [learningRateScheduler((epoch, lr) => (epoch < 5 ? lr : lr * 0.9))]
 */
export class LearningRateScheduler extends Callback {
  constructor(
    private readonly schedule: EpochSchedule,
    private readonly verbose = 0,
  ) {
    super();
    if (typeof schedule !== 'function') {
      throw new ConfigError('learningRateScheduler: expected a function (epoch, lr) => newLr.');
    }
  }

  override onEpochBegin(epoch: number): void {
    const opt = optimizerOf(this.model, 'learningRateScheduler');
    const lr = this.schedule(epoch, opt.learningRate);
    if (typeof lr !== 'number' || !Number.isFinite(lr)) {
      throw new ValueError(`learningRateScheduler: the schedule returned ${String(lr)} for epoch ${epoch}; it must return a finite number.`);
    }
    opt.learningRate = lr;
    if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }

  override onEpochEnd(_epoch: number, logs?: Logs): void {
    if (logs) logs.lr = optimizerOf(this.model, 'learningRateScheduler').learningRate;
  }
}

/**
 * Creates a LearningRateScheduler callback.
 * @example tf.callbacks.learningRateScheduler((epoch, lr) => lr * Math.exp(-0.1))
 */
export function learningRateScheduler(schedule: EpochSchedule, verbose = 0): LearningRateScheduler {
  return new LearningRateScheduler(schedule, verbose);
}
