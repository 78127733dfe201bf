import { ConfigError } from '../core/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { Callback, type Logs } from './callback.js';
import { type MonitorMode, isImprovement, readMonitor, resolveMode, worst } from './monitor.js';

/** Options of `earlyStopping` (TF.js / Keras names). */
export interface EarlyStoppingArgs {
  /** Logged value to watch; default 'val_loss'. */
  monitor?: string;
  /** Smallest change that counts as an improvement; default 0. */
  minDelta?: number;
  /** Epochs without improvement before stopping; default 0. */
  patience?: number;
  verbose?: number;
  mode?: MonitorMode;
  /** Stop unless the value beats this baseline within `patience` epochs. */
  baseline?: number | null;
  /** On stopping, restore the weights of the best epoch. Default false. */
  restoreBestWeights?: boolean;
}

/**
 * Stops training when a monitored value stops improving (Keras `EarlyStopping`).
 * @example await model.fit(x, y, { epochs: 100, validationSplit: 0.2, callbacks: [earlyStopping({ patience: 3 })] });
 */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly verbose: number;
  readonly mode: 'min' | 'max';
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  /** Epochs since the last improvement. */
  wait = 0;
  /** Epoch at which training was stopped (0 when it was not). */
  stoppedEpoch = 0;
  /** Best monitored value so far. */
  best = Infinity;
  /** Epoch of the best value. */
  bestEpoch = 0;
  private bestWeights: Tensor[] | null = null;

  constructor(args: EarlyStoppingArgs = {}) {
    super();
    this.monitor = args.monitor ?? 'val_loss';
    this.minDelta = Math.abs(args.minDelta ?? 0);
    this.patience = args.patience ?? 0;
    if (!Number.isInteger(this.patience) || this.patience < 0) {
      throw new ConfigError(`earlyStopping: patience must be a non-negative integer, received ${JSON.stringify(args.patience)}.`);
    }
    this.verbose = args.verbose ?? 0;
    this.mode = resolveMode(args.mode, this.monitor, 'earlyStopping');
    this.baseline = args.baseline ?? null;
    this.restoreBestWeights = args.restoreBestWeights ?? false;
  }

  override onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = worst(this.mode);
    this.bestEpoch = 0;
    this.bestWeights = null;
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    const current = readMonitor(logs, this.monitor, 'earlyStopping');
    if (current === undefined || !this.model) return;
    if (this.restoreBestWeights && this.bestWeights === null) this.bestWeights = this.model.getWeights();
    this.wait += 1;
    if (isImprovement(current, this.best, this.mode, this.minDelta)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = this.model.getWeights();
      // With a baseline, only values that also beat the baseline reset the patience counter.
      if (this.baseline === null || isImprovement(current, this.baseline, this.mode, this.minDelta)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model.stopTraining = true;
      if (this.restoreBestWeights && this.bestWeights) {
        if (this.verbose > 0) console.log(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
        this.model.setWeights(this.bestWeights);
      }
    }
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
  }
}

/**
 * Creates an EarlyStopping callback (TF.js `tf.callbacks.earlyStopping`).
 * @example tf.callbacks.earlyStopping({ monitor: 'val_acc', patience: 2, restoreBestWeights: true })
 */
export function earlyStopping(args: EarlyStoppingArgs = {}): EarlyStopping {
  return new EarlyStopping(args);
}
