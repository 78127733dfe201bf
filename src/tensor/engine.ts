import type { DataType } from '../core/dtype.js';
import { ShapeError, TensorforgeError } from '../core/errors.js';
import { fmtShape, shapesEqual, sizeFromShape } from '../core/shape.js';
import { type KernelOp, findKernel, getBackend } from '../core/kernel-registry.js';
import { type SpecialDTypes, liftComplex, liftStrings, specialDType } from './special-dtypes.js';
import { Tensor, isTrainableVariable } from './tensor.js';

export type { SpecialDTypes } from './special-dtypes.js';
export { canonicalStrings, recodeStringTensors } from './special-dtypes.js';

/** The `special` policy of ops that only move elements (reshape, slice, gather, concat, ...): any dtype. */
export const MOVES_ELEMENTS: SpecialDTypes = { string: 'move', complex64: 'move' };

/** Shape and dtype of one op output. */
export interface OutputSpec {
  shape: number[];
  dtype: DataType;
}

/** Extra context a gradient rule may use. */
export interface GradContext {
  /** The op's first output (the forward result). */
  output: Tensor;
  /** Every output of the op. */
  outputs: Tensor[];
  /** The upstream gradient of every output (zeros where an output was unused). */
  dys: Tensor[];
}

/**
 * Gradient rule: given the upstream gradient `dy` of the (first) output, returns the gradient of each input that
 * has one. The tape sums results back to each input's shape, so rules may ignore broadcasting.
 */
export type GradFn<I extends string, A> = (
  dy: Tensor,
  inputs: Readonly<Record<I, Tensor>>,
  attrs: A,
  ctx: GradContext,
) => Partial<Record<I, Tensor>>;

/** An op declaration: inputs, attrs type, shape/dtype rule and gradient. */
export interface OpDef<I extends string, A> extends KernelOp<I, A> {
  /** Output shapes and dtypes; one spec or one per output. Throws on bad inputs. */
  readonly infer: (inputs: Readonly<Record<I, Tensor>>, attrs: A) => OutputSpec | OutputSpec[];
  /** Gradient rule; `null` marks the op as not differentiable (e.g. comparisons, argMax). */
  readonly grad: GradFn<I, A> | null;
  /** Backend-independent computation that bypasses kernels (views such as reshape). */
  readonly compute?: (inputs: Readonly<Record<I, Tensor>>, attrs: A) => Tensor[];
  /**
   * True when every kernel of the op (each backend's, and the 'ts' fallback) writes every element of every output,
   * so the engine may skip zero-filling large float32 outputs. Leave unset when any kernel accumulates.
   */
  readonly fullyWrites?: boolean;
  /** How the op takes string and complex64 inputs; without it the engine rejects them (see special-dtypes.ts). */
  readonly special?: SpecialDTypes;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous registry of op declarations
type AnyOpDef = OpDef<string, any>;
const opRegistry = new Map<string, AnyOpDef>();

/** Declares an op once; kernels are registered against the returned declaration. */
export function defineOp<I extends string, A = Record<string, never>>(def: OpDef<I, A>): OpDef<I, A> {
  if (opRegistry.has(def.name)) throw new TensorforgeError(`defineOp: op '${def.name}' is declared twice.`);
  opRegistry.set(def.name, def);
  return def;
}

/** Every declared op (used by the gradient and parity test suites to enumerate ops). */
export function listOps(): AnyOpDef[] {
  return [...opRegistry.values()];
}

/** One recorded op application. */
export interface TapeNode {
  op: AnyOpDef;
  inputs: Readonly<Record<string, Tensor>>;
  attrs: unknown;
  outputs: Tensor[];
}

/** Records the ops that depend on watched tensors while a gradient function runs. */
export class Tape {
  readonly nodes: TapeNode[] = [];
  readonly watched = new Set<number>();
  /**
   * Watched tensors read by ops without a gradient rule (isNaN, argMax, comparisons): those ops are not recorded,
   * but a source they read still counts as used by f (its gradient is zero, not an error).
   */
  readonly consumed = new Set<number>();
  /** Watch every trainable variable that is read (variableGrads). */
  constructor(readonly watchVariables = false) {}

