// The second batch of TF.js API additions (space/batch, array ops, linalg, einsum, image, nn extras) against
// @tensorflow/tfjs-core on its cpu backend.
import { describe, expect, test } from 'vitest';
import * as tfc from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '../index.js';
import { expectClose, randn } from '../../test/helpers/grad-check.js';

const ref = (t: tfc.Tensor): number[] => Array.from(t.dataSync());
const vals = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const tc = (t: tf.Tensor): tfc.Tensor => tfc.tensor(vals(t), t.shape, t.dtype === 'float64' || t.dtype === 'bfloat16' ? 'float32' : t.dtype);
const r = (shape: number[], seed: number): tf.Tensor => randn(shape, { seed, dtype: 'float32' });

describe('space/batch and array ops match TF.js', () => {
  test('spaceToBatchND / batchToSpaceND / depthToSpace', () => {
    const x = r([2, 3, 4, 2], 1);
    const pads = [[1, 0], [0, 2]];
    const s2b = tf.spaceToBatchND(x, [2, 3], pads);
    expectClose(s2b, ref(tfc.spaceToBatchND(tc(x), [2, 3], pads)));
    expectClose(tf.batchToSpaceND(s2b, [2, 3], pads), vals(x));
    expect(() => tf.spaceToBatchND(x, [2, 2], [[0, 0]])).toThrow('paddings.shape[0] 1 must be equal to [blockShape] 2');
    const d = r([1, 2, 3, 8], 2);
    expectClose(tf.depthToSpace(d, 2), ref(tfc.depthToSpace(tc(d) as tfc.Tensor4D, 2)));
  });

  test('meshgrid, diag, unique, bincounts, sparseToDense, tensorScatterUpdate, searchSorted', () => {
    const [X, Y] = tf.meshgrid([1, 2, 3], [4, 5], { indexing: 'ij' });
    const [RX, RY] = tfc.meshgrid([1, 2, 3], [4, 5], { indexing: 'ij' });
    expectClose(X as tf.Tensor, ref(RX as tfc.Tensor));
    expectClose(Y as tf.Tensor, ref(RY as tfc.Tensor));
    expectClose(tf.diag(tf.tensor2d([[1, 2], [3, 4]])), ref(tfc.diag(tfc.tensor2d([[1, 2], [3, 4]]))));
    const u = tf.unique(tf.tensor2d([[1, 2], [1, 2], [3, 4]]), 0);
    expect(vals(u.values)).toEqual([1, 2, 3, 4]);
    expect(vals(u.indices)).toEqual([0, 0, 1]);
    const xi = tf.tensor2d([[1, 1, 3], [0, 2, 2]], [2, 3], 'int32');
    const w = tf.tensor2d([[0.5, 1, 2], [3, 4, 5]]);
    expectClose(tf.denseBincount(xi, w, 4), ref(tfc.denseBincount(tc(xi) as tfc.Tensor2D, tc(w) as tfc.Tensor2D, 4)));
    expect(vals(tf.denseBincount(xi, tf.tensor1d([]), 3, true))).toEqual([0, 1, 0, 1, 0, 1]);
    const idx = tf.tensor2d([[0, 1], [2, 0]], [2, 2], 'int32');
    expect(vals(tf.sparseToDense(idx, tf.tensor1d([7, 8]), [3, 2], 1))).toEqual([1, 7, 1, 1, 8, 1]);
    expect(() => tf.sparseToDense(tf.tensor1d([5], 'int32'), tf.tensor1d([1]), [3])).toThrow(/index 5 at dimension 0 is outside \[0, 3\)/);
    const upd = tf.tensorScatterUpdate(tf.zeros([3, 2]), tf.tensor2d([[2], [0]], [2, 1], 'int32'), tf.tensor2d([[1, 2], [3, 4]]));
    expect(vals(upd)).toEqual([3, 4, 0, 0, 1, 2]);
    expect(vals(tf.searchSorted([[1, 3, 3, 5], [0, 2, 4, 6]], [[3, 6], [4, -1]], 'right'))).toEqual([3, 4, 3, 0]);
    expect(vals(tf.lowerBound([1, 3, 3, 5], [3]))).toEqual([1]);
    expect(vals(tf.broadcastArgs(tf.tensor1d([2, 1], 'int32'), tf.tensor1d([1, 3], 'int32')))).toEqual([2, 3]);
  });

  test('async forms', async () => {
    expect(vals(await tf.whereAsync(tf.tensor2d([[true, false], [false, true]])))).toEqual([0, 0, 1, 1]);
    expect(vals(await tf.booleanMaskAsync(tf.tensor2d([[1, 2], [3, 4], [5, 6]]), tf.tensor1d([true, false, true])))).toEqual([1, 2, 5, 6]);
    const [out, at] = await tf.setdiff1dAsync([1, 2, 3, 4], [2, 4]);
    expect([vals(out), vals(at)]).toEqual([[1, 3], [0, 2]]);
    expect(vals(await tf.inTopKAsync(tf.tensor2d([[1, 5, 3], [9, 2, 9]]), tf.tensor1d([2, 1], 'int32'), 2))).toEqual([1, 0]);
    expectClose(tf.movingAverage(tf.zeros([2]), tf.tensor1d([1, 2]), 0.6, 1), [1, 2]);
  });
});

