// Layer wrappers for sequences: Bidirectional (runs an RNN both ways and merges) and TimeDistributed (applies a
// layer to every time step), plus the Masking layer.
import { ConfigError, ShapeError } from '../../core/errors.js';
import { fmtShape } from '../../core/shape.js';
import { add, any, cast, concat, expandDims, mul, notEqual, reshape, reverse } from '../../ops/index.js';
import type { Tensor, Variable } from '../../tensor/tensor.js';
import { type ConfigDict, Layer, type LayerArgs, type ShapeOrShapes, isShapeList } from '../layer.js';
import { type SerializedLayer, deserializeLayer, registerLayer, serializeLayer } from '../registry.js';
import type { CallKwargs, SymbolicShape } from '../symbolic.js';
import { RNN } from './rnn.js';

/** How Bidirectional combines the two directions. */
export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave' | null;

/** Options of `Bidirectional`. */
export interface BidirectionalLayerArgs extends LayerArgs {
  /** The recurrent layer to run forwards; a copy runs backwards. */
  layer: RNN | SerializedLayer;
  /** Default 'concat'; null returns both outputs as a list. */
  mergeMode?: MergeMode;
}

function asRnn(layer: Layer, who: string): RNN {
  if (!(layer instanceof RNN)) throw new ConfigError(`${who}: layer must be a recurrent layer (lstm, gru, simpleRNN, rnn), received ${layer.getClassName()}.`);
  return layer;
}

/**
 * Runs a recurrent layer forwards and a copy of it backwards over the sequence and merges the outputs.
 * @example tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 16 }), mergeMode: 'concat' })
 */
export class Bidirectional extends Layer {
  static override className = 'Bidirectional';
  readonly forwardLayer: RNN;
  readonly backwardLayer: RNN;
  readonly mergeMode: MergeMode;
  private readonly inner: SerializedLayer;

  constructor(args: BidirectionalLayerArgs) {
    super(args);
    if (!args?.layer) throw new ConfigError(`Bidirectional (${this.name}): the layer option is required, e.g. {layer: tf.layers.lstm({units: 8})}.`);
    const mode = args.mergeMode === undefined ? 'concat' : args.mergeMode;
    if (mode !== null && !['concat', 'sum', 'mul', 'ave'].includes(mode)) {
      throw new ConfigError(`Bidirectional (${this.name}): mergeMode must be 'concat', 'sum', 'mul', 'ave' or null, received ${JSON.stringify(mode)}.`);
    }
    this.mergeMode = mode;
    this.inner = args.layer instanceof Layer ? serializeLayer(asRnn(args.layer, `Bidirectional (${this.name})`)) : args.layer;
    const base = this.inner.config;
    const innerName = String(base.name ?? 'rnn');
    this.forwardLayer = asRnn(deserializeLayer({ className: this.inner.className, config: { ...base, name: `${this.name}/forward_${innerName}` } }), this.name);
    this.backwardLayer = asRnn(
      deserializeLayer({ className: this.inner.className, config: { ...base, name: `${this.name}/backward_${innerName}`, goBackwards: !base.goBackwards } }),
      this.name,
    );
    this.supportsMasking = true;
    this.inputSpec = [{ ndim: 3 }];
  }

  override build(inputShape: ShapeOrShapes): void {
    for (const l of [this.forwardLayer, this.backwardLayer]) {
      if (!l.built) {
        l.build(inputShape);
        l.built = true;
      }
    }
  }

  override get trainableWeights(): Variable[] {
    return this.trainable ? [...this.forwardLayer.trainableWeights, ...this.backwardLayer.trainableWeights] : [];
  }

  override get nonTrainableWeights(): Variable[] {
    const all = (l: RNN): Variable[] => (this.trainable ? l.nonTrainableWeights : l.weights);
    return [...all(this.forwardLayer), ...all(this.backwardLayer)];
  }

  override get losses(): Tensor[] {
    return [...super.losses, ...this.forwardLayer.losses, ...this.backwardLayer.losses];
  }

  override computeOutputShape(inputShape: ShapeOrShapes): ShapeOrShapes {
    const f = this.forwardLayer.computeOutputShape(inputShape);
    const out = (isShapeList(f) ? f[0] : f) as SymbolicShape;
    const merged: ShapeOrShapes = this.mergeMode === 'concat' ? [...out.slice(0, -1), (out[out.length - 1] ?? 0) * 2] : out;
    const states = isShapeList(f) ? f.slice(1) : [];
    if (this.mergeMode === null) return [out, out, ...states, ...states];
    return states.length > 0 ? [merged as SymbolicShape, ...states, ...states] : merged;
  }

