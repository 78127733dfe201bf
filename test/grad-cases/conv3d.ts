// 3-D convolution and pooling (src/ops/conv3d.ts, src/ops/pool3d.ts).
import * as tf from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { run1 } from '../../src/tensor/engine.js';
import { Conv3DBackpropFilterOp, Conv3DBackpropInputOp } from '../../src/ops/conv3d.js';
import { conv3dGeometry } from '../../src/ops/conv3d-util.js';
import { AvgPool3DGradOp } from '../../src/ops/pool3d.js';
import { randn } from '../helpers/grad-check.js';
import { weighted } from './core.js';
import type { GradCases } from './types.js';

const r = (shape: number[], seed: number): Tensor => randn(shape, { seed });
const sq = (y: Tensor): Tensor => weighted(y.square());
const geo = conv3dGeometry([1, 4, 3, 3, 2], [2, 3, 2], [2, 1, 1], [1, 1, 1], 'same', 'grad-cases');
const dilGeo = conv3dGeometry([1, 4, 4, 3, 1], [2, 2, 2], [1, 1, 1], [2, 1, 1], 'valid', 'grad-cases');
const poolGeo = conv3dGeometry([1, 3, 4, 3, 2], [2, 2, 2], [2, 1, 2], [1, 1, 1], 'same', 'grad-cases');

export const cases: GradCases = {
  Conv3D: [
    { label: 'same, stride [2,1,1]', f: (x, w) => sq(tf.conv3d(x, w, [2, 1, 1], 'same')), inputs: [r([1, 4, 3, 3, 2], 301), r([2, 3, 2, 2, 3], 302)] },
    { label: 'valid, dilation [2,1,1], batch 2', f: (x, w) => sq(tf.conv3d(x, w, 1, 'valid', 'NDHWC', [2, 1, 1])), inputs: [r([2, 4, 4, 3, 1], 303), r([2, 2, 2, 1, 2], 304)] },
    { label: 'pad 1', f: (x, w) => sq(tf.conv3d(x, w, 2, 1)), inputs: [r([1, 3, 3, 3, 1], 305), r([2, 2, 2, 1, 1], 306)] },
  ],
  Conv3DBackpropInputV2: [
    {
      f: (dy, w) => sq(run1(Conv3DBackpropInputOp, { dy, filter: w }, { ...geo, inputShape: [1, 4, 3, 3, 2] })),
      inputs: [r([1, ...geo.outSize, 3], 307), r([2, 3, 2, 2, 3], 308)],
    },
  ],
  Conv3DBackpropFilterV2: [
    {
      f: (x, dy) => sq(run1(Conv3DBackpropFilterOp, { x, dy }, { ...dilGeo, filterShape: [2, 2, 2, 1, 2] })),
      inputs: [r([1, 4, 4, 3, 1], 309), r([1, ...dilGeo.outSize, 2], 310)],
    },
  ],
  MaxPool3D: [
    { label: 'same, stride [2,1,2]', f: (x) => sq(tf.maxPool3d(x, 2, [2, 1, 2], 'same')), inputs: [r([1, 3, 4, 3, 2], 311)] },
    { label: 'valid, rank 4', f: (x) => sq(tf.maxPool3d(x, [2, 1, 2], 1, 'valid')), inputs: [r([3, 3, 3, 1], 312)] },
  ],
  AvgPool3D: [
    { label: 'same, stride [2,1,2]', f: (x) => sq(tf.avgPool3d(x, 2, [2, 1, 2], 'same')), inputs: [r([1, 3, 4, 3, 2], 313)] },
    { label: 'pad 1, ceil rounding', f: (x) => sq(tf.avgPool3d(x, 2, 2, 1, 'ceil')), inputs: [r([2, 3, 2, 3, 1], 314)] },
  ],
  AvgPool3DGrad: [
    {
      f: (dy) => sq(run1(AvgPool3DGradOp, { dy }, { ...poolGeo, filterSize: [2, 2, 2] as [number, number, number], inputShape: [1, 3, 4, 3, 2] })),
      inputs: [r([1, ...poolGeo.outSize, 2], 315)],
    },
  ],
};
