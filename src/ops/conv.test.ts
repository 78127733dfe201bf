import { describe, expect, test } from 'vitest';
import * as tfc from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import * as tf from '../index.js';
import { expectClose, expectGradClose, randn, runOn } from '../../test/helpers/grad-check.js';

await tfc.setBackend('cpu');

/** Direct-loop NHWC convolution with TF's padding rules, written independently of the im2col kernel. */
function naiveConv2d(x: tf.Tensor, w: tf.Tensor, stride: [number, number], pad: 'same' | 'valid' | [number, number, number, number], dil: [number, number]): number[] {
  const [n, h, wd, c] = x.shape as [number, number, number, number];
  const [fh, fw, , oc] = w.shape as [number, number, number, number];
  const eh = (fh - 1) * dil[0] + 1;
  const ew = (fw - 1) * dil[1] + 1;
  let oh: number, ow: number, top: number, left: number;
  if (pad === 'same') {
    oh = Math.ceil(h / stride[0]);
    ow = Math.ceil(wd / stride[1]);
    top = Math.floor(Math.max((oh - 1) * stride[0] + eh - h, 0) / 2);
    left = Math.floor(Math.max((ow - 1) * stride[1] + ew - wd, 0) / 2);
  } else if (pad === 'valid') {
    oh = Math.ceil((h - eh + 1) / stride[0]);
    ow = Math.ceil((wd - ew + 1) / stride[1]);
    top = left = 0;
  } else {
    oh = Math.floor((h + pad[0] + pad[1] - eh) / stride[0]) + 1;
    ow = Math.floor((wd + pad[2] + pad[3] - ew) / stride[1]) + 1;
    top = pad[0];
    left = pad[2];
  }
  const xv = x.dataSync();
  const wv = w.dataSync();
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++)
        for (let o = 0; o < oc; o++) {
          let s = 0;
          for (let i = 0; i < fh; i++)
            for (let j = 0; j < fw; j++)
              for (let ch = 0; ch < c; ch++) {
                const y = oy * stride[0] + i * dil[0] - top;
                const xx = ox * stride[1] + j * dil[1] - left;
                if (y < 0 || y >= h || xx < 0 || xx >= wd) continue;
                s += (xv[((b * h + y) * wd + xx) * c + ch] as number) * (wv[((i * fw + j) * c + ch) * oc + o] as number);
              }
          out.push(s);
        }
  return out;
}

const toTfjs = (t: tf.Tensor): tfc.Tensor => tfc.tensor(Array.from(t.dataSync()), t.shape, 'float32');

