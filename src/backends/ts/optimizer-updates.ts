// Reference kernels for the fused optimizer updates (src/ops/optimizer-updates.ts). Each loop reads the old
// parameter and slots and writes the new ones into the outputs, in float64 arithmetic. The optimizers pass the
// parameter and slot tensors themselves as outputs (applyUpdateInPlace), so every loop must read element i of all
// its inputs before writing element i of any output; native kernels for these ops must do the same.
import type { TypedArray } from '../../core/dtype.js';
import type { TensorData } from '../../core/kernel-registry.js';
import { registerKernel } from '../../core/kernel-registry.js';
import {
  AdadeltaUpdateOp,
  AdagradUpdateOp,
  AdamUpdateOp,
  AdamaxUpdateOp,
  MomentumUpdateOp,
  NadamUpdateOp,
  RMSPropUpdateOp,
  SGDUpdateOp,
} from '../../ops/optimizer-updates.js';

function outs(o: TensorData[], n: number): TensorData['values'][] {
  if (o.length < n) throw new Error(`optimizer update kernel: expected ${n} outputs, the engine allocated ${o.length}`);
  return o.slice(0, n).map((t) => t.values);
}

registerKernel(SGDUpdateOp, 'ts', ({ param, grad }, { lr }, o) => {
  const [p] = outs(o, 1) as [TensorData['values']];
  const pv = param.values, gv = grad.values;
  for (let i = 0; i < p.length; i++) p[i] = (pv[i] as number) - lr * (gv[i] as number);
});

registerKernel(MomentumUpdateOp, 'ts', ({ param, grad, accum }, { lr, momentum, nesterov, kerasForm }, o) => {
  const [p, a] = outs(o, 2) as [TensorData['values'], TensorData['values']];
  const pv = param.values, gv = grad.values, av = accum.values;
  for (let i = 0; i < p.length; i++) {
    const g = gv[i] as number;
    const x = pv[i] as number;
    if (kerasForm) {
      // Keras SGD: m = momentum * m - lr * g; var += m (nesterov: var += momentum * m - lr * g).
      const m = momentum * (av[i] as number) - lr * g;
      a[i] = m;
      p[i] = nesterov ? x + momentum * m - lr * g : x + m;
    } else {
      // TF.js MomentumOptimizer: accum = momentum * accum + g; var -= lr * accum (nesterov: lr * (g + momentum * accum)).
      const acc = momentum * (av[i] as number) + g;
      a[i] = acc;
      p[i] = nesterov ? x - lr * (g + momentum * acc) : x - lr * acc;
    }
  }
});

registerKernel(AdagradUpdateOp, 'ts', ({ param, grad, accum }, { lr, epsilon }, o) => {
  const [p, a] = outs(o, 2) as [TensorData['values'], TensorData['values']];
  const pv = param.values, gv = grad.values, av = accum.values;
  for (let i = 0; i < p.length; i++) {
    const g = gv[i] as number;
    const acc = (av[i] as number) + g * g;
    a[i] = acc;
    p[i] = (pv[i] as number) - (lr * g) / Math.sqrt(acc + epsilon);
  }
});

registerKernel(AdadeltaUpdateOp, 'ts', ({ param, grad, accumGrad, accumVar }, { lr, rho, epsilon }, o) => {
  const [p, ag, av] = outs(o, 3) as [TensorData['values'], TensorData['values'], TensorData['values']];
  const pv = param.values, gv = grad.values, agv = accumGrad.values, avv = accumVar.values;
  for (let i = 0; i < p.length; i++) {
    const g = gv[i] as number;
    const newAg = rho * (agv[i] as number) + (1 - rho) * g * g;
    const update = (Math.sqrt((avv[i] as number) + epsilon) / Math.sqrt(newAg + epsilon)) * g;
    ag[i] = newAg;
    av[i] = rho * (avv[i] as number) + (1 - rho) * update * update;
    p[i] = (pv[i] as number) - lr * update;
  }
});

