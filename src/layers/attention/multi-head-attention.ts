// MultiHeadAttention with Keras 3 semantics and weight layout (Vaswani et al. 2017, "Attention Is All You Need").
import { ConfigError, ShapeError } from '../../core/errors.js';
import { fmtShape } from '../../core/shape.js';
import {
  add, cast, dropout, expandDims, logicalAnd, matMul, mul, reshape, softmax, sub, transpose,
} from '../../ops/index.js';
import { Tensor, type Variable } from '../../tensor/tensor.js';
import { type ConfigDict, Layer, type LayerArgs, type ShapeOrShapes } from '../layer.js';
import { registerLayer } from '../registry.js';
import {
  type InitializerArg, type RegularizerArg, type RegularizerObject, getInitializer, resolveRegularizer, serializeObject,
} from '../serialization.js';
import { type CallKwargs, type SymbolicShape, type SymbolicTensor, fmtSymbolicShape } from '../symbolic.js';

/** Options of `MultiHeadAttention` (Keras names in camelCase). */
export interface MultiHeadAttentionArgs extends LayerArgs {
  /** Number of attention heads. */
  numHeads: number;
  /** Size of each head for query and key. */
  keyDim: number;
  /** Size of each head for value; default keyDim. */
  valueDim?: number;
  /** Dropout rate on the attention probabilities (training only). */
  dropout?: number;
  /** Whether the projections have biases; default true. */
  useBias?: boolean;
  /** Last dimension of the output; default the query's last dimension. */
  outputShape?: number | [number] | null;
  kernelInitializer?: InitializerArg;
  biasInitializer?: InitializerArg;
  kernelRegularizer?: RegularizerArg;
  biasRegularizer?: RegularizerArg;
}

/** Call options of `MultiHeadAttention` (pass in `apply`'s kwargs). */
export interface MultiHeadAttentionCallArgs {
  /** Boolean/0-1 tensor [B, Tq, Tk]: which keys each query may attend to (combined with the implicit masks). */
  attentionMask?: Tensor;
  /** Let query i attend only to keys j <= i (decoders). */
  useCausalMask?: boolean;
  /** Also return the attention probabilities [B, heads, Tq, Tk]. */
  returnAttentionScores?: boolean;
}

/** Keras adds this to masked logits before the softmax (float32 "large negative"). */
const MASKED_LOGIT = -1e9;

/**
 * Multi-head attention: `apply([query, value])`, `apply([query, value, key])` or, with an attention mask that is a
 * symbolic tensor, `apply([query, value, key, attentionMask])` (symbolic tensors inside kwargs are not tracked by
 * the functional graph; eager tensors may be passed as `{attentionMask}`). Inputs are [B, T, D]. Keras masks of the
 * query, value and key (e.g. from `embedding({maskZero: true})`) are combined with the attention and causal masks.
 * Weights (Keras 3 layout): query/key/value kernels [D, heads, keyDim|valueDim] with biases [heads, dim], and the
 * output kernel [heads, valueDim, outDim] with bias [outDim].
 * @example const y = tf.layers.multiHeadAttention({ numHeads: 2, keyDim: 8 }).apply([x, x], { useCausalMask: true });
 */
export class MultiHeadAttention extends Layer {
  static override className = 'MultiHeadAttention';
  readonly numHeads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  readonly dropoutRate: number;
  readonly useBias: boolean;
  readonly outputDim: number | null;
  private readonly kernelInit: InitializerArg;
  private readonly biasInit: InitializerArg;
  private readonly kernelReg: RegularizerObject | null;
  private readonly biasReg: RegularizerObject | null;
  private w: { q: Variable; k: Variable; v: Variable; o: Variable; bq?: Variable; bk?: Variable; bv?: Variable; bo?: Variable } | null = null;
  /** Set while a symbolic apply asks for the scores, so computeOutputShape adds their shape. */
  private symbolicScores = false;

