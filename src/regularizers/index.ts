// Public surface of src/regularizers/ (tf.regularizers.*): weight penalties added to the training loss.
// See docs/ARCHITECTURE.md, "Training building blocks".
import { ConfigError } from '../core/errors.js';
import { normalizeId } from '../core/ids.js';
import { abs, add, mul, scalar, square, sum } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';

/** A penalty on a weight tensor; `apply` returns a scalar added to the loss. */
export interface Regularizer {
  /** Serialized class name ('L1L2'; TF.js serializes l1/l2 as L1L2 too). */
  readonly className: string;
  /** The scalar penalty for `x`. */
  apply(x: Tensor): Tensor;
  /** Constructor options, for serialization. */
  getConfig(): Record<string, number>;
}

/** Options of L1L2. */
export interface L1L2Config {
  l1?: number;
  l2?: number;
}

function coefficient(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new ConfigError(`L1L2: ${name} must be a non-negative number, received ${String(v)}.`);
  }
  return v;
}

/**
 * l1 * sum(|x|) + l2 * sum(x^2).
 * @example new L1L2({ l1: 0.01, l2: 0.01 }).apply(tensor([1, -2])); // 0.03 + 0.05 = 0.08
 */
export class L1L2 implements Regularizer {
  static readonly className = 'L1L2';
  readonly className: string = 'L1L2';
  readonly l1: number;
  readonly l2: number;

  constructor(config: L1L2Config = {}) {
    this.l1 = coefficient(config.l1 ?? 0, 'l1');
    this.l2 = coefficient(config.l2 ?? 0, 'l2');
  }

  apply(x: Tensor): Tensor {
    // Coefficients become scalars of x's float dtype, so float64 weights keep full precision.
    const dtype = x.dtype === 'float64' ? 'float64' : 'float32';
    let total = scalar(0, dtype);
    if (this.l1 > 0) total = add(total, mul(sum(abs(x)), scalar(this.l1, dtype)));
    if (this.l2 > 0) total = add(total, mul(sum(square(x)), scalar(this.l2, dtype)));
    return total;
  }

  getConfig(): Record<string, number> {
    return { l1: this.l1, l2: this.l2 };
  }
}

/**
 * L1 penalty (Keras default 0.01).
 * @example l1({ l1: 0.001 });
 */
export function l1(config: { l1?: number } = {}): Regularizer {
  return new L1L2({ l1: config.l1 ?? 0.01 });
}

/**
 * L2 penalty (Keras default 0.01).
 * @example l2({ l2: 0.001 });
 */
export function l2(config: { l2?: number } = {}): Regularizer {
  return new L1L2({ l2: config.l2 ?? 0.01 });
}

/**
 * Combined L1 and L2 penalty (Keras defaults 0.01 each).
 * @example l1l2({ l1: 0.01, l2: 0.001 });
 */
export function l1l2(config: L1L2Config = {}): Regularizer {
  return new L1L2({ l1: config.l1 ?? 0.01, l2: config.l2 ?? 0.01 });
}

/** A serialized regularizer. */
export interface RegularizerSpec {
  className: string;
  config?: Record<string, unknown>;
}

/**
 * Resolves a regularizer from an id ('l1', 'l2', 'l1l2', 'l1_l2'; Keras default 0.01), a `{className, config}` object
 * ('L1L2', 'L1', 'L2'), or a Regularizer; undefined/null give null (no penalty).
 * @example getRegularizer('l2')?.apply(w); getRegularizer({ className: 'L1L2', config: { l1: 0, l2: 0.1 } });
 */
export function getRegularizer(id: string | RegularizerSpec | Regularizer | undefined | null): Regularizer | null {
  if (id === undefined || id === null) return null;
  if (typeof id === 'object' && 'apply' in id && typeof id.apply === 'function') return id;
  const name = typeof id === 'string' ? id : id.className;
  const key = typeof name === 'string' ? name.toLowerCase().replace(/_/g, '') : '';
  const raw: Record<string, unknown> = {};
  if (typeof id !== 'string') for (const [k, v] of Object.entries((id as RegularizerSpec).config ?? {})) raw[normalizeId(k)] = v;
  const l1v = raw['l1'] === undefined ? undefined : coefficient(raw['l1'], 'l1');
  const l2v = raw['l2'] === undefined ? undefined : coefficient(raw['l2'], 'l2');
  const fromSpec = typeof id !== 'string';
  if (key === 'l1') return l1(l1v === undefined ? {} : { l1: l1v });
  if (key === 'l2') return l2(l2v === undefined ? {} : { l2: l2v });
  if (key === 'l1l2') {
    // A serialized L1L2 means exactly its config (missing keys are 0); the bare id 'l1l2' uses Keras defaults.
    if (fromSpec) return new L1L2({ l1: l1v ?? 0, l2: l2v ?? 0 });
    return l1l2();
  }
  throw new ConfigError(
    `getRegularizer: unknown regularizer ${JSON.stringify(name ?? id)}. Expected 'l1', 'l2', 'l1l2', a {className: 'L1L2', config} ` +
      'object, or a Regularizer.',
  );
}

/**
 * Serializes a regularizer as `{className, config}`.
 * @example serializeRegularizer(l2()); // { className: 'L1L2', config: { l1: 0, l2: 0.01 } }
 */
export function serializeRegularizer(r: Regularizer): { className: string; config: Record<string, number> } {
  return { className: r.className, config: r.getConfig() };
}
