import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { ConfigError } from '../core/errors.js';
import { Callback, type Logs } from './callback.js';
import { type MonitorMode, isImprovement, readMonitor, resolveMode, worst } from './monitor.js';

/**
 * Stops training as soon as a batch loss is NaN or infinite (Keras `TerminateOnNaN`).
 * @example callbacks: [terminateOnNaN()]
 */
export class TerminateOnNaN extends Callback {
  override onBatchEnd(batch: number, logs?: Logs): void {
    const loss = logs?.loss;
    if (loss !== undefined && !Number.isFinite(loss) && this.model) {
      console.log(`Batch ${batch}: Invalid loss, terminating training`);
      this.model.stopTraining = true;
    }
  }
}

/** Creates a TerminateOnNaN callback. @example tf.callbacks.terminateOnNaN() */
export function terminateOnNaN(): TerminateOnNaN {
  return new TerminateOnNaN();
}

/** Options of `csvLogger`. */
export interface CSVLoggerArgs {
  filename: string;
  /** Column separator; default ','. */
  separator?: string;
  /** Append to an existing file instead of overwriting it; default false. */
  append?: boolean;
}

/**
 * Writes one CSV row per epoch (`epoch` then the logged values in sorted key order) to `filename`
 * (Keras `CSVLogger`). Each row is written with a single append, and the header only once per file.
 * @example callbacks: [csvLogger({ filename: 'training.csv' })]
 */
export class CSVLogger extends Callback {
  readonly filename: string;
  readonly separator: string;
  readonly append: boolean;
  private keys: string[] | null = null;

  constructor(args: CSVLoggerArgs) {
    super();
    if (!args || typeof args.filename !== 'string' || args.filename === '') {
      throw new ConfigError("csvLogger: filename is required, e.g. csvLogger({ filename: 'log.csv' }).");
    }
    this.filename = args.filename;
    this.separator = args.separator ?? ',';
    this.append = args.append ?? false;
  }

  override onTrainBegin(): void {
    this.keys = null;
    if (this.append && existsSync(this.filename)) {
      // Appending: keep the existing header (and its column order).
      const first = readFileSync(this.filename, 'utf8').split('\n')[0] ?? '';
      if (first.trim() !== '') this.keys = first.split(this.separator).slice(1);
    } else writeFileSync(this.filename, '');
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    let text = '';
    if (this.keys === null) {
      this.keys = Object.keys(logs).sort();
      text += ['epoch', ...this.keys].join(this.separator) + '\n';
    }
    const row = [String(epoch), ...this.keys.map((k) => (logs[k] === undefined ? 'NA' : String(logs[k])))];
    appendFileSync(this.filename, text + row.join(this.separator) + '\n');
  }
}

/** Creates a CSVLogger callback. @example tf.callbacks.csvLogger({ filename: 'log.csv', append: true }) */
export function csvLogger(args: CSVLoggerArgs): CSVLogger {
  return new CSVLogger(args);
}

/** Options of `modelCheckpoint`. */
export interface ModelCheckpointArgs {
  /** Where to save; may contain Keras placeholders such as `{epoch:02d}` and `{val_loss:.2f}`. */
  filepath: string;
  monitor?: string;
  /** Save only when the monitored value improves; default false. */
  saveBestOnly?: boolean;
  mode?: MonitorMode;
  verbose?: number;
}

/** Fills Keras-style `{name}`, `{name:02d}` and `{name:.4f}` placeholders (epoch is 1-based as in Keras). */
export function formatFilepath(pattern: string, epoch: number, logs: Logs): string {
  return pattern.replace(/\{(\w+)(?::([^}]*))?\}/g, (whole, key: string, spec: string | undefined) => {
    const value = key === 'epoch' ? epoch + 1 : logs[key];
    if (value === undefined) return whole;
    const fixed = spec?.match(/^\.(\d+)f$/);
    if (fixed) return value.toFixed(Number(fixed[1]));
    const padded = spec?.match(/^0?(\d+)d$/);
    if (padded) return String(Math.round(value)).padStart(Number(padded[1]), '0');
    return String(value);
  });
}

interface SavableModel {
  save(path: string): Promise<unknown>;
}

function hasSave(model: unknown): model is SavableModel {
  return typeof (model as Partial<SavableModel> | null)?.save === 'function';
}

/**
 * Saves the model with `model.save(filepath)` after each epoch, or only when the monitored value improves
 * (Keras `ModelCheckpoint`).
 * @example callbacks: [modelCheckpoint({ filepath: 'file://ckpt/best', monitor: 'val_loss', saveBestOnly: true })]
 */
export class ModelCheckpoint extends Callback {
  readonly filepath: string;
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  readonly mode: 'min' | 'max';
  readonly verbose: number;
  private best = Infinity;

  constructor(args: ModelCheckpointArgs) {
    super();
    if (!args || typeof args.filepath !== 'string' || args.filepath === '') {
      throw new ConfigError("modelCheckpoint: filepath is required, e.g. modelCheckpoint({ filepath: 'file://./ckpt' }).");
    }
    this.filepath = args.filepath;
    this.monitor = args.monitor ?? 'val_loss';
    this.saveBestOnly = args.saveBestOnly ?? false;
    this.mode = resolveMode(args.mode, this.monitor, 'modelCheckpoint');
    this.verbose = args.verbose ?? 0;
  }

  override onTrainBegin(): void {
    this.best = worst(this.mode);
    if (this.model && !hasSave(this.model)) {
      throw new ConfigError(
        `modelCheckpoint: model '${this.model.name}' has no save() method. Import the io module (tf.io) so models can be saved.`,
      );
    }
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    const model = this.model;
    if (!hasSave(model)) return;
    const path = formatFilepath(this.filepath, epoch, logs);
    if (this.saveBestOnly) {
      const current = readMonitor(logs, this.monitor, 'modelCheckpoint');
      if (current === undefined || !isImprovement(current, this.best, this.mode, 0)) return;
      if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: ${this.monitor} improved from ${this.best} to ${current}, saving model to ${path}`);
      this.best = current;
    } else if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: saving model to ${path}`);
    await model.save(path);
  }
}

/** Creates a ModelCheckpoint callback. @example tf.callbacks.modelCheckpoint({ filepath: 'ckpt-{epoch:02d}' }) */
export function modelCheckpoint(args: ModelCheckpointArgs): ModelCheckpoint {
  return new ModelCheckpoint(args);
}
