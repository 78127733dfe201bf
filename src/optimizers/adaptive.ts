// Per-coordinate adaptive optimizers: Adagrad, Adadelta, RMSprop (TF.js slot names, Keras update rules).
import { AdadeltaUpdateOp, AdagradUpdateOp, RMSPropUpdateOp, applyUpdateInPlace } from '../ops/index.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { type ConfigValue, type LearningRate, Optimizer, type OptimizerOptions, type SlotSpec } from './optimizer.js';
import { inRange } from './sgd.js';

/** Default epsilon (Keras `backend.epsilon()`, TF.js backend epsilon). */
export const EPSILON = 1e-7;

/** Options of AdagradOptimizer. */
export interface AdagradConfig extends OptimizerOptions {
  learningRate?: LearningRate;
  initialAccumulatorValue?: number;
  epsilon?: number;
}

/**
 * Adagrad: accum += g^2; var -= lr * g / sqrt(accum + epsilon). Slot `accumulator`.
 * @example new AdagradOptimizer({ learningRate: 0.1 });
 */
export class AdagradOptimizer extends Optimizer {
  static override className = 'Adagrad';
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;

  constructor(config: AdagradConfig = {}) {
    super(config.learningRate ?? 0.001, config);
    this.initialAccumulatorValue = inRange(config.initialAccumulatorValue ?? 0.1, 0, Infinity, 'initialAccumulatorValue', 'Adagrad');
    this.epsilon = config.epsilon ?? EPSILON;
  }

  protected slotSpecs(): SlotSpec[] {
    return [{ name: 'accumulator', init: this.initialAccumulatorValue }];
  }

  protected hyperparameters(): Record<string, ConfigValue> {
    return { initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon };
  }

  updateVariable(v: Variable, g: Tensor, slots: Tensor[]): Tensor[] {
    const attrs = { lr: this.currentLearningRate(), epsilon: this.epsilon };
    const [p, a] = applyUpdateInPlace(AdagradUpdateOp, { param: v, grad: g, accum: slots[0] as Tensor }, attrs) as [Tensor, Tensor];
    v.assign(p);
    return [a];
  }
}

/** Options of AdadeltaOptimizer. */
export interface AdadeltaConfig extends OptimizerOptions {
  learningRate?: LearningRate;
  rho?: number;
  epsilon?: number;
}

/**
 * Adadelta (Zeiler 2012) scaled by `learningRate`. Slots `accum_grad`, `accum_var`.
 * @example new AdadeltaOptimizer({ learningRate: 1, rho: 0.95 });
 */
export class AdadeltaOptimizer extends Optimizer {
  static override className = 'Adadelta';
  readonly rho: number;
  readonly epsilon: number;

  constructor(config: AdadeltaConfig = {}) {
    super(config.learningRate ?? 0.001, config);
    this.rho = inRange(config.rho ?? 0.95, 0, 1, 'rho', 'Adadelta');
    this.epsilon = config.epsilon ?? EPSILON;
  }

  protected slotSpecs(): SlotSpec[] {
    return [
      { name: 'accum_grad', init: 0 },
      { name: 'accum_var', init: 0 },
    ];
  }

  protected hyperparameters(): Record<string, ConfigValue> {
    return { rho: this.rho, epsilon: this.epsilon };
  }

  updateVariable(v: Variable, g: Tensor, slots: Tensor[]): Tensor[] {
    const attrs = { lr: this.currentLearningRate(), rho: this.rho, epsilon: this.epsilon };
    const inputs = { param: v, grad: g, accumGrad: slots[0] as Tensor, accumVar: slots[1] as Tensor };
    const [p, ag, av] = applyUpdateInPlace(AdadeltaUpdateOp, inputs, attrs) as [Tensor, Tensor, Tensor];
    v.assign(p);
    return [ag, av];
  }
}

/** Options of RMSPropOptimizer (`decay` is TF.js's name for Keras's `rho`; either is accepted). */
export interface RMSPropConfig extends OptimizerOptions {
  learningRate?: LearningRate;
  decay?: number;
  rho?: number;
  momentum?: number;
  epsilon?: number;
  centered?: boolean;
}

/**
 * RMSprop: ms = rho * ms + (1 - rho) * g^2; step = lr * g / sqrt(ms [- mg^2 when centered] + epsilon), through a
 * momentum slot when momentum > 0. Slots `rms`, `momentum`, and `mg` when centered (TF.js names).
 * @example new RMSPropOptimizer({ learningRate: 0.001, momentum: 0.9, centered: true });
 */
export class RMSPropOptimizer extends Optimizer {
  static override className = 'RMSProp';
  readonly decay: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;

  constructor(config: RMSPropConfig = {}) {
    super(config.learningRate ?? 0.001, config);
    this.decay = inRange(config.decay ?? config.rho ?? 0.9, 0, 1, 'decay (rho)', 'RMSProp');
    this.momentum = inRange(config.momentum ?? 0, 0, 1, 'momentum', 'RMSProp');
    this.epsilon = config.epsilon ?? EPSILON;
    this.centered = config.centered ?? false;
  }

  protected slotSpecs(): SlotSpec[] {
    // Like TF.js, the mean-gradient slot exists only for the centered variant.
    const specs = [
      { name: 'rms', init: 0 },
      { name: 'momentum', init: 0 },
    ];
    return this.centered ? [...specs, { name: 'mg', init: 0 }] : specs;
  }

  protected hyperparameters(): Record<string, ConfigValue> {
    return { decay: this.decay, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }

  updateVariable(v: Variable, g: Tensor, slots: Tensor[]): Tensor[] {
    const attrs = { lr: this.currentLearningRate(), rho: this.decay, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
    // Uncentered, the kernel ignores `mg` (and passes it through), so any same-shaped slot can stand in.
    const mgIn = (this.centered ? slots[2] : slots[1]) as Tensor;
    const inputs = { param: v, grad: g, ms: slots[0] as Tensor, mom: slots[1] as Tensor, mg: mgIn };
    const [p, ms, mom, mg] = applyUpdateInPlace(RMSPropUpdateOp, inputs, attrs) as [Tensor, Tensor, Tensor, Tensor];
    v.assign(p);
    return this.centered ? [ms, mom, mg] : [ms, mom];
  }
}
