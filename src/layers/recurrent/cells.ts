// Recurrent cells: one time step of SimpleRNN, LSTM and GRU with Keras weight layouts and gate orders.
import { ConfigError, ShapeError } from '../../core/errors.js';
import { add, concat, fusedMatMul, matMul, mul, ones, reshape, split, sub, zeros } from '../../ops/index.js';
import { Tensor, type Variable } from '../../tensor/tensor.js';
import type { Initializer } from '../../initializers/index.js';
import { type ConfigDict, Layer, type LayerArgs, type ShapeOrShapes, isShapeList } from '../layer.js';
import { registerLayer } from '../registry.js';
import {
  type ActivationArg, type ActivationObject, type ConstraintArg, type ConstraintObject, type InitializerArg, type RegularizerArg,
  type RegularizerObject, getActivation, getInitializer, resolveConstraint, resolveRegularizer, serializeActivation, serializeObject,
} from '../serialization.js';
import type { CallKwargs, SymbolicShape } from '../symbolic.js';

/** Options shared by the recurrent cells (TF.js names). */
export interface RNNCellArgs extends LayerArgs {
  /** Size of the hidden state. */
  units: number;
  /** Output/candidate activation; default tanh. */
  activation?: ActivationArg;
  useBias?: boolean;
  kernelInitializer?: InitializerArg;
  recurrentInitializer?: InitializerArg;
  biasInitializer?: InitializerArg;
  kernelRegularizer?: RegularizerArg;
  recurrentRegularizer?: RegularizerArg;
  biasRegularizer?: RegularizerArg;
  /** Projections applied to the weights after every optimizer update. */
  kernelConstraint?: ConstraintArg;
  recurrentConstraint?: ConstraintArg;
  biasConstraint?: ConstraintArg;
  /** Fraction of the inputs dropped in training (one mask per sequence, as in Keras). */
  dropout?: number;
  /** Fraction of the recurrent state dropped in training (one mask per sequence). */
  recurrentDropout?: number;
}

/** Gated cells also take the gate activation. */
export interface GatedCellArgs extends RNNCellArgs {
  /** Gate activation; default 'hardSigmoid' as in TF.js (Keras uses 'sigmoid'). */
  recurrentActivation?: ActivationArg;
}

/** Options of `LSTMCell`. */
export interface LSTMCellArgs extends GatedCellArgs {
  /** Initialise the forget-gate bias to 1 (Jozefowicz et al. 2015). Default true. */
  unitForgetBias?: boolean;
}

/** Options of `GRUCell`. */
export interface GRUCellArgs extends GatedCellArgs {
  /** Apply the reset gate after the recurrent matmul (Keras/cuDNN convention, bias of shape [2, 3·units]). Default false, as in TF.js. */
  resetAfter?: boolean;
}

/**
 * Base of recurrent cells. `project` maps the whole input sequence [B,T,D] to the per-step input contribution
 * [B,T,G] in one matmul (bias included); `step` advances one time step from that projection.
 */
