/** One training progress event streamed to the dashboard. */
export interface TrainingEvent {
  type: 'start' | 'batch' | 'epoch' | 'end';
  epoch?: number;
  batch?: number;
  /** Global batch counter across epochs (the x axis of the per-batch chart). */
  step?: number;
  epochs?: number;
  logs?: Record<string, number>;
  message?: string;
}

type Listener = (e: TrainingEvent) => void;

/**
 * Fans training events out to Server-Sent-Events subscribers and replays the history to late ones, so the
 * dashboard shows the whole run even when opened mid-way.
 * @example const hub = new DashboardHub(); hub.publish({ type: 'epoch', epoch: 0, logs: { loss: 0.3 } });
 */
export class DashboardHub {
  private readonly history: TrainingEvent[] = [];
  private readonly listeners = new Set<Listener>();

  constructor(private readonly maxHistory = 20_000) {}

  /** Records `e` and sends it to every subscriber. */
  publish(e: TrainingEvent): void {
    this.history.push(e);
    if (this.history.length > this.maxHistory) this.history.splice(0, this.history.length - this.maxHistory);
    for (const l of this.listeners) l(e);
  }

  /** Calls `l` with every past event, then with each new one until the returned function is called. */
  subscribe(l: Listener): () => void {
    for (const e of this.history) l(e);
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Events so far. */
  events(): readonly TrainingEvent[] {
    return this.history;
  }
}
