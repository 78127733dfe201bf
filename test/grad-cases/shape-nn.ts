// Gradient cases for shape ops, gather/scatter, convolutions, pooling, resizing and normalisation (issue #2 part B).
// Each f squares or weights its result, so the check depends on the forward values as well as the rule.
import * as tf from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { run1 } from '../../src/tensor/engine.js';
import { StridedSliceGradOp } from '../../src/ops/slice.js';
import { MirrorPadGradOp, type MirrorPadGradAttrs } from '../../src/ops/pad.js';
import { Conv2DBackpropFilterOp, Conv2DBackpropInputOp } from '../../src/ops/conv.js';
import { DepthwiseBackpropFilterOp, DepthwiseBackpropInputOp } from '../../src/ops/depthwise.js';
import { AvgPoolGradOp } from '../../src/ops/pool.js';
import { type ResizeGradAttrs, ResizeBilinearGradOp, ResizeNearestNeighborGradOp } from '../../src/ops/image.js';
import { convGeometry } from '../../src/ops/conv-util.js';
import { randn } from '../helpers/grad-check.js';
import { weighted } from './core.js';
import type { GradCases } from './types.js';

const r = (shape: number[], seed: number, offset = 0, scale = 1): Tensor => randn(shape, { seed, offset, scale });
const i32 = (values: number[], shape?: number[]): Tensor => tf.tensor(values, shape ?? [values.length], 'int32');
const sq = (y: Tensor): Tensor => weighted(y.square());

// Geometry for the backprop ops: x [1, 5, 4, 2], a 3×2 window, stride [2, 1], 'same'.
const geo = convGeometry([1, 5, 4, 2], [3, 2], [2, 1], [1, 1], 'same', 'grad-cases');
const dilGeo = convGeometry([2, 6, 5, 2], [2, 2], [1, 1], [2, 2], 'valid', 'grad-cases');
const poolGeo = { ...convGeometry([1, 5, 4, 2], [3, 2], [2, 1], [1, 1], 'same', 'grad-cases'), filterSize: [3, 2] as [number, number] };

const mirrorAttrs: MirrorPadGradAttrs = { paddings: [[1, 2], [2, 0]], mode: 'reflect', shape: [3, 3] };
const bilinearAttrs: ResizeGradAttrs = { size: [5, 3], alignCorners: false, halfPixelCenters: true, inputShape: [1, 3, 2, 2] };
const nearestAttrs: ResizeGradAttrs = { size: [2, 5], alignCorners: false, halfPixelCenters: true, inputShape: [1, 3, 3, 1] };

