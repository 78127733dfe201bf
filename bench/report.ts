// Formats benchmark results as a Markdown table with Tensorforge-native's ratio to every other engine.
import type { Measurement } from './workloads.js';

/** One result row of the run. */
export type Row = Measurement & { workload: string; engine: string };

function cell(r: Row | undefined): string {
  if (!r) return '-';
  if (r.status !== 'ok' || r.value === undefined) return r.status;
  const v = r.value >= 100 ? r.value.toFixed(0) : r.value >= 1 ? r.value.toFixed(2) : r.value.toPrecision(3);
  return `${v}${r.detail?.['extrapolated'] === true ? '*' : ''}`;
}

/** Speed-up of `ours` over `peer` (> 1 means Tensorforge is faster), whichever direction the unit runs. */
export function speedup(ours: Row | undefined, peer: Row | undefined): number | null {
  if (!ours || !peer || ours.status !== 'ok' || peer.status !== 'ok' || !ours.value || !peer.value) return null;
  return ours.lowerIsBetter ? peer.value / ours.value : ours.value / peer.value;
}

/** The results table, one row per workload, plus tforge-native's speed-up against each other engine. */
export function formatTable(rows: Row[], workloads: string[], engines: string[]): string {
  const find = (w: string, e: string): Row | undefined => rows.find((r) => r.workload === w && r.engine === e);
  const peers = engines.filter((e) => e !== 'tforge-native');
  const head = ['workload', 'unit', ...engines, ...peers.map((p) => `native vs ${p}`)];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const w of workloads) {
    const unit = rows.find((r) => r.workload === w && r.unit)?.unit ?? '';
    const ratios = peers.map((p) => {
      const s = speedup(find(w, 'tforge-native'), find(w, p));
      return s === null ? '-' : `${s.toFixed(2)}x`;
    });
    lines.push(`| ${[w, unit, ...engines.map((e) => cell(find(w, e))), ...ratios].join(' | ')} |`);
  }
  lines.push('', 'Ratios are speed-ups of tforge-native (> 1: faster). * = epoch time extrapolated from the samples measured.');
  return lines.join('\n');
}
