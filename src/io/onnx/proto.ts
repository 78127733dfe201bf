// Hand-written protobuf encoding of the ONNX messages we emit. Field numbers come from onnx/onnx.proto (IR 8):
//   ModelProto: ir_version=1, producer_name=2, producer_version=3, domain=4, model_version=5, doc_string=6,
//               graph=7, opset_import=8, metadata_props=14
//   OperatorSetIdProto: domain=1, version=2          StringStringEntryProto: key=1, value=2
//   GraphProto: node=1, name=2, initializer=5, doc_string=10, input=11, output=12, value_info=13
//   NodeProto: input=1, output=2, name=3, op_type=4, attribute=5, doc_string=6, domain=7
//   AttributeProto: name=1, f=2, i=3, s=4, t=5, floats=7, ints=8, strings=9, type=20 (FLOAT=1 INT=2 STRING=3 TENSOR=4
//                   FLOATS=6 INTS=7 STRINGS=8)
//   TensorProto: dims=1, data_type=2, name=8, raw_data=9
//   ValueInfoProto: name=1, type=2   TypeProto: tensor_type=1   TypeProto.Tensor: elem_type=1, shape=2
//   TensorShapeProto: dim=1   Dimension: dim_value=1, dim_param=2
import protobuf from 'protobufjs/minimal.js';

type Writer = protobuf.Writer;

/** ONNX TensorProto.DataType codes used by the exporter. */
export const OnnxDType = { FLOAT: 1, INT32: 6, INT64: 7, BOOL: 9, DOUBLE: 11 } as const;

/** An initializer or constant tensor. */
export interface TensorMsg {
  name: string;
  dims: number[];
  dataType: number;
  rawData: Uint8Array;
}

/** A node attribute; the kind is inferred from the value. */
export type AttrValue = { f: number } | { i: number } | { s: string } | { floats: number[] } | { ints: number[] } | { strings: string[] } | { t: TensorMsg };

/** A graph node. */
export interface NodeMsg {
  opType: string;
  inputs: string[];
  outputs: string[];
  name: string;
  attrs?: Record<string, AttrValue>;
}

/** A graph input/output: name, element type and dims (a string marks a symbolic dim such as the batch "N"). */
export interface ValueInfoMsg {
  name: string;
  elemType: number;
  dims: (number | string)[];
}

/** A whole ONNX model. */
export interface ModelMsg {
  irVersion: number;
  opset: number;
  producerName: string;
  producerVersion: string;
  graph: { name: string; nodes: NodeMsg[]; initializers: TensorMsg[]; inputs: ValueInfoMsg[]; outputs: ValueInfoMsg[] };
  metadata?: Record<string, string>;
}

function sub(w: Writer, field: number, fn: (w: Writer) => void): void {
  w.uint32((field << 3) | 2).fork();
  fn(w);
  w.ldelim();
}

function str(w: Writer, field: number, s: string): void {
  w.uint32((field << 3) | 2).string(s);
}

function int(w: Writer, field: number, v: number): void {
  w.uint32(field << 3).int64(v);
}

function writeTensor(w: Writer, t: TensorMsg): void {
  for (const d of t.dims) int(w, 1, d);
  w.uint32(2 << 3).int32(t.dataType);
  str(w, 8, t.name);
  w.uint32((9 << 3) | 2).bytes(t.rawData);
}

function writeAttr(w: Writer, name: string, v: AttrValue): void {
  str(w, 1, name);
  if ('f' in v) {
    w.uint32((2 << 3) | 5).float(v.f);
    w.uint32(20 << 3).int32(1);
  } else if ('i' in v) {
    int(w, 3, v.i);
    w.uint32(20 << 3).int32(2);
  } else if ('s' in v) {
    w.uint32((4 << 3) | 2).bytes(new TextEncoder().encode(v.s));
    w.uint32(20 << 3).int32(3);
  } else if ('t' in v) {
    sub(w, 5, (x) => writeTensor(x, v.t));
    w.uint32(20 << 3).int32(4);
  } else if ('strings' in v) {
    for (const s of v.strings) w.uint32((9 << 3) | 2).bytes(new TextEncoder().encode(s));
    w.uint32(20 << 3).int32(8);
  } else if ('floats' in v) {
    for (const f of v.floats) w.uint32((7 << 3) | 5).float(f);
    w.uint32(20 << 3).int32(6);
  } else {
    for (const i of v.ints) int(w, 8, i);
    w.uint32(20 << 3).int32(7);
  }
}

function writeNode(w: Writer, n: NodeMsg): void {
  for (const i of n.inputs) str(w, 1, i);
  for (const o of n.outputs) str(w, 2, o);
  str(w, 3, n.name);
  str(w, 4, n.opType);
  for (const [k, v] of Object.entries(n.attrs ?? {})) sub(w, 5, (x) => writeAttr(x, k, v));
}

function writeValueInfo(w: Writer, v: ValueInfoMsg): void {
  str(w, 1, v.name);
  sub(w, 2, (tp) =>
    sub(tp, 1, (tt) => {
      tt.uint32(1 << 3).int32(v.elemType);
      sub(tt, 2, (shape) => {
        for (const d of v.dims) sub(shape, 1, (dim) => (typeof d === 'number' ? int(dim, 1, d) : str(dim, 2, d)));
      });
    }),
  );
}

/**
 * Serializes a ModelProto to bytes.
 * @example const bytes = encodeModel({ irVersion: 8, opset: 17, producerName: 'x', producerVersion: '1', graph });
 */
export function encodeModel(m: ModelMsg): Uint8Array {
  const w = protobuf.Writer.create();
  int(w, 1, m.irVersion);
  str(w, 2, m.producerName);
  str(w, 3, m.producerVersion);
  sub(w, 7, (g) => {
    for (const n of m.graph.nodes) sub(g, 1, (x) => writeNode(x, n));
    str(g, 2, m.graph.name);
    for (const t of m.graph.initializers) sub(g, 5, (x) => writeTensor(x, t));
    for (const v of m.graph.inputs) sub(g, 11, (x) => writeValueInfo(x, v));
    for (const v of m.graph.outputs) sub(g, 12, (x) => writeValueInfo(x, v));
  });
  sub(w, 8, (o) => {
    str(o, 1, '');
    int(o, 2, m.opset);
  });
  for (const [k, v] of Object.entries(m.metadata ?? {})) {
    sub(w, 14, (e) => {
      str(e, 1, k);
      str(e, 2, v);
    });
  }
  return w.finish();
}