export const cases: GradCases = {
  Transpose: [
    { label: 'rank 3 perm [2,0,1]', f: (a) => sq(tf.transpose(a, [2, 0, 1])), inputs: [r([2, 3, 4], 1)] },
    { label: 'matrix', f: (a) => weighted(a.transpose().matMul(a)), inputs: [r([3, 2], 2)] },
  ],
  BroadcastTo: [{ label: '[3,1] -> [2,3,4]', f: (a) => sq(tf.broadcastTo(a, [2, 3, 4])), inputs: [r([3, 1], 3)] }],
  Reverse: [{ label: 'axes [0, -1]', f: (a) => sq(tf.reverse(a, [0, -1])), inputs: [r([2, 3, 2], 4)] }],
  Tile: [{ label: '[2,3] reps [2,1] then [1,3]', f: (a) => sq(tf.tile(a, [2, 3])), inputs: [r([2, 3], 5)] }],
  Slice: [{ label: 'window of [3,4,2]', f: (a) => sq(tf.slice(a, [1, 1, 0], [2, -1, 1])), inputs: [r([3, 4, 2], 6)] }],
  StridedSlice: [
    { label: 'stride 2 and negative stride', f: (a) => sq(tf.stridedSlice(a, [0, 4], [3, 0], [2, -2])), inputs: [r([3, 5], 7)] },
    { label: 'shrink axis', f: (a) => sq(tf.stridedSlice(a, [1, 0], [2, 5], [1, 1], 0, 0, 0, 0, 1)), inputs: [r([3, 5], 8)] },
  ],
  StridedSliceGrad: [
    {
      f: (dy) => sq(run1(StridedSliceGradOp, { dy }, { shape: [4, 5], begin: [3, 0], strides: [-2, 2], size: [2, 3] })),
      inputs: [r([2, 3], 9)],
    },
  ],
  Concat: [
    { label: 'axis 1, three inputs', f: (a, b, c) => sq(tf.concat([a, b, c], 1)), inputs: [r([2, 1], 10), r([2, 3], 11), r([2, 2], 12)] },
    { label: 'axis 0 via stack', f: (a, b) => sq(tf.stack([a, b], 1)), inputs: [r([2, 3], 13), r([2, 3], 14)] },
  ],
  PadV2: [{ label: 'constant 1.5', f: (a) => sq(tf.pad(a, [[1, 0], [2, 1]], 1.5)), inputs: [r([2, 3], 15)] }],
  MirrorPad: [
    { label: 'reflect', f: (a) => sq(tf.mirrorPad(a, [[2, 1], [0, 2]], 'reflect')), inputs: [r([3, 3], 16)] },
    { label: 'symmetric', f: (a) => sq(tf.mirrorPad(a, [[2, 1], [3, 0]], 'symmetric')), inputs: [r([2, 3], 17)] },
  ],
  MirrorPadGrad: [
    { f: (dy) => sq(run1(MirrorPadGradOp, { dy }, mirrorAttrs)), inputs: [r([6, 5], 18)] },
  ],
  GatherV2: [
    { label: 'axis 1 with repeats', f: (a) => sq(tf.gather(a, i32([2, 0, 2, 1]), 1)), inputs: [r([2, 3, 2], 19)] },
    { label: 'batchDims 1', f: (a) => sq(tf.gather(a, i32([1, 1, 0, 2, 0, 0], [2, 3]), 1, 1)), inputs: [r([2, 3, 2], 20)] },
    { label: 'axis 2 batchDims 1 (outer axis between)', f: (a) => sq(tf.gather(a, i32([1, 0, 0], [1, 3]), 2, 1)), inputs: [r([1, 2, 3], 21)] },
  ],
  UnsortedSegmentSum: [
    { label: 'dropped negative id', f: (a) => sq(tf.unsortedSegmentSum(a, i32([2, 0, -1, 2]), 3)), inputs: [r([4, 2], 22)] },
  ],
  TopK: [{ label: 'k 2 over rows', f: (a) => sq(tf.topk(a, 2).values), inputs: [r([3, 5], 23)] }],
  GatherNd: [{ f: (a) => sq(tf.gatherND(a, i32([1, 0, 0, 1, 1, 0], [3, 2]))), inputs: [r([2, 2, 3], 24)] }],
  ScatterNd: [{ f: (u) => sq(tf.scatterND(i32([1, 3, 1], [3, 1]), u, [4, 2])), inputs: [r([3, 2], 25)] }],
  Conv2D: [
    { label: 'same, stride [2,1], 3x2 kernel', f: (x, w) => sq(tf.conv2d(x, w, [2, 1], 'same')), inputs: [r([1, 5, 4, 2], 26), r([3, 2, 2, 3], 27)] },
    { label: 'valid, dilation 2, batch 2', f: (x, w) => sq(tf.conv2d(x, w, 1, 'valid', 'NHWC', 2)), inputs: [r([2, 6, 5, 2], 28), r([2, 2, 2, 2], 29)] },
    { label: '1x1 pointwise', f: (x, w) => sq(tf.conv2d(x, w, 1, 'valid')), inputs: [r([2, 3, 3, 2], 30), r([1, 1, 2, 3], 31)] },
    { label: 'explicit padding', f: (x, w) => sq(tf.conv2d(x, w, 2, [[0, 0], [1, 0], [0, 2], [0, 0]])), inputs: [r([1, 4, 4, 1], 32), r([2, 3, 1, 2], 33)] },
  ],
  Conv2DBackpropInput: [
    {
      f: (dy, w) => sq(run1(Conv2DBackpropInputOp, { dy, filter: w }, { ...geo, inputShape: [1, 5, 4, 2] })),
      inputs: [r([1, geo.outHeight, geo.outWidth, 3], 34), r([3, 2, 2, 3], 35)],
    },
  ],
  Conv2DBackpropFilter: [
    {
      f: (x, dy) => sq(run1(Conv2DBackpropFilterOp, { x, dy }, { ...dilGeo, filterShape: [2, 2, 2, 3] })),
      inputs: [r([2, 6, 5, 2], 36), r([2, dilGeo.outHeight, dilGeo.outWidth, 3], 37)],
    },
  ],
  DepthwiseConv2dNative: [
    { label: 'same, stride 2, multiplier 2', f: (x, w) => sq(tf.depthwiseConv2d(x, w, 2, 'same')), inputs: [r([1, 5, 4, 2], 38), r([3, 2, 2, 2], 39)] },
    { label: 'valid, dilation 2', f: (x, w) => sq(tf.depthwiseConv2d(x, w, 1, 'valid', 'NHWC', 2)), inputs: [r([2, 5, 5, 2], 40), r([2, 2, 2, 1], 41)] },
  ],
  DepthwiseConv2dNativeBackpropInput: [
    {
      f: (dy, w) => sq(run1(DepthwiseBackpropInputOp, { dy, filter: w }, { ...geo, inputShape: [1, 5, 4, 2] })),
      inputs: [r([1, geo.outHeight, geo.outWidth, 4], 42), r([3, 2, 2, 2], 43)],
    },
  ],
  DepthwiseConv2dNativeBackpropFilter: [
    {
      f: (x, dy) => sq(run1(DepthwiseBackpropFilterOp, { x, dy }, { ...dilGeo, filterShape: [2, 2, 2, 1] })),
      inputs: [r([2, 6, 5, 2], 44), r([2, dilGeo.outHeight, dilGeo.outWidth, 2], 45)],
    },
  ],
  MaxPool: [
    { label: 'same 3x2 stride [2,1]', f: (x) => sq(tf.maxPool(x, [3, 2], [2, 1], 'same')), inputs: [r([1, 5, 4, 2], 46)] },
    { label: 'valid 2x2 stride 2', f: (x) => sq(tf.maxPool(x, 2, 2, 'valid')), inputs: [r([2, 4, 5, 1], 47)] },
    { label: 'pad 1, ceil rounding (overhanging windows)', f: (x) => sq(tf.maxPool(x, 3, 2, 1, 'ceil')), inputs: [r([1, 6, 6, 2], 76)] },
  ],
  AvgPool: [
    { label: 'same 3x3 stride 2', f: (x) => sq(tf.avgPool(x, 3, 2, 'same')), inputs: [r([1, 5, 4, 2], 48)] },
    { label: 'valid 2x1', f: (x) => sq(tf.avgPool(x, [2, 1], 1, 'valid')), inputs: [r([2, 3, 3, 1], 49)] },
    { label: 'pad 1, ceil rounding', f: (x) => sq(tf.avgPool(x, 3, 2, 1, 'ceil')), inputs: [r([1, 6, 5, 1], 77)] },
  ],
  AvgPoolGrad: [
    {
      f: (dy) => sq(run1(AvgPoolGradOp, { dy }, { ...poolGeo, inputShape: [1, 5, 4, 2] })),
      inputs: [r([1, poolGeo.outHeight, poolGeo.outWidth, 2], 50)],
    },
  ],
  ResizeBilinear: [
    { label: 'upsample', f: (x) => sq(tf.image.resizeBilinear(x, [5, 3])), inputs: [r([1, 3, 2, 2], 51)] },
    { label: 'half pixel, downsample', f: (x) => sq(tf.image.resizeBilinear(x, [2, 3], false, true)), inputs: [r([2, 5, 4, 1], 52)] },
    { label: 'align corners', f: (x) => sq(tf.image.resizeBilinear(x, [4, 4], true)), inputs: [r([3, 3, 2], 53)] },
  ],
  ResizeBilinearGrad: [
    {
      f: (dy) => sq(run1(ResizeBilinearGradOp, { dy }, bilinearAttrs)),
      inputs: [r([1, 5, 3, 2], 54)],
    },
  ],
  ResizeNearestNeighbor: [
    { label: 'upsample', f: (x) => sq(tf.image.resizeNearestNeighbor(x, [5, 3])), inputs: [r([1, 3, 2, 2], 55)] },
    { label: 'align corners', f: (x) => sq(tf.image.resizeNearestNeighbor(x, [2, 5], true)), inputs: [r([1, 3, 3, 1], 56)] },
  ],
  ResizeNearestNeighborGrad: [
    {
      f: (dy) => sq(run1(ResizeNearestNeighborGradOp, { dy }, nearestAttrs)),
      inputs: [r([1, 2, 5, 1], 57)],
    },
  ],
  // Composites (no OpDef of their own).
  conv2dTranspose: [
    { label: 'stride 2 same', f: (x, w) => sq(tf.conv2dTranspose(x, w, [1, 5, 4, 2], 2, 'same')), inputs: [r([1, 3, 2, 3], 58), r([3, 3, 2, 3], 59)] },
  ],
  conv1d: [{ label: 'stride 2 same', f: (x, w) => sq(tf.conv1d(x, w, 2, 'same')), inputs: [r([2, 7, 2], 60), r([3, 2, 2], 61)] }],
  separableConv2d: [
    { f: (x, d, p) => sq(tf.separableConv2d(x, d, p, 1, 'same')), inputs: [r([1, 4, 3, 2], 62), r([2, 2, 2, 2], 63), r([1, 1, 4, 3], 64)] },
  ],
  batchNorm: [
    {
      label: 'every input',
      f: (x, m, v, o, s) => sq(tf.batchNorm(x, m, v, o, s, 0.01)),
      inputs: [r([2, 3, 4], 65), r([4], 66), r([4], 67, 2, 0.3), r([4], 68), r([4], 69)],
    },
  ],
  dot: [
    { label: 'matrix·vector', f: (a, b) => sq(tf.dot(a, b)), inputs: [r([3, 4], 70), r([4], 71)] },
    { label: 'vector·vector', f: (a, b) => tf.dot(a, b).square(), inputs: [r([4], 72), r([4], 73)] },
  ],
  unstack: [{ f: (a) => sq(tf.unstack(a, 1)[1] as Tensor), inputs: [r([2, 3, 2], 74)] }],
  split: [{ f: (a) => weighted(tf.split(a, [1, -1], 1).map((t) => t.sum()).reduce((p, t) => p.add(t.square()))), inputs: [r([2, 4], 75)] }],
};
