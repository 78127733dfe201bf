// Mixed-precision ops: a matmul and a 2-D convolution whose inputs are in the compute dtype and whose results are
// accumulated and returned in float32 when the inputs are bfloat16 (in the inputs' own dtype otherwise, so the
// gradient rules are checked by finite differences in float64 like every other op). Layers call them under the
// 'mixed_bfloat16' policy (src/layers/policy.ts); native kernels use AVX512_BF16 or a float32-widening path.
import { DTypeError, ShapeError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { defineOp, run1 } from '../tensor/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { type ConvAttrs, type PadType, convGeometry, pair, type Pair } from './conv-util.js';

/** Attributes of MixedMatMul. */
export interface MixedMatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

const accDtype = (t: Tensor) => (t.dtype === 'bfloat16' ? 'float32' : t.dtype);

function sameFloat(a: Tensor, b: Tensor, op: string): void {
  const ok = (d: string) => d === 'bfloat16' || d === 'float32' || d === 'float64';
  if (a.dtype !== b.dtype || !ok(a.dtype)) {
    throw new DTypeError(`${op}: both inputs must share one float dtype (bfloat16, float32 or float64), received ${a.dtype} and ${b.dtype}. Cast them with tf.cast(x, 'bfloat16').`);
  }
}

/** MixedMatMul op declaration: op(a) [m, k] · op(b) [k, n] → [m, n], float32 for bfloat16 inputs. */
export const MixedMatMulOp = defineOp<'a' | 'b', MixedMatMulAttrs>({
  name: 'MixedMatMul',
  inputs: ['a', 'b'],
  fullyWrites: true,
  infer: ({ a, b }, { transposeA, transposeB }) => {
    sameFloat(a, b, 'mixedMatMul');
    if (a.rank !== 2 || b.rank !== 2) throw new ShapeError(`mixedMatMul: expected rank-2 inputs, received ${fmtShape(a.shape)} and ${fmtShape(b.shape)}. Reshape to 2-D first.`);
    const [m, ka] = transposeA ? [a.shape[1] ?? 0, a.shape[0] ?? 0] : [a.shape[0] ?? 0, a.shape[1] ?? 0];
    const [kb, n] = transposeB ? [b.shape[1] ?? 0, b.shape[0] ?? 0] : [b.shape[0] ?? 0, b.shape[1] ?? 0];
    if (ka !== kb) throw new ShapeError(`mixedMatMul: inner dimensions differ: ${fmtShape(a.shape)} and ${fmtShape(b.shape)} (transposeA ${transposeA}, transposeB ${transposeB}).`);
    return { shape: [m, n], dtype: accDtype(a) };
  },
  // dy arrives in float32 and is rounded to the compute dtype, as Keras's bf16 backward pass computes in bf16.
  grad: (dy, { a, b }, { transposeA: ta, transposeB: tb }) => ({
    get a() {
      const d = cast(dy, a.dtype);
      return ta ? (tb ? mixedMatMul(b, d, true, true) : mixedMatMul(b, d, false, true)) : mixedMatMul(d, b, false, !tb);
    },
    get b() {
      const d = cast(dy, b.dtype);
      return tb ? (ta ? mixedMatMul(d, a, true, true) : mixedMatMul(d, a, true, false)) : mixedMatMul(a, d, !ta, false);
    },
  }),
});

/**
 * op(a) · op(b) with float32 accumulation for bfloat16 inputs (rank 2).
 * @example mixedMatMul(cast(x, 'bfloat16'), cast(w, 'bfloat16')); // float32 [m, n]
 */
export function mixedMatMul(a: Tensor, b: Tensor, transposeA = false, transposeB = false): Tensor {
  return run1(MixedMatMulOp, { a, b }, { transposeA, transposeB });
}

/** Attributes of the mixed convolution's gradient ops. */
export type MixedConvInputAttrs = ConvAttrs & { inputShape: number[] };
export type MixedConvFilterAttrs = ConvAttrs & { filterShape: number[] };

/** MixedConv2DBackpropInput op declaration: dx of MixedConv2D (float32 for bfloat16 dy and filter). */
export const MixedConv2DBackpropInputOp = defineOp<'dy' | 'filter', MixedConvInputAttrs>({
  name: 'MixedConv2DBackpropInput',
  inputs: ['dy', 'filter'],
  infer: ({ dy, filter }, { inputShape }) => {
    sameFloat(dy, filter, 'mixedConv2d (input gradient)');
    return { shape: [...inputShape], dtype: accDtype(dy) };
  },
  grad: null,
});

/** MixedConv2DBackpropFilter op declaration: dfilter of MixedConv2D. */
export const MixedConv2DBackpropFilterOp = defineOp<'x' | 'dy', MixedConvFilterAttrs>({
  name: 'MixedConv2DBackpropFilter',
  inputs: ['x', 'dy'],
  infer: ({ x, dy }, { filterShape }) => {
    sameFloat(x, dy, 'mixedConv2d (filter gradient)');
    return { shape: [...filterShape], dtype: accDtype(x) };
  },
  grad: null,
});

/** MixedConv2D op declaration: NHWC x, HWIO filter → NHWC output, float32 for bfloat16 inputs. */
export const MixedConv2DOp = defineOp<'x' | 'filter', ConvAttrs>({
  name: 'MixedConv2D',
  inputs: ['x', 'filter'],
  infer: ({ x, filter }, a) => {
    sameFloat(x, filter, 'mixedConv2d');
    if (x.rank !== 4 || filter.rank !== 4 || x.shape[3] !== filter.shape[2]) {
      throw new ShapeError(`mixedConv2d: expected x [N, H, W, C] and filter [fh, fw, C, outC], received ${fmtShape(x.shape)} and ${fmtShape(filter.shape)}.`);
    }
    return { shape: [x.shape[0] ?? 0, a.outHeight, a.outWidth, filter.shape[3] ?? 0], dtype: accDtype(x) };
  },
  grad: (dy, { x, filter }, a) => ({
    get x() { return run1(MixedConv2DBackpropInputOp, { dy: cast(dy, filter.dtype), filter }, { ...a, inputShape: [...x.shape] }); },
    get filter() { return run1(MixedConv2DBackpropFilterOp, { x, dy: cast(dy, x.dtype) }, { ...a, filterShape: [...filter.shape] }); },
  }),
});

/**
 * 2-D convolution (NHWC, HWIO) with float32 accumulation for bfloat16 inputs.
 * @example mixedConv2d(cast(x, 'bfloat16'), cast(w, 'bfloat16'), 1, 'valid');
 */
export function mixedConv2d(x: Tensor, filter: Tensor, strides: Pair, pad: PadType, dilations: Pair = 1): Tensor {
  const a = convGeometry(x.shape, [filter.shape[0] ?? 0, filter.shape[1] ?? 0], pair(strides, 'strides', 'mixedConv2d'), pair(dilations, 'dilations', 'mixedConv2d'), pad, 'mixedConv2d');
  return run1(MixedConv2DOp, { x, filter }, a);
}
