// Native softmax, fused cross-entropy, convolution and pooling kernels (NHWC, float32).
import { type TensorData, registerKernel } from '../../core/kernel-registry.js';
import { LogSoftmaxOp, SoftmaxOp } from '../../ops/activations.js';
import type { ConvAttrs } from '../../ops/conv-util.js';
import { Conv2DBackpropFilterOp, Conv2DBackpropInputOp, Conv2DOp } from '../../ops/conv.js';
import { SoftmaxCrossEntropyWithLogitsOp, SparseSoftmaxCrossEntropyWithLogitsOp } from '../../ops/losses-fused.js';
import { AvgPoolGradOp, AvgPoolOp, MaxPoolGradOp, MaxPoolOp, type PoolAttrs } from '../../ops/pool.js';
import type { NativeAddon } from './addon.js';
import { type NativeOpList, codeOf } from './op-list.js';
import { allF32, f32, first, i32 } from './util.js';


function lastDim(t: TensorData): number {
  return t.shape[t.shape.length - 1] ?? 1;
}

/** ConvGeom of native/src/common.h from an NHWC input shape, filter shape [fh, fw, inC, outC] and the attrs. */
// The addon reads the geometry during the call, so one array serves every call (JS is single-threaded).
const geom = new Float64Array(15);

/** ConvGeom of native/src/common.h from NHWC input and HWIO filter shapes and the attrs (a shared array). */
export function convGeom(x: readonly number[], filter: readonly number[], a: ConvAttrs): Float64Array {
  geom[0] = x[0] ?? 0;
  geom[1] = x[1] ?? 0;
  geom[2] = x[2] ?? 0;
  geom[3] = x[3] ?? 0;
  geom[4] = a.outHeight;
  geom[5] = a.outWidth;
  geom[6] = filter[3] ?? 0;
  geom[7] = filter[0] ?? 0;
  geom[8] = filter[1] ?? 0;
  geom[9] = a.strides[0];
  geom[10] = a.strides[1];
  geom[11] = a.dilations[0];
  geom[12] = a.dilations[1];
  geom[13] = a.pads[0];
  geom[14] = a.pads[2];
  return geom;
}

/** PoolGeom of native/src/common.h from an NHWC input shape and the attrs. */
function poolGeom(x: readonly number[], a: PoolAttrs): Float64Array {
  const values = [x[0] ?? 0, x[1] ?? 0, x[2] ?? 0, x[3] ?? 0, a.outHeight, a.outWidth, a.filterSize[0], a.filterSize[1], a.strides[0], a.strides[1], a.pads[0], a.pads[2]];
  for (let i = 0; i < values.length; i++) geom[i] = values[i] ?? 0;
  return geom;
}

const plainPool = (a: PoolAttrs): boolean => a.dilations[0] === 1 && a.dilations[1] === 1;
const rank4 = (...ts: TensorData[]): boolean => ts.every((t) => t.shape.length === 4);

function registerSoftmax(addon: NativeAddon): void {
  for (const [op, log] of [[SoftmaxOp, false], [LogSoftmaxOp, true]] as const) {
    registerKernel(
      op,
      'native',
      ({ logits }, _, outputs) => {
        const cols = lastDim(logits);
        addon.softmax(f32(logits), f32(first(outputs)), logits.size / cols, cols, log);
      },
      { accepts: ({ logits }, { dim }) => allF32(logits) && dim === logits.shape.length - 1 && lastDim(logits) > 0 },
    );
  }
  registerKernel(
    SoftmaxCrossEntropyWithLogitsOp,
    'native',
    ({ labels, logits }, _, outputs) => {
      const cols = lastDim(logits);
      addon.softmaxXent(f32(logits), f32(labels), f32(first(outputs)), null, logits.size / cols, cols);
    },
    { accepts: ({ labels, logits }) => allF32(labels, logits) && lastDim(logits) > 0 },
  );
  registerKernel(
    SparseSoftmaxCrossEntropyWithLogitsOp,
    'native',
    ({ labels, logits }, _, outputs) => {
      const cols = lastDim(logits);
      const ids = i32(labels);
      if (!ids) throw new Error('SparseSoftmaxCrossEntropyWithLogits: native kernel needs int32 labels');
      addon.sparseXent(f32(logits), ids, f32(first(outputs)), logits.size / cols, cols);
    },
    { accepts: ({ labels, logits }) => allF32(logits) && labels.dtype === 'int32' && lastDim(logits) > 0 },
  );
}

function registerConv(addon: NativeAddon): void {
  registerKernel(Conv2DOp, 'native', ({ x, filter }, a, outputs) => addon.conv2d(f32(x), f32(filter), f32(first(outputs)), convGeom(x.shape, filter.shape, a), null, 0), {
    accepts: ({ x, filter }) => allF32(x, filter) && rank4(x, filter),
  });
  registerKernel(
    Conv2DBackpropInputOp,
    'native',
    ({ dy, filter }, a, outputs) => addon.conv2dBackpropInput(f32(dy), f32(filter), f32(first(outputs)), convGeom(a.inputShape, filter.shape, a)),
    { accepts: ({ dy, filter }, a) => allF32(dy, filter) && rank4(dy, filter) && a.inputShape.length === 4 },
  );
  registerKernel(
    Conv2DBackpropFilterOp,
    'native',
    ({ x, dy }, a, outputs) => addon.conv2dBackpropFilter(f32(x), f32(dy), f32(first(outputs)), convGeom(x.shape, a.filterShape, a)),
    { accepts: ({ x, dy }, a) => allF32(x, dy) && rank4(x, dy) && a.filterShape.length === 4 },
  );
}

function registerPool(addon: NativeAddon, list: NativeOpList): void {
  const POOL_MAX = codeOf('pool', list.pool, 'max');
  const POOL_AVG = codeOf('pool', list.pool, 'avg');
  registerKernel(MaxPoolOp, 'native', ({ x }, a, outputs) => addon.pool(POOL_MAX, f32(x), f32(first(outputs)), poolGeom(x.shape, a)), {
    accepts: ({ x }, a) => allF32(x) && rank4(x) && plainPool(a),
  });
  registerKernel(AvgPoolOp, 'native', ({ x }, a, outputs) => addon.pool(POOL_AVG, f32(x), f32(first(outputs)), poolGeom(x.shape, a)), {
    accepts: ({ x }, a) => allF32(x) && rank4(x) && plainPool(a),
  });
  registerKernel(
    MaxPoolGradOp,
    'native',
    ({ dy, x }, a, outputs) => addon.poolGrad(POOL_MAX, f32(x), f32(dy), f32(first(outputs)), poolGeom(x.shape, a)),
    { accepts: ({ dy, x }, a) => allF32(dy, x) && rank4(dy, x) && plainPool(a) },
  );
  registerKernel(
    AvgPoolGradOp,
    'native',
    ({ dy }, a, outputs) => {
      const dx = f32(first(outputs));
      // Average pooling's gradient never reads x; the output array stands in for it (same size).
      addon.poolGrad(POOL_AVG, dx, f32(dy), dx, poolGeom(a.inputShape, a));
    },
    { accepts: ({ dy }, a) => allF32(dy) && rank4(dy) && a.inputShape.length === 4 && plainPool(a) },
  );
}

/** Registers the native softmax, cross-entropy, convolution and pooling kernels. */
export function registerNN(addon: NativeAddon, list: NativeOpList): void {
  registerSoftmax(addon);
  registerConv(addon);
  registerPool(addon, list);
}
