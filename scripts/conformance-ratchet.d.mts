// Types of scripts/conformance-ratchet.mjs (plain JS so that the CI step needs no build or loader).

/** One test file of a harness JSON summary (`run.mjs --json`). */
export interface SummaryFile {
  file: string;
  passed?: number;
  failed?: number;
  /** The reason, when the whole file is excluded. */
  excluded?: number | string;
  tests?: { name: string; status: 'passed' | 'failed' | 'excluded' }[];
}
/** The parts of a harness JSON summary the ratchet reads. */
export interface Summary {
  tfjsCoreVersion?: string;
  totals: { passed: number; failed: number; excluded: number };
  files: SummaryFile[];
}
/** The committed baseline (conformance/baseline.json). */
export interface Baseline {
  comment?: string;
  tfjsCore?: string;
  passed: number;
  failed: number;
  excluded: number;
  families: Record<string, { passed: number; failed: number }>;
  specs: string[];
}
/** Families of test files with the pattern that selects each. */
export const FAMILIES: [string, RegExp][];
/** The family of a harness test file path. */
export function familyOf(file: string): string;
/** `file :: full spec name` of every passing spec, sorted. */
export function passingSpecs(summary: Summary): string[];
/** Passed/failed counts per family. */
export function familyCounts(summary: Summary): Record<string, { passed: number; failed: number }>;
/** Compares a run with the baseline; `ranFiles` limits it to the files of a filtered run. */
export function compareWithBaseline(
  baseline: Baseline,
  summary: Summary,
  ranFiles?: Set<string> | null,
): { lost: string[]; gained: string[]; totalDropped: boolean; ok: boolean };
/** The baseline file's content for a full run. */
export function makeBaseline(summary: Summary): Baseline;
export interface KnownFailures {
  knownFailures: { file: string; test: string; reason: string }[];
}
export function checkKnownFailures(
  known: KnownFailures,
  summary: Summary,
  ranFiles?: Set<string> | null,
): { unlisted: string[]; nowPassing: string[]; ok: boolean };
