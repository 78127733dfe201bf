// The addon's op list (native/src/ops.def, reported by its `ops()`) matched to op declarations by TF.js name.
// An op's code is its position in the addon's list, so TypeScript holds no integers: adding an op to ops.def
// registers its kernel here without a TypeScript change. A name that matches no declaration (or one with other
// inputs) is kept in `opListMismatches`, which test/native/parity.test.ts requires to be empty.
import type { KernelOp } from '../../core/kernel-registry.js';
import { listOps } from '../../tensor/engine.js';

/** What `ops()` of native/src/addon.cc reports: each family's names in code order. */
export interface NativeOpList {
  binary: string[];
  /** [TF.js name, attr passed as p1, attr passed as p2] ('' when unused). */
  unary: [string, string, string][];
  compare: string[];
  reduce: string[];
  /** Fused activation names (src/ops/fused.ts FusedActivation). */
  activation: string[];
  /** 'max' | 'avg'. */
  pool: string[];
  /** 'from:to' dtype pairs. */
  cast: string[];
}

/** One native op of a family: its declaration, its code in the addon's calls, and (unary) its parameter attrs. */
export interface NativeOpEntry<I extends string> {
  op: KernelOp<I, unknown>;
  code: number;
  params: string[];
}

/** Names the addon reports that no op declaration matches; empty when ops.def and src/ops agree. */
export const opListMismatches: string[] = [];

function hasInputs<I extends string>(op: KernelOp<string, unknown>, inputs: readonly I[]): op is KernelOp<I, unknown> {
  return op.inputs.length === inputs.length && op.inputs.every((name, i) => name === inputs[i]);
}

/** The declarations of `names` (a family of the addon's list) whose inputs are `inputs`; others go to the mismatches. */
export function declaredOps<I extends string>(family: string, names: readonly string[], inputs: readonly I[], params: string[][] = []): NativeOpEntry<I>[] {
  const byName = new Map(listOps().map((op) => [op.name, op]));
  const found: NativeOpEntry<I>[] = [];
  names.forEach((name, code) => {
    const op = byName.get(name);
    if (!op) opListMismatches.push(`${family} '${name}': no op declaration has this name`);
    else if (!hasInputs(op, inputs)) opListMismatches.push(`${family} '${name}': inputs are [${op.inputs.join(', ')}], expected [${inputs.join(', ')}]`);
    else found.push({ op, code, params: (params[code] ?? []).filter((p) => p !== '') });
  });
  return found;
}

/** Code of `name` in one of the addon's name lists; a missing name is recorded and gives -1 (then the kernel declines). */
export function codeOf(family: string, names: readonly string[], name: string): number {
  const code = names.indexOf(name);
  if (code < 0) opListMismatches.push(`${family} '${name}': the addon does not list it`);
  return code;
}

/** Numeric attr `key` of an op's attrs (the unary kernels' p1 and p2). */
export function numberAttr(attrs: unknown, key: string): number {
  const v: unknown = typeof attrs === 'object' && attrs !== null ? Reflect.get(attrs, key) : undefined;
  if (typeof v !== 'number') throw new TypeError(`native kernel: attr '${key}' must be a number, received ${typeof v}.`);
  return v;
}
