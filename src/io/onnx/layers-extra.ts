// ONNX conversion of merge layers, LayerNormalization, ZeroPadding2D and nearest UpSampling2D.
import { ValueError } from '../../core/errors.js';
import type { LayerCall } from './layers.js';

function chain(c: LayerCall, op: string): string {
  let acc = c.inputs[0] as string;
  for (const x of c.inputs.slice(1)) acc = c.g.op(op, [acc, x], {}, `${c.layer.name}/${op.toLowerCase()}`);
  return acc;
}

function weight(c: LayerCall, suffix: string): ArrayLike<number> | null {
  return c.layer.weights.find((w) => w.name.endsWith(`/${suffix}`))?.values ?? null;
}

/** Converters keyed by class name, merged into the exporter's table. */
export const EXTRA_CONVERTERS: Record<string, (c: LayerCall) => string> = {
  Add: (c) => chain(c, 'Add'),
  Subtract: (c) => c.g.op('Sub', c.inputs, {}, `${c.layer.name}/sub`),
  Multiply: (c) => chain(c, 'Mul'),
  Maximum: (c) => c.g.op('Max', c.inputs, {}, `${c.layer.name}/max`),
  Minimum: (c) => c.g.op('Min', c.inputs, {}, `${c.layer.name}/min`),
  Average: (c) => c.g.op('Mean', c.inputs, {}, `${c.layer.name}/mean`),
  Concatenate: (c) => c.g.op('Concat', c.inputs, { axis: { i: Number(c.config.axis ?? -1) } }, `${c.layer.name}/concat`),
  LayerNormalization: (c) => {
    const rank = c.inShapes[0]?.length ?? 0;
    const axis = c.config.axis;
    const axes = Array.isArray(axis) ? (axis as number[]) : [Number(axis ?? -1)];
    if (axes.length !== 1 || (axes[0] !== -1 && axes[0] !== rank - 1)) {
      throw new ValueError(`exportOnnx: LayerNormalization '${c.layer.name}' normalizes axes ${JSON.stringify(axis)}; only the last axis can be exported.`);
    }
    const n = Number(c.inShapes[0]?.[rank - 1]);
    const gamma = weight(c, 'gamma');
    const beta = weight(c, 'beta');
    const scale = c.g.floats(`${c.layer.name}/gamma`, gamma ?? new Float32Array(n).fill(1), [n]);
    const bias = c.g.floats(`${c.layer.name}/beta`, beta ?? new Float32Array(n), [n]);
    return c.g.op('LayerNormalization', [c.inputs[0] as string, scale, bias], { axis: { i: -1 }, epsilon: { f: Number(c.config.epsilon ?? 1e-3) } }, `${c.layer.name}/layer_norm`);
  },
  ZeroPadding2D: (c) => {
    if (c.config.dataFormat !== undefined && c.config.dataFormat !== 'channelsLast') throw new ValueError(`exportOnnx: ZeroPadding2D '${c.layer.name}' must be channelsLast.`);
    const [[t, b], [l, r]] = c.config.padding as [[number, number], [number, number]];
    return c.g.op('Pad', [c.inputs[0] as string, c.g.ints64(`${c.layer.name}/pads`, [0, t, l, 0, 0, b, r, 0])], { mode: { s: 'constant' } }, `${c.layer.name}/pad`);
  },
  UpSampling2D: (c) => {
    if (c.config.interpolation !== undefined && c.config.interpolation !== 'nearest') {
      throw new ValueError(`exportOnnx: UpSampling2D '${c.layer.name}' uses '${String(c.config.interpolation)}' interpolation; only 'nearest' can be exported.`);
    }
    const [sh, sw] = c.config.size as [number, number];
    // Nearest upsampling by an integer factor repeats pixels: asymmetric coordinates with floor rounding.
    return c.g.op('Resize', [c.inputs[0] as string, '', c.g.floats(`${c.layer.name}/scales`, [1, sh, sw, 1], [4])], {
      mode: { s: 'nearest' }, coordinate_transformation_mode: { s: 'asymmetric' }, nearest_mode: { s: 'floor' },
    }, `${c.layer.name}/resize`);
  },
};
