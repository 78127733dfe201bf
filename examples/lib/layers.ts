// Looks up a `tf.layers` factory by its TF.js name at run time, so the convolutional examples compile before the
// convolution layers land and fail with a clear message until then. Once `tf.layers.conv2d` exists, calling it
// directly is equivalent.
import * as tf from '../../src/index.js';

/** A layer factory taking a TF.js-style config. */
export type LayerFactory = (config: Record<string, unknown>) => tf.layers.Layer;

/** The factory `tf.layers[name]`, or an error naming what is missing. */
export function layerFactory(name: string): LayerFactory {
  const registry: Record<string, unknown> = { ...tf.layers };
  const f = registry[name];
  if (typeof f !== 'function') {
    throw new Error(`tf.layers.${name} is not available in this build yet; this example needs the convolution and pooling layers.`);
  }
  return f as LayerFactory;
}