export abstract class RNNCell extends Layer {
  readonly units: number;
  readonly activation: ActivationObject;
  readonly useBias: boolean;
  readonly dropout: number;
  readonly recurrentDropout: number;
  protected readonly inits: { kernel: InitializerArg; recurrent: InitializerArg; bias: InitializerArg };
  protected readonly regs: { kernel: RegularizerObject | null; recurrent: RegularizerObject | null; bias: RegularizerObject | null };
  protected readonly constraints: { kernel: ConstraintObject | null; recurrent: ConstraintObject | null; bias: ConstraintObject | null };
  kernel: Variable | null = null;
  recurrentKernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: RNNCellArgs) {
    super(args);
    if (!Number.isInteger(args?.units) || args.units <= 0) {
      throw new ConfigError(`${this.getClassName()} (${this.name}): units must be a positive integer, received ${JSON.stringify(args?.units)}.`);
    }
    for (const key of ['dropout', 'recurrentDropout'] as const) {
      const v = args[key] ?? 0;
      if (!(v >= 0 && v < 1)) throw new ConfigError(`${this.getClassName()} (${this.name}): ${key} must be in [0, 1), received ${v}.`);
    }
    this.units = args.units;
    this.activation = getActivation(args.activation ?? 'tanh');
    this.useBias = args.useBias ?? true;
    this.dropout = args.dropout ?? 0;
    this.recurrentDropout = args.recurrentDropout ?? 0;
    this.inits = {
      kernel: getInitializer(args.kernelInitializer, 'glorotUniform'),
      recurrent: getInitializer(args.recurrentInitializer, 'orthogonal'),
      bias: getInitializer(args.biasInitializer, 'zeros'),
    };
    this.regs = {
      kernel: resolveRegularizer(args.kernelRegularizer),
      recurrent: resolveRegularizer(args.recurrentRegularizer),
      bias: resolveRegularizer(args.biasRegularizer),
    };
    this.constraints = {
      kernel: resolveConstraint(args.kernelConstraint),
      recurrent: resolveConstraint(args.recurrentConstraint),
      bias: resolveConstraint(args.biasConstraint),
    };
  }

  /** Number of gate blocks in the kernels (1 SimpleRNN, 4 LSTM, 3 GRU). */
  protected abstract get gates(): number;
  /** Sizes of the state tensors (`[units]`, or `[units, units]` for LSTM's h and c). */
  abstract get stateSize(): number[];
  /** Advances one step from the projected input `xp` [B,G] and the previous states. */
  abstract step(xp: Tensor, states: Tensor[], recurrentMask: Tensor | null): { output: Tensor; states: Tensor[] };

  /** Bias shape; GRU with resetAfter overrides it. */
  protected biasShape(): number[] {
    return [this.gates * this.units];
  }

  /** Initial bias value; LSTM with unitForgetBias overrides it. */
  protected initialBias(): InitializerArg {
    return this.inits.bias;
  }

  override build(inputShape: ShapeOrShapes): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as SymbolicShape;
    const inDim = shape[shape.length - 1];
    if (typeof inDim !== 'number') {
      throw new ShapeError(`${this.getClassName()} (${this.name}): the feature dimension of the input must be known, received [${shape.join(',')}].`);
    }
    const g = this.gates * this.units;
    const { regs, constraints } = this;
    this.kernel = this.addWeight('kernel', [inDim, g], this.inits.kernel, { regularizer: regs.kernel, constraint: constraints.kernel });
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, g], this.inits.recurrent, {
      regularizer: regs.recurrent,
      constraint: constraints.recurrent,
    });
    if (this.useBias) {
      this.bias = this.addWeight('bias', this.biasShape(), this.initialBias(), { regularizer: regs.bias, constraint: constraints.bias });
    }
  }

  /** Input contribution of every time step at once: x [B,T,D] · kernel (+ input bias) → [B,T,G]. */
  project(x: Tensor): Tensor {
    const [b, t, d] = x.shape as [number, number, number];
    const kernel = this.kernel as Variable;
    const bias = this.inputBias();
    const x2 = reshape(x, [b * t, d]);
    // One fused op (matMul + bias) for the projection of the whole sequence, the largest tensor of the layer.
    const fused = bias !== null && x2.dtype === kernel.dtype && bias.dtype === kernel.dtype;
    const xp = fused ? fusedMatMul({ a: x2, b: kernel, bias }) : bias ? add(matMul(x2, kernel), bias) : matMul(x2, kernel);
    return reshape(xp, [b, t, this.gates * this.units]);
  }

  /** The bias added to the input projection (all of it, except GRU resetAfter's recurrent half). */
  protected inputBias(): Tensor | null {
    return this.bias;
  }

  /** `[output, ...states]` shapes of one step: [batch, units] and [batch, stateSize[i]], as `call` returns them. */
  override computeOutputShape(inputShape: ShapeOrShapes): SymbolicShape[] {
    const shape = (isShapeList(inputShape) ? inputShape[0] : inputShape) as SymbolicShape;
    const batch = shape[0] ?? null;
    return [[batch, this.units], ...this.stateSize.map((s) => [batch, s])];
  }

  /** TF.js-style cell call: `[x_t, ...states]` → `[output, ...newStates]`. */
  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor[] {
    const [x, ...states] = Array.isArray(inputs) ? inputs : [inputs];
    if (!x) throw new ShapeError(`${this.name}: expected [input, ...states].`);
    // The projection's width, not gates · units: StackedRNNCells projects with its bottom cell (and has no gates).
    const xp = reshape(this.project(reshape(x, [x.shape[0] ?? 1, 1, x.shape[1] ?? 1])), [x.shape[0] ?? 1, -1]);
    const init = states.length > 0 ? states : this.stateSize.map((s) => zeros([x.shape[0] ?? 1, s], x.dtype));
    const r = this.step(xp, init, null);
    return [r.output, ...r.states];
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: serializeActivation(this.activation),
      useBias: this.useBias,
      kernelInitializer: serializeObject(this.inits.kernel as object),
      recurrentInitializer: serializeObject(this.inits.recurrent as object),
      biasInitializer: serializeObject(this.inits.bias as object),
      kernelRegularizer: serializeObject(this.regs.kernel),
      recurrentRegularizer: serializeObject(this.regs.recurrent),
      biasRegularizer: serializeObject(this.regs.bias),
      kernelConstraint: serializeObject(this.constraints.kernel),
      recurrentConstraint: serializeObject(this.constraints.recurrent),
      biasConstraint: serializeObject(this.constraints.bias),
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
    };
  }
}

