import { Callback, type Logs } from './callback.js';

/** Options of `ProgbarLogger`. */
export interface ProgbarOptions {
  /** 1: a live bar per epoch; 2: one line per epoch. */
  verbose?: number;
  /** Where to write (default process.stdout.write). */
  write?: (text: string) => void;
  /** Redraw in place with \r (default: whether stdout is a TTY). Otherwise a plain line every `interval` seconds. */
  isTTY?: boolean;
  /** Seconds between plain lines when not on a TTY (default 10). */
  interval?: number;
  /** Clock in milliseconds (tests inject one). */
  now?: () => number;
}

const BAR_WIDTH = 30;

/** Keras number format for logs: 4 decimals, or scientific notation for tiny values. */
export function formatLogValue(v: number): string {
  return Math.abs(v) > 1e-3 || v === 0 || !Number.isFinite(v) ? v.toFixed(4) : v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Keras time-per-step text: `2ms/step`, `1s/step`, `350us/step`. */
export function formatPerStep(seconds: number): string {
  if (seconds >= 1) return `${seconds.toFixed(0)}s/step`;
  if (seconds >= 1e-3) return `${(seconds * 1e3).toFixed(0)}ms/step`;
  return `${(seconds * 1e6).toFixed(0)}us/step`;
}

function formatEta(seconds: number): string {
  const s = Math.round(seconds);
  if (s > 3600) return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  if (s > 60) return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  return `${s}s`;
}

/** The `[=====>.....]` bar for `current` of `target` steps. */
export function renderBar(current: number, target: number): string {
  const width = Math.min(BAR_WIDTH, Math.floor((BAR_WIDTH * current) / target));
  let bar = '[';
  if (width > 0) bar += '='.repeat(width - 1) + (current < target ? '>' : '=');
  return `${bar}${'.'.repeat(BAR_WIDTH - width)}]`;
}

function logsText(logs: Logs, skip: ReadonlySet<string>): string {
  let out = '';
  for (const [k, v] of Object.entries(logs)) if (!skip.has(k)) out += ` - ${k}: ${formatLogValue(v)}`;
  return out;
}

const BATCH_KEYS: ReadonlySet<string> = new Set(['batch', 'size']);

/**
 * Prints Keras-style training progress: `Epoch 1/5` then
 * `1875/1875 [==============================] - 3s 2ms/step - loss: 0.2931 - acc: 0.9151`.
 * `fit` adds it when `verbose` is 1 or 2.
 * @example await model.fit(x, y, { epochs: 5, verbose: 1 });
 */
export class ProgbarLogger extends Callback {
  private readonly verbose: number;
  private readonly write: (text: string) => void;
  private readonly isTTY: boolean;
  private readonly interval: number;
  private readonly now: () => number;
  private epochStart = 0;
  private lastPrint = 0;
  private seen = 0;
  private lastLineLength = 0;

  constructor(options: ProgbarOptions = {}) {
    super();
    this.verbose = options.verbose ?? 1;
    this.write = options.write ?? ((t: string) => void process.stdout.write(t));
    this.isTTY = options.isTTY ?? Boolean(process.stdout.isTTY);
    this.interval = options.interval ?? 10;
    this.now = options.now ?? (() => performance.now());
  }

  override get wantsBatchHooks(): boolean {
    return this.verbose === 1;
  }

  override onEpochBegin(epoch: number): void {
    const epochs = this.params?.epochs ?? 0;
    this.write(`Epoch ${epoch + 1}/${epochs}\n`);
    this.epochStart = this.now();
    this.lastPrint = this.epochStart;
    this.seen = 0;
    this.lastLineLength = 0;
  }

  override onBatchEnd(batch: number, logs: Logs = {}): void {
    this.seen = batch + 1;
    if (this.verbose !== 1) return;
    const t = this.now();
    const steps = this.params?.steps ?? null;
    if (steps !== null && this.seen >= steps) return; // the epoch-end line completes the bar
    if (this.isTTY) {
      if (t - this.lastPrint < 50 && this.seen > 1) return; // redraw at most 20 times a second
    } else if (t - this.lastPrint < this.interval * 1000) return;
    this.lastPrint = t;
    const elapsed = (t - this.epochStart) / 1000;
    let line = this.counter(this.seen, steps);
    if (steps !== null) {
      const eta = (elapsed / this.seen) * (steps - this.seen);
      line += ` ${renderBar(this.seen, steps)} - ETA: ${formatEta(eta)}`;
    } else line += ` - ${elapsed.toFixed(0)}s ${formatPerStep(elapsed / this.seen)}`;
    line += logsText(logs, BATCH_KEYS);
    this.emit(line, false);
  }

  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    const elapsed = (this.now() - this.epochStart) / 1000;
    const steps = this.params?.steps ?? this.seen;
    // verbose 2 skips the batch hooks, so count the epoch's steps from the params.
    const done = Math.max(this.seen || steps, 1);
    let line: string;
    if (this.verbose === 1) {
      line = `${this.counter(steps, steps)} ${renderBar(steps, steps)} - ${elapsed.toFixed(0)}s ${formatPerStep(elapsed / done)}`;
      line += logsText(logs, BATCH_KEYS);
    } else {
      line = `${steps}/${steps} - ${elapsed.toFixed(0)}s${logsText(logs, BATCH_KEYS)} - ${elapsed.toFixed(0)}s/epoch - ${formatPerStep(elapsed / done)}`;
    }
    this.emit(line, true);
  }

  private counter(current: number, target: number | null): string {
    if (target === null) return `${String(current).padStart(7)}/Unknown`;
    return `${String(current).padStart(String(target).length)}/${target}`;
  }

  private emit(line: string, final: boolean): void {
    if (this.isTTY && this.verbose === 1) {
      const pad = this.lastLineLength > line.length ? ' '.repeat(this.lastLineLength - line.length) : '';
      this.write(`\r${line}${pad}${final ? '\n' : ''}`);
      this.lastLineLength = final ? 0 : line.length;
    } else this.write(`${line}\n`);
  }
}
