// Accumulates ONNX nodes and initializers with unique value names.
import type { TypedArray } from '../../core/dtype.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type AttrValue, type NodeMsg, OnnxDType, type TensorMsg, type ValueInfoMsg } from './proto.js';

function rawBytes(values: TypedArray | BigInt64Array): Uint8Array {
  return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength) as ArrayBuffer);
}

/** Builds an ONNX graph: `node(...)` returns the output value names. */
export class GraphBuilder {
  readonly nodes: NodeMsg[] = [];
  readonly initializers: TensorMsg[] = [];
  readonly inputs: ValueInfoMsg[] = [];
  readonly outputs: ValueInfoMsg[] = [];
  private readonly used = new Set<string>();

  /** @param opset the default-domain opset the graph targets (op signatures change with it). */
  constructor(readonly opset = 17) {}

  /**
   * A Reduce* node over `axes`: axes are an attribute up to opset 17 and an input from opset 18 (ReduceSum: 13).
   * @example g.reduce('ReduceMean', x, [1, 2], false, 'gap');
   */
  reduce(op: 'ReduceMean' | 'ReduceMax' | 'ReduceSum' | 'ReduceProd', x: string, axes: number[], keepdims: boolean, base: string): string {
    const asInput = this.opset >= 18 || op === 'ReduceSum';
    if (asInput) return this.op(op, [x, this.ints64(`${base}/axes`, axes)], { keepdims: { i: keepdims ? 1 : 0 } }, base);
    return this.op(op, [x], { axes: { ints: axes }, keepdims: { i: keepdims ? 1 : 0 } }, base);
  }

  /** A value name not used before, derived from `base`. */
  fresh(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9_./:-]/g, '_');
    let name = clean;
    for (let i = 1; this.used.has(name); i++) name = `${clean}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Adds a node with one output (or `nOut` outputs) and returns the output names. */
  node(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, base = opType, nOut = 1): string[] {
    const outputs = Array.from({ length: nOut }, (_, i) => this.fresh(nOut === 1 ? base : `${base}_out${i}`));
    this.nodes.push({ opType, inputs, outputs, name: this.fresh(`${base}_node`), attrs });
    return outputs;
  }

  /** Adds a node and returns its single output. */
  op(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, base = opType): string {
    return this.node(opType, inputs, attrs, base)[0] as string;
  }

  /** A float32 initializer from raw values. */
  floats(base: string, values: ArrayLike<number>, dims: number[]): string {
    const name = this.fresh(base);
    this.initializers.push({ name, dims, dataType: OnnxDType.FLOAT, rawData: rawBytes(Float32Array.from(values)) });
    return name;
  }

  /** A float32 initializer holding a tensor (float64 weights are narrowed). */
  weight(base: string, t: Tensor): string {
    return this.floats(base, t.values as ArrayLike<number>, t.shape);
  }

  /** An int64 initializer (shapes, axes). */
  ints64(base: string, values: number[]): string {
    const name = this.fresh(base);
    this.initializers.push({ name, dims: [values.length], dataType: OnnxDType.INT64, rawData: rawBytes(BigInt64Array.from(values.map((v) => BigInt(v)))) });
    return name;
  }

  /** A float32 scalar constant. */
  scalar(base: string, v: number): string {
    return this.floats(base, [v], []);
  }
}
