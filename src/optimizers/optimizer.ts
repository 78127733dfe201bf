// The Optimizer base class: gradient computation, clipping, slot bookkeeping and (de)serialization of state.
// Subclasses only declare their slots and implement `updateVariable`, which runs one fused update op.
import { ConfigError, ValueError } from '../core/errors.js';
import { fmtShape, shapesEqual } from '../core/shape.js';
import { cast, fill, scalar, variableGrads } from '../ops/index.js';
import { Tensor, type Variable, findVariable } from '../tensor/tensor.js';
import { type LearningRateSchedule, isSchedule } from './schedules.js';

/** A tensor with a name (TF.js NamedTensor), as used by `getWeights` / `applyGradients`. */
export interface NamedTensor {
  name: string;
  tensor: Tensor;
}

/** A learning rate: a constant or a schedule evaluated at the optimizer's step. */
export type LearningRate = number | LearningRateSchedule;

/** Options every optimizer accepts (Keras gradient clipping). */
export interface OptimizerOptions {
  /** Clip each gradient to this L2 norm. */
  clipnorm?: number;
  /** Clip each gradient element to [-clipvalue, clipvalue]. */
  clipvalue?: number;
  /** Clip all gradients together to this global L2 norm. */
  globalClipnorm?: number;
}

/** A JSON-friendly optimizer config value. */
export type ConfigValue = number | boolean | string | null | { className: string; config: Record<string, unknown> };

/** One slot of per-variable optimizer state: its TF.js name suffix and initial value. */
export interface SlotSpec {
  name: string;
  init: number;
}

/**
 * Base class of all optimizers. `minimize(f)` computes gradients of `f()` with respect to the trainable variables it
 * reads and applies one update; `iterations` counts applied updates.
 */
export abstract class Optimizer {
  /** Serialized class name (TF.js / Keras). */
  static className = 'Optimizer';
  /** Number of updates applied so far. */
  iterations = 0;
  /** Gradient clipping options. */
  readonly clipping: OptimizerOptions;
  private lr: LearningRate;
  private readonly slots = new Map<string, Tensor[]>();

  constructor(learningRate: LearningRate, options: OptimizerOptions = {}) {
    this.lr = checkLearningRate(learningRate, new.target.className);
    const clipping: OptimizerOptions = {};
    for (const key of ['clipnorm', 'clipvalue', 'globalClipnorm'] as const) {
      const v = options[key];
      if (v === undefined || v === null) continue;
      if (!(v > 0)) throw new ConfigError(`${new.target.className}: ${key} must be > 0, received ${v}.`);
      clipping[key] = v;
    }
    this.clipping = clipping;
  }

  /** The current learning rate (a schedule is evaluated at `iterations`). Set a number or a schedule. */
  get learningRate(): number {
    return this.currentLearningRate();
  }
  set learningRate(value: LearningRate) {
    this.lr = checkLearningRate(value, this.getClassName());
  }

  /** The schedule driving the learning rate, or null for a constant rate. */
  get learningRateSchedule(): LearningRateSchedule | null {
    return isSchedule(this.lr) ? this.lr : null;
  }

  /** The learning rate used by the next update. */
  currentLearningRate(): number {
    return isSchedule(this.lr) ? this.lr.valueAt(this.iterations) : this.lr;
  }

  /** The class name used in serialized configs. */
  getClassName(): string {
    return (this.constructor as typeof Optimizer).className;
  }

  /** Per-variable state this optimizer keeps, in TF.js order. */
  protected abstract slotSpecs(): SlotSpec[];

  /** Hyperparameters other than the learning rate and clipping, for `getConfig`. */
  protected abstract hyperparameters(): Record<string, ConfigValue>;

  /**
   * Applies one update to `v` given gradient `g` and the variable's slots (in `slotSpecs` order); returns the new
   * slots. Implementations run one fused update op so a backend kernel can replace the whole step.
   */
  abstract updateVariable(v: Variable, g: Tensor, slots: Tensor[]): Tensor[];

  /**
   * Computes gradients of `f()` and applies them; returns the cost when `returnCost`.
   * @example const opt = sgd(0.1); opt.minimize(() => w.square().sum());
   */
  minimize(f: () => Tensor, returnCost = false, varList?: Variable[]): Tensor | null {
    const { value, grads } = this.computeGradients(f, varList);
    this.applyGradients(grads, varList);
    return returnCost ? value : null;
  }

  /**
   * Value of scalar `f()` and its gradients with respect to `varList` (default: every trainable variable read).
   * @example const { value, grads } = opt.computeGradients(() => loss());
   */
  computeGradients(f: () => Tensor, varList?: Variable[]): { value: Tensor; grads: Record<string, Tensor> } {
    return variableGrads(f, varList);
  }

  /**
   * Applies gradients keyed by variable name (found in `varList`, or among live variables) and advances `iterations`.
   * @example opt.applyGradients({ [w.name]: tensor([0.1, 0.2]) });
   */
  applyGradients(grads: Record<string, Tensor> | NamedTensor[], varList?: Variable[]): void {
    const pairs = Array.isArray(grads) ? grads.map((g) => [g.name, g.tensor] as const) : Object.entries(grads);
    const resolved = pairs.map(([name, g]) => [this.resolve(name, varList), g] as const);
    const clipped = this.clip(resolved.map(([, g]) => g));
    resolved.forEach(([v], i) => {
      let grad = clipped[i] as Tensor;
      if (!shapesEqual(grad.shape, v.shape)) {
        throw new ValueError(
          `${this.getClassName()}.applyGradients: gradient for '${v.name}' has shape ${fmtShape(grad.shape)}, ` +
            `but the variable has shape ${fmtShape(v.shape)}. Pass one gradient per variable with its shape.`,
        );
      }
      if (grad.dtype !== v.dtype) grad = cast(grad, v.dtype);
      const slots = this.slotsFor(v);
      this.slots.set(v.name, this.updateVariable(v, grad, slots));
      // Keras order: the constraint projects the already updated value.
      if (v.constraint) v.assign(v.constraint(v));
    });
    this.iterations++;
  }