function recurrentInput(h: Tensor, mask: Tensor | null): Tensor {
  return mask ? mul(h, mask) : h;
}

/**
 * The Elman cell: h' = activation(x·W + h·U + b).
 * @example rnn({ cell: simpleRNNCell({ units: 8 }) })
 */
export class SimpleRNNCell extends RNNCell {
  static override className = 'SimpleRNNCell';
  protected get gates(): number {
    return 1;
  }
  get stateSize(): number[] {
    return [this.units];
  }
  step(xp: Tensor, states: Tensor[], recurrentMask: Tensor | null): { output: Tensor; states: Tensor[] } {
    const h = this.activation.apply(add(xp, matMul(recurrentInput(states[0] as Tensor, recurrentMask), this.recurrentKernel as Variable)));
    return { output: h, states: [h] };
  }
}
registerLayer(SimpleRNNCell.className, SimpleRNNCell);

/** Shared by LSTM and GRU: the gate activation. */
abstract class GatedCell extends RNNCell {
  readonly recurrentActivation: ActivationObject;
  constructor(args: GatedCellArgs) {
    super(args);
    this.recurrentActivation = getActivation(args.recurrentActivation ?? 'hardSigmoid');
  }
  override getConfig(): ConfigDict {
    return { ...super.getConfig(), recurrentActivation: serializeActivation(this.recurrentActivation) };
  }
}

/**
 * The LSTM cell (Hochreiter & Schmidhuber 1997) with Keras's gate order i, f, c, o in the kernel columns.
 * @example rnn({ cell: lstmCell({ units: 8 }) })
 */
