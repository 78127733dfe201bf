import { describe, expect, test } from 'vitest';
import * as tfc from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import * as tf from '../index.js';
import { expectClose, randn } from '../../test/helpers/grad-check.js';

await tfc.setBackend('cpu');
const toTfjs = (t: tf.Tensor): tfc.Tensor5D => tfc.tensor5d(Array.from(t.dataSync()), t.shape as [number, number, number, number, number], 'float32');
const fromTfjs = (t: tfc.Tensor): tf.Tensor => tf.tensor(Array.from(t.dataSync()), t.shape, 'float32');

/** conv3d written straight from its definition: y[b,z,y,x,o] = Σ x[b, z·s+i·d−p, ...] · w[i,j,k,c,o]. */
function naiveConv3d(x: tf.Tensor, w: tf.Tensor, s: number[], d: number[], pads: number[], out: number[]): number[] {
  const [n, D, H, W, C] = x.shape as [number, number, number, number, number];
  const [fd, fh, fw, , O] = w.shape as [number, number, number, number, number];
  const xv = x.dataSync();
  const wv = w.dataSync();
  const res: number[] = [];
  for (let b = 0; b < n; b++) for (let z = 0; z < (out[0] ?? 0); z++) for (let y = 0; y < (out[1] ?? 0); y++) for (let q = 0; q < (out[2] ?? 0); q++) {
    for (let o = 0; o < O; o++) {
      let acc = 0;
      for (let i = 0; i < fd; i++) for (let j = 0; j < fh; j++) for (let k = 0; k < fw; k++) for (let c = 0; c < C; c++) {
        const zi = z * (s[0] ?? 1) + i * (d[0] ?? 1) - (pads[0] ?? 0);
        const yi = y * (s[1] ?? 1) + j * (d[1] ?? 1) - (pads[1] ?? 0);
        const xi = q * (s[2] ?? 1) + k * (d[2] ?? 1) - (pads[2] ?? 0);
        if (zi < 0 || zi >= D || yi < 0 || yi >= H || xi < 0 || xi >= W) continue;
        acc += (xv[(((b * D + zi) * H + yi) * W + xi) * C + c] ?? 0) * (wv[(((i * fh + j) * fw + k) * C + c) * O + o] ?? 0);
      }
      res.push(acc);
    }
  }
  return res;
}