describe('conv2d', () => {
  test.each(tf.listBackends())('hand-computed 3x3 same and 2x2 stride-2 same on a 4x4 ramp (%s)', (backend) => runOn(backend, () => {
    const x = tf.tensor(Array.from({ length: 16 }, (_, i) => i + 1), [1, 4, 4, 1]);
    expect(tf.conv2d(x, tf.ones([3, 3, 1, 1]), 1, 'same').reshape([4, 4]).arraySync()).toEqual([
      [14, 24, 30, 22], [33, 54, 63, 45], [57, 90, 99, 69], [46, 72, 78, 54],
    ]);
    // 'same' with an even kernel: out 2, total padding max(2 + 2 - 4, 0) = 0.
    expect(tf.conv2d(x, tf.ones([2, 2, 1, 1]), 2, 'same').reshape([2, 2]).arraySync()).toEqual([[14, 22], [46, 54]]);
    // 'same' with an even kernel at stride 1 pads the extra pixel at the bottom/right (TF): last row/col see one row of zeros.
    expect(tf.conv2d(tf.ones([1, 3, 3, 1]), tf.ones([2, 2, 1, 1]), 1, 'same').reshape([3, 3]).arraySync()).toEqual([[4, 4, 2], [4, 4, 2], [2, 2, 1]]);
  }));

  const configs: Array<{ label: string; x: number[]; w: number[]; s: [number, number]; pad: 'same' | 'valid' | [number, number, number, number]; d: [number, number] }> = [
    { label: 'same 3x3 stride 1', x: [2, 5, 6, 3], w: [3, 3, 3, 4], s: [1, 1], pad: 'same', d: [1, 1] },
    { label: 'same even 2x4 kernel stride 1', x: [1, 5, 7, 2], w: [2, 4, 2, 3], s: [1, 1], pad: 'same', d: [1, 1] },
    { label: 'same stride 2 odd sizes', x: [2, 7, 5, 2], w: [3, 2, 2, 2], s: [2, 2], pad: 'same', d: [1, 1] },
    { label: 'valid stride [2,3]', x: [1, 9, 8, 1], w: [3, 3, 1, 2], s: [2, 3], pad: 'valid', d: [1, 1] },
    { label: 'valid dilation 2', x: [2, 7, 7, 2], w: [3, 2, 2, 3], s: [1, 1], pad: 'valid', d: [2, 2] },
    { label: 'same dilation [2,1] even kernel', x: [1, 6, 5, 2], w: [2, 2, 2, 2], s: [1, 1], pad: 'same', d: [2, 1] },
    { label: 'explicit padding, stride 2', x: [1, 6, 6, 2], w: [3, 3, 2, 2], s: [2, 2], pad: [1, 0, 2, 1], d: [1, 1] },
    { label: '1x1 pointwise', x: [2, 3, 4, 5], w: [1, 1, 5, 3], s: [1, 1], pad: 'valid', d: [1, 1] },
  ];
  const combos = tf.listBackends().flatMap((b) => (['float32', 'float64'] as const).map((d) => [b, d] as const));
  for (const c of configs) {
    for (const [backend, dtype] of combos) {
      test(`matches a direct-loop reference: ${c.label} (${backend}, ${dtype})`, () => runOn(backend, () => {
        const x = randn(c.x, { seed: 1, dtype });
        const w = randn(c.w, { seed: 2, dtype });
        const pad = Array.isArray(c.pad) ? [[0, 0], [c.pad[0], c.pad[1]], [c.pad[2], c.pad[3]], [0, 0]] : c.pad;
        const y = tf.conv2d(x, w, c.s, pad, 'NHWC', c.d);
        expect(y.dtype).toBe(dtype);
        expectClose(y.dataSync(), naiveConv2d(x, w, c.s, c.pad, c.d), dtype === 'float64' ? 1e-12 : 1e-5);
        if (!Array.isArray(c.pad)) {
          const ref = tfc.conv2d(toTfjs(x) as tfc.Tensor4D, toTfjs(w) as tfc.Tensor4D, c.s, c.pad, 'NHWC', c.d);
          expect(y.shape).toEqual(ref.shape);
        }
      }));
    }
  }

  test.each(tf.listBackends())('float32, unbatched 3-D input and numeric pad with rounding match TF.js (%s)', (backend) => runOn(backend, () => {
    const x = randn([5, 6, 2], { seed: 3, dtype: 'float32' });
    const w = randn([3, 3, 2, 2], { seed: 4, dtype: 'float32' });
    const y = tf.conv2d(x, w, 2, 1, 'NHWC', 1, 'ceil');
    const ref = tfc.conv2d(toTfjs(x) as tfc.Tensor3D, toTfjs(w) as tfc.Tensor4D, 2, 1, 'NHWC', 1, 'ceil');
    expect(y.dtype).toBe('float32');
    expect(y.shape).toEqual(ref.shape);
    expectClose(y.dataSync(), ref.dataSync(), 1e-5);
  }));

  test.each(tf.listBackends())('gradients match TF.js (same, stride 2) (%s)', (backend) => runOn(backend, () => {
    const x = randn([2, 5, 4, 3], { seed: 5, dtype: 'float32' });
    const w = randn([3, 2, 3, 2], { seed: 6, dtype: 'float32' });
    const [gx, gw] = tf.grads((a, b) => tf.conv2d(a, b, 2, 'same').square().sum())([x, w]);
    const [rx, rw] = tfc.grads((a: tfc.Tensor, b: tfc.Tensor) => tfc.sum(tfc.square(tfc.conv2d(a as tfc.Tensor4D, b as tfc.Tensor4D, 2, 'same'))))([toTfjs(x), toTfjs(w)]);
    expectClose((gx as tf.Tensor).dataSync(), (rx as tfc.Tensor).dataSync(), 1e-4);
    expectClose((gw as tf.Tensor).dataSync(), (rw as tfc.Tensor).dataSync(), 1e-4);
  }));

  test('second-order gradients (gradient of a gradient) match finite differences', () => {
    const x = randn([1, 4, 4, 2], { seed: 21 });
    const w = randn([3, 3, 2, 2], { seed: 22 });
    const wts = randn([1, 4, 4, 2], { seed: 23 });
    // h(x, w) = <d/dx sum(conv(x, w)^2), wts>: its gradient runs the gradients of Conv2DBackpropInput/Filter.
    const h = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.grad((t) => tf.conv2d(t, b, 2, 'same').square().sum())(a).mul(wts).sum();
    expectGradClose(h, [x, w], { tol: 1e-5 });
  });

  test('empty batch gives an empty result', () => {
    expect(tf.conv2d(tf.zeros([0, 4, 4, 1]), tf.ones([2, 2, 1, 3]), 1, 'valid').shape).toEqual([0, 3, 3, 3]);
  });

  test('errors name the op, the shapes and the fix', () => {
    expect(() => tf.conv2d(tf.zeros([1, 4, 4, 3]), tf.zeros([3, 3, 2, 8]), 1, 'same')).toThrow(
      /conv2d: input has 3 channels \(shape \[1,4,4,3\]\) but the filter expects 2/,
    );
    expect(() => tf.conv2d(tf.zeros([4, 4]), tf.zeros([3, 3, 1, 1]), 1, 'same')).toThrow(/conv2d: x must be rank 4/);
    expect(() => tf.conv2d(tf.zeros([1, 4, 4, 1]), tf.zeros([3, 3, 1, 1]), 0, 'same')).toThrow(/strides must be a positive integer/);
    expect(() => tf.conv2d(tf.zeros([1, 4, 4, 1]), tf.zeros([3, 3, 1, 1]), 1, 'same', 'NHCW' as 'NCHW')).toThrow(/dataFormat 'NHCW' is not supported/);
    expect(() => tf.conv2d(tf.zeros([1, 4, 4, 1]), tf.zeros([3, 3, 1, 1]), 1, [[1, 1], [1, 1], [0, 0], [0, 0]])).toThrow(/explicit padding must look like/);
  });
});

