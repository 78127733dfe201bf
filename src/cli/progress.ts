/** Where progress lines go (a TTY gets in-place updates). */
export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
}

function fmtLogs(logs: Record<string, number>): string {
  return Object.entries(logs)
    .filter(([k, v]) => typeof v === 'number' && k !== 'batch' && k !== 'size')
    .map(([k, v]) => ` - ${k}: ${Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(4) : v.toFixed(4)}`)
    .join('');
}

/**
 * Prints Keras-style training progress: `Epoch 1/2`, then
 * `469/469 [==============================] - 3s 6ms/step - loss: 0.2951 - accuracy: 0.9157`.
 * On a TTY the bar updates in place (at most every 100 ms); otherwise only the epoch's final line is printed.
 * @example const p = new KerasProgress(2, 469, process.stdout); p.onEpochBegin(0); p.onBatchEnd(0, { loss: 1 });
 */
export class KerasProgress {
  private epochStart = 0;
  private lastDraw = 0;
  private seen = 0;
  private batchLogs: Record<string, number> = {};

  constructor(private readonly epochs: number, private readonly steps: number, private readonly out: ProgressStream, private readonly width = 30) {}

  /** Starts an epoch: prints its header. */
  onEpochBegin(epoch: number): void {
    this.out.write(`Epoch ${epoch + 1}/${this.epochs}\n`);
    this.epochStart = Date.now();
    this.seen = 0;
    this.batchLogs = {};
  }

  /** The bar line for `done` of `steps` steps. */
  line(done: number, logs: Record<string, number>): string {
    const steps = Math.max(this.steps, done);
    const filled = Math.round((done / Math.max(steps, 1)) * this.width);
    const bar = done >= steps ? '='.repeat(this.width) : `${'='.repeat(Math.max(filled - 1, 0))}>${'.'.repeat(this.width - Math.max(filled, 1))}`;
    const elapsed = (Date.now() - this.epochStart) / 1000;
    const perStep = done > 0 ? (elapsed * 1000) / done : 0;
    const pad = String(steps).length;
    return `${String(done).padStart(pad)}/${steps} [${bar}] - ${Math.round(elapsed)}s ${Math.round(perStep)}ms/step${fmtLogs(logs)}`;
  }

  /** Records a finished batch; redraws on a TTY. */
  onBatchEnd(batch: number, logs: Record<string, number>): void {
    this.seen = batch + 1;
    this.batchLogs = logs;
    if (!this.out.isTTY) return;
    const now = Date.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.out.write(`\r${this.line(this.seen, logs)}`);
  }

  /** Prints the epoch's final line with its logs (including validation metrics). */
  onEpochEnd(_epoch: number, logs: Record<string, number>): void {
    const all = { ...this.batchLogs, ...logs };
    this.out.write(`${this.out.isTTY ? '\r' : ''}${this.line(Math.max(this.seen, this.steps), all)}\n`);
  }
}