describe('linalg and einsum match TF.js', () => {
  test('bandPart, gramSchmidt and qr', () => {
    const a = r([3, 4], 3);
    expectClose(tf.linalg.bandPart(a, 1, 0), ref(tfc.linalg.bandPart(tc(a), 1, 0)));
    expect(() => tf.linalg.bandPart(a, 4, 0)).toThrow(/bandPart\(\): numLower \(4\)/);
    const m = tf.tensor2d([[1, 1, 0], [1, 0, 1]]);
    expectClose(tf.linalg.gramSchmidt(m) as tf.Tensor, ref(tfc.linalg.gramSchmidt(tc(m) as tfc.Tensor2D) as tfc.Tensor));
    for (const [shape, full] of [[[4, 3], false], [[4, 3], true], [[2, 3, 3], false], [[2, 3], true]] as const) {
      const x = r([...shape], 4);
      const [q, rr] = tf.linalg.qr(x, full);
      const [qr, rrr] = tfc.linalg.qr(tc(x), full);
      expectClose(q, ref(qr), 1e-4);
      expectClose(rr, ref(rrr), 1e-4);
      expectClose(tf.matMul(q, rr), vals(x), 1e-5);
    }
  });

  test('einsum equals TF.js for contractions, transposes and reductions', () => {
    const a = r([2, 3, 4], 5);
    const b = r([2, 4, 3], 6);
    for (const [eq, ops] of [['bij,bjk->bik', [a, b]], ['bij->bji', [a]], ['bij->', [a]], ['bij,bkj->bik', [a, tf.transpose(b, [0, 2, 1])]]] as const) {
      expectClose(tf.einsum(eq, ...ops), ref(tfc.einsum(eq, ...ops.map(tc))), 1e-5);
    }
    expect(() => tf.einsum('ii->', tf.eye(2))).toThrow(/not implemented yet/);
    expect(() => tf.einsum('ij,jk->in', a, b)).toThrow('Output subscripts contain the label n not present in the input subscripts.');
  });
});