describe('conv3d', () => {
  test('matches the definition (naive loop) with stride, dilation and numeric padding', () => {
    const x = randn([2, 5, 4, 3, 2], { seed: 1, dtype: 'float32' });
    const w = randn([3, 2, 2, 2, 3], { seed: 2, dtype: 'float32' });
    const strided = tf.conv3d(x, w, [2, 1, 2], 1);
    expect(strided.shape).toEqual([2, 3, 5, 2, 3]);
    expect(Array.from(strided.dataSync())).toEqual(naiveConv3d(x, w, [2, 1, 2], [1, 1, 1], [1, 1, 1], [3, 5, 2]).map((v) => expect.closeTo(v, 4)));
    const dilated = tf.conv3d(x, w, 1, 'valid', 'NDHWC', [2, 1, 1]);
    expect(dilated.shape).toEqual([2, 1, 3, 2, 3]);
    expect(Array.from(dilated.dataSync())).toEqual(naiveConv3d(x, w, [1, 1, 1], [2, 1, 1], [0, 0, 0], [1, 3, 2]).map((v) => expect.closeTo(v, 4)));
  });

  test("'same' padding, gradients and conv3dTranspose match TF.js's cpu backend", () => {
    const x = randn([1, 4, 5, 3, 2], { seed: 3, dtype: 'float32' });
    const w = randn([2, 3, 2, 2, 3], { seed: 4, dtype: 'float32' });
    expectClose(tf.conv3d(x, w, [2, 2, 1], 'same'), fromTfjs(tfc.conv3d(toTfjs(x), toTfjs(w), [2, 2, 1], 'same')), 1e-4);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv3d(a, b, [2, 2, 1], 'same').square().sum())([x, w]);
    const [tdx, tdw] = tfc.grads((a: tfc.Tensor, b: tfc.Tensor) => tfc.sum(tfc.square(tfc.conv3d(a as tfc.Tensor5D, b as tfc.Tensor5D, [2, 2, 1], 'same'))))([toTfjs(x), toTfjs(w)]);
    expectClose(dx as tf.Tensor, fromTfjs(tdx as tfc.Tensor), 1e-3);
    expectClose(dw as tf.Tensor, fromTfjs(tdw as tfc.Tensor), 1e-3);
    const y = randn([1, 2, 3, 3, 3], { seed: 5, dtype: 'float32' });
    const wt = randn([2, 3, 2, 2, 3], { seed: 6, dtype: 'float32' });
    expectClose(tf.conv3dTranspose(y, wt, [1, 4, 5, 3, 2], [2, 2, 1], 'same'), fromTfjs(tfc.conv3dTranspose(toTfjs(y), toTfjs(wt), [1, 4, 5, 3, 2], [2, 2, 1], 'same')), 1e-4);
  });

  test('NCDHW runs through a transpose; bad arguments name the fix', () => {
    const x = randn([1, 3, 3, 4, 2], { seed: 7, dtype: 'float32' });
    const w = randn([2, 2, 2, 2, 1], { seed: 8, dtype: 'float32' });
    const ncdhw = tf.conv3d(tf.transpose(x, [0, 4, 1, 2, 3]), w, 1, 'same', 'NCDHW');
    expectClose(ncdhw, tf.transpose(tf.conv3d(x, w, 1, 'same'), [0, 4, 1, 2, 3]), 1e-6);
    expect(() => tf.conv3d(x, w, 2, 'same', 'NDHWC', 2)).toThrow(/both above 1.*Set strides or dilations to 1/);
    expect(() => tf.conv3d(x, tf.ones([1, 1, 1, 3, 1]), 1, 'same')).toThrow(/input has 2 channels .* fourth dimension must equal the input depth/);
    expect(() => tf.conv3d(tf.ones([2, 2]), w, 1, 'same')).toThrow(/must be rank 5 \[batch, depth, height, width, channels\]/);
  });
});

describe('maxPool3d and avgPool3d', () => {
  test('hand-computed values: padding never wins a max and is not counted in the average', () => {
    const ramp = tf.tensor([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2, 1]);
    expect(Array.from(tf.maxPool3d(ramp, 2, 1, 'same').dataSync())).toEqual([8, 8, 8, 8, 8, 8, 8, 8]);
    // Cell (1,1,1) of 'same' sees only itself: 8; cell (0,0,0) sees all eight: 4.5.
    expect(Array.from(tf.avgPool3d(ramp, 2, 1, 'same').dataSync())).toEqual([4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8]);
    expect(Array.from(tf.maxPool3d(tf.tensor([1, NaN, 3, 2], [1, 1, 2, 2, 1]), [1, 2, 2], 1, 'valid').dataSync())).toEqual([3]);
    expect(() => tf.avgPool3d(tf.ones([1, 1, 1, 1, 1], 'int32'), 1, 1, 0)).toThrow(/must be float32 tensor, but got int32/);
  });

  test.each([
    { label: 'same, stride [2,1,2]', f: 2, s: [2, 1, 2] as [number, number, number], pad: 'same' as const },
    { label: 'valid [3,2,1]', f: [3, 2, 1] as [number, number, number], s: 1, pad: 'valid' as const },
    { label: 'pad 1, ceil', f: 2, s: 2, pad: 1, round: 'ceil' as const },
  ])('values match TF.js ($label)', ({ f, s, pad, round }) => {
    // Gradients are checked against finite differences in test/op-gradients.test.ts (TF.js's cpu pool3d gradients
    // disagree with finite differences for multi-channel batches, so they are no reference).
    const x = randn([2, 5, 4, 3, 2], { seed: 9, dtype: 'float32' });
    const tx = toTfjs(x);
    for (const [ours, theirs] of [[tf.maxPool3d, tfc.maxPool3d], [tf.avgPool3d, tfc.avgPool3d]] as const) {
      expectClose(ours(x, f, s, pad, round), fromTfjs(theirs(tx, f, s, pad, round)), 1e-5);
    }
  });
});
