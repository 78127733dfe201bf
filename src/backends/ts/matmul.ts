import { computeStrides } from '../../core/shape.js';
import { registerKernel } from '../../core/kernel-registry.js';
import { MatMulOp, matMulDims } from '../../ops/matmul.js';
import { gemm } from './gemm.js';
import { broadcastStrides, out0 } from './util.js';

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
