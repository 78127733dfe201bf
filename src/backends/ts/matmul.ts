import type { TypedArray } from '../../core/dtype.js';
import { computeStrides } from '../../core/shape.js';
import { registerKernel } from '../../backend/registry.js';
import { MatMulOp, matMulDims } from '../../ops/matmul.js';
import { broadcastStrides, out0 } from './util.js';

const KB = 256;
const JB = 512;

/**
 * C[m×n] = op(A) · op(B) for one matrix pair at the given offsets. The i-k-j order keeps the innermost loop
 * contiguous in B and C; blocking over k and j keeps a panel of B in cache while rows of A stream past.
 */
export function gemm(
  av: TypedArray, aOff: number, bv: TypedArray, bOff: number, cv: TypedArray, cOff: number,
  m: number, k: number, n: number, transA: boolean, transB: boolean,
): void {
  for (let i = 0; i < m * n; i++) cv[cOff + i] = 0;
  if (transB) {
    // Rows of op(B) are contiguous rows of B: each C entry is a dot product of two contiguous vectors.
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        const bRow = bOff + j * k;
        if (transA) for (let p = 0; p < k; p++) s += (av[aOff + p * m + i] as number) * (bv[bRow + p] as number);
        else {
          const aRow = aOff + i * k;
          for (let p = 0; p < k; p++) s += (av[aRow + p] as number) * (bv[bRow + p] as number);
        }
        cv[cOff + i * n + j] = s;
      }
    }
    return;
  }
  for (let k0 = 0; k0 < k; k0 += KB) {
    const k1 = Math.min(k, k0 + KB);
    for (let j0 = 0; j0 < n; j0 += JB) {
      const j1 = Math.min(n, j0 + JB);
      for (let i = 0; i < m; i++) {
        const cRow = cOff + i * n;
        for (let p = k0; p < k1; p++) {
          const a = (transA ? av[aOff + p * m + i] : av[aOff + i * k + p]) as number;
          if (a === 0) continue;
          const bRow = bOff + p * n;
          for (let j = j0; j < j1; j++) cv[cRow + j] = (cv[cRow + j] as number) + a * (bv[bRow + j] as number);
        }
      }
    }
  }
}

registerKernel(MatMulOp, 'ts', ({ a, b }, attrs, o) => {
  const out = out0(o);
  const { batch, m, k, n } = matMulDims(a.shape, b.shape, attrs);
  const batchSize = batch.reduce((p, d) => p * d, 1);
  const sa = broadcastStrides(a.shape.slice(0, -2), batch);
  const sb = broadcastStrides(b.shape.slice(0, -2), batch);
  const bStrides = computeStrides(batch);
  for (let bi = 0; bi < batchSize; bi++) {
    let ia = 0;
    let ib = 0;
    let rem = bi;
    for (let d = 0; d < batch.length; d++) {
      const idx = Math.floor(rem / (bStrides[d] ?? 1));
      rem -= idx * (bStrides[d] ?? 1);
      ia += idx * (sa[d] ?? 0);
      ib += idx * (sb[d] ?? 0);
    }
    gemm(a.values, ia * m * k, b.values, ib * k * n, out.values, bi * m * n, m, k, n, attrs.transposeA, attrs.transposeB);
  }
});