registerKernel(RMSPropUpdateOp, 'ts', ({ param, grad, ms, mom, mg }, { lr, rho, momentum, epsilon, centered }, o) => {
  const [p, msOut, momOut, mgOut] = outs(o, 4) as [TensorData['values'], TensorData['values'], TensorData['values'], TensorData['values']];
  const pv = param.values, gv = grad.values, msv = ms.values, momv = mom.values, mgv = mg.values;
  for (let i = 0; i < p.length; i++) {
    const g = gv[i] as number;
    const newMs = rho * (msv[i] as number) + (1 - rho) * g * g;
    let denom = newMs;
    let newMg = mgv[i] as number;
    if (centered) {
      newMg = rho * newMg + (1 - rho) * g;
      denom -= newMg * newMg;
    }
    const increment = (lr * g) / Math.sqrt(denom + epsilon);
    const newMom = momentum > 0 ? momentum * (momv[i] as number) + increment : momv[i] as number;
    msOut[i] = newMs;
    mgOut[i] = newMg;
    momOut[i] = newMom;
    p[i] = (pv[i] as number) - (momentum > 0 ? newMom : increment);
  }
});

registerKernel(AdamUpdateOp, 'ts', ({ param, grad, m, v }, { lr, beta1, beta2, epsilon, step, weightDecay }, o) => {
  const [p, mOut, vOut] = outs(o, 3) as [TensorData['values'], TensorData['values'], TensorData['values']];
  adamLoop(param.values, grad.values, m.values, v.values, p, mOut, vOut, lr, beta1, beta2, epsilon, step, weightDecay);
});

/** The Adam loop over every parameter, with hoisted constants and one load per array element. */
function adamLoop(
  pv: TypedArray, gv: TypedArray, mv: TypedArray, vv: TypedArray, p: TypedArray, mOut: TypedArray, vOut: TypedArray,
  lr: number, beta1: number, beta2: number, epsilon: number, step: number, weightDecay: number,
): void {
  // Keras: alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t); var -= alpha * m / (sqrt(v) + eps).
  const alpha = (lr * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
  const c1 = 1 - beta1, c2 = 1 - beta2, decay = weightDecay * lr;
  const len = p.length;
  for (let i = 0; i < len; i++) {
    const g = gv[i] as number;
    const mi = mv[i] as number;
    const vi = vv[i] as number;
    let x = pv[i] as number;
    if (decay !== 0) x -= x * decay; // AdamW: decoupled decay before the Adam step
    const newM = mi + (g - mi) * c1;
    const newV = vi + (g * g - vi) * c2;
    mOut[i] = newM;
    vOut[i] = newV;
    p[i] = x - (alpha * newM) / (Math.sqrt(newV) + epsilon);
  }
}

registerKernel(AdamaxUpdateOp, 'ts', ({ param, grad, m, u }, { lr, beta1, beta2, epsilon, step }, o) => {
  const [p, mOut, uOut] = outs(o, 3) as [TensorData['values'], TensorData['values'], TensorData['values']];
  const pv = param.values, gv = grad.values, mv = m.values, uv = u.values;
  const scale = lr / (1 - beta1 ** step);
  for (let i = 0; i < p.length; i++) {
    const g = gv[i] as number;
    const newM = beta1 * (mv[i] as number) + (1 - beta1) * g;
    const newU = Math.max(beta2 * (uv[i] as number), Math.abs(g));
    mOut[i] = newM;
    uOut[i] = newU;
    p[i] = (pv[i] as number) - (scale * newM) / (newU + epsilon);
  }
});

registerKernel(NadamUpdateOp, 'ts', ({ param, grad, m, v }, a, o) => {
  const [p, mOut, vOut] = outs(o, 3) as [TensorData['values'], TensorData['values'], TensorData['values']];
  const pv = param.values, gv = grad.values, mv = m.values, vv = v.values;
  const beta2Power = a.beta2 ** a.step;
  for (let i = 0; i < p.length; i++) {
    const g = gv[i] as number;
    const newM = (mv[i] as number) + (g - (mv[i] as number)) * (1 - a.beta1);
    const newV = (vv[i] as number) + (g * g - (vv[i] as number)) * (1 - a.beta2);
    const mHat = (a.uT1 * newM) / (1 - a.uProductT1) + ((1 - a.uT) * g) / (1 - a.uProductT);
    const vHat = newV / (1 - beta2Power);
    mOut[i] = newM;
    vOut[i] = newV;
    p[i] = (pv[i] as number) - (a.lr * mHat) / (Math.sqrt(vHat) + a.epsilon);
  }
});
