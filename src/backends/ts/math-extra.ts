// TS kernels for ops/math-extra.ts.
import { registerKernel } from '../../core/kernel-registry.js';
import * as m from '../../ops/math-extra.js';
import { CumprodOp } from '../../ops/nn-extra.js';
import { out0, unaryLoop } from './util.js';

registerKernel(m.AcoshOp, 'ts', ({ x }, _, o) => unaryLoop(x, out0(o), Math.acosh));
registerKernel(m.AsinhOp, 'ts', ({ x }, _, o) => unaryLoop(x, out0(o), Math.asinh));
registerKernel(m.AtanhOp, 'ts', ({ x }, _, o) => unaryLoop(x, out0(o), Math.atanh));
registerKernel(m.StepOp, 'ts', ({ x }, { alpha }, o) => unaryLoop(x, out0(o), (v) => (Number.isNaN(v) ? NaN : v > 0 ? 1 : alpha)));
registerKernel(m.IdentityOp, 'ts', ({ x }, _, o) => out0(o).values.set(x.values));

registerKernel(CumprodOp, 'ts', ({ x }, { axis, exclusive, reverse }, o) => {
  const outer = x.shape.slice(0, axis).reduce((p, d) => p * d, 1);
  const len = x.shape[axis] ?? 1;
  const inner = x.shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const xv = x.values;
  const ov = out0(o).values;
  for (let p = 0; p < outer; p++) {
    for (let i = 0; i < inner; i++) {
      let acc = 1;
      for (let s = 0; s < len; s++) {
        const at = (p * len + (reverse ? len - 1 - s : s)) * inner + i;
        if (exclusive) {
          ov[at] = acc;
          acc *= xv[at] as number;
        } else {
          acc *= xv[at] as number;
          ov[at] = acc;
        }
      }
    }
  }
});