describe('image and nn extras match TF.js', () => {
  test('cropAndResize (bilinear and nearest, extrapolation) and the colour helpers', () => {
    const img = r([2, 5, 4, 2], 7);
    const boxes = tf.tensor2d([[0, 0, 1, 1], [0.1, 0.2, 0.9, 1.3], [0.5, 0.5, 0.5, 0.5]]);
    const ind = tf.tensor1d([0, 1, 1], 'int32');
    for (const method of ['bilinear', 'nearest'] as const) {
      const got = tf.image.cropAndResize(img, boxes, ind, [3, 2], method, -1);
      const want = tfc.image.cropAndResize(tc(img) as tfc.Tensor4D, tc(boxes) as tfc.Tensor2D, tc(ind) as tfc.Tensor1D, [3, 2], method, -1);
      expectClose(got, ref(want), 1e-5);
    }
    expectClose(tf.image.rgbToGrayscale(r([2, 2, 3], 8)), ref(tfc.image.rgbToGrayscale(tc(r([2, 2, 3], 8)) as tfc.Tensor3D)), 1e-5);
    expect(tf.image.grayscaleToRGB(tf.ones([2, 2, 1])).shape).toEqual([2, 2, 3]);
    expect(vals(tf.image.flipLeftRight(tf.tensor4d([1, 2, 3], [1, 1, 3, 1])))).toEqual([3, 2, 1]);
  });

  test('non-max suppression, hard and soft, matches TF.js', () => {
    const boxes = tf.tensor2d([0, 0, 1, 1, 0, 0.1, 1, 1.1, 0, -0.1, 1, 0.9, 0, 10, 1, 11, 0, 10.1, 1, 11.1, 0, 100, 1, 101], [6, 4]);
    const scores = tf.tensor1d([0.9, 0.75, 0.6, 0.95, 0.5, 0.3]);
    expect(vals(tf.image.nonMaxSuppression(boxes, scores, 3, 0.5, 0))).toEqual(ref(tfc.image.nonMaxSuppression(tc(boxes) as tfc.Tensor2D, tc(scores) as tfc.Tensor1D, 3, 0.5, 0)));
    const soft = tf.image.nonMaxSuppressionWithScore(boxes, scores, 6, 1, 0, 0.5);
    const want = tfc.image.nonMaxSuppressionWithScore(tc(boxes) as tfc.Tensor2D, tc(scores) as tfc.Tensor1D, 6, 1, 0, 0.5);
    expect(vals(soft.selectedIndices)).toEqual(ref(want.selectedIndices as tfc.Tensor));
    expectClose(soft.selectedScores, ref(want.selectedScores as tfc.Tensor), 1e-5);
    const padded = tf.image.nonMaxSuppressionPadded(boxes, scores, 5, 0.5, 0, true);
    expect([vals(padded.selectedIndices), vals(padded.validOutputs)]).toEqual([[3, 0, 5, 0, 0], [3]]);
    expect(() => tf.image.nonMaxSuppression(boxes, scores, 3, 1.5)).toThrow(/iouThreshold must be in \[0, 1\]/);
  });

  test('cumprod, localResponseNormalization, dilated pool and basicLSTMCell', () => {
    const x = r([3, 4], 9);
    expectClose(tf.cumprod(x, 1, true, true), ref(tfc.cumprod(tc(x), 1, true, true)));
    const y = r([1, 3, 3, 5], 10);
    expectClose(tf.localResponseNormalization(y, 2, 1.2, 0.5, 0.75), ref(tfc.localResponseNormalization(tc(y) as tfc.Tensor4D, 2, 1.2, 0.5, 0.75)), 1e-5);
    const p = r([1, 5, 5, 2], 11);
    for (const [type, pad] of [['max', 'same'], ['avg', 'valid']] as const) {
      expectClose(tf.pool(p, [2, 2], type, pad, [2, 2], 1), ref(tfc.pool(tc(p) as tfc.Tensor4D, [2, 2], type, pad, [2, 2], 1)), 1e-5);
    }
    const dx = r([2, 5, 4, 3], 18);
    const df = r([2, 3, 3], 19);
    for (const [pad, strides, dil] of [['same', 1, 1], ['valid', [2, 1], 2]] as const) {
      const want = tfc.dilation2d(tc(dx) as tfc.Tensor4D, tc(df) as tfc.Tensor3D, strides as [number, number], pad, dil);
      expectClose(tf.dilation2d(dx, df, strides as [number, number], pad, dil), ref(want), 1e-5);
    }
    const mx = r([2, 4, 4, 3], 20);
    const { result, indexes } = tf.maxPoolWithArgmax(mx, 2, 2, 'same', true);
    const wantArg = tfc.maxPoolWithArgmax(tc(mx) as tfc.Tensor4D, 2, 2, 'same', true);
    expectClose(result, ref(wantArg.result as tfc.Tensor));
    expect(vals(indexes)).toEqual(ref(wantArg.indexes as tfc.Tensor));
    const k = r([3, 8], 12);
    const b = r([8], 13);
    const d = r([1, 1], 14);
    const c = r([1, 2], 15);
    const h = r([1, 2], 16);
    const [nc, nh] = tf.basicLSTMCell(1, k, b, d, c, h);
    const [rc, rh] = tfc.basicLSTMCell(1, tc(k) as tfc.Tensor2D, tc(b) as tfc.Tensor1D, tc(d) as tfc.Tensor2D, tc(c) as tfc.Tensor2D, tc(h) as tfc.Tensor2D);
    expectClose(nc, ref(rc), 1e-5);
    expectClose(nh, ref(rh), 1e-5);
  });
});

