import { ConfigError, FormatError } from '../core/errors.js';
import type { ConfigDict, Layer } from './layer.js';

/** A layer class as the registry stores it: anything with a static `fromConfig`. */
export interface LayerClass {
  fromConfig(config: ConfigDict): Layer;
}

/** A serialized layer: the TF.js/Keras `{className, config}` pair. */
export interface SerializedLayer {
  className: string;
  config: ConfigDict;
}

const layerClasses = new Map<string, LayerClass>();

/**
 * Makes `className` deserializable. Every layer module registers its classes on import; register custom layers
 * the same way before loading a model that uses them.
 * @example registerLayer('MyLayer', MyLayer);
 */
export function registerLayer(className: string, cls: LayerClass): void {
  layerClasses.set(className, cls);
}

/**
 * The class registered as `className`, or throws naming the registered classes.
 * @example getLayerClass('Dense').fromConfig({ units: 3 });
 */
export function getLayerClass(className: string): LayerClass {
  const cls = layerClasses.get(className);
  if (!cls) {
    throw new ConfigError(
      `Unknown layer class '${className}'. Registered classes: ${[...layerClasses.keys()].sort().join(', ')}. ` +
        'Register custom layers with registerLayer(className, cls) before deserializing.',
    );
  }
  return cls;
}

/** Names of every registered layer class. */
export function listLayerClasses(): string[] {
  return [...layerClasses.keys()].sort();
}

/**
 * Builds a layer from its `{className, config}` serialization.
 * @example const d = deserializeLayer({ className: 'Dense', config: { units: 4 } });
 */
export function deserializeLayer(serialized: SerializedLayer): Layer {
  if (serialized === null || typeof serialized !== 'object' || typeof serialized.className !== 'string') {
    throw new FormatError(
      `deserializeLayer: expected {className: string, config: object}, received ${JSON.stringify(serialized)?.slice(0, 200)}.`,
    );
  }
  return getLayerClass(serialized.className).fromConfig(serialized.config ?? {});
}

/** Serializes a layer as `{className, config}`. */
export function serializeLayer(layer: Layer): SerializedLayer {
  return { className: layer.getClassName(), config: layer.getConfig() };
}
