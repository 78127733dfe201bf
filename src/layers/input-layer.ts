import type { DataType } from '../core/dtype.js';
import { ConfigError } from '../core/errors.js';
import { type ConfigDict, Layer } from './layer.js';
import { uniqueName } from './naming.js';
import { registerLayer } from './registry.js';
import { Node, SymbolicTensor, type SymbolicShape } from './symbolic.js';

/** Options of `InputLayer` (TF.js names). */
export interface InputLayerArgs {
  inputShape?: SymbolicShape;
  batchInputShape?: SymbolicShape;
  batchSize?: number;
  dtype?: DataType;
  sparse?: boolean;
  name?: string;
}

/**
 * The entry point of a model graph: holds the input's shape and dtype and produces one SymbolicTensor.
 * @example const layer = new InputLayer({ inputShape: [4] }); layer.output.shape; // [null, 4]
 */
export class InputLayer extends Layer {
  static override className = 'InputLayer';
  /** The symbolic tensor this layer feeds into the graph. */
  readonly output: SymbolicTensor;

  constructor(args: InputLayerArgs) {
    if (!args.batchInputShape && !args.inputShape) {
      throw new ConfigError('InputLayer: give inputShape (without the batch dimension, e.g. [28, 28]) or batchInputShape (e.g. [null, 28, 28]).');
    }
    if (args.batchInputShape && args.inputShape) {
      throw new ConfigError('InputLayer: give only one of inputShape and batchInputShape.');
    }
    const base: { name?: string; dtype?: DataType; batchInputShape?: SymbolicShape } = {};
    // Keras names inputs `input`, `input_1`, ... rather than after the class.
    base.name = args.name ?? uniqueName('input');
    if (args.dtype !== undefined) base.dtype = args.dtype;
    base.batchInputShape = args.batchInputShape ?? [args.batchSize ?? null, ...(args.inputShape ?? [])];
    super(base);
    this.built = true;
    this.output = new SymbolicTensor(this.dtype, base.batchInputShape, this, 0, 0);
    this.inboundNodes.push(new Node(this, [], [this.output], {}));
  }

  override getConfig(): ConfigDict {
    return { batchInputShape: [...(this.batchInputShape ?? [])], dtype: this.dtype, sparse: false, name: this.name };
  }

  static override fromConfig<T extends Layer>(this: new (args: ConfigDict) => T, config: ConfigDict): T {
    return new this(config);
  }
}
registerLayer(InputLayer.className, InputLayer);

/** Options of `input()`. */
export interface InputConfig {
  /** Shape without the batch dimension, e.g. [28, 28]. */
  shape?: SymbolicShape;
  /** Shape including the batch dimension (`null` for any size). */
  batchShape?: SymbolicShape;
  name?: string;
  dtype?: DataType;
}

/**
 * Creates a symbolic model input, the starting point of a functional model.
 * @example const x = input({ shape: [784] }); const y = dense({ units: 10 }).apply(x); const m = model({ inputs: x, outputs: y });
 */
export function input(config: InputConfig): SymbolicTensor {
  if (!config || (!config.shape && !config.batchShape)) {
    throw new ConfigError('input: give shape (without the batch dimension, e.g. {shape: [784]}) or batchShape (e.g. {batchShape: [null, 784]}).');
  }
  if (config.shape && config.batchShape) throw new ConfigError('input: give only one of shape and batchShape.');
  const args: InputLayerArgs = {};
  if (config.shape) args.inputShape = config.shape;
  if (config.batchShape) args.batchInputShape = config.batchShape;
  if (config.name !== undefined) args.name = config.name;
  if (config.dtype !== undefined) args.dtype = config.dtype;
  return new InputLayer(args).output;
}