test('NCHW input gives the NHWC result transposed, explicit pads included', () => {
  const x = randn([2, 5, 4, 3], { seed: 21, dtype: 'float32' });
  const w = randn([3, 2, 3, 4], { seed: 22, dtype: 'float32' });
  const nchw = (t: tf.Tensor): tf.Tensor => tf.transpose(t, [0, 3, 1, 2]);
  for (const pad of ['same', 'valid', [[0, 0], [1, 0], [0, 2], [0, 0]]] as const) {
    const want = nchw(tf.conv2d(x, w, [2, 1], pad as tf.PadType, 'NHWC', 1));
    const padFirst = Array.isArray(pad) ? [pad[0], pad[3], pad[1], pad[2]] : pad;
    const got = tf.conv2d(nchw(x), w, [2, 1], padFirst as tf.PadType, 'NCHW', 1);
    expect(got.shape).toEqual(want.shape);
    expectClose(got, Array.from(want.dataSync()), 1e-5);
  }
  const dw = randn([2, 2, 3, 2], { seed: 23, dtype: 'float32' });
  expectClose(tf.depthwiseConv2d(nchw(x), dw, 1, 'same', 'NCHW'), Array.from(nchw(tf.depthwiseConv2d(x, dw, 1, 'same')).dataSync()), 1e-5);
});

