/** Upper bounds (seconds) of the request latency histogram buckets. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * Request counters and a latency histogram, rendered in the Prometheus text format for `GET /metrics`.
 * @example const m = new ServerMetrics(); m.observe('predict', 200, 0.003); m.render();
 */
export class ServerMetrics {
  private readonly requests = new Map<string, number>();
  private readonly buckets = new Array<number>(LATENCY_BUCKETS.length).fill(0);
  private latencySum = 0;
  private latencyCount = 0;
  /** Feedback records accepted since start. */
  feedback = 0;

  /** Counts one request to `route` that ended with `status` after `seconds`. */
  observe(route: string, status: number, seconds: number): void {
    const key = `route="${route}",code="${status}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    LATENCY_BUCKETS.forEach((b, i) => {
      if (seconds <= b) this.buckets[i] = (this.buckets[i] ?? 0) + 1;
    });
    this.latencySum += seconds;
    this.latencyCount++;
  }

  /** The Prometheus exposition text. */
  render(): string {
    const lines = ['# HELP tforge_requests_total Requests by route and status code.', '# TYPE tforge_requests_total counter'];
    for (const [k, v] of this.requests) lines.push(`tforge_requests_total{${k}} ${v}`);
    lines.push('# HELP tforge_request_seconds Request latency.', '# TYPE tforge_request_seconds histogram');
    LATENCY_BUCKETS.forEach((b, i) => lines.push(`tforge_request_seconds_bucket{le="${b}"} ${this.buckets[i] ?? 0}`));
    lines.push(`tforge_request_seconds_bucket{le="+Inf"} ${this.latencyCount}`);
    lines.push(`tforge_request_seconds_sum ${this.latencySum}`, `tforge_request_seconds_count ${this.latencyCount}`);
    lines.push('# HELP tforge_feedback_total Feedback records stored.', '# TYPE tforge_feedback_total counter', `tforge_feedback_total ${this.feedback}`);
    return lines.join('\n') + '\n';
  }
}
