// The dense projections inside transformer blocks, with optional LoRA adapters (Hu et al. 2021, "LoRA: Low-Rank
// Adaptation of Large Language Models"): y = x·W + b + (alpha / rank)·(x·A)·B, with A [in, rank] drawn like a
// Kaiming-uniform kernel and B [rank, out] zero, so the adapted layer starts equal to the base layer.
import { ConfigError, ShapeError } from '../../core/errors.js';
import { fmtShape } from '../../core/shape.js';
import { add, fusedMatMul, matMul, moments, mul, reshape, rsqrt, sub } from '../../ops/index.js';
import { Tensor, Variable } from '../../tensor/tensor.js';
import { getInitializer } from '../serialization.js';

/** LoRA settings. */
export interface LoraConfig {
  /** Rank r of the update A·B. */
  rank: number;
  /** Scale numerator: the update is multiplied by alpha / rank; default rank (scale 1). */
  alpha?: number;
  /** Dropout on the adapter input is not applied; seed of A's initializer. */
  seed?: number;
}

/** The adapter of one projection. */
export interface LoraAdapter {
  a: Variable;
  b: Variable;
  scale: number;
}

/** A kernel [in, out] and bias [out] with an optional LoRA adapter; not a Layer, the owning layer tracks the variables. */
export class Projection {
  lora: LoraAdapter | null = null;

  constructor(readonly kernel: Variable, readonly bias: Variable | null) {}

  /** x [..., in] → [..., out]. */
  apply(x: Tensor): Tensor {
    const inDim = this.kernel.shape[0] as number, outDim = this.kernel.shape[1] as number;
    if (x.shape[x.rank - 1] !== inDim) throw new ShapeError(`Projection ${this.kernel.name}: expected input [..., ${inDim}], received ${fmtShape(x.shape)}.`);
    const lead = x.shape.slice(0, -1);
    const x2 = reshape(x, [-1, inDim]);
    let y = this.bias ? fusedMatMul({ a: x2, b: this.kernel, bias: this.bias }) : matMul(x2, this.kernel);
    if (this.lora) y = add(y, mul(matMul(matMul(x2, this.lora.a), this.lora.b), this.lora.scale));
    return reshape(y, [...lead, outDim]);
  }

  /** Adds a LoRA adapter and freezes the base kernel and bias. */
  enableLora(config: LoraConfig): LoraAdapter {
    if (this.lora) throw new ConfigError(`LoRA: ${this.kernel.name} already has an adapter; merge or remove it first.`);
    if (!Number.isInteger(config.rank) || config.rank <= 0) throw new ConfigError(`LoRA: rank must be a positive integer, received ${JSON.stringify(config.rank)}.`);
    const [inDim, outDim] = this.kernel.shape as [number, number];
    const init = getInitializer({ className: 'HeUniform', config: config.seed === undefined ? {} : { seed: config.seed } });
    const a = new Variable(init.apply([inDim, config.rank], this.kernel.dtype), true, `${this.kernel.name}/lora_a`);
    const b = new Variable(new Tensor(this.kernel.dtype === 'float64' ? new Float64Array(config.rank * outDim) : new Float32Array(config.rank * outDim), [config.rank, outDim], this.kernel.dtype), true, `${this.kernel.name}/lora_b`);
    this.kernel.trainable = false;
    if (this.bias) this.bias.trainable = false;
    this.lora = { a, b, scale: (config.alpha ?? config.rank) / config.rank };
    return this.lora;
  }

  /** Folds the adapter into the kernel (W += scale·A·B) and removes it; the base weights become trainable again. */
  mergeLora(): void {
    if (!this.lora) return;
    const { a, b, scale } = this.lora;
    this.kernel.assign(add(this.kernel, mul(matMul(a, b), scale)));
    this.lora = null;
    this.kernel.trainable = true;
    if (this.bias) this.bias.trainable = true;
  }

  /** The variables: kernel, bias, then adapter A and B when present. */
  variables(): Variable[] {
    const out = [this.kernel];
    if (this.bias) out.push(this.bias);
    if (this.lora) out.push(this.lora.a, this.lora.b);
    return out;
  }
}

/** Layer normalization over the last axis (Ba et al. 2016) with biased variance, as PyTorch and Keras compute it. */
export function layerNorm(x: Tensor, gamma: Tensor, beta: Tensor | null, epsilon: number): Tensor {
  const { mean, variance } = moments(x, -1, true);
  const y = mul(mul(sub(x, mean), rsqrt(add(variance, epsilon))), gamma);
  return beta ? add(y, beta) : y;
}