describe('tf.sparse matches TF.js', () => {
  test('sparseReshape, segment sum/mean and fillEmptyRows', () => {
    const ind = [[0, 0, 1], [1, 2, 3], [1, 0, 0]];
    const got = tf.sparse.sparseReshape(ind, [2, 3, 4], [6, -1]);
    const want = tfc.sparse.sparseReshape(tfc.tensor2d(ind, [3, 3], 'int32'), tfc.tensor1d([2, 3, 4], 'int32'), tfc.tensor1d([6, -1], 'int32'));
    expect(vals(got.outputIndices)).toEqual(ref(want.outputIndices as tfc.Tensor));
    expect(vals(got.outputShape)).toEqual([6, 4]);
    expect(() => tf.sparse.sparseReshape(ind, [2, 3, 4], [-1, 7])).toThrow(/multiple of 7/);
    const data = r([4, 3], 17);
    for (const [fn, rf] of [[tf.sparse.sparseSegmentSum, tfc.sparse.sparseSegmentSum], [tf.sparse.sparseSegmentMean, tfc.sparse.sparseSegmentMean]] as const) {
      const w = rf(tc(data), tfc.tensor1d([3, 0, 1, 1], 'int32'), tfc.tensor1d([0, 0, 2, 2], 'int32'));
      expectClose(fn(data, [3, 0, 1, 1], [0, 0, 2, 2]), ref(w), 1e-6);
    }
    expect(() => tf.sparse.sparseSegmentSum(data, [0, 1], [1, 0])).toThrow('segment ids are not increasing');
    const f = tf.sparse.sparseFillEmptyRows([[0, 1], [3, 0], [1, 1]], [5, 6, 7], [5, 2], -1);
    expect(vals(f.outputIndices)).toEqual([0, 1, 1, 1, 2, 0, 3, 0, 4, 0]);
    expect(vals(f.outputValues)).toEqual([5, 7, -1, 6, -1]);
    expect(vals(f.emptyRowIndicator)).toEqual([0, 0, 1, 0, 1]);
    expect(vals(f.reverseIndexMap)).toEqual([0, 3, 1]);
  });
});

describe('ragged ops match TF.js', () => {
  test('raggedRange broadcasts; raggedGather selects rows at every ragged level', () => {
    const got = tf.raggedRange(tf.tensor1d([0, 5, 8, 5], 'int32'), tf.tensor1d([8, 7, 8, 1], 'int32'), tf.tensor1d([2, 1, 1, -1], 'int32'));
    expect(vals(got.rtNestedSplits)).toEqual([0, 4, 6, 6, 10]);
    expect(vals(got.rtDenseValues)).toEqual([0, 2, 4, 6, 5, 6, 5, 4, 3, 2]);
    expect(() => tf.raggedRange(0, 5, 0)).toThrow('Requires delta != 0');
    const splits = [tf.tensor1d([0, 1, 3, 3], 'int32'), tf.tensor1d([0, 0, 3, 4], 'int32')];
    const vals2 = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]);
    const g = tf.raggedGather(splits, vals2, tf.tensor1d([2, 1, 0, 2], 'int32'), 2);
    const w = tfc.raggedGather(splits.map(tc), tc(vals2), tfc.tensor1d([2, 1, 0, 2], 'int32'), 2);
    expect(g.outputNestedSplits.map(vals)).toEqual(w.outputNestedSplits.map(ref));
    expect(vals(g.outputDenseValues)).toEqual(ref(w.outputDenseValues));
    expect(() => tf.raggedGather([tf.tensor1d([0, 3, 2], 'int32')], tf.ones([3]), tf.tensor1d([0], 'int32'), 1)).toThrow('Ragged splits must be sorted in ascending order');
  });
});