  constructor(args: MultiHeadAttentionArgs) {
    super(args);
    const who = `MultiHeadAttention (${this.name})`;
    for (const key of ['numHeads', 'keyDim'] as const) {
      if (!Number.isInteger(args?.[key]) || args[key] <= 0) throw new ConfigError(`${who}: ${key} must be a positive integer, received ${JSON.stringify(args?.[key])}.`);
    }
    const valueDim = args.valueDim ?? args.keyDim;
    if (!Number.isInteger(valueDim) || valueDim <= 0) throw new ConfigError(`${who}: valueDim must be a positive integer, received ${JSON.stringify(valueDim)}.`);
    const rate = args.dropout ?? 0;
    if (!(rate >= 0 && rate < 1)) throw new ConfigError(`${who}: dropout must be in [0, 1), received ${rate}.`);
    const out = Array.isArray(args.outputShape) ? args.outputShape[0] : args.outputShape;
    if (out !== undefined && out !== null && (!Number.isInteger(out) || out <= 0)) {
      throw new ConfigError(`${who}: outputShape must be a positive integer (the last output dimension), received ${JSON.stringify(args.outputShape)}.`);
    }
    this.numHeads = args.numHeads;
    this.keyDim = args.keyDim;
    this.valueDim = valueDim;
    this.dropoutRate = rate;
    this.useBias = args.useBias ?? true;
    this.outputDim = out ?? null;
    this.kernelInit = getInitializer(args.kernelInitializer, 'glorotUniform');
    this.biasInit = getInitializer(args.biasInitializer, 'zeros');
    this.kernelReg = resolveRegularizer(args.kernelRegularizer);
    this.biasReg = resolveRegularizer(args.biasRegularizer);
    this.supportsMasking = true;
    this.inputSpec = [{ ndim: 3 }];
  }

