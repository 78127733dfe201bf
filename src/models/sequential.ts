import { ConfigError, FormatError, ValueError } from '../core/errors.js';
import { InputLayer, input } from '../layers/input-layer.js';
import type { ConfigDict, Layer } from '../layers/layer.js';
import { deserializeLayer, registerLayer, type SerializedLayer, serializeLayer } from '../layers/registry.js';
import type { SymbolicTensor } from '../layers/symbolic.js';
import type { Tensor } from '../tensor/tensor.js';
import { Container, type ModelInput } from './container.js';
import { LayersModel } from './model.js';

/** Arguments of `tf.sequential()`. */
export interface SequentialArgs {
  /** Layers to add in order; the first needs `inputShape` (or `batchInputShape`). */
  layers?: Layer[];
  name?: string;
}

/**
 * A linear stack of layers. The first layer must declare its input shape; each later layer receives the previous
 * layer's output. `layers` lists the added layers (without the implicit input layer).
 * @example const m = sequential({ layers: [dense({ units: 8, inputShape: [4], activation: 'relu' }), dense({ units: 1 })] });
 */
export class Sequential extends LayersModel {
  static override className = 'Sequential';
  /** Output after each added layer, so `pop()` can step back. */
  private readonly stack: SymbolicTensor[] = [];

  constructor(args: SequentialArgs = {}) {
    super(args.name === undefined ? {} : { name: args.name });
    for (const layer of args.layers ?? []) this.add(layer);
  }

  /**
   * Appends a layer. The first layer must have `inputShape`/`batchInputShape` (or be an input layer or a model).
   * @example model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
   */
  add(layer: Layer): void {
    if (!(layer instanceof Container) && !(typeof layer === 'object' && layer !== null && 'apply' in layer)) {
      throw new ConfigError(`Sequential.add (${this.name}): expected a layer, received ${typeof layer}.`);
    }
    if (layer instanceof InputLayer) {
      if (this.stack.length > 0) {
        throw new ConfigError(`Sequential.add (${this.name}): an InputLayer can only be the first layer; this model already has layers.`);
      }
      this.stack.push(layer.output);
      this.rebuild();
      return;
    }
    let x: SymbolicTensor;
    if (this.stack.length > 0) x = this.stack[this.stack.length - 1] as SymbolicTensor;
    else if (layer instanceof Container && layer.inputs.length === 1) {
      x = input({ batchShape: (layer.inputs[0] as SymbolicTensor).shape, dtype: (layer.inputs[0] as SymbolicTensor).dtype });
      this.stack.push(x);
    } else {
      if (!layer.batchInputShape) {
        throw new ConfigError(
          `Sequential.add (${this.name}): the first layer in a Sequential model must get an inputShape or batchInputShape ` +
            `argument; '${layer.name}' (${layer.getClassName()}) has neither. Fix: give it e.g. inputShape: [784] ` +
            '(the shape of one sample, without the batch dimension).',
        );
      }
      x = input({ batchShape: layer.batchInputShape, dtype: layer.dtype === 'float64' ? 'float64' : 'float32' });
      this.stack.push(x);
    }
    const y = layer.apply(x);
    if (Array.isArray(y)) {
      throw new ValueError(
        `Sequential.add (${this.name}): layer '${layer.name}' returns ${y.length} outputs; every layer in a Sequential model must have ` +
          'a single output. Use the functional API (tf.model) for multi-output layers.',
      );
    }
    this.stack.push(y);
    this.rebuild();
  }

  /**
   * Removes the last layer.
   * @example model.pop();
   */
  pop(): void {
    if (this.layers.length === 0) throw new ValueError(`Sequential.pop (${this.name}): there are no layers to remove.`);
    this.stack.pop();
    if (this.stack.length <= 1) this.stack.length = 0;
    this.rebuild();
  }

  private rebuild(): void {
    const first = this.stack[0];
    const last = this.stack[this.stack.length - 1];
    if (!first || !last) {
      this.inputs = [];
      this.outputs = [];
      this.layers = [];
      this.steps = [];
      this.nodeSet = new Set();
      this.built = false;
      return;
    }
    this.initGraph([first], [last]);
    this.layers = this.layers.filter((l) => !(l instanceof InputLayer));
  }

  override execute(inputs: Tensor[], training: boolean): Tensor[] {
    if (this.outputs.length === 0) {
      throw new ValueError(`${this.name}: the Sequential model is empty. Add layers with model.add(...) before using it.`);
    }
    return super.execute(inputs, training);
  }

  override standardizeInputs(x: ModelInput, where: string): Tensor[] {
    if (this.inputs.length === 0) throw new ValueError(`${where}: the Sequential model '${this.name}' is empty. Add layers with model.add(...) first.`);
    return super.standardizeInputs(x, where);
  }

  /** TF.js Sequential config: `{name, layers: [{className, config}]}`; the first layer carries batchInputShape. */
  override getConfig(): ConfigDict {
    const layers: SerializedLayer[] = this.layers.map(serializeLayer);
    const first = layers[0];
    const inputShape = this.inputs[0]?.shape;
    if (first && inputShape && first.config.batchInputShape === undefined) {
      first.config = { ...first.config, batchInputShape: [...inputShape] };
    }
    return { name: this.name, layers };
  }

  /**
   * Rebuilds a Sequential model (fresh weights) from `getConfig()` output (or a plain list of layer configs).
   * @example const copy = Sequential.fromConfig(model.getConfig());
   */
  static override fromConfig<T>(this: new (args: SequentialArgs & ConfigDict) => T, config: ConfigDict | SerializedLayer[]): T {
    const list = Array.isArray(config) ? config : config.layers;
    if (!Array.isArray(list)) throw new FormatError('Sequential.fromConfig: expected {name, layers: [{className, config}, ...]}.');
    const args: SequentialArgs & ConfigDict = {};
    if (!Array.isArray(config) && typeof config.name === 'string') args.name = config.name;
    const m = new this(args);
    for (const entry of list as SerializedLayer[]) (m as Sequential).add(deserializeLayer(entry));
    return m;
  }
}
registerLayer(Sequential.className, Sequential);

/**
 * Creates a Sequential model (TF.js `tf.sequential`).
 * @example const m = sequential(); m.add(dense({ units: 1, inputShape: [3] }));
 */
export function sequential(args: SequentialArgs = {}): Sequential {
  return new Sequential(args);
}
