import * as tf from '../../src/index.js';

/** A layer from its `tf.layers` factory name, so tests compile while some layer classes are still being written. */
export function mk(factory: string, args: Record<string, unknown> = {}): tf.layers.Layer {
  const f = (tf.layers as Record<string, unknown>)[factory];
  if (typeof f !== 'function') throw new Error(`tf.layers.${factory} does not exist`);
  return (f as (a: Record<string, unknown>) => tf.layers.Layer)(args);
}

/** The layer classes among `classes` that are not registered yet (tests skip on these, naming them). */
export function missingClasses(...classes: string[]): string[] {
  const have = new Set(tf.layers.listLayerClasses());
  return classes.filter((c) => !have.has(c));
}
