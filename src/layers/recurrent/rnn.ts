// The RNN layer: runs a cell over the time axis, with masking, initial/stateful states, goBackwards and dropout,
// and the fused LSTM sequence kernel when the cell allows it.
import { copyArray } from '../../core/dtype.js';
import { ConfigError, ShapeError } from '../../core/errors.js';
import { fmtShape } from '../../core/shape.js';
import { getBackend, hasKernel } from '../../core/kernel-registry.js';
import { add, cast, dropout, lstmGates, lstmSequence, matMul, mul, ones, reshape, reverse, stack, sub, timeSteps, zeros } from '../../ops/index.js';
import { Tensor, type Variable } from '../../tensor/tensor.js';
import { type ConfigDict, Layer, type LayerArgs, type ShapeOrShapes } from '../layer.js';
import { deserializeLayer, registerLayer, serializeLayer, type SerializedLayer } from '../registry.js';
import type { CallKwargs, SymbolicShape } from '../symbolic.js';
import { uniqueName } from '../naming.js';
import { GRUCell, type GRUCellArgs, LSTMCell, type LSTMCellArgs, RNNCell, type RNNCellArgs, SimpleRNNCell } from './cells.js';

/** Options of the RNN layer (TF.js names). */
export interface RNNLayerArgs extends LayerArgs {
  /** Return the output of every step ([B,T,units]) instead of the last one ([B,units]). */
  returnSequences?: boolean;
  /** Also return the final states: `[output, ...states]`. */
  returnState?: boolean;
  /** Process the sequence in reverse (outputs stay in processing order, as in Keras). */
  goBackwards?: boolean;
  /** Carry the final states of one batch into the next call (fixed batch size). Reset with `resetStates()`. */
  stateful?: boolean;
  /** Accepted for compatibility; the loop is never unrolled. */
  unroll?: boolean;
}

/** Options of the generic `rnn` layer: a cell plus the RNN options. */
export interface GenericRNNArgs extends RNNLayerArgs {
  cell: RNNCell | SerializedLayer;
}

/**
 * Runs a recurrent cell over the time axis of [batch, time, features] inputs.
 * @example tf.layers.rnn({ cell: tf.layers.lstmCell({ units: 8 }), returnSequences: true })
 */
export class RNN extends Layer {
  static override className = 'RNN';
  readonly cell: RNNCell;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly stateful: boolean;
  /** Current states of a stateful layer (null until the first call or after `resetStates()`). */
  states: Tensor[] | null = null;

  constructor(args: RNNLayerArgs & { cell: RNNCell }) {
    super(args);
    this.cell = args.cell;
    this.returnSequences = args.returnSequences ?? false;
    this.returnState = args.returnState ?? false;
    this.goBackwards = args.goBackwards ?? false;
    this.stateful = args.stateful ?? false;
    this.supportsMasking = true;
    // The sequence [B,T,D], then optional initial states [B,units] (the last spec repeats for every state).
    this.inputSpec = [{ ndim: 3 }, { ndim: 2 }];
  }

