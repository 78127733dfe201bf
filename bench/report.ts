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

/** One target of the native-backend issue (#4), checked against a run's rows. */
export interface TargetCheck {
  target: string;
  status: 'met' | 'not met' | 'not measured';
  detail: string;
}

const TRAINING = ['mlp', 'cnn-small', 'cnn', 'lstm'];

/**
 * Checks the ratio targets of issue #4 on the rows of one run: each training workload faster than PyTorch and 5x
 * TF.js wasm, sgemm at least PyTorch's, single-sample p50 at most half of PyTorch's, batch-256 throughput at least
 * PyTorch's, and the TS backend 5x TF.js cpu on the MLP. A pair that was not run, or that the peer cannot train, is
 * "not measured", with the reason. With `workloads`, only the targets of those workloads are checked.
 * @example formatTargets(checkTargets(rows));
 */
export function checkTargets(rows: Row[], workloads?: readonly string[]): TargetCheck[] {
  const find = (w: string, e: string): Row | undefined => rows.find((r) => r.workload === w && r.engine === e);
  const check = (target: string, w: string, ours: string, peer: string, min: number): TargetCheck | null => {
    if (workloads && !workloads.includes(w)) return null;
    const a = find(w, ours);
    const b = find(w, peer);
    const s = speedup(a, b);
    if (s === null) {
      const why = !a || !b ? `${!a ? ours : peer} not run` : a.status !== 'ok' ? `${ours}: ${a.status}` : `${peer}: ${b.status}`;
      return { target, status: 'not measured', detail: why };
    }
    return { target, status: s >= min ? 'met' : 'not met', detail: `${s.toFixed(2)}x (needs >= ${min}x)` };
  };
  const out: (TargetCheck | null)[] = [];
  for (const w of TRAINING) {
    out.push(check(`${w}: faster than PyTorch`, w, 'tforge-native', 'torch', 1));
    out.push(check(`${w}: >= 5x TF.js wasm`, w, 'tforge-native', 'tfjs-wasm', 5));
  }
  out.push(check('sgemm 1024^3: >= PyTorch/OpenBLAS', 'sgemm', 'tforge-native', 'torch', 1));
  out.push(check('predict1 p50: <= 0.5x PyTorch latency', 'predict1', 'tforge-native', 'torch', 2));
  out.push(check('predict256 throughput: >= PyTorch', 'predict256', 'tforge-native', 'torch', 1));
  out.push(check('TS backend: >= 5x TF.js cpu on the MLP', 'mlp', 'tforge-ts', 'tfjs-cpu', 5));
  // Issue #16: ahead of PyTorch on GPT training and GPT-2-shaped inference.
  for (const w of ['gpt-char-train', 'gpt2-prompt', 'gpt2-decode-b1', 'gpt2-decode-b8']) out.push(check(`${w}: faster than PyTorch (#16)`, w, 'tforge-native', 'torch', 1));
  return out.filter((c): c is TargetCheck => c !== null);
}

/** The target checks as Markdown lines. */
export function formatTargets(checks: TargetCheck[]): string {
  return ['Targets (issues #4 and #16), this run:', ...checks.map((c) => `- ${c.status}: ${c.target} - ${c.detail}`)].join('\n');
}
