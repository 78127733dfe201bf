// Merge layers that work along an axis: Concatenate (join) and Dot (contract, optionally cosine-normalized).
import { ConfigError, ShapeError, ValueError } from '../core/errors.js';
import {
  all,
  cast,
  concat,
  expandDims,
  matMul,
  maximum,
  mul,
  onesLike,
  reshape,
  rsqrt,
  sum,
  transpose,
} from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import type { ConfigDict, LayerArgs, ShapeOrShapes } from './layer.js';
import { Merge } from './merge.js';
import { registerLayer } from './registry.js';
import type { CallKwargs, SymbolicShape } from './symbolic.js';

const fmt = (s: SymbolicShape): string => `[${s.map((d) => (d === null ? 'null' : String(d))).join(',')}]`;

/** Options of `Concatenate`. */
export interface ConcatenateLayerArgs extends LayerArgs {
  /** Axis to join along; default -1 (the features). */
  axis?: number;
}

/**
 * Joins its inputs along `axis`; every other dimension must match.
 * @example concatenate({ axis: -1 }).apply([a, b]) // [batch, a features + b features]
 */
export class Concatenate extends Merge {
  static override className = 'Concatenate';
  readonly axis: number;

  constructor(args: ConcatenateLayerArgs = {}) {
    super(args);
    this.axis = args.axis ?? -1;
    if (!Number.isInteger(this.axis)) throw new ConfigError(`${this.where}: axis must be an integer, received ${JSON.stringify(args.axis)}.`);
  }

  private resolveAxis(rank: number, shapes: SymbolicShape[]): number {
    const a = this.axis < 0 ? this.axis + rank : this.axis;
    if (a < 1 || a >= rank) {
      throw new ValueError(`${this.where}: axis ${this.axis} is out of range for inputs ${shapes.map(fmt).join(', ')}; use an axis in [1, ${rank - 1}] or a negative one.`);
    }
    return a;
  }

  override computeOutputShape(inputShape: ShapeOrShapes): SymbolicShape {
    const shapes = this.shapeList(inputShape);
    const rank = (shapes[0] as SymbolicShape).length;
    if (shapes.some((s) => s.length !== rank)) {
      throw new ShapeError(`${this.where}: inputs must all have the same rank, received ${shapes.map(fmt).join(', ')}.`);
    }
    const axis = this.resolveAxis(rank, shapes);
    const out: SymbolicShape = [...(shapes[0] as SymbolicShape)];
    for (let i = 0; i < rank; i++) {
      const dims = shapes.map((s) => s[i] ?? null);
      if (i === axis) {
        out[i] = dims.some((d) => d === null) ? null : dims.reduce((p: number, d) => p + (d as number), 0);
        continue;
      }
      const known = [...new Set(dims.filter((d): d is number => d !== null))];
      if (known.length > 1) {
        throw new ShapeError(
          `${this.where}: inputs ${shapes.map(fmt).join(', ')} differ on axis ${i}; all dimensions except the concatenation axis ${this.axis} must match. Reshape them or concatenate along another axis.`,
        );
      }
      out[i] = known.length === 1 ? (known[0] as number) : null;
    }
    return out;
  }

  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    const xs = this.tensorList(inputs);
    this.computeOutputShape(xs.map((x) => x.shape));
    return this.merge(xs);
  }

  protected merge(xs: Tensor[]): Tensor {
    return concat(xs, this.resolveAxis((xs[0] as Tensor).rank, xs.map((x) => x.shape)));
  }

  /** Keras rule: missing masks count as all-true, masks are joined along the axis and reduced over the last one. */
  override computeMask(inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null | undefined): Tensor | null {
    if (mask === null || mask === undefined) return null;
    const xs = Array.isArray(inputs) ? inputs : [inputs];
    const list = Array.isArray(mask) ? mask : [mask];
    if (list.length !== xs.length) throw new ValueError(`${this.where}: received ${list.length} masks for ${xs.length} inputs; pass one per input.`);
    if (list.every((m) => m === null)) return null;
    const full = xs.map((x, i) => {
      const m = list[i] ?? null;
      if (m === null) return cast(onesLike(x), 'bool');
      return m.rank < x.rank ? expandDims(cast(m, 'bool'), -1) : cast(m, 'bool');
    });
    const rank = (xs[0] as Tensor).rank;
    return all(concat(full, this.resolveAxis(rank, xs.map((x) => x.shape))), -1);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), axis: this.axis };
  }
}
registerLayer(Concatenate.className, Concatenate);