  override computeMask(inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null | undefined): Tensor | (Tensor | null)[] | null {
    return this.forwardLayer.computeMask(inputs, mask);
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor | Tensor[] {
    const f = this.forwardLayer.call(inputs, kwargs);
    const b = this.backwardLayer.call(inputs, kwargs);
    const [yf, ...sf] = Array.isArray(f) ? f : [f];
    const [yb, ...sb] = Array.isArray(b) ? b : [b];
    let a = yf as Tensor;
    // The backward layer emits its sequence in processing order; flip it back so step t lines up with step t.
    let c = this.forwardLayer.returnSequences ? reverse(yb as Tensor, 1) : (yb as Tensor);
    const rawMask = Array.isArray(kwargs.mask) ? (kwargs.mask[0] ?? null) : (kwargs.mask ?? null);
    if (rawMask && this.forwardLayer.returnSequences) {
      // As Keras (zero_output_for_mask): masked steps output zeros, so the two directions line up after merging.
      const m = expandDims(cast(rawMask, a.dtype), -1);
      a = mul(a, m);
      c = mul(c, m);
    }
    if (this.mergeMode === null) return [a, c, ...sf, ...sb];
    const merged =
      this.mergeMode === 'concat' ? concat([a, c], -1) : this.mergeMode === 'sum' ? add(a, c) : this.mergeMode === 'mul' ? mul(a, c) : mul(add(a, c), 0.5);
    return sf.length > 0 ? [merged, ...sf, ...sb] : merged;
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), layer: this.inner, mergeMode: this.mergeMode };
  }
}
registerLayer(Bidirectional.className, Bidirectional);

/** Options of `TimeDistributed`. */
export interface TimeDistributedLayerArgs extends LayerArgs {
  /** The layer applied to every time step. */
  layer: Layer | SerializedLayer;
}

/**
 * Applies a layer to every time step of [batch, time, ...] inputs (by folding time into the batch).
 * @example tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 4 }) })
 */
export class TimeDistributed extends Layer {
  static override className = 'TimeDistributed';
  readonly layer: Layer;

  constructor(args: TimeDistributedLayerArgs) {
    super(args);
    if (!args?.layer) throw new ConfigError(`TimeDistributed (${this.name}): the layer option is required, e.g. {layer: tf.layers.dense({units: 4})}.`);
    this.layer = args.layer instanceof Layer ? args.layer : deserializeLayer(args.layer);
    this.supportsMasking = true;
    this.inputSpec = [{ minNdim: 3 }];
  }

  override build(inputShape: ShapeOrShapes): void {
    const shape = (isShapeList(inputShape) ? inputShape[0] : inputShape) as SymbolicShape;
    if (!this.layer.built) {
      this.layer.build([null, ...shape.slice(2)]);
      this.layer.built = true;
    }
  }

  override get trainableWeights(): Variable[] {
    return this.trainable ? this.layer.trainableWeights : [];
  }

  override get nonTrainableWeights(): Variable[] {
    return this.trainable ? this.layer.nonTrainableWeights : this.layer.weights;
  }

  override get losses(): Tensor[] {
    return [...super.losses, ...this.layer.losses];
  }

  override computeOutputShape(inputShape: ShapeOrShapes): ShapeOrShapes {
    const shape = (isShapeList(inputShape) ? inputShape[0] : inputShape) as SymbolicShape;
    const inner = this.layer.computeOutputShape([null, ...shape.slice(2)]) as SymbolicShape;
    return [shape[0] ?? null, shape[1] ?? null, ...inner.slice(1)];
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    const x = Array.isArray(inputs) ? (inputs[0] as Tensor) : inputs;
    if (x.rank < 3) {
      throw new ShapeError(`TimeDistributed (${this.name}): expected input of rank >= 3 [batch, time, ...], received ${fmtShape(x.shape)}.`);
    }
    const [b, t] = x.shape as [number, number];
    const { mask: _mask, ...rest } = kwargs;
    const y = this.layer.invoke(reshape(x, [b * t, ...x.shape.slice(2)]), rest) as Tensor;
    return reshape(y, [b, t, ...y.shape.slice(1)]);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), layer: serializeLayer(this.layer) };
  }
}
registerLayer(TimeDistributed.className, TimeDistributed);

/** Options of `Masking`. */
export interface MaskingLayerArgs extends LayerArgs {
  /** Time steps whose features all equal this value are masked. Default 0. */
  maskValue?: number;
}

/**
 * Masks time steps whose features all equal `maskValue`, so later layers (RNNs, pooling) skip them.
 * @example tf.layers.masking({ maskValue: 0, inputShape: [10, 8] })
 */
export class Masking extends Layer {
  static override className = 'Masking';
  readonly maskValue: number;

  constructor(args: MaskingLayerArgs = {}) {
    super(args);
    this.maskValue = args.maskValue ?? 0;
    this.supportsMasking = true;
  }

  override computeMask(inputs: Tensor | Tensor[]): Tensor {
    const x = Array.isArray(inputs) ? (inputs[0] as Tensor) : inputs;
    return any(notEqual(x, this.maskValue), -1);
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const x = Array.isArray(inputs) ? (inputs[0] as Tensor) : inputs;
    return mul(x, cast(expandDims(this.computeMask(x), -1), x.dtype));
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), maskValue: this.maskValue };
  }
}
registerLayer(Masking.className, Masking);
