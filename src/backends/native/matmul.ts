// Native BatchMatMul: every transpose combination and broadcast batch dimensions run on the packed GEMM.
import { registerKernel } from '../../core/kernel-registry.js';
import { MatMulOp, matMulDims } from '../../ops/matmul.js';
import type { NativeAddon } from './addon.js';
import { allF32, f32, first } from './util.js';

function product(dims: readonly number[]): number {
  let p = 1;
  for (const d of dims) p *= d;
  return p;
}

/** For each batch index, the index of the matrix of an operand with batch shape `dims` broadcast to `batch`. */
function matrixIndex(dims: readonly number[], batch: readonly number[]): Int32Array {
  const total = product(batch);
  const out = new Int32Array(total);
  const offset = batch.length - dims.length;
  for (let i = 0; i < total; i++) {
    let rem = i;
    let idx = 0;
    let stride = 1;
    for (let d = batch.length - 1; d >= 0; d--) {
      const n = batch[d] ?? 1;
      const coord = rem % n;
      rem = (rem - coord) / n;
      const own = d - offset >= 0 ? (dims[d - offset] ?? 1) : 1;
      if (own !== 1) idx += coord * stride;
      stride *= own;
    }
    out[i] = idx;
  }
  return out;
}

/** Registers the native matmul kernel. */
export function registerMatMul(addon: NativeAddon): void {
  registerKernel(
    MatMulOp,
    'native',
    ({ a, b }, attrs, outputs) => {
      const { batch, m, k, n } = matMulDims(a.shape, b.shape, attrs);
      const batchSize = product(batch);
      const aDims = a.shape.slice(0, -2);
      const bDims = b.shape.slice(0, -2);
      const aMats = product(aDims);
      const bMats = product(bDims);
      const direct = (mats: number): boolean => mats === 1 || mats === batchSize;
      const aIndex = direct(aMats) ? null : matrixIndex(aDims, batch);
      const bIndex = direct(bMats) ? null : matrixIndex(bDims, batch);
      addon.matmul(
        f32(a), f32(b), f32(first(outputs)), m, n, k, attrs.transposeA, attrs.transposeB, batchSize, aIndex, bIndex, aMats, bMats,
      );
    },
    { accepts: ({ a, b }) => allF32(a, b) },
  );
}
