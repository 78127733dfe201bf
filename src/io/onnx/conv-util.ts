// Layout helpers shared by the convolution-style ONNX converters.
import { ValueError } from '../../core/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { LayerCall } from './layers.js';

/** Permutes a tensor's axes into a new float32 array (for kernel layout changes). @example permuted(kernel, [3, 2, 0, 1]); */
export function permuted(t: Tensor, perm: number[]): { values: Float32Array; dims: number[] } {
  const dims = perm.map((p) => t.shape[p] as number);
  const inStrides = t.shape.map((_, i) => t.shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float32Array(t.size);
  const idx = new Array<number>(dims.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let k = 0; k < dims.length; k++) src += (idx[k] as number) * (inStrides[perm[k] as number] as number);
    out[o] = t.values[src] as number;
    for (let k = dims.length - 1; k >= 0; k--) {
      idx[k] = (idx[k] as number) + 1;
      if ((idx[k] as number) < (dims[k] as number)) break;
      idx[k] = 0;
    }
  }
  return { values: out, dims };
}

/** Throws unless the layer is channelsLast (the only layout exported). @example checkChannelsLast(call); */
export function checkChannelsLast(c: LayerCall): void {
  const fmt = c.config.dataFormat;
  if (fmt !== undefined && fmt !== 'channelsLast') {
    throw new ValueError(`exportOnnx: layer '${c.layer.name}' uses dataFormat '${String(fmt)}'; only channelsLast layers can be exported.`);
  }
}

/** ONNX auto_pad for a Keras padding mode ('same' -> 'SAME_UPPER'). @example autoPad(call); */
export function autoPad(c: LayerCall): string {
  const p = c.config.padding;
  if (p === 'valid') return 'VALID';
  // TF/Keras 'same' puts the extra padding at the end, which is ONNX SAME_UPPER.
  if (p === 'same') return 'SAME_UPPER';
  throw new ValueError(`exportOnnx: layer '${c.layer.name}' uses padding '${String(p)}'; only 'valid' and 'same' can be exported.`);
}

/** A number or tuple config value as a list of `n` numbers. @example nums(2, 2); // [2, 2] */
export function nums(v: unknown, n: number): number[] {
  return Array.isArray(v) ? (v as number[]) : new Array<number>(n).fill(Number(v));
}

/** Runs `body` on the input transposed channels-first (rank 3 or 4), then transposes back. @example channelsFirst(call, 4, (x) => g.op('MaxPool', [x])); */
export function channelsFirst(c: LayerCall, rank: number, body: (x: string) => string): string {
  const toCF = rank === 4 ? [0, 3, 1, 2] : [0, 2, 1];
  const toCL = rank === 4 ? [0, 2, 3, 1] : [0, 2, 1];
  const x = c.g.op('Transpose', [(c.inputs[0] as string)], { perm: { ints: toCF } }, `${c.layer.name}/to_nchw`);
  return c.g.op('Transpose', [body(x)], { perm: { ints: toCL } }, `${c.layer.name}/to_nhwc`);
}

