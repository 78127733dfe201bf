import { Dense } from '../layers/core.js';
import { InputLayer } from '../layers/input-layer.js';
import { Dropout } from '../layers/noise.js';
import { Flatten } from '../layers/reshaping.js';
import { add, mul, sub } from '../ops/arithmetic.js';
import { valueAndGrads } from '../ops/gradients.js';
import { matMul } from '../ops/matmul.js';
import { sum } from '../ops/reduction.js';
import { reshape } from '../ops/reshape.js';
import { zeros } from '../ops/creation.js';
import { Tensor, type Variable } from '../tensor/tensor.js';
import type { PrivateTrainable } from '../privacy/dp-sgd.js';

type LossFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** The Dense layers of a plain MLP (Flatten, Dropout and InputLayer allowed around them), or null. */
function denseStack(layers: readonly unknown[]): Dense[] | null {
  const dense: Dense[] = [];
  for (const l of layers) {
    if (l instanceof InputLayer || l instanceof Dropout) continue;
    if (l instanceof Flatten) {
      if (dense.length > 0) return null;
      continue;
    }
    if (!(l instanceof Dense) || !l.kernel || l.kernel.rank !== 2 || !l.trainable) return null;
    const c = l.getConfig();
    // Regularisers and constraints change the update beyond the data gradient: leave those to the general path.
    if (c.kernelRegularizer || c.biasRegularizer || c.activityRegularizer || c.kernelConstraint || c.biasConstraint) return null;
    dense.push(l);
  }
  return dense.length > 0 ? dense : null;
}

/**
 * Vectorised DP-SGD for Dense stacks (Goodfellow 2015; Opacus' ghost clipping): one forward/backward pass with a
 * zero probe added to every pre-activation gives each example's δ_l = ∂loss_i/∂z_l. Example i's gradient for layer
 * l is (a_l,i ⊗ δ_l,i, δ_l,i), so its squared norm is Σ_l (‖a_l,i‖² + 1)·‖δ_l,i‖², and the clipped sum is
 * a_lᵀ(c ⊙ δ_l): no per-example backward pass. Dropout runs as at inference (off). Null when the model is not a
 * plain Dense stack, so the caller falls back to per-example passes.
 */
export function denseStackClipper(layers: readonly unknown[] | undefined, lossFn: LossFn): PrivateTrainable | null {
  const dense = layers ? denseStack(layers) : null;
  if (!dense) return null;
  const vars: Variable[] = dense.flatMap((l) => (l.bias ? [l.kernel as Variable, l.bias] : [l.kernel as Variable]));
  return {
    clippedGradientSum(x: Tensor, y: Tensor, clip: number) {
      const n = x.shape[0] ?? 0;
      const x2 = reshape(x.dtype === 'float32' ? x : new Tensor(Float32Array.from(x.values as ArrayLike<number>), x.shape, 'float32'), [n, x.size / Math.max(n, 1)]);
      const inputs: Tensor[] = [];
      const probes = dense.map((l) => zeros([n, (l.kernel as Variable).shape[1] ?? 0]));
      const { value, grads: deltas } = valueAndGrads((...ps: Tensor[]) => {
        let a = x2;
        inputs.length = 0;
        dense.forEach((l, k) => {
          inputs.push(a);
          let z = matMul(a, l.kernel as Variable);
          if (l.bias) z = add(z, l.bias);
          a = l.activation.apply(add(z, ps[k] as Tensor));
        });
        return sum(lossFn(y, a));
      })(probes);
      const sq = new Float64Array(n);
      dense.forEach((l, k) => {
        const aSq = sum(mul(inputs[k] as Tensor, inputs[k] as Tensor), 1).values;
        const d = deltas[k] as Tensor;
        const dSq = sum(mul(d, d), 1).values;
        for (let i = 0; i < n; i++) sq[i] = (sq[i] as number) + ((aSq[i] as number) + (l.bias ? 1 : 0)) * (dSq[i] as number);
      });
      const scale = new Float32Array(n);
      let clipped = 0;
      for (let i = 0; i < n; i++) {
        const norm = Math.sqrt(sq[i] as number);
        scale[i] = norm > clip ? clip / norm : 1;
        if (norm > clip) clipped++;
      }
      const c = new Tensor(scale, [n, 1], 'float32');
      const sums: Float32Array[] = [];
      dense.forEach((l, k) => {
        const scaled = mul(deltas[k] as Tensor, c);
        sums.push(Float32Array.from(matMul(inputs[k] as Tensor, scaled, true, false).values as Float32Array));
        if (l.bias) sums.push(Float32Array.from(sum(scaled, 0).values as Float32Array));
      });
      return { sums, clipped, lossSum: Number(value.values[0]) };
    },
    applyUpdate(update: Float32Array[], lr: number) {
      vars.forEach((v, k) => v.assign(sub(v, mul(new Tensor(update[k] as Float32Array, v.shape, 'float32'), lr))));
    },
  };
}
