// Fused optimizer update ops. Each takes a parameter, its gradient and its slot tensors and returns the new
// parameter followed by the new slots, so a backend can run a whole update in one pass (the native backend
// registers kernels for the same declarations). They are not differentiable: updates run outside the tape.
import { ShapeError } from '../core/errors.js';
import { fmtShape, shapesEqual } from '../core/shape.js';
import { type OpDef, type OutputSpec, defineOp, runOp, runOpInto } from '../tensor/engine.js';
import { Tensor } from '../tensor/tensor.js';

function sameShapes<I extends string>(name: string, inputs: Readonly<Record<I, Tensor>>, order: readonly I[]): OutputSpec[] {
  const param = inputs[order[0] as I];
  for (const key of order) {
    const t = inputs[key];
    if (!shapesEqual(t.shape, param.shape)) {
      throw new ShapeError(
        `${name}: '${key}' must have the parameter's shape ${fmtShape(param.shape)}, received ${fmtShape(t.shape)}. ` +
          'Pass a gradient and slots created for this variable.',
      );
    }
  }
  const outs = order.filter((k) => k !== 'grad');
  return outs.map((k) => ({ shape: [...param.shape], dtype: inputs[k].dtype }));
}

function defineUpdate<I extends string, A>(name: string, inputs: readonly I[]): OpDef<I, A> {
  return defineOp<I, A>({ name, inputs: [...inputs], infer: (xs) => sameShapes(name, xs, inputs), grad: null });
}

/** Attrs of SGDUpdate: param -= lr * grad. */
export interface SGDUpdateAttrs {
  lr: number;
}
/** Plain gradient descent step. Outputs: [param]. */
export const SGDUpdateOp = defineUpdate<'param' | 'grad', SGDUpdateAttrs>('SGDUpdate', ['param', 'grad']);

/** Attrs of MomentumUpdate. `kerasForm` keeps velocity in parameter units (Keras SGD); otherwise in gradient units (TF.js). */
export interface MomentumUpdateAttrs {
  lr: number;
  momentum: number;
  nesterov: boolean;
  kerasForm: boolean;
}
/** Momentum step. Outputs: [param, accum]. */
export const MomentumUpdateOp = defineUpdate<'param' | 'grad' | 'accum', MomentumUpdateAttrs>('MomentumUpdate', ['param', 'grad', 'accum']);

/** Attrs of AdagradUpdate. */
export interface AdagradUpdateAttrs {
  lr: number;
  epsilon: number;
}
/** Adagrad step. Outputs: [param, accum]. */
export const AdagradUpdateOp = defineUpdate<'param' | 'grad' | 'accum', AdagradUpdateAttrs>('AdagradUpdate', ['param', 'grad', 'accum']);

/** Attrs of AdadeltaUpdate. */
export interface AdadeltaUpdateAttrs {
  lr: number;
  rho: number;
  epsilon: number;
}
/** Adadelta step. Outputs: [param, accumGrad, accumVar]. */
export const AdadeltaUpdateOp = defineUpdate<'param' | 'grad' | 'accumGrad' | 'accumVar', AdadeltaUpdateAttrs>('AdadeltaUpdate', [
  'param',
  'grad',
  'accumGrad',
  'accumVar',
]);

/** Attrs of RMSPropUpdate. */
export interface RMSPropUpdateAttrs {
  lr: number;
  rho: number;
  momentum: number;
  epsilon: number;
  centered: boolean;
}
/** RMSprop step (optionally centered, with momentum). Outputs: [param, ms, mom, mg]. */
export const RMSPropUpdateOp = defineUpdate<'param' | 'grad' | 'ms' | 'mom' | 'mg', RMSPropUpdateAttrs>('RMSPropUpdate', [
  'param',
  'grad',
  'ms',
  'mom',
  'mg',
]);

/** Attrs of AdamUpdate; `step` is the 1-based step, `weightDecay` the decoupled (AdamW) decay rate, 0 for Adam. */
export interface AdamUpdateAttrs {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  step: number;
  weightDecay: number;
}
/** Adam / AdamW step (Keras form). Outputs: [param, m, v]. */
export const AdamUpdateOp = defineUpdate<'param' | 'grad' | 'm' | 'v', AdamUpdateAttrs>('AdamUpdate', ['param', 'grad', 'm', 'v']);

/** Attrs of AdamaxUpdate. */
export interface AdamaxUpdateAttrs {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  step: number;
}
/** Adamax step. Outputs: [param, m, u]. */
export const AdamaxUpdateOp = defineUpdate<'param' | 'grad' | 'm' | 'u', AdamaxUpdateAttrs>('AdamaxUpdate', ['param', 'grad', 'm', 'u']);

/** Attrs of NadamUpdate: Keras's momentum-schedule factors for this step and the next, and their running products. */
export interface NadamUpdateAttrs {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  step: number;
  uT: number;
  uT1: number;
  uProductT: number;
  uProductT1: number;
}
/** Nadam step. Outputs: [param, m, v]. */
export const NadamUpdateOp = defineUpdate<'param' | 'grad' | 'm' | 'v', NadamUpdateAttrs>('NadamUpdate', ['param', 'grad', 'm', 'v']);

/**
 * Runs a fused optimizer update and returns [newParam, ...newSlots] (used by the optimizers in src/optimizers).
 * @example const [p, m, v] = applyUpdate(AdamUpdateOp, { param, grad, m, v }, attrs);
 */
export function applyUpdate<I extends string, A>(op: OpDef<I, A>, inputs: Readonly<Record<I, Tensor>>, attrs: A): Tensor[] {
  return runOp(op, inputs, attrs);
}

/** True when two of the arrays share memory (small arrays share slabs, so a common buffer alone proves nothing). */
function anyOverlap(arrays: readonly Tensor['values'][]): boolean {
  for (let i = 0; i < arrays.length; i++) {
    const a = arrays[i] as Tensor['values'];
    for (let j = i + 1; j < arrays.length; j++) {
      const b = arrays[j] as Tensor['values'];
      if (a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength) return true;
    }
  }
  return false;
}

/**
 * Runs a fused optimizer update writing the new parameter and slots into the `param` and slot tensors themselves
 * (no allocation, no copy through `Variable.assign`) and returns them as [param, ...slots]. Only for state the
 * caller owns: the optimizers' variables and slot tensors. When one tensor is passed for two slots (RMSProp's unused
 * `mg`), the first output written to it wins; tensors whose storage overlaps fall back to fresh
 * outputs and a copy.
 * @example applyUpdateInPlace(AdamUpdateOp, { param: v, grad, m, v: vSlot }, attrs); // v, m and vSlot updated
 */
export function applyUpdateInPlace<I extends string, A>(op: OpDef<I, A>, inputs: Readonly<Record<I, Tensor>>, attrs: A): Tensor[] {
  const targets: Tensor[] = [];
  for (const name of op.inputs) if (name !== 'grad') targets.push(inputs[name]);
  const seen = new Set<Tensor['values']>();
  const outputs = targets.map((t) => {
    if (seen.has(t.values)) return Tensor.empty(t.shape, t.dtype);
    seen.add(t.values);
    return t;
  });
  if (!anyOverlap([...seen])) {
    runOpInto(op, inputs, attrs, outputs);
    return targets;
  }
  const fresh = runOp(op, inputs, attrs);
  const written = new Set<Tensor>();
  fresh.forEach((t, i) => {
    const target = targets[i] as Tensor;
    if (!written.has(target)) target.values.set(t.values);
    written.add(target);
  });
  return targets;
}
