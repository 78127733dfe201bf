// TS kernels for ops/math-extra.ts.
import { registerKernel } from '../../backend/registry.js';
import * as m from '../../ops/math-extra.js';
import { out0, unaryLoop } from './util.js';

registerKernel(m.AcoshOp, 'ts', ({ x }, _, o) => unaryLoop(x, out0(o), Math.acosh));
registerKernel(m.AsinhOp, 'ts', ({ x }, _, o) => unaryLoop(x, out0(o), Math.asinh));
registerKernel(m.AtanhOp, 'ts', ({ x }, _, o) => unaryLoop(x, out0(o), Math.atanh));
registerKernel(m.StepOp, 'ts', ({ x }, { alpha }, o) => unaryLoop(x, out0(o), (v) => (Number.isNaN(v) ? NaN : v > 0 ? 1 : alpha)));
registerKernel(m.IdentityOp, 'ts', ({ x }, _, o) => out0(o).values.set(x.values as never));
