// Merge layers: combine a list of inputs element-wise (Add, Subtract, Multiply, Average, Maximum, Minimum).
// Concatenate and Dot live in merge-axis.ts. Inputs of different ranks are broadcast like Keras: the shorter ones
// get size-1 axes inserted after the batch axis.
import { ShapeError, ValueError } from '../core/errors.js';
import { add, cast, div, expandDims, logicalAnd, maximum, minimum, mul, sub } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { Layer, type LayerArgs, type ShapeOrShapes, isShapeList } from './layer.js';
import { registerLayer } from './registry.js';
import type { CallKwargs, SymbolicShape } from './symbolic.js';

const fmt = (s: SymbolicShape): string => `[${s.map((d) => (d === null ? 'null' : String(d))).join(',')}]`;

/** Base of every merge layer: a list of at least two inputs. */
export abstract class Merge extends Layer {
  constructor(args: LayerArgs = {}) {
    super(args);
    this.supportsMasking = true;
  }

  /** `Name (ClassName)`, the prefix of this layer's errors. */
  protected get where(): string {
    return `${this.getClassName()} (${this.name})`;
  }

  /** Required number of inputs (null: two or more). */
  protected get exactInputs(): number | null {
    return null;
  }

  /** The input shapes as a list, checking their count. */
  protected shapeList(inputShape: ShapeOrShapes): SymbolicShape[] {
    const n = this.exactInputs;
    if (!isShapeList(inputShape) || inputShape.length < 2 || (n !== null && inputShape.length !== n)) {
      const got = isShapeList(inputShape) ? `${inputShape.length} inputs` : `a single input of shape ${fmt(inputShape)}`;
      throw new ValueError(
        `${this.where}: expected a list of ${n ?? 'at least 2'} inputs, received ${got}. ` +
          `Call it on an array, e.g. layer.apply([a, b]).`,
      );
    }
    return inputShape;
  }

  /** The input tensors as a list, checking their count. */
  protected tensorList(inputs: Tensor | Tensor[]): Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    this.shapeList(list.length === 1 ? (list[0] as Tensor).shape : list.map((t) => t.shape));
    return list;
  }

  override build(inputShape: ShapeOrShapes): void {
    this.computeOutputShape(inputShape);
  }

  override computeOutputShape(inputShape: ShapeOrShapes): SymbolicShape {
    const shapes = this.shapeList(inputShape);
    let out = shapes[0]?.slice(1) ?? [];
    for (const s of shapes.slice(1)) out = this.broadcast(out, s.slice(1), shapes);
    const batches = [...new Set(shapes.map((s) => s[0]).filter((d): d is number => d !== null && d !== undefined))];
    if (batches.length > 1) {
      throw new ShapeError(`${this.where}: inputs have different batch sizes (${shapes.map(fmt).join(', ')}); merge tensors of one batch.`);
    }
    return [batches.length === 1 && shapes.every((s) => s[0] !== null) ? (batches[0] as number) : null, ...out];
  }

  /** Broadcasts two non-batch shapes right-aligned (Keras `_compute_elemwise_op_output_shape`). */
  private broadcast(a: SymbolicShape, b: SymbolicShape, all: SymbolicShape[]): SymbolicShape {
    const [long, short] = a.length >= b.length ? [a, b] : [b, a];
    const out = long.slice(0, long.length - short.length);
    short.forEach((j, k) => {
      const i = long[long.length - short.length + k] ?? null;
      if (i === null || j === null) out.push(i === 1 ? j : j === 1 ? i : i ?? j);
      else if (i === 1 || j === 1 || i === j) out.push(i === 1 ? j : i);
      else {
        throw new ShapeError(
          `${this.where}: inputs of shapes ${all.map(fmt).join(', ')} cannot be merged element-wise (${i} vs ${j}); ` +
            'their non-batch dimensions must be equal or 1. Use Concatenate to join different sizes, or reshape first.',
        );
      }
    });
    return out;
  }

  /** Combines same-rank (broadcastable) inputs. */
  protected abstract merge(xs: Tensor[]): Tensor;

  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    const xs = this.tensorList(inputs);
    this.computeOutputShape(xs.map((x) => x.shape));
    const rank = Math.max(...xs.map((x) => x.rank));
    const aligned = xs.map((x) => {
      let y = x;
      while (y.rank < rank) y = expandDims(y, 1);
      return y;
    });
    return this.merge(aligned);
  }

  /** The AND of the inputs' masks (null when none has one), as in Keras. */
  override computeMask(inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null | undefined): Tensor | null {
    if (mask === null || mask === undefined) return null;
    const list = Array.isArray(mask) ? mask : [mask];
    const n = Array.isArray(inputs) ? inputs.length : 1;
    if (list.length !== n) {
      throw new ValueError(`${this.where}: received ${list.length} masks for ${n} inputs; pass one mask (or null) per input.`);
    }
    const present = list.filter((m): m is Tensor => m !== null);
    if (present.length === 0) return null;
    return present.slice(1).reduce((acc, m) => logicalAnd(acc, cast(m, 'bool')), cast(present[0] as Tensor, 'bool'));
  }
}

/**
 * Sums its inputs element-wise.
 * @example add().apply([a, b])
 */
export class Add extends Merge {
  static override className = 'Add';
  protected merge(xs: Tensor[]): Tensor {
    return xs.slice(1).reduce((acc, x) => add(acc, x), xs[0] as Tensor);
  }
}
registerLayer(Add.className, Add);

/**
 * Subtracts its second input from its first (exactly two inputs).
 * @example subtract().apply([a, b]) // a - b
 */
export class Subtract extends Merge {
  static override className = 'Subtract';
  protected override get exactInputs(): number {
    return 2;
  }
  protected merge(xs: Tensor[]): Tensor {
    return sub(xs[0] as Tensor, xs[1] as Tensor);
  }
}
registerLayer(Subtract.className, Subtract);

/**
 * Multiplies its inputs element-wise.
 * @example multiply().apply([a, b])
 */
export class Multiply extends Merge {
  static override className = 'Multiply';
  protected merge(xs: Tensor[]): Tensor {
    return xs.slice(1).reduce((acc, x) => mul(acc, x), xs[0] as Tensor);
  }
}
registerLayer(Multiply.className, Multiply);

/**
 * Averages its inputs element-wise.
 * @example average().apply([a, b, c])
 */
export class Average extends Merge {
  static override className = 'Average';
  protected merge(xs: Tensor[]): Tensor {
    const total = xs.slice(1).reduce((acc, x) => add(acc, x), xs[0] as Tensor);
    return div(total, xs.length);
  }
}
registerLayer(Average.className, Average);

/**
 * Element-wise maximum of its inputs.
 * @example maximum().apply([a, b])
 */
export class Maximum extends Merge {
  static override className = 'Maximum';
  protected merge(xs: Tensor[]): Tensor {
    return xs.slice(1).reduce((acc, x) => maximum(acc, x), xs[0] as Tensor);
  }
}
registerLayer(Maximum.className, Maximum);

/**
 * Element-wise minimum of its inputs.
 * @example minimum().apply([a, b])
 */
export class Minimum extends Merge {
  static override className = 'Minimum';
  protected merge(xs: Tensor[]): Tensor {
    return xs.slice(1).reduce((acc, x) => minimum(acc, x), xs[0] as Tensor);
  }
}
registerLayer(Minimum.className, Minimum);
