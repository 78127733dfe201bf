import { registerKernel } from '../../core/kernel-registry.js';
import { type MirrorPadMode, MirrorPadGradOp, MirrorPadOp, type Paddings, PadOp } from '../../ops/pad.js';
import { gatherByAxisMaps, scatterByAxisMaps } from './axis-map.js';
import { out0 } from './util.js';

function constantMaps(shape: readonly number[], paddings: Paddings): Int32Array[] {
  return shape.map((d, i) => {
    const [b, a] = paddings[i] ?? [0, 0];
    const m = new Int32Array(d + b + a).fill(-1);
    for (let j = 0; j < d; j++) m[b + j] = j;
    return m;
  });
}

/** Source index of each padded position: reflect mirrors about the edge element, symmetric repeats it. */
function mirrorMaps(shape: readonly number[], paddings: Paddings, mode: MirrorPadMode): Int32Array[] {
  const extra = mode === 'reflect' ? 0 : 1;
  return shape.map((d, i) => {
    const [b, a] = paddings[i] ?? [0, 0];
    const m = new Int32Array(d + b + a);
    for (let j = 0; j < m.length; j++) {
      const k = j - b;
      m[j] = k < 0 ? -k - extra : k >= d ? 2 * d - 2 - k + extra : k;
    }
    return m;
  });
}

registerKernel(PadOp, 'ts', ({ x }, { paddings, constantValue }, o) =>
  gatherByAxisMaps(x.values, x.shape, constantMaps(x.shape, paddings), out0(o).values, constantValue));

registerKernel(MirrorPadOp, 'ts', ({ x }, { paddings, mode }, o) =>
  gatherByAxisMaps(x.values, x.shape, mirrorMaps(x.shape, paddings, mode), out0(o).values, 0));

registerKernel(MirrorPadGradOp, 'ts', ({ dy }, { paddings, mode, shape }, o) => {
  const out = out0(o);
  out.values.fill(0);
  scatterByAxisMaps(dy.values, mirrorMaps(shape, paddings, mode), out.values, shape);
});