export class LSTMCell extends GatedCell {
  static override className = 'LSTMCell';
  readonly unitForgetBias: boolean;
  constructor(args: LSTMCellArgs) {
    super(args);
    this.unitForgetBias = args.unitForgetBias ?? true;
  }
  protected get gates(): number {
    return 4;
  }
  get stateSize(): number[] {
    return [this.units, this.units];
  }
  protected override initialBias(): InitializerArg {
    if (!this.unitForgetBias) return this.inits.bias;
    const base = getInitializer(this.inits.bias, 'zeros');
    const n = this.units;
    // Keras: bias = [init(n), ones(n), init(2n)] so the forget gate starts open.
    const init: Initializer = {
      className: 'UnitForgetBias',
      apply: (shape: number[], dtype?: Tensor['dtype']) => {
        const b = base.apply(shape, dtype);
        return concat([b.slice([0], [n]), ones([n], b.dtype), b.slice([2 * n], [2 * n])], 0);
      },
      getConfig: () => ({}),
    };
    return init;
  }
  step(xp: Tensor, states: Tensor[], recurrentMask: Tensor | null): { output: Tensor; states: Tensor[] } {
    const [hPrev, cPrev] = states as [Tensor, Tensor];
    const z = add(xp, matMul(recurrentInput(hPrev, recurrentMask), this.recurrentKernel as Variable));
    const [zi, zf, zc, zo] = split(z, 4, 1) as [Tensor, Tensor, Tensor, Tensor];
    const ra = this.recurrentActivation;
    const c = add(mul(ra.apply(zf), cPrev), mul(ra.apply(zi), this.activation.apply(zc)));
    const h = mul(ra.apply(zo), this.activation.apply(c));
    return { output: h, states: [h, c] };
  }
  override getConfig(): ConfigDict {
    return { ...super.getConfig(), unitForgetBias: this.unitForgetBias };
  }
}
registerLayer(LSTMCell.className, LSTMCell);

/**
 * The GRU cell (Cho et al. 2014) with Keras's gate order z, r, h. `resetAfter` applies the reset gate after the
 * recurrent matmul and keeps separate input and recurrent biases ([2, 3·units]).
 * @example rnn({ cell: gruCell({ units: 8, resetAfter: true }) })
 */
export class GRUCell extends GatedCell {
  static override className = 'GRUCell';
  readonly resetAfter: boolean;
  constructor(args: GRUCellArgs) {
    super(args);
    this.resetAfter = args.resetAfter ?? false;
  }
  protected get gates(): number {
    return 3;
  }
  get stateSize(): number[] {
    return [this.units];
  }
  protected override biasShape(): number[] {
    return this.resetAfter ? [2, 3 * this.units] : [3 * this.units];
  }
  protected override inputBias(): Tensor | null {
    if (!this.bias || !this.resetAfter) return this.bias;
    return reshape(this.bias.slice([0, 0], [1, 3 * this.units]), [3 * this.units]);
  }
  step(xp: Tensor, states: Tensor[], recurrentMask: Tensor | null): { output: Tensor; states: Tensor[] } {
    const h = states[0] as Tensor;
    const u = this.recurrentKernel as Variable;
    const n = this.units;
    const hr = recurrentInput(h, recurrentMask);
    const [xz, xr, xh] = split(xp, 3, 1) as [Tensor, Tensor, Tensor];
    const ra = this.recurrentActivation;
    let hh: Tensor;
    let z: Tensor;
    if (this.resetAfter) {
      let inner = matMul(hr, u);
      if (this.bias) inner = add(inner, reshape(this.bias.slice([1, 0], [1, 3 * n]), [3 * n]));
      const [iz, ir, ih] = split(inner, 3, 1) as [Tensor, Tensor, Tensor];
      z = ra.apply(add(xz, iz));
      const r = ra.apply(add(xr, ir));
      hh = this.activation.apply(add(xh, mul(r, ih)));
    } else {
      const [uzr, uh] = split(u, [2 * n, n], 1) as [Tensor, Tensor];
      const [iz, ir] = split(matMul(hr, uzr), 2, 1) as [Tensor, Tensor];
      z = ra.apply(add(xz, iz));
      const r = ra.apply(add(xr, ir));
      hh = this.activation.apply(add(xh, matMul(mul(r, hr), uh)));
    }
    const out = add(mul(z, h), mul(sub(1, z), hh));
    return { output: out, states: [out] };
  }
  override getConfig(): ConfigDict {
    return { ...super.getConfig(), resetAfter: this.resetAfter };
  }
}
registerLayer(GRUCell.className, GRUCell);

/** True for tensors (used to tell a state list from kwargs). */
export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}
