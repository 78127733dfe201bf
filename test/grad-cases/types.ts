import type { Tensor } from '../../src/index.js';

/**
 * One finite-difference gradient check: `f` maps the inputs to a scalar, and its analytic gradients are compared
 * with central differences in float64 (test/op-gradients.test.ts casts float32 inputs to float64).
 */
export interface GradCase {
  /** Shown in the test name, e.g. 'broadcast [2,3] x [3]'. */
  label?: string;
  /** Returns a scalar; should weight non-trivially (e.g. `.mul(w).sum()`) so the check is not degenerate. */
  f: (...xs: Tensor[]) => Tensor;
  inputs: Tensor[];
  /** Relative + absolute tolerance (default 1e-6). */
  tol?: number;
  /** Finite-difference step (default 1e-6). */
  eps?: number;
}

/**
 * Gradient cases keyed by the OpDef name as in `listOps()` (e.g. 'Multiply', 'BatchMatMul'). Composite ops that
 * have no OpDef may use their function name (e.g. 'gelu'); the suite only requires a case for every OpDef whose
 * grad is not null, and checks that a case keyed by an OpDef name really runs that op.
 * Every file in test/grad-cases other than this one exports `cases: GradCases`.
 */
export type GradCases = Record<string, GradCase[]>;
