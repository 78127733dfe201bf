// The graph half of a model: turns symbolic inputs/outputs into an ordered list of layer applications (nodes),
// and executes that list on concrete tensors. Training lives in `model.ts` (LayersModel), which extends this class.
import { ConfigError, ShapeError, ValueError } from '../core/errors.js';
import { InputLayer } from '../layers/input-layer.js';
import { type ConfigDict, Layer, type ShapeOrShapes } from '../layers/layer.js';
import { type CallKwargs, type Node, SymbolicTensor, type SymbolicShape } from '../layers/symbolic.js';
import { cast } from '../ops/index.js';
import { Tensor, type Variable } from '../tensor/tensor.js';

/** Arguments of `tf.model()`. */
export interface ContainerArgs {
  inputs: SymbolicTensor | SymbolicTensor[];
  outputs: SymbolicTensor | SymbolicTensor[];
  name?: string;
}

/** Model inputs as a caller may give them: one tensor, a list in `inputs` order, or a map by input layer name. */
export type ModelInput = Tensor | Tensor[] | Record<string, Tensor>;

function fmtSym(shape: SymbolicShape): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(',')}]`;
}

/**
 * A directed acyclic graph of layers from symbolic inputs to symbolic outputs. It is itself a Layer, so a model can
 * be applied inside another model.
 */
export class Container extends Layer {
  static override className = 'Container';
  /** Symbolic inputs, in order. */
  inputs: SymbolicTensor[] = [];
  /** Symbolic outputs, in order. */
  outputs: SymbolicTensor[] = [];
  /** Layers in execution order, input layers first. */
  layers: Layer[] = [];
  /** Layer applications in a valid execution order. */
  protected steps: Node[] = [];
  /** The nodes that belong to this model's graph (a reused layer may have nodes in other graphs too). */
  protected nodeSet = new Set<Node>();

  constructor(args: { name?: string }) {
    super(args.name === undefined ? {} : { name: args.name });
    this.supportsMasking = true;
  }

  /** (Re)builds the graph bookkeeping from symbolic `inputs` to `outputs`. */
  protected initGraph(inputs: SymbolicTensor[], outputs: SymbolicTensor[]): void {
    const where = `${this.getClassName()} (${this.name})`;
    inputs.forEach((t, i) => {
      if (!(t instanceof SymbolicTensor) || !(t.sourceLayer instanceof InputLayer)) {
        throw new ConfigError(
          `${where}: input ${i} must be a SymbolicTensor made by tf.input(), received ` +
            `${t instanceof SymbolicTensor ? `the output of layer '${t.sourceLayer.name}'` : typeof t}. Use inputs: tf.input({shape}).`,
        );
      }
    });
    outputs.forEach((t, i) => {
      if (!(t instanceof SymbolicTensor)) {
        throw new ConfigError(`${where}: output ${i} must be a SymbolicTensor (the result of layer.apply on a symbolic input), received ${typeof t}.`);
      }
    });
    const inputIds = new Set(inputs.map((t) => t.id));
    const steps: Node[] = [];
    const done = new Set<Node>();
    const active = new Set<Node>();
    const visit = (t: SymbolicTensor, consumer: string): void => {
      const node = t.sourceLayer.inboundNodes[t.nodeIndex] as Node;
      if (done.has(node)) return;
      if (active.has(node)) throw new ConfigError(`${where}: the graph has a cycle through layer '${t.sourceLayer.name}'.`);
      if (node.inputTensors.length === 0 && !inputIds.has(t.id)) {
        throw new ConfigError(
          `${where}: graph disconnected: layer '${consumer}' needs the value of '${t.sourceLayer.name}', which is not among the ` +
            `model inputs [${inputs.map((x) => x.sourceLayer.name).join(', ')}]. Add it to inputs.`,
        );
      }
      active.add(node);
      for (const x of node.inputTensors) visit(x, t.sourceLayer.name);
      active.delete(node);
      done.add(node);
      steps.push(node);
    };
    for (const t of outputs) visit(t, 'output');
    const layers: Layer[] = inputs.map((t) => t.sourceLayer);
    for (const node of steps) if (!layers.includes(node.outboundLayer)) layers.push(node.outboundLayer);
    const seen = new Map<string, Layer>();
    for (const l of layers) {
      const other = seen.get(l.name);
      if (other && other !== l) {
        throw new ConfigError(`${where}: two different layers are named '${l.name}'. Layer names in a model must be unique; pass distinct name options.`);
      }
      seen.set(l.name, l);
    }
    this.inputs = inputs;
    this.outputs = outputs;
    this.layers = layers;
    this.steps = steps.filter((n) => !(n.outboundLayer instanceof InputLayer));
    this.nodeSet = new Set(steps);
    this.built = true;
  }

  /** Input layers, in `inputs` order. */
  get inputLayers(): Layer[] {
    return this.inputs.map((t) => t.sourceLayer);
  }

  /** Output layers, in `outputs` order. */
  get outputLayers(): Layer[] {
    return this.outputs.map((t) => t.sourceLayer);
  }

  /** Names of the input layers. */
  get inputNames(): string[] {
    return this.inputs.map((t) => t.sourceLayer.name);
  }

  /** Names of the output layers (with `_<index>` for a layer producing several outputs). */
  get outputNames(): string[] {
    return this.outputs.map((t) => t.sourceLayer.name);
  }

  /** True when `node` is part of this model's graph. */
  hasNode(node: Node): boolean {
    return this.nodeSet.has(node);
  }

  /**
   * A layer by name or by index in `layers`.
   * @example model.getLayer('dense_1'); model.getLayer(0);
   */
  getLayer(nameOrIndex?: string | number, index?: number): Layer {
    const idx = typeof nameOrIndex === 'number' ? nameOrIndex : nameOrIndex === undefined ? index : undefined;
    if (idx !== undefined) {
      const layer = this.layers[idx];
      if (!layer) {
        throw new ValueError(`${this.name}.getLayer: index ${idx} is out of range; the model has ${this.layers.length} layers (0..${this.layers.length - 1}).`);
      }
      return layer;
    }
    const layer = this.layers.find((l) => l.name === nameOrIndex);
    if (!layer) {
      throw new ValueError(`${this.name}.getLayer: no layer named '${String(nameOrIndex)}'. Layers: ${this.layers.map((l) => l.name).join(', ')}.`);
    }
    return layer;
  }

  override get weights(): Variable[] {
    return dedupe(this.layers.flatMap((l) => l.weights));
  }

  override get trainableWeights(): Variable[] {
    return this.trainable ? dedupe(this.layers.flatMap((l) => l.trainableWeights)) : [];
  }

  override get nonTrainableWeights(): Variable[] {
    if (!this.trainable) return this.weights;
    return dedupe(this.layers.flatMap((l) => l.nonTrainableWeights));
  }

  override get losses(): Tensor[] {
    return this.layers.flatMap((l) => l.losses);
  }

  override clearActivityLosses(): void {
    for (const l of this.layers) l.clearActivityLosses();
  }

  override build(_inputShape: ShapeOrShapes): void {
    this.built = true;
  }

  override computeOutputShape(inputShape: ShapeOrShapes): ShapeOrShapes {
    const first = Array.isArray(inputShape[0]) ? (inputShape[0] as SymbolicShape) : (inputShape as SymbolicShape);
    const batch = first[0] ?? null;
    const shapes = this.outputs.map((t) => [batch, ...t.shape.slice(1)]);
    return shapes.length === 1 ? (shapes[0] as SymbolicShape) : shapes;
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor | Tensor[] {
    const outs = this.execute(Array.isArray(inputs) ? inputs : [inputs], kwargs.training ?? false);
    return outs.length === 1 ? (outs[0] as Tensor) : outs;
  }

  override computeMask(): null {
    return null;
  }

  /**
   * Runs the graph on concrete input tensors (in `inputs` order) and returns the outputs (in `outputs` order).
   * Masks computed by layers (e.g. Embedding with maskZero) flow to the layers after them.
   */
  execute(inputs: Tensor[], training: boolean): Tensor[] {
    const values = new Map<number, Tensor>();
    const masks = new Map<number, Tensor | null>();
    this.inputs.forEach((t, i) => values.set(t.id, inputs[i] as Tensor));
    for (const node of this.steps) {
      const layer = node.outboundLayer;
      const n = node.inputTensors.length;
      const xs = node.inputTensors.map((t) => values.get(t.id) as Tensor);
      let mask: Tensor | (Tensor | null)[] | null = null;
      if (masks.size > 0) {
        const ms = node.inputTensors.map((t) => masks.get(t.id) ?? null);
        if (ms.some((m) => m !== null)) mask = n === 1 ? (ms[0] as Tensor) : ms;
      }
      const x = n === 1 ? (xs[0] as Tensor) : xs;
      const kwargs: CallKwargs = { ...node.callArgs, training: (node.callArgs.training as boolean | undefined) ?? training };
      if (mask !== null) kwargs.mask = mask;
      const out = layer.invoke(x, kwargs);
      const outs = Array.isArray(out) ? out : [out];
      const outMask = layer.computeMask(x, mask);
      node.outputTensors.forEach((t, i) => {
        values.set(t.id, outs[i] as Tensor);
        const m = Array.isArray(outMask) ? (outMask[i] ?? null) : outMask;
        if (m !== null) masks.set(t.id, m);
      });
    }
    return this.outputs.map((t) => values.get(t.id) as Tensor);
  }

  /**
   * Orders `x` as the model's inputs and checks their shapes, naming the expected and received shapes and the fix.
   */
  standardizeInputs(x: ModelInput, where: string): Tensor[] {
    let list: Tensor[];
    if (x instanceof Tensor) list = [x];
    else if (Array.isArray(x)) list = x;
    else if (x && typeof x === 'object') {
      list = this.inputNames.map((name) => {
        const t = (x as Record<string, Tensor>)[name];
        if (!t) throw new ValueError(`${where}: no data for input '${name}'. Received keys: ${Object.keys(x).join(', ')}.`);
        return t;
      });
    } else throw new ValueError(`${where}: expected a Tensor, an array of Tensors or a map of input name to Tensor, received ${typeof x}.`);
    if (list.length !== this.inputs.length) {
      throw new ValueError(
        `${where}: the model has ${this.inputs.length} input(s) (${this.inputNames.join(', ')}), received ${list.length} tensor(s). ` +
          'Pass one tensor per model input, in order.',
      );
    }
    list.forEach((t, i) => {
      const expected = (this.inputs[i] as SymbolicTensor).shape;
      if (!(t instanceof Tensor)) throw new ValueError(`${where}: input ${i} is not a Tensor; convert it with tf.tensor().`);
      const ok = t.rank === expected.length && expected.every((d, k) => d === null || d === t.shape[k]);
      if (!ok) {
        throw new ShapeError(
          `${where}: expected input '${this.inputNames[i]}' to have shape ${fmtSym(expected)} (batch first), received shape ` +
            `[${t.shape.join(',')}]. Reshape the data to [batch, ${expected.slice(1).join(', ')}], or build the model with ` +
            `inputShape [${t.shape.slice(1).join(', ')}].`,
        );
      }
    });
    // Like Keras, feed each input in its declared dtype (e.g. int32 data into a float32 model); once per call.
    return list.map((t, i) => {
      const dtype = (this.inputs[i] as SymbolicTensor).dtype;
      return t.dtype === dtype ? t : cast(t, dtype);
    });
  }

  override getConfig(): ConfigDict {
    return { name: this.name };
  }
}

function dedupe(ws: Variable[]): Variable[] {
  return [...new Set(ws)];
}
