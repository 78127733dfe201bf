// Resolves and serializes the building blocks layers take in their configs (initializers, regularizers,
// activations), so every layer stores them the same way: resolved objects in memory, TF.js `{className, config}`
// (activations: their string name) in `getConfig()`.
import { fusableActivation, getActivation } from '../activations/index.js';
import { getInitializer } from '../initializers/index.js';
import { getConstraint } from '../constraints/index.js';
import { getRegularizer } from '../regularizers/index.js';

/** What a layer config accepts for an initializer: an id (`'glorotUniform'`, `'glorot_uniform'`), `{className, config}` or an Initializer. */
export type InitializerArg = Parameters<typeof getInitializer>[0];
/** A resolved initializer. */
export type InitializerObject = ReturnType<typeof getInitializer>;
/** What a layer config accepts for a regularizer: an id, `{className, config}`, a Regularizer, or null. */
export type RegularizerArg = Parameters<typeof getRegularizer>[0];
/** A resolved regularizer. */
export type RegularizerObject = NonNullable<ReturnType<typeof getRegularizer>>;
/** What a layer config accepts for a weight constraint: an id (`'maxNorm'`, `'non_neg'`), `{className, config}`, a Constraint, or null. */
export type ConstraintArg = Parameters<typeof getConstraint>[0];
/** A resolved constraint. */
export type ConstraintObject = NonNullable<ReturnType<typeof getConstraint>>;
/** What a layer config accepts for an activation: an id (`'relu'`), or an Activation. */
export type ActivationArg = Parameters<typeof getActivation>[0];
/** A resolved activation. */
export type ActivationObject = ReturnType<typeof getActivation>;

interface Serializable {
  getConfig(): Record<string, unknown>;
}

function classNameOf(obj: object): string {
  const own = (obj as { className?: unknown }).className;
  if (typeof own === 'string') return own;
  const ctor = obj.constructor as { className?: unknown; name: string };
  return typeof ctor.className === 'string' ? ctor.className : ctor.name;
}

/** TF.js `{className, config}` form of an initializer/regularizer/constraint, or null. */
export function serializeObject(obj: object | null | undefined): { className: string; config: Record<string, unknown> } | null {
  if (obj === null || obj === undefined) return null;
  const withConfig = obj as Partial<Serializable>;
  const config = typeof withConfig.getConfig === 'function' ? withConfig.getConfig() : {};
  return { className: classNameOf(obj), config };
}

/** The string TF.js stores for an activation (`'relu'`, `'linear'`). */
export function serializeActivation(activation: ActivationObject): string {
  return activation.name;
}

/** Resolves a regularizer argument, keeping null for "none". */
export function resolveRegularizer(arg: RegularizerArg | undefined): RegularizerObject | null {
  if (arg === undefined || arg === null) return null;
  return getRegularizer(arg) ?? null;
}

/** Resolves a constraint argument, keeping null for "unconstrained" (getConstraint maps undefined and null to null). */
export function resolveConstraint(arg: ConstraintArg | undefined): ConstraintObject | null {
  return getConstraint(arg);
}

export { fusableActivation, getActivation, getInitializer };
