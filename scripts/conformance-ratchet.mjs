// Pure helpers of the TF.js conformance ratchet (scripts/conformance.mjs): which specs pass, which family a test
// file belongs to, and whether a run fell below the committed baseline. Kept free of I/O so that
// test/conformance-ratchet.test.ts can check the rules without running the suite.

/** Families of test files, checked in order; the first pattern that matches a file's path names its family. */
export const FAMILIES = [
  ['gradients/tensor', /^(gradients|tensor)_test\.js$/],
  ['fused', /^ops\/fused\//],
  ['image', /^ops\/image\/|^ops\/(from|to)_pixels|^ops\/draw_/],
  ['linalg', /^ops\/linalg\/|^ops\/(mat_mul|einsum|diag|eye|band_part)_/],
  ['losses', /^ops\/losses\//],
  ['signal/spectral/complex', /^ops\/(signal|spectral)\/|^ops\/(complex_ops|ifft)_/],
  ['sparse/ragged/string', /^ops\/(sparse|string)\/|^ops\/(ragged_|sparse_to_dense)/],
  ['conv/pool', /conv|pool|dilation|local_response|depth_to_space|space_to_batch|batch_to_space/],
  ['random', /^ops\/(rand|random_|multinomial|truncated_normal|dropout)/],
  [
    'reduction/scan',
    /^ops\/(all|any|arg_m|max|min|mean|sum|prod|norm|moments|cum|log_sum_exp|euclidean|bincount|dense_bincount|unsorted|in_top_k|topk|moving_average|confusion|unique|lower_bound|upper_bound|search_sorted|setdiff)/,
  ],
  [
    'shape/slice/gather',
    /^ops\/(concat|slice|strided|stack|unstack|split|squeeze|expand|reshape|reverse|transpose|tile|pad|mirror|gather|scatter|tensor_scatter|broadcast|one_hot|boolean_mask|where|ensure_shape|meshgrid|fill|ones|zeros|range|linspace|clone)/,
  ],
  ['elementwise/other', /./],
];

/** The family of a harness test file path such as `ops/conv2d_test.js`. */
export function familyOf(file) {
  for (const [name, re] of FAMILIES) if (re.test(file)) return name;
  return 'elementwise/other';
}

/**
 * `file :: full spec name` for every spec of a harness JSON summary that passed, sorted. Some files register two
 * specs with the same name; the second is keyed `name [#2]` (by order within the file) so that none is lost.
 */
export function passingSpecs(summary) {
  const out = [];
  for (const f of summary.files) {
    const seen = new Map();
    for (const t of f.tests ?? []) {
      const n = (seen.get(t.name) ?? 0) + 1;
      seen.set(t.name, n);
      if (t.status === 'passed') out.push(`${f.file} :: ${t.name}${n > 1 ? ` [#${n}]` : ''}`);
    }
  }
  return out.sort();
}

/** Passed/failed counts per family (failures include files that failed to load). */
export function familyCounts(summary) {
  const counts = Object.fromEntries(FAMILIES.map(([name]) => [name, { passed: 0, failed: 0 }]));
  for (const f of summary.files) {
    if (typeof f.excluded === 'string') continue; // a whole excluded file: no counts
    const c = counts[familyOf(f.file)];
    c.passed += f.passed ?? 0;
    c.failed += f.failed ?? 0;
  }
  return counts;
}

/**
 * Compares a run with the baseline. `ranFiles` limits the comparison to the files that ran (a --filter run);
 * the total is only compared on a full run. Returns the specs that passed in the baseline but not now, the
 * new passes, and whether the run is acceptable.
 */
export function compareWithBaseline(baseline, summary, ranFiles = null) {
  const now = new Set(passingSpecs(summary));
  const inScope = (spec) => ranFiles === null || ranFiles.has(spec.slice(0, spec.indexOf(' :: ')));
  const lost = baseline.specs.filter((s) => inScope(s) && !now.has(s));
  const before = new Set(baseline.specs);
  const gained = [...now].filter((s) => !before.has(s));
  const totalDropped = ranFiles === null && summary.totals.passed < baseline.passed;
  return { lost, gained, totalDropped, ok: lost.length === 0 && !totalDropped };
}

/** The baseline file's content for a full run. */
export function makeBaseline(summary) {
  return {
    comment:
      'TF.js conformance ratchet: specs of the tfjs-core op suite that pass. `npm run conformance` fails when any of them ' +
      'stops passing or the count drops; `npm run conformance -- --update` rewrites this file after a full run.',
    tfjsCore: summary.tfjsCoreVersion,
    passed: summary.totals.passed,
    failed: summary.totals.failed,
    excluded: summary.totals.excluded,
    families: familyCounts(summary),
    specs: passingSpecs(summary),
  };
}

/**
 * Checks a run against conformance/known-failures.json: every counted spec that fails must be listed there with a
 * reason, and a listed spec that passes must be removed (so the list stays the true list of what does not pass).
 * `ranFiles` limits the check to the files that ran.
 */
export function checkKnownFailures(known, summary, ranFiles = null) {
  const listed = new Set(known.knownFailures.map((e) => `${e.file} :: ${e.test}`));
  const failing = new Set();
  const passing = new Set();
  for (const f of summary.files) {
    for (const t of f.tests ?? []) {
      const key = `${f.file} :: ${t.name}`;
      if (t.status === 'passed') passing.add(key);
      else if (t.status === 'failed') failing.add(key);
    }
  }
  const inScope = (key) => ranFiles === null || ranFiles.has(key.slice(0, key.indexOf(' :: ')));
  const unlisted = [...failing].filter((k) => !listed.has(k)).sort();
  const nowPassing = [...listed].filter((k) => inScope(k) && passing.has(k) && !failing.has(k)).sort();
  return { unlisted, nowPassing, ok: unlisted.length === 0 && nowPassing.length === 0 };
}