  override build(inputShape: ShapeOrShapes): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as SymbolicShape;
    if (!this.cell.built) {
      this.cell.build([shape[0] ?? null, shape[2] ?? null]);
      this.cell.built = true;
    }
  }

  override get trainableWeights(): Variable[] {
    return this.trainable ? this.cell.trainableWeights : [];
  }

  override get nonTrainableWeights(): Variable[] {
    return this.trainable ? this.cell.nonTrainableWeights : this.cell.weights;
  }

  override get losses(): Tensor[] {
    return [...super.losses, ...this.cell.losses];
  }

  override computeOutputShape(inputShape: ShapeOrShapes): ShapeOrShapes {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as SymbolicShape;
    const b = shape[0] ?? null;
    const out: SymbolicShape = this.returnSequences ? [b, shape[1] ?? null, this.cell.units] : [b, this.cell.units];
    if (!this.returnState) return out;
    return [out, ...this.cell.stateSize.map((s): SymbolicShape => [b, s])];
  }

  override computeMask(_inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null | undefined): Tensor | (Tensor | null)[] | null {
    const m = Array.isArray(mask) ? (mask[0] ?? null) : (mask ?? null);
    const outMask = this.returnSequences ? m : null;
    return this.returnState ? [outMask, ...this.cell.stateSize.map(() => null)] : outMask;
  }

  /** Clears the carried states of a stateful layer (or sets them to `states`). */
  resetStates(states?: Tensor[]): void {
    this.states = states ? [...states] : null;
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor | Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const x = list[0] as Tensor;
    if (x.rank !== 3) {
      throw new ShapeError(
        `${this.getClassName()} (${this.name}): expected input of rank 3 [batch, time, features], received ${fmtShape(x.shape)}. ` +
          'Add an Embedding layer or reshape the input to [batch, time, features].',
      );
    }
    const [b, t, d] = x.shape as [number, number, number];
    const given = (kwargs.initialState as Tensor[] | undefined) ?? (list.length > 1 ? list.slice(1) : undefined);
    const states = given ?? (this.stateful && this.states ? this.states : this.cell.stateSize.map((s) => zeros([b, s], x.dtype)));
    states.forEach((st, i) => {
      const want = this.cell.stateSize[i];
      if (st.rank !== 2 || st.shape[0] !== b || st.shape[1] !== want) {
        throw new ShapeError(
          `${this.getClassName()} (${this.name}): state ${i} must have shape [${b}, ${want}], received ${fmtShape(st.shape)}. ` +
            (this.stateful && !given ? 'A stateful layer keeps its batch size: call resetStates() before changing it.' : 'Pass one [batch, units] tensor per state.'),
        );
      }
    });
    if (states.length !== this.cell.stateSize.length) {
      throw new ShapeError(`${this.getClassName()} (${this.name}): expected ${this.cell.stateSize.length} initial state(s), received ${states.length}.`);
    }
    const training = kwargs.training === true;
    const xin = training && this.cell.dropout > 0 ? mul(x, dropout(ones([b, 1, d], x.dtype), this.cell.dropout)) : x;
    const recMask = training && this.cell.recurrentDropout > 0 ? dropout(ones([b, this.cell.units], x.dtype), this.cell.recurrentDropout) : null;
    const rawMask = Array.isArray(kwargs.mask) ? (kwargs.mask[0] ?? null) : (kwargs.mask ?? null);
    let mask = rawMask ? cast(rawMask, x.dtype) : null;
    let xp = this.cell.project(xin);
    if (this.goBackwards) {
      xp = reverse(xp, 1);
      if (mask) mask = reverse(mask, 1);
    }
    const r = this.canFuse(recMask, x) ? this.runFused(xp, states, mask, b, t) : this.runSteps(xp, states, mask, recMask, t);
    if (this.stateful) this.states = r.states.map((s) => new Tensor(copyArray(s.values), s.shape, s.dtype));
    const output = this.returnSequences ? r.sequence() : r.last;
    return this.returnState ? [output, ...r.states] : output;
  }

  private canFuse(recMask: Tensor | null, x: Tensor): boolean {
    const c = this.cell;
    return c instanceof LSTMCell && recMask === null && c.activation.name === 'tanh' &&
      (c.recurrentActivation.name === 'sigmoid' || c.recurrentActivation.name === 'hardSigmoid') &&
      (x.dtype === 'float32' || x.dtype === 'float64');
  }

  /**
   * The fused LSTM. A backend with its own LSTMSequence kernel runs the whole sequence in one call; otherwise each
   * step is one matMul (the backend's fastest) plus one fused LSTMGates op, and steps that are padding for the
   * whole batch are skipped (their states carry over unchanged, as Keras masking does).
   */
  private runFused(xp: Tensor, states: Tensor[], mask: Tensor | null, b: number, t: number) {
    const cell = this.cell as LSTMCell;
    const act = cell.recurrentActivation.name === 'sigmoid' ? 'sigmoid' : 'hardSigmoid';
    const u = cell.recurrentKernel as Variable;
    if (hasKernel('LSTMSequence', getBackend())) {
      const { hs, h, c } = lstmSequence(xp, u, states[0] as Tensor, states[1] as Tensor, mask ?? ones([b, t], xp.dtype), act);
      return { last: h, states: [h, c], sequence: () => hs };
    }
    const steps = timeSteps(xp, 1);
    const masks = mask ? timeSteps(mask, 1) : null;
    const all = ones([b], xp.dtype);
    let h = states[0] as Tensor;
    let c = states[1] as Tensor;
    const outputs: Tensor[] = [];
    for (let i = 0; i < t; i++) {
      const m = masks?.[i] ?? all;
      if (masks && !m.values.some((v) => v !== 0)) {
        outputs.push(h);
        continue;
      }
      ({ h, c } = lstmGates(add(steps[i] as Tensor, matMul(h, u)), h, c, m, act));
      outputs.push(h);
    }
    return { last: h, states: [h, c], sequence: () => (outputs.length > 0 ? stack(outputs, 1) : zeros([b, 0, cell.units], xp.dtype)) };
  }

  private runSteps(xp: Tensor, init: Tensor[], mask: Tensor | null, recMask: Tensor | null, t: number) {
    const steps = timeSteps(xp, 1);
    const masks = mask ? timeSteps(mask, 1).map((m) => reshape(m, [m.shape[0] ?? 0, 1])) : null;
    let states = init;
    let last: Tensor = zeros([xp.shape[0] ?? 0, this.cell.units], xp.dtype);
    const outputs: Tensor[] = [];
    for (let i = 0; i < t; i++) {
      const r = this.cell.step(steps[i] as Tensor, states, recMask);
      const m = masks?.[i];
      if (m) {
        // Keras masking: a masked step keeps the previous states and repeats the previous output.
        const keep = (next: Tensor, prev: Tensor): Tensor => add(mul(m, next), mul(sub(1, m), prev));
        states = r.states.map((s, k) => keep(s, states[k] as Tensor));
        last = keep(r.output, last);
      } else {
        states = r.states;
        last = r.output;
      }
      outputs.push(last);
    }
    return { last, states, sequence: () => (outputs.length > 0 ? stack(outputs, 1) : zeros([xp.shape[0] ?? 0, 0, this.cell.units], xp.dtype)) };
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
      stateful: this.stateful,
      unroll: false,
      ...this.cellConfig(),
    };
  }

  /** The cell part of the config: the serialized cell for `RNN`, the flat cell options for SimpleRNN/LSTM/GRU. */
  protected cellConfig(): ConfigDict {
    return { cell: serializeLayer(this.cell) };
  }

  static override fromConfig<T extends Layer>(this: new (args: ConfigDict) => T, config: ConfigDict): T {
    const raw = config.cell as RNNCell | SerializedLayer | undefined;
    if (!raw) throw new ConfigError('RNN.fromConfig: the config has no cell; expected {cell: {className, config}, ...}.');
    const cell = raw instanceof RNNCell ? raw : deserializeLayer(raw);
    if (!(cell instanceof RNNCell)) throw new ConfigError(`RNN: cell must be a recurrent cell (SimpleRNNCell, LSTMCell, GRUCell), received ${cell.getClassName()}.`);
    return new this({ ...config, cell });
  }
}
registerLayer(RNN.className, RNN);

