import { registerKernel } from '../../backend/registry.js';
import { AddOp, DivOp, MulOp, NegOp, SubOp } from '../../ops/arithmetic.js';
import { CastOp } from '../../ops/cast.js';
import { binaryLoop, out0, unaryLoop } from './util.js';

registerKernel(AddOp, 'ts', ({ a, b }, _, o) => binaryLoop(a, b, out0(o), (x, y) => x + y));
registerKernel(SubOp, 'ts', ({ a, b }, _, o) => binaryLoop(a, b, out0(o), (x, y) => x - y));
registerKernel(MulOp, 'ts', ({ a, b }, _, o) => binaryLoop(a, b, out0(o), (x, y) => x * y));
registerKernel(DivOp, 'ts', ({ a, b }, _, o) => binaryLoop(a, b, out0(o), (x, y) => x / y));
registerKernel(NegOp, 'ts', ({ x }, _, o) => unaryLoop(x, out0(o), (v) => -v));
registerKernel(CastOp, 'ts', ({ x }, { dtype }, o) => {
  const out = out0(o);
  if (dtype === 'bool') unaryLoop(x, out, (v) => (v !== 0 ? 1 : 0));
  else if (dtype === 'int32') unaryLoop(x, out, (v) => Math.trunc(v));
  else out.values.set(x.values);
});
