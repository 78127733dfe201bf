// The Adam family: Adam, AdamW (decoupled weight decay), Adamax and Nadam, with Keras's update rules and
// TF.js slot names (`m`, `v`).
import { AdamUpdateOp, AdamaxUpdateOp, NadamUpdateOp, applyUpdateInPlace } from '../ops/index.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { EPSILON } from './adaptive.js';
import { type ConfigValue, type LearningRate, Optimizer, type OptimizerOptions, type SlotSpec } from './optimizer.js';
import { inRange } from './sgd.js';

/** Options of AdamOptimizer, AdamaxOptimizer and NadamOptimizer. */
export interface AdamConfig extends OptimizerOptions {
  learningRate?: LearningRate;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

abstract class MomentsOptimizer extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(config: AdamConfig, defaultLr: number, where: string) {
    super(config.learningRate ?? defaultLr, config);
    this.beta1 = inRange(config.beta1 ?? 0.9, 0, 1, 'beta1', where);
    this.beta2 = inRange(config.beta2 ?? 0.999, 0, 1, 'beta2', where);
    this.epsilon = config.epsilon ?? EPSILON;
  }

  protected slotSpecs(): SlotSpec[] {
    return [
      { name: 'm', init: 0 },
      { name: 'v', init: 0 },
    ];
  }

  protected hyperparameters(): Record<string, ConfigValue> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

/**
 * Adam (Kingma & Ba), Keras form: m, v moving averages; var -= lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps).
 * @example new AdamOptimizer({ learningRate: 1e-3 });
 */
export class AdamOptimizer extends MomentsOptimizer {
  static override className = 'Adam';

  constructor(config: AdamConfig = {}) {
    super(config, 0.001, 'Adam');
  }

  /** Decoupled weight decay applied in the same fused step (0 for Adam). */
  protected weightDecayRate(): number {
    return 0;
  }

  updateVariable(v: Variable, g: Tensor, slots: Tensor[]): Tensor[] {
    const attrs = {
      lr: this.currentLearningRate(),
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      step: this.iterations + 1,
      weightDecay: this.weightDecayRate(),
    };
    const [p, m, vv] = applyUpdateInPlace(AdamUpdateOp, { param: v, grad: g, m: slots[0] as Tensor, v: slots[1] as Tensor }, attrs) as [Tensor, Tensor, Tensor];
    v.assign(p);
    return [m, vv];
  }
}

/** Options of AdamWOptimizer. */
export interface AdamWConfig extends AdamConfig {
  /** Decoupled weight decay (Keras default 0.004): var -= var * weightDecay * lr before the Adam step. */
  weightDecay?: number;
}

/**
 * AdamW (Loshchilov & Hutter): Adam with decoupled weight decay.
 * @example new AdamWOptimizer({ learningRate: 1e-3, weightDecay: 0.01 });
 */
export class AdamWOptimizer extends AdamOptimizer {
  static override className = 'AdamW';
  readonly weightDecay: number;

  constructor(config: AdamWConfig = {}) {
    super(config);
    this.weightDecay = inRange(config.weightDecay ?? 0.004, 0, Infinity, 'weightDecay', 'AdamW');
  }

  protected override weightDecayRate(): number {
    return this.weightDecay;
  }

  protected override hyperparameters(): Record<string, ConfigValue> {
    return { ...super.hyperparameters(), weightDecay: this.weightDecay };
  }
}

/**
 * Adamax: infinity-norm Adam. Slots `m` and `v` (the exponentially weighted max of |g|).
 * @example new AdamaxOptimizer({ learningRate: 0.002 });
 */
export class AdamaxOptimizer extends MomentsOptimizer {
  static override className = 'Adamax';

  constructor(config: AdamConfig = {}) {
    super(config, 0.001, 'Adamax');
  }

  updateVariable(v: Variable, g: Tensor, slots: Tensor[]): Tensor[] {
    const attrs = { lr: this.currentLearningRate(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, step: this.iterations + 1 };
    const [p, m, u] = applyUpdateInPlace(AdamaxUpdateOp, { param: v, grad: g, m: slots[0] as Tensor, u: slots[1] as Tensor }, attrs) as [Tensor, Tensor, Tensor];
    v.assign(p);
    return [m, u];
  }
}

/**
 * Nadam (Dozat 2016), Keras 3 form: momentum factors beta1 (1 - 0.5 * 0.96^t) (PyTorch's NAdam with momentumDecay 1). The running product of momentum
 * factors is a function of `iterations`, so saved state is just `iter`, `m` and `v`.
 * @example new NadamOptimizer({ learningRate: 0.001 });
 */
export class NadamOptimizer extends MomentsOptimizer {
  static override className = 'Nadam';
  private productCache = { step: 0, product: 1 };

  constructor(config: AdamConfig = {}) {
    super(config, 0.001, 'Nadam');
  }

  private momentumFactor(step: number): number {
    return this.beta1 * (1 - 0.5 * 0.96 ** step);
  }

  /** Product of the momentum factors for steps 1..step. */
  private uProduct(step: number): number {
    let { step: s, product } = this.productCache;
    if (s > step) {
      s = 0;
      product = 1;
    }
    while (s < step) product *= this.momentumFactor(++s);
    this.productCache = { step: s, product };
    return product;
  }

  updateVariable(v: Variable, g: Tensor, slots: Tensor[]): Tensor[] {
    const step = this.iterations + 1;
    const uT = this.momentumFactor(step);
    const uT1 = this.momentumFactor(step + 1);
    const uProductT = this.uProduct(step);
    const attrs = {
      lr: this.currentLearningRate(),
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      step,
      uT,
      uT1,
      uProductT,
      uProductT1: uProductT * uT1,
    };
    const [p, m, vv] = applyUpdateInPlace(NadamUpdateOp, { param: v, grad: g, m: slots[0] as Tensor, v: slots[1] as Tensor }, attrs) as [Tensor, Tensor, Tensor];
    v.assign(p);
    return [m, vv];
  }
}