type CellKeys = keyof LSTMCellArgs | keyof GRUCellArgs;
const LAYER_KEYS = new Set(['returnSequences', 'returnState', 'goBackwards', 'stateful', 'unroll', 'inputShape', 'batchInputShape', 'batchSize', 'weights', 'trainable', 'name']);

function cellArgs<A extends RNNCellArgs>(args: A, name: string): A {
  const out: Record<string, unknown> = { name };
  for (const [k, v] of Object.entries(args)) if (!LAYER_KEYS.has(k) && v !== undefined) out[k as CellKeys] = v;
  return out as A;
}

function cellFlatConfig(cell: RNNCell): ConfigDict {
  const { name: _n, trainable: _t, dtype: _d, batchInputShape: _b, ...rest } = cell.getConfig();
  return rest;
}

/** Options of `SimpleRNN`: the cell options plus the RNN options. */
export type SimpleRNNLayerArgs = RNNCellArgs & RNNLayerArgs;
/** Options of `LSTM`. */
export type LSTMLayerArgs = LSTMCellArgs & RNNLayerArgs;
/** Options of `GRU`. */
export type GRULayerArgs = GRUCellArgs & RNNLayerArgs;

function named(args: LayerArgs, prefix: string): string {
  return args.name ?? uniqueName(prefix);
}

/** A fully connected recurrent layer. @example tf.layers.simpleRNN({ units: 8, returnSequences: true }) */
export class SimpleRNN extends RNN {
  static override className = 'SimpleRNN';
  constructor(args: SimpleRNNLayerArgs) {
    const name = named(args, 'simple_rnn');
    super({ ...args, name, cell: new SimpleRNNCell(cellArgs(args, name)) });
  }
  protected override cellConfig(): ConfigDict {
    return cellFlatConfig(this.cell);
  }
  static override fromConfig<T extends Layer>(this: new (args: ConfigDict) => T, config: ConfigDict): T {
    return new this(config);
  }
}
registerLayer(SimpleRNN.className, SimpleRNN);

/**
 * Long short-term memory layer. With tanh activation and a sigmoid or hard-sigmoid gate and no recurrent dropout
 * (the defaults), the whole sequence runs in one fused kernel (forward and backward).
 * @example tf.layers.lstm({ units: 128 })
 */
export class LSTM extends RNN {
  static override className = 'LSTM';
  constructor(args: LSTMLayerArgs) {
    const name = named(args, 'lstm');
    super({ ...args, name, cell: new LSTMCell(cellArgs(args, name)) });
  }
  protected override cellConfig(): ConfigDict {
    return cellFlatConfig(this.cell);
  }
  static override fromConfig<T extends Layer>(this: new (args: ConfigDict) => T, config: ConfigDict): T {
    return new this(config);
  }
}
registerLayer(LSTM.className, LSTM);

/** Gated recurrent unit layer (`resetAfter` as in Keras). @example tf.layers.gru({ units: 32 }) */
export class GRU extends RNN {
  static override className = 'GRU';
  constructor(args: GRULayerArgs) {
    const name = named(args, 'gru');
    super({ ...args, name, cell: new GRUCell(cellArgs(args, name)) });
  }
  protected override cellConfig(): ConfigDict {
    return cellFlatConfig(this.cell);
  }
  static override fromConfig<T extends Layer>(this: new (args: ConfigDict) => T, config: ConfigDict): T {
    return new this(config);
  }
}
registerLayer(GRU.className, GRU);