/** Options of `Dot`. */
export interface DotLayerArgs extends LayerArgs {
  /** Axis (or one per input) contracted between the two inputs; negative counts from the end. */
  axes: number | [number, number];
  /** L2-normalize both inputs along the axes first, so the result is the cosine similarity. Default false. */
  normalize?: boolean;
}

function l2Normalize(x: Tensor, axis: number): Tensor {
  return mul(x, rsqrt(maximum(sum(mul(x, x), axis, true), 1e-12)));
}

/**
 * Dot product of two inputs along `axes`, per sample (Keras `batch_dot`): [b, n]·[b, n] → [b, 1];
 * [b, n, m]·[b, m, k] with axes [2, 1] → [b, n, k].
 * @example dot({ axes: 1, normalize: true }).apply([a, b]) // cosine similarity, [batch, 1]
 */
export class Dot extends Merge {
  static override className = 'Dot';
  readonly axes: number | [number, number];
  readonly normalize: boolean;

  constructor(args: DotLayerArgs) {
    super(args);
    const axes = args?.axes;
    const ok = Number.isInteger(axes) || (Array.isArray(axes) && axes.length === 2 && axes.every((a) => Number.isInteger(a)));
    if (!ok) throw new ConfigError(`Dot (${this.name}): axes must be an integer or a pair of integers, received ${JSON.stringify(axes)}.`);
    this.axes = Array.isArray(axes) ? [axes[0], axes[1]] : axes;
    this.normalize = args.normalize ?? false;
  }

  protected override get exactInputs(): number {
    return 2;
  }

  /** The contracted axis of each input (positive, never the batch axis), with checks. */
  private resolveAxes(shapes: SymbolicShape[]): [number, number] {
    const [s1, s2] = shapes as [SymbolicShape, SymbolicShape];
    const raw = Array.isArray(this.axes) ? this.axes : [this.axes, this.axes];
    const axes = raw.map((a, i) => {
      const rank = (i === 0 ? s1 : s2).length;
      const r = a < 0 ? a + rank : a;
      if (r < 1 || r >= rank) {
        throw new ValueError(`${this.where}: axis ${a} is out of range for input ${i} of shape ${fmt(i === 0 ? s1 : s2)}; the batch axis cannot be contracted.`);
      }
      return r;
    }) as [number, number];
    const [d1, d2] = [s1[axes[0]] ?? null, s2[axes[1]] ?? null];
    if (d1 !== null && d2 !== null && d1 !== d2) {
      throw new ShapeError(
        `${this.where}: the contracted dimensions differ: input 0 ${fmt(s1)} axis ${axes[0]} has ${d1}, input 1 ${fmt(s2)} axis ${axes[1]} has ${d2}. Choose axes of equal size.`,
      );
    }
    return axes;
  }

  override computeOutputShape(inputShape: ShapeOrShapes): SymbolicShape {
    const shapes = this.shapeList(inputShape);
    const [a1, a2] = this.resolveAxes(shapes);
    const [s1, s2] = shapes as [SymbolicShape, SymbolicShape];
    const rest = [...s1.slice(1).filter((_, i) => i + 1 !== a1), ...s2.slice(1).filter((_, i) => i + 1 !== a2)];
    const batch = s1[0] ?? s2[0] ?? null;
    return rest.length === 0 ? [batch, 1] : [batch, ...rest];
  }

  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    return this.merge(this.tensorList(inputs));
  }

  protected merge(xs: Tensor[]): Tensor {
    let [x, y] = xs as [Tensor, Tensor];
    const [a1, a2] = this.resolveAxes([x.shape, y.shape]);
    if (this.normalize) {
      x = l2Normalize(x, a1);
      y = l2Normalize(y, a2);
    }
    // Batched matMul: x to [b, P, n] (contracted axis last), y to [b, n, Q] (contracted axis first).
    const b = x.shape[0] as number;
    const n = x.shape[a1] as number;
    const xPerm = [0, ...range(1, x.rank).filter((i) => i !== a1), a1];
    const yPerm = [0, a2, ...range(1, y.rank).filter((i) => i !== a2)];
    const xRest = xPerm.slice(1, -1).map((i) => x.shape[i] as number);
    const yRest = yPerm.slice(2).map((i) => y.shape[i] as number);
    const x3 = reshape(transpose(x, xPerm), [b, -1, n]);
    const y3 = reshape(transpose(y, yPerm), [b, n, -1]);
    const out = [...xRest, ...yRest];
    return reshape(matMul(x3, y3), [b, ...(out.length === 0 ? [1] : out)]);
  }

  /** Keras Dot drops masks. */
  override computeMask(): null {
    return null;
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), axes: Array.isArray(this.axes) ? [...this.axes] : this.axes, normalize: this.normalize };
  }
}
registerLayer(Dot.className, Dot);

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
