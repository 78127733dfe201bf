// Gradient descent with optional momentum: SGDOptimizer (Keras SGD) and MomentumOptimizer (TF.js).
import { ConfigError } from '../core/errors.js';
import { MomentumUpdateOp, SGDUpdateOp, applyUpdateInPlace } from '../ops/index.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { type ConfigValue, type LearningRate, Optimizer, type OptimizerOptions, type SlotSpec } from './optimizer.js';

/** Options of SGDOptimizer (Keras SGD). */
export interface SGDConfig extends OptimizerOptions {
  learningRate?: LearningRate;
  momentum?: number;
  nesterov?: boolean;
}

/** Checks that `value` lies in [lo, hi] (hyperparameter validation shared by the optimizers). */
export function inRange(value: number, lo: number, hi: number, name: string, where: string): number {
  if (typeof value !== 'number' || !(value >= lo && value <= hi)) {
    throw new ConfigError(`${where}: ${name} must be in [${lo}, ${hi}], received ${String(value)}.`);
  }
  return value;
}

/**
 * Stochastic gradient descent; with `momentum` > 0 it keeps a velocity slot `momentum` (Keras form:
 * m = momentum * m - lr * g; var += m, or var += momentum * m - lr * g with `nesterov`).
 * @example const opt = new SGDOptimizer({ learningRate: 0.01, momentum: 0.9, nesterov: true });
 */
export class SGDOptimizer extends Optimizer {
  static override className = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;

  constructor(config: SGDConfig | number = {}) {
    const c = typeof config === 'number' ? { learningRate: config } : config;
    super(c.learningRate ?? 0.01, c);
    this.momentum = inRange(c.momentum ?? 0, 0, 1, 'momentum', 'SGD');
    this.nesterov = c.nesterov ?? false;
  }

  protected slotSpecs(): SlotSpec[] {
    return this.momentum > 0 ? [{ name: 'momentum', init: 0 }] : [];
  }

  protected hyperparameters(): Record<string, ConfigValue> {
    return { momentum: this.momentum, nesterov: this.nesterov };
  }

  updateVariable(v: Variable, g: Tensor, slots: Tensor[]): Tensor[] {
    const lr = this.currentLearningRate();
    if (this.momentum === 0) {
      v.assign(applyUpdateInPlace(SGDUpdateOp, { param: v, grad: g }, { lr })[0] as Tensor);
      return [];
    }
    const attrs = { lr, momentum: this.momentum, nesterov: this.nesterov, kerasForm: true };
    const [p, m] = applyUpdateInPlace(MomentumUpdateOp, { param: v, grad: g, accum: slots[0] as Tensor }, attrs) as [Tensor, Tensor];
    v.assign(p);
    return [m];
  }
}

/** Options of MomentumOptimizer (TF.js). */
export interface MomentumConfig extends OptimizerOptions {
  learningRate: LearningRate;
  momentum: number;
  useNesterov?: boolean;
}

/**
 * TF.js momentum: accum = momentum * accum + g; var -= lr * accum (or lr * (g + momentum * accum) with Nesterov).
 * Slot name `momentum`.
 * @example const opt = new MomentumOptimizer({ learningRate: 0.1, momentum: 0.9 });
 */
export class MomentumOptimizer extends Optimizer {
  static override className = 'Momentum';
  readonly momentum: number;
  readonly useNesterov: boolean;

  constructor(config: MomentumConfig) {
    super(config.learningRate, config);
    this.momentum = inRange(config.momentum, 0, 1, 'momentum', 'Momentum');
    this.useNesterov = config.useNesterov ?? false;
  }

  protected slotSpecs(): SlotSpec[] {
    return [{ name: 'momentum', init: 0 }];
  }

  protected hyperparameters(): Record<string, ConfigValue> {
    return { momentum: this.momentum, useNesterov: this.useNesterov };
  }

  updateVariable(v: Variable, g: Tensor, slots: Tensor[]): Tensor[] {
    const attrs = { lr: this.currentLearningRate(), momentum: this.momentum, nesterov: this.useNesterov, kerasForm: false };
    const [p, m] = applyUpdateInPlace(MomentumUpdateOp, { param: v, grad: g, accum: slots[0] as Tensor }, attrs) as [Tensor, Tensor];
    v.assign(p);
    return [m];
  }
}