describe('conv1d, conv2dTranspose, depthwise and separable', () => {
  test('conv1d equals conv2d over a height-1 image and matches TF.js', () => {
    const x = randn([2, 9, 3], { seed: 7, dtype: 'float32' });
    const w = randn([3, 3, 4], { seed: 8, dtype: 'float32' });
    const y = tf.conv1d(x, w, 2, 'same', 'NWC', 1);
    const ref = tfc.conv1d(toTfjs(x) as tfc.Tensor3D, toTfjs(w) as tfc.Tensor3D, 2, 'same');
    expect(y.shape).toEqual([2, 5, 4]);
    expectClose(y.dataSync(), ref.dataSync(), 1e-5);
    const dil = tf.conv1d(tf.tensor([1, 2, 3, 4, 5], [5, 1]), tf.tensor([1, 10], [2, 1, 1]), 1, 'valid', 'NWC', 2);
    expect(dil.arraySync()).toEqual([[31], [42], [53]]); // x[i] + 10 x[i+2]
  });

  test('conv2dTranspose: hand values and TF.js parity', () => {
    const y = tf.conv2dTranspose(tf.tensor([1, 2, 3, 4], [1, 2, 2, 1]), tf.ones([2, 2, 1, 1]), [1, 4, 4, 1], 2, 'valid');
    expect(y.reshape([4, 4]).arraySync()).toEqual([[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]);
    const x = randn([2, 3, 2, 3], { seed: 9, dtype: 'float32' });
    const w = randn([3, 3, 2, 3], { seed: 10, dtype: 'float32' });
    const ours = tf.conv2dTranspose(x, w, [2, 5, 4, 2], 2, 'same');
    const ref = tfc.conv2dTranspose(toTfjs(x) as tfc.Tensor4D, toTfjs(w) as tfc.Tensor4D, [2, 5, 4, 2], 2, 'same');
    expectClose(ours.dataSync(), ref.dataSync(), 1e-5);
    expect(() => tf.conv2dTranspose(x, w, [2, 9, 9, 2], 2, 'same')).toThrow(/conv2dTranspose: a conv2d of outputShape \[2,9,9,2\]/);
  });

  test('depthwiseConv2d matches per-channel conv2d and TF.js (stride, dilation, multiplier)', () => {
    const x = randn([2, 6, 5, 3], { seed: 11, dtype: 'float64' });
    const w = randn([3, 2, 3, 2], { seed: 12, dtype: 'float64' });
    const y = tf.depthwiseConv2d(x, w, 1, 'same', 'NHWC', 2);
    // Channel c·M + m of the result is conv2d of channel c with filter[:, :, c, m].
    for (let c = 0; c < 3; c++) {
      const xc = tf.slice(x, [0, 0, 0, c], [-1, -1, -1, 1]);
      const wc = tf.slice(w, [0, 0, c, 0], [-1, -1, 1, -1]);
      const ref = tf.conv2d(xc, wc, 1, 'same', 'NHWC', 2);
      expectClose(tf.slice(y, [0, 0, 0, 2 * c], [-1, -1, -1, 2]).dataSync(), ref.dataSync(), 1e-12);
    }
    const xs = randn([1, 7, 6, 2], { seed: 13, dtype: 'float32' });
    const ws = randn([3, 3, 2, 3], { seed: 14, dtype: 'float32' });
    const ours = tf.depthwiseConv2d(xs, ws, 2, 'same');
    const ref = tfc.depthwiseConv2d(toTfjs(xs) as tfc.Tensor4D, toTfjs(ws) as tfc.Tensor4D, 2, 'same');
    expect(ours.shape).toEqual(ref.shape);
    expectClose(ours.dataSync(), ref.dataSync(), 1e-5);
    expect(() => tf.depthwiseConv2d(xs, tf.zeros([3, 3, 3, 1]), 1, 'same')).toThrow(/depthwiseConv2d: filter must be \[filterHeight, filterWidth, inChannels=2/);
  });

  test('separableConv2d matches TF.js', () => {
    const x = randn([1, 5, 5, 2], { seed: 15, dtype: 'float32' });
    const d = randn([3, 3, 2, 2], { seed: 16, dtype: 'float32' });
    const p = randn([1, 1, 4, 3], { seed: 17, dtype: 'float32' });
    const ours = tf.separableConv2d(x, d, p, 1, 'same');
    const ref = tfc.separableConv2d(toTfjs(x) as tfc.Tensor4D, toTfjs(d) as tfc.Tensor4D, toTfjs(p) as tfc.Tensor4D, 1, 'same');
    expectClose(ours.dataSync(), ref.dataSync(), 1e-5);
  });
});