  private shapes(inputShape: ShapeOrShapes): { q: SymbolicShape; v: SymbolicShape; k: SymbolicShape } {
    const list = (Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as SymbolicShape[];
    if (list.length < 2 || list.length > 4) {
      throw new ShapeError(
        `MultiHeadAttention (${this.name}): expected [query, value], [query, value, key] or [query, value, key, attentionMask], received ${list.length} input(s). ` +
          'For self-attention pass the same tensor twice: apply([x, x]).',
      );
    }
    const q = list[0] as SymbolicShape, v = list[1] as SymbolicShape;
    return { q, v, k: list[2] ?? v };
  }

  override build(inputShape: ShapeOrShapes): void {
    const { q, v, k } = this.shapes(inputShape);
    const dim = (s: SymbolicShape, what: string): number => {
      const d = s[s.length - 1];
      if (typeof d !== 'number') throw new ShapeError(`MultiHeadAttention (${this.name}): the last dimension of the ${what} must be known, received ${fmtSymbolicShape(s)}.`);
      return d;
    };
    const h = this.numHeads;
    const kernel = { regularizer: this.kernelReg };
    const bias = { regularizer: this.biasReg };
    const outDim = this.outputDim ?? dim(q, 'query');
    const w: NonNullable<typeof this.w> = {
      q: this.addWeight('query/kernel', [dim(q, 'query'), h, this.keyDim], this.kernelInit, kernel),
      k: this.addWeight('key/kernel', [dim(k, 'key'), h, this.keyDim], this.kernelInit, kernel),
      v: this.addWeight('value/kernel', [dim(v, 'value'), h, this.valueDim], this.kernelInit, kernel),
      o: this.addWeight('attention_output/kernel', [h, this.valueDim, outDim], this.kernelInit, kernel),
    };
    if (this.useBias) {
      w.bq = this.addWeight('query/bias', [h, this.keyDim], this.biasInit, bias);
      w.bk = this.addWeight('key/bias', [h, this.keyDim], this.biasInit, bias);
      w.bv = this.addWeight('value/bias', [h, this.valueDim], this.biasInit, bias);
      w.bo = this.addWeight('attention_output/bias', [outDim], this.biasInit, bias);
    }
    this.w = w;
  }

  /** Keras order: query, key, value, attention_output (each kernel then bias). */
  private attentionWeights(): Variable[] {
    if (!this.w) return [];
    const { q, k, v, o, bq, bk, bv, bo } = this.w;
    return (this.useBias ? [q, bq, k, bk, v, bv, o, bo] : [q, k, v, o]) as Variable[];
  }

  override get trainableWeights(): Variable[] {
    return this.trainable ? this.attentionWeights() : [];
  }

  override get nonTrainableWeights(): Variable[] {
    return this.trainable ? [] : this.attentionWeights();
  }

  override computeOutputShape(inputShape: ShapeOrShapes): ShapeOrShapes {
    const { q, v, k } = this.shapes(inputShape);
    const out: SymbolicShape = [...q.slice(0, -1), this.outputDim ?? q[q.length - 1] ?? null];
    if (!this.symbolicScores) return out;
    return [out, [q[0] ?? null, this.numHeads, q[1] ?? null, k[1] ?? v[1] ?? null]];
  }

  override computeMask(_inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null | undefined): Tensor | (Tensor | null)[] | null {
    const qMask = Array.isArray(mask) ? (mask[0] ?? null) : (mask ?? null);
    return this.symbolicScores ? [qMask, null] : qMask;
  }

  override apply(inputs: Tensor | Tensor[], kwargs?: CallKwargs): Tensor | Tensor[];
  override apply(inputs: SymbolicTensor | SymbolicTensor[], kwargs?: CallKwargs): SymbolicTensor | SymbolicTensor[];
  override apply(inputs: Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[], kwargs?: CallKwargs): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[];
  override apply(inputs: Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[], kwargs: CallKwargs = {}): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[] {
    this.symbolicScores = kwargs.returnAttentionScores === true;
    try {
      return super.apply(inputs, kwargs);
    } finally {
      this.symbolicScores = false;
    }
  }

  /** x [B,T,D] · kernel [D,h,d] (+ bias [h,d]) → [B,h,T,d]. */
  private project(x: Tensor, kernel: Variable, bias: Variable | undefined, d: number): Tensor {
    const [b, t, dIn] = x.shape as [number, number, number];
    let y = matMul(reshape(x, [b * t, dIn]), reshape(kernel, [dIn, this.numHeads * d]));
    if (bias) y = add(y, reshape(bias, [this.numHeads * d]));
    return transpose(reshape(y, [b, t, this.numHeads, d]), [0, 2, 1, 3]);
  }

  /** The combined boolean-as-0/1 mask [B,Tq,Tk] (or null): explicit mask AND query/value/key masks AND causal. */
  private attentionMask(q: Tensor, v: Tensor, masks: (Tensor | null)[], explicit: Tensor | null, causal: boolean): Tensor | null {
    const [b, tq] = q.shape as [number, number];
    const tk = v.shape[1] as number;
    let m: Tensor | null = null;
    const and = (x: Tensor): void => {
      m = m ? logicalAnd(m, x) : x;
    };
    const [qm, vm, km] = masks;
    if (qm) and(expandDims(cast(qm, 'bool'), 2));
    if (vm) and(expandDims(cast(vm, 'bool'), 1));
    if (km) and(expandDims(cast(km, 'bool'), 1));
    if (causal) {
      const tri = new Uint8Array(tq * tk);
      for (let i = 0; i < tq; i++) for (let j = 0; j <= Math.min(i, tk - 1); j++) tri[i * tk + j] = 1;
      and(new Tensor(tri, [1, tq, tk], 'bool'));
    }
    if (explicit) {
      if (explicit.rank !== 3 || explicit.shape[1] !== tq || explicit.shape[2] !== tk || (explicit.shape[0] !== b && explicit.shape[0] !== 1)) {
        throw new ShapeError(
          `MultiHeadAttention (${this.name}): attentionMask must have shape [batch, Tq, Tk] = [${b}, ${tq}, ${tk}], received ${fmtShape(explicit.shape)}.`,
        );
      }
      and(cast(explicit, 'bool'));
    }
    return m;
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor | Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    this.shapes(list.map((t) => t.shape));
    const w = this.w as NonNullable<typeof this.w>;
    const query = list[0] as Tensor, value = list[1] as Tensor, key = list[2] ?? value;
    const masks = Array.isArray(kwargs.mask) ? kwargs.mask : [kwargs.mask ?? null];
    const explicit = (list[3] ?? (kwargs.attentionMask as Tensor | undefined)) ?? null;
    const mask = this.attentionMask(query, key, [masks[0] ?? null, masks[1] ?? null, masks[2] ?? null], explicit, kwargs.useCausalMask === true);

    const q = mul(this.project(query, w.q, w.bq, this.keyDim), 1 / Math.sqrt(this.keyDim));
    const k = this.project(key, w.k, w.bk, this.keyDim);
    const v = this.project(value, w.v, w.bv, this.valueDim);
    let logits = matMul(q, k, false, true); // [B,h,Tq,Tk]
    if (mask) logits = add(logits, mul(sub(1, cast(expandDims(mask, 1), logits.dtype)), MASKED_LOGIT));
    const scores = softmax(logits);
    const probs = kwargs.training === true && this.dropoutRate > 0 ? dropout(scores, this.dropoutRate) : scores;
    const [b, tq] = query.shape as [number, number];
    const ctx = reshape(transpose(matMul(probs, v), [0, 2, 1, 3]), [b * tq, this.numHeads * this.valueDim]);
    const outDim = w.o.shape[2] as number;
    let out = matMul(ctx, reshape(w.o, [this.numHeads * this.valueDim, outDim]));
    if (w.bo) out = add(out, w.bo);
    const y = reshape(out, [b, tq, outDim]);
    return kwargs.returnAttentionScores === true ? [y, scores] : y;
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      dropout: this.dropoutRate,
      useBias: this.useBias,
      outputShape: this.outputDim,
      kernelInitializer: serializeObject(this.kernelInit as object),
      biasInitializer: serializeObject(this.biasInit as object),
      kernelRegularizer: serializeObject(this.kernelReg),
      biasRegularizer: serializeObject(this.biasReg),
    };
  }
}
registerLayer(MultiHeadAttention.className, MultiHeadAttention);