  /** Marks `t` as a source whose gradient is wanted. */
  watch(t: Tensor): void {
    this.watched.add(t.id);
  }
}

const tapes: Tape[] = [];

/** Runs `fn` with `tape` recording; tapes nest, which gives higher-order gradients. */
export function withTape<T>(tape: Tape, fn: () => T): T {
  tapes.push(tape);
  try {
    return fn();
  } finally {
    tapes.pop();
  }
}

/** Runs `fn` without recording on any tape. */
export function withoutTape<T>(fn: () => T): T {
  const saved = tapes.splice(0, tapes.length);
  try {
    return fn();
  } finally {
    tapes.push(...saved);
  }
}

/**
 * Notes that `t` was read by a computation whose result does not depend on its values (onesLike, zerosLike), so
 * gradients of t through it are zero rather than an error.
 */
export function markConstantUse(t: Tensor): void {
  for (const tape of tapes) if (tape.watched.has(t.id)) tape.consumed.add(t.id);
}

function markConsumed(op: AnyOpDef, inputs: Readonly<Record<string, Tensor>>): void {
  for (const tape of tapes) {
    for (const name of op.inputs) {
      const t = inputs[name];
      if (t && tape.watched.has(t.id)) tape.consumed.add(t.id);
    }
  }
}

function record(op: AnyOpDef, inputs: Readonly<Record<string, Tensor>>, attrs: unknown, outputs: Tensor[]): void {
  for (const tape of tapes) {
    let hit = false;
    for (const name of op.inputs) {
      const t = inputs[name];
      if (!t) continue;
      if (tape.watched.has(t.id)) hit = true;
      else if (tape.watchVariables && isTrainableVariable(t)) {
        tape.watched.add(t.id);
        hit = true;
      }
    }
    if (!hit) continue;
    for (const o of outputs) tape.watched.add(o.id);
    tape.nodes.push({ op, inputs, attrs, outputs });
  }
}

/** Runs the active backend's kernel for `op` (or the 'ts' fallback) on engine-provided outputs. */
function dispatch(op: AnyOpDef, inputs: Readonly<Record<string, Tensor>>, attrs: unknown, outputs: Tensor[], tsOnly = false): void {
  // String and complex64 tensors reach only 'ts' kernels: the native backend never sees those dtypes.
  const backend = tsOnly ? 'ts' : getBackend();
  const kernel = findKernel(op.name, backend, inputs, attrs);
  if (!kernel) {
    throw new TensorforgeError(`${op.name}: no kernel is registered for backend '${backend}' or the 'ts' reference backend.`);
  }
  kernel(inputs, attrs, outputs);
}

function hasWork(outputs: readonly Tensor[]): boolean {
  if (outputs.length === 0) return true;
  for (const o of outputs) if (o.size > 0) return true;
  return false;
}

// Float32 outputs at least this large skip zero-filling when the op's kernels write every element: the fill is a
// second pass over memory the kernel overwrites anyway. Each gets a fresh, unshared ArrayBuffer (no pooling, so no
// tensor can alias another); small outputs keep the cheaper zero-filled path.
const UNFILLED_MIN_ELEMENTS = 16384;

function allocOutput(spec: OutputSpec, unfilled: boolean): Tensor {
  if (unfilled && spec.dtype === 'float32' && typeof Buffer === 'function') {
    const size = sizeFromShape(spec.shape);
    if (size >= UNFILLED_MIN_ELEMENTS) {
      const buf = Buffer.allocUnsafeSlow(size * 4);
      return new Tensor(new Float32Array(buf.buffer, buf.byteOffset, size), spec.shape, 'float32');
    }
  }
  return Tensor.empty(spec.shape, spec.dtype);
}

/** Applies `op` to `inputs` on the active backend and records it for autograd. Returns every output. */
export function runOp<I extends string, A>(op: OpDef<I, A>, inputs: Readonly<Record<I, Tensor>>, attrs: A): Tensor[] {
  const special = specialDType(op.name, op.special, op.inputs, inputs);
  let outputs: Tensor[];
  if (special === null || op.special?.[special] === 'kernel') {
    outputs = execute(op as AnyOpDef, inputs, attrs, special !== null);
  } else {
    const lift = special === 'string' ? liftStrings : liftComplex;
    outputs = lift(op.special ?? {}, op.inputs, inputs, (subs) => execute(op as AnyOpDef, subs, attrs, false));
  }
  if (tapes.length > 0) {
    if (op.grad !== null) record(op as AnyOpDef, inputs, attrs, outputs);
    else markConsumed(op as AnyOpDef, inputs);
  }
  return outputs;
}

function execute(op: AnyOpDef, inputs: Readonly<Record<string, Tensor>>, attrs: unknown, tsOnly: boolean): Tensor[] {
  if (op.compute) return op.compute(inputs, attrs);
  const spec = op.infer(inputs, attrs);
  const unfilled = op.fullyWrites === true;
  let outputs: Tensor[];
  if (Array.isArray(spec)) {
    outputs = new Array<Tensor>(spec.length);
    for (let i = 0; i < spec.length; i++) outputs[i] = allocOutput(spec[i] as OutputSpec, unfilled);
  } else {
    outputs = [allocOutput(spec, unfilled)];
  }
  if (hasWork(outputs)) dispatch(op, inputs, attrs, outputs, tsOnly);
  return outputs;
}

/**
 * Runs a non-differentiable element-wise `op` writing into the existing tensors `outputs` (which must have the
 * inferred shapes and dtypes) instead of fresh ones; nothing is recorded for autograd. Element-wise kernels read
 * element i of every input before writing element i, so an output may be one of the inputs: the optimizers update
 * a variable and its slots in place this way. Returns `outputs`.
 * @example runOpInto(SGDUpdateOp, { param: v, grad: g }, { lr: 0.1 }, [v]);
 */
export function runOpInto<I extends string, A>(op: OpDef<I, A>, inputs: Readonly<Record<I, Tensor>>, attrs: A, outputs: Tensor[]): Tensor[] {
  if (op.grad !== null || op.compute) {
    throw new TensorforgeError(`runOpInto: op '${op.name}' is differentiable or a view; only non-differentiable kernel ops can write in place.`);
  }
  const spec = op.infer(inputs, attrs);
  const specs = Array.isArray(spec) ? spec : [spec];
  if (specs.length !== outputs.length) {
    throw new ShapeError(`runOpInto (${op.name}): the op has ${specs.length} outputs, received ${outputs.length} tensors to write into.`);
  }
  specs.forEach((s, i) => {
    const o = outputs[i] as Tensor;
    if (!shapesEqual(o.shape, s.shape) || o.dtype !== s.dtype) {
      throw new ShapeError(
        `runOpInto (${op.name}): output ${i} must be ${s.dtype} ${fmtShape(s.shape)}, received ${o.dtype} ${fmtShape(o.shape)}.`,
      );
    }
  });
  const special = specialDType(op.name, op.special, op.inputs, inputs);
  if (special !== null && op.special?.[special] !== 'kernel') {
    throw new TensorforgeError(`runOpInto: op '${op.name}' cannot write ${special} tensors in place.`);
  }
  if (hasWork(outputs)) dispatch(op as AnyOpDef, inputs, attrs, outputs, special !== null);
  return outputs;
}

/** Runs a single-output op and returns its output. */
export function run1<I extends string, A>(op: OpDef<I, A>, inputs: Readonly<Record<I, Tensor>>, attrs: A): Tensor {
  const out = runOp(op, inputs, attrs)[0];
  if (!out) throw new TensorforgeError(`${op.name}: produced no output.`);
  return out;
}

/**
 * Records a node whose gradient is `gradFn` on every active tape (used by `customGrad`). The op declaration is
 * made per call and never registered, so `listOps()` does not see it.
 */
export function recordCustomGrad(name: string, inputs: readonly Tensor[], outputs: Tensor[], gradFn: (dys: Tensor[]) => Tensor[]): void {
  if (tapes.length === 0) return;
  const names = inputs.map((_, i) => `x${i}`);
  const op: AnyOpDef = {
    name,
    inputs: names,
    infer: () => outputs.map((o) => ({ shape: [...o.shape], dtype: o.dtype })),
    grad: (_dy, _inputs, _attrs, ctx) => {
      const gs = gradFn(ctx.dys);
      return Object.fromEntries(names.map((n, i) => [n, gs[i]]));
    },
  };
  record(op, Object.fromEntries(names.map((n, i) => [n, inputs[i] as Tensor])), {}, outputs);
}