  private resolve(name: string, varList?: Variable[]): Variable {
    const v = varList ? varList.find((x) => x.name === name) : findVariable(name);
    if (!v) {
      throw new ValueError(
        `${this.getClassName()}.applyGradients: no variable named '${name}'` +
          (varList ? ' in varList.' : ' is alive.') + ' Key gradients by Variable.name (as variableGrads returns them).',
      );
    }
    return v;
  }

  private slotsFor(v: Variable): Tensor[] {
    const specs = this.slotSpecs();
    const existing = this.slots.get(v.name);
    if (existing && existing.length === specs.length && existing.every((s) => shapesEqual(s.shape, v.shape))) return existing;
    return specs.map((s) => fill(v.shape, s.init, v.dtype));
  }

  private clip(grads: Tensor[]): Tensor[] {
    const { clipnorm, clipvalue, globalClipnorm } = this.clipping;
    let out = grads;
    if (clipvalue !== undefined) out = out.map((g) => mapValues(g, (x) => Math.min(clipvalue, Math.max(-clipvalue, x))));
    if (clipnorm !== undefined) {
      out = out.map((g) => {
        const norm = Math.sqrt(sumSquares(g));
        return norm > clipnorm ? mapValues(g, (x) => (x * clipnorm) / norm) : g;
      });
    }
    if (globalClipnorm !== undefined) {
      const norm = Math.sqrt(out.reduce((s, g) => s + sumSquares(g), 0));
      if (norm > globalClipnorm) out = out.map((g) => mapValues(g, (x) => (x * globalClipnorm) / norm));
    }
    return out;
  }

  /**
   * Optimizer state: `{name: 'iter'}` first, then every slot named `${variableName}/${slot}` (slot-major, TF.js order).
   * @example const state = await opt.getWeights(); await opt2.setWeights(state);
   */
  getWeights(): Promise<NamedTensor[]> {
    const out: NamedTensor[] = [{ name: 'iter', tensor: scalar(this.iterations, 'int32') }];
    this.slotSpecs().forEach((spec, k) => {
      for (const [name, slots] of this.slots) out.push({ name: `${name}/${spec.name}`, tensor: (slots[k] as Tensor).clone() });
    });
    return Promise.resolve(out);
  }

  /** Restores state saved by `getWeights` (slots are matched by `${variableName}/${slot}` name). */
  async setWeights(weights: NamedTensor[]): Promise<void> {
    const specs = this.slotSpecs();
    const pending = new Map<string, (Tensor | undefined)[]>();
    for (const { name, tensor } of weights) {
      if (name === 'iter' || name === 'iterations') {
        this.iterations = tensor.dataSync()[0] as number;
        continue;
      }
      const cut = name.lastIndexOf('/');
      const k = specs.findIndex((s) => s.name === name.slice(cut + 1));
      if (cut < 0 || k < 0) {
        throw new ValueError(
          `${this.getClassName()}.setWeights: unexpected weight '${name}'; expected 'iter' or '<variable>/<slot>' with slot ` +
            `one of ${specs.map((s) => s.name).join(', ') || '(none)'}. Pass weights saved from the same optimizer class.`,
        );
      }
      const varName = name.slice(0, cut);
      const list = pending.get(varName) ?? specs.map(() => undefined);
      list[k] = tensor.clone();
      pending.set(varName, list);
    }
    for (const [varName, list] of pending) {
      // A slot absent from the saved state (e.g. TF.js omits RMSProp's `mg` when not centered) starts at its
      // initial value, shaped like the slots that are present.
      const like = list.find((t) => t !== undefined) as Tensor;
      this.slots.set(varName, list.map((t, k) => t ?? fill(like.shape, (specs[k] as SlotSpec).init, like.dtype)));
    }
  }

  /** Hyperparameters as a JSON-friendly object (TF.js camelCase keys); `getOptimizer({className, config})` inverts it. */
  getConfig(): Record<string, ConfigValue> {
    const lr: ConfigValue = isSchedule(this.lr) ? { className: this.lr.className, config: this.lr.getConfig() } : this.lr;
    const config: Record<string, ConfigValue> = { learningRate: lr, ...this.hyperparameters() };
    for (const [k, v] of Object.entries(this.clipping)) if (v !== undefined) config[k] = v;
    return config;
  }

  /** Kept for TF.js compatibility; optimizer state is garbage-collected. */
  dispose(): void {}
}

function checkLearningRate(lr: LearningRate, where: string): LearningRate {
  if (isSchedule(lr)) return lr;
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
    throw new ConfigError(`${where}: learningRate must be a non-negative number or a schedule, received ${String(lr)}.`);
  }
  return lr;
}

function sumSquares(g: Tensor): number {
  let s = 0;
  for (const x of g.dataSync()) s += x * x;
  return s;
}

function mapValues(g: Tensor, f: (x: number) => number): Tensor {
  return new Tensor(g.dataSync().map(f), g.shape, g.dtype);
}
