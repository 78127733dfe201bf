import { ConfigError } from '../core/errors.js';

/** How a monitored value improves: 'min' (losses), 'max' (accuracies), or 'auto' (decided from the name). */
export type MonitorMode = 'auto' | 'min' | 'max';

/** Resolves 'auto' like Keras: names containing 'acc' (or starting with 'fmeasure'/'auc') are maximized. */
export function resolveMode(mode: MonitorMode | undefined, monitor: string, where: string): 'min' | 'max' {
  const m = mode ?? 'auto';
  if (m !== 'auto' && m !== 'min' && m !== 'max') {
    throw new ConfigError(`${where}: mode must be 'auto', 'min' or 'max', received '${String(m)}'.`);
  }
  if (m !== 'auto') return m;
  return /acc|auc|precision|recall|fmeasure/.test(monitor) ? 'max' : 'min';
}

/** True when `current` beats `reference` by more than `minDelta` in the direction of `mode`. */
export function isImprovement(current: number, reference: number, mode: 'min' | 'max', minDelta: number): boolean {
  const d = Math.abs(minDelta);
  return mode === 'min' ? current < reference - d : current > reference + d;
}

/** The worst possible value for `mode` (so the first epoch always improves). */
export function worst(mode: 'min' | 'max'): number {
  return mode === 'min' ? Infinity : -Infinity;
}

/** Reads `logs[monitor]`, warning once with the available keys when it is missing. */
export function readMonitor(logs: Record<string, number> | undefined, monitor: string, where: string): number | undefined {
  const v = logs?.[monitor];
  if (v === undefined) {
    console.warn(
      `${where}: the monitored value '${monitor}' is not in the logs (available: ${Object.keys(logs ?? {}).join(', ') || 'none'}). ` +
        "Monitor one of those, or pass validation data to fit for 'val_*' values.",
    );
  }
  return v;
}
