// Convolution, pooling, resizing and shape ops agree with PyTorch (values from test/golden/make-golden-nn.py, which
// applies TF's padding rules explicitly). Each expression mirrors the Python one of the same name.
import { describe, expect, test } from 'vitest';
import * as tf from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { expectClose, runOn } from '../helpers/grad-check.js';
import { type GoldenCase, readGolden } from './golden-file.js';


const golden = readGolden<{ cases: GoldenCase[] }>('nn-ops.json');
const i32 = (v: number[]): Tensor => tf.tensor(v, [v.length], 'int32');

const exprs: Record<string, (...xs: Tensor[]) => Tensor> = {
  conv2d_same_3x3: (x, w) => tf.conv2d(x, w, 1, 'same'),
  conv2d_same_even_stride2: (x, w) => tf.conv2d(x, w, 2, 'same'),
  conv2d_valid_dilation2: (x, w) => tf.conv2d(x, w, 1, 'valid', 'NHWC', 2),
  conv2d_valid_stride_2_3: (x, w) => tf.conv2d(x, w, [2, 3], 'valid'),
  conv2d_same_dilation2_stride1: (x, w) => tf.conv2d(x, w, 1, 'same', 'NHWC', 2),
  depthwise_same_stride2_mult2: (x, w) => tf.depthwiseConv2d(x, w, 2, 'same'),
  conv2d_transpose_same_stride2: (x, w) => tf.conv2dTranspose(x, w, [1, 5, 6, 2], 2, 'same'),
  conv1d_valid_stride2: (x, w) => tf.conv1d(x, w, 2, 'valid'),
  max_pool_same_3x3_stride2: (x) => tf.maxPool(x, 3, 2, 'same'),
  max_pool_valid_2x2: (x) => tf.maxPool(x, 2, 2, 'valid'),
  avg_pool_same_3x3_stride2: (x) => tf.avgPool(x, 3, 2, 'same'),
  avg_pool_valid_2x3_stride1: (x) => tf.avgPool(x, [2, 3], 1, 'valid'),
  resize_bilinear_align_corners: (x) => tf.image.resizeBilinear(x, [7, 4], true),
  resize_bilinear_half_pixel: (x) => tf.image.resizeBilinear(x, [3, 8], false, true),
  resize_nearest: (x) => tf.image.resizeNearestNeighbor(x, [7, 3]),
  batch_norm: (x, m, v, o, s) => tf.batchNorm(x, m, v, o, s, 1e-3),
  mirror_pad_reflect: (x) => tf.mirrorPad(x, [[1, 2], [2, 1]], 'reflect'),
  gather_rows: (x) => tf.gather(x, i32([2, 0, 2, 1])),
  topk_values: (x) => tf.topk(x, 3).values,
  transpose_tile_reverse: (x) => x.transpose([2, 0, 1]).tile([1, 2, 1]).reverse(1),
};

/** sin(1 + i) in y's shape: the weights the Python script used. */
function weights(y: Tensor): Tensor {
  return tf.range(0, y.size, 1, y.dtype === 'float64' ? 'float64' : 'float32').add(1).sin().reshape(y.shape);
}

test('every golden case has an expression', () => {
  expect(golden.cases.map((c) => c.name).filter((n) => !(n in exprs))).toEqual([]);
  expect(golden.cases.length).toBe(Object.keys(exprs).length);
});

const combos = tf.listBackends().flatMap((backend) => (['float32', 'float64'] as const).map((dtype) => [backend, dtype] as const));
describe.each(combos)('nn ops agree with PyTorch (%s backend, %s)', (backend, dtype) => {
  for (const c of golden.cases) {
    test(c.name, () => runOn(backend, () => {
      const f = exprs[c.name];
      if (!f) throw new Error(`no expression for golden case '${c.name}'`);
      const inputs = c.inputs.map((s) => tf.tensor(s.values, s.shape, dtype));
      const y = f(...inputs);
      expect(y.shape).toEqual(c.value.shape);
      expect(y.dtype).toBe(dtype);
      expectClose(y.dataSync(), c.value.values, dtype === 'float64' ? 1e-10 : 1e-4);
      if (!c.grads) return;
      const gs = tf.grads((...xs: Tensor[]) => f(...xs).mul(weights(y)).sum())(inputs);
      c.grads.forEach((g, i) => {
        expect(gs[i]?.shape).toEqual(g.shape);
        expectClose((gs[i] as Tensor).dataSync(), g.values, dtype === 'float64' ? 1e-10 : 1e-4);
      });
    }));
  }
});
