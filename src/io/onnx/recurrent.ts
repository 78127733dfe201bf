// SimpleRNN, LSTM, GRU and Bidirectional export. Keras stores one kernel (in, G*u), one recurrent kernel (u, G*u)
// and a bias; ONNX wants W [dirs, G*u, in], R [dirs, G*u, u] and B [dirs, 2*G*u] = Wb ‖ Rb, with sequences as
// [seq, batch, feat]. Gate orders: Keras LSTM i,f,c,o -> ONNX LSTM i,o,f,c; GRU z,r,h is the same in both.
// Keras GRU reset_after=True (bias [2, 3u]: input bias, recurrent bias) is ONNX linear_before_reset=1.
import { ValueError } from '../../core/errors.js';
import type { Layer } from '../../layers/layer.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { AttrValue } from './proto.js';
import type { LayerCall } from './layers.js';

type Kind = 'RNN' | 'LSTM' | 'GRU';
type RnnAct = (id: string, where: string) => { name: string; alpha?: number; beta?: number };

/** ONNX gate block -> Keras gate block. */
const GATES: Record<Kind, number[]> = { RNN: [0], LSTM: [0, 3, 1, 2], GRU: [0, 1, 2] };
const KIND_OF: Record<string, Kind> = { SimpleRNN: 'RNN', LSTM: 'LSTM', GRU: 'GRU' };

/** Transposes a Keras (rows, G*u) matrix into ONNX (G*u, rows) with the gate blocks reordered. */
function gateMatrix(m: Tensor, units: number, gates: number[], out: Float32Array, offset: number): void {
  const rows = m.shape[0] as number;
  const cols = m.shape[1] as number;
  gates.forEach((kerasGate, onnxGate) => {
    for (let j = 0; j < units; j++) {
      const src = kerasGate * units + j;
      const dst = onnxGate * units + j;
      for (let r = 0; r < rows; r++) out[offset + dst * rows + r] = m.values[r * cols + src] as number;
    }
  });
}

function gateVector(v: ArrayLike<number>, from: number, units: number, gates: number[], out: Float32Array, to: number): void {
  gates.forEach((kerasGate, onnxGate) => {
    for (let j = 0; j < units; j++) out[to + onnxGate * units + j] = v[from + kerasGate * units + j] as number;
  });
}

function weight(layer: Layer, suffix: string): Tensor {
  const w = layer.weights.find((x) => x.name.endsWith(`/${suffix}`));
  if (w === undefined) throw new ValueError(`exportOnnx: recurrent layer '${layer.name}' has no '${suffix}' weight.`);
  return w;
}

function checkConfig(layer: Layer, config: Record<string, unknown>, kind: Kind): void {
  if (config.returnState === true) throw new ValueError(`exportOnnx: ${kind} '${layer.name}' has returnState: true; only single-output recurrent layers can be exported.`);
  if (config.stateful === true) throw new ValueError(`exportOnnx: ${kind} '${layer.name}' is stateful; stateful RNNs cannot be exported.`);
}

/**
 * Emits the ONNX RNN/LSTM/GRU node for one layer (one direction) or a forward/backward pair (bidirectional), with
 * the layout transposes; returns Y [seq, dirs, batch, u] and Y_h [dirs, batch, u].
 */
function emitNode(c: LayerCall, kind: Kind, dirs: Layer[], rnnActivation: RnnAct): { y: string; yh: string; units: number } {
  const { g } = c;
  const where = c.layer.name;
  const configs = dirs.map((l) => l.getConfig());
  configs.forEach((cfg, i) => checkConfig(dirs[i] as Layer, cfg, kind));
  const cfg = configs[0] as Record<string, unknown>;
  const units = Number(cfg.units);
  const gates = GATES[kind];
  const n = gates.length * units;
  const inDim = weight(dirs[0] as Layer, 'kernel').shape[0] as number;
  const W = new Float32Array(dirs.length * n * inDim);
  const R = new Float32Array(dirs.length * n * units);
  const B = new Float32Array(dirs.length * 2 * n);
  let resetAfter = false;
  dirs.forEach((l, d) => {
    gateMatrix(weight(l, 'kernel'), units, gates, W, d * n * inDim);
    gateMatrix(weight(l, 'recurrent_kernel'), units, gates, R, d * n * units);
    const bias = l.weights.find((x) => x.name.endsWith('/bias'));
    if (bias === undefined) return;
    gateVector(bias.values, 0, units, gates, B, d * 2 * n);
    // GRU reset_after: row 0 is the input bias, row 1 the recurrent bias.
    if (bias.rank === 2) {
      resetAfter = true;
      gateVector(bias.values, n, units, gates, B, d * 2 * n + n);
    }
  });
  const rec = rnnActivation(String(cfg.recurrentActivation ?? 'sigmoid'), where);
  const act = rnnActivation(String(cfg.activation ?? 'tanh'), where);
  const perDir = kind === 'LSTM' ? [rec, act, act] : kind === 'GRU' ? [rec, act] : [act];
  const acts = dirs.flatMap(() => perDir);
  const direction = dirs.length === 2 ? 'bidirectional' : cfg.goBackwards === true ? 'reverse' : 'forward';
  const attrs: Record<string, AttrValue> = { hidden_size: { i: units }, direction: { s: direction }, activations: { strings: acts.map((a) => a.name) } };
  const alphas = acts.filter((a) => a.alpha !== undefined).map((a) => a.alpha as number);
  const betas = acts.filter((a) => a.beta !== undefined).map((a) => a.beta as number);
  if (alphas.length > 0) attrs.activation_alpha = { floats: alphas };
  if (betas.length > 0) attrs.activation_beta = { floats: betas };
  if (kind === 'GRU') attrs.linear_before_reset = { i: resetAfter || cfg.resetAfter === true ? 1 : 0 };
  const nd = dirs.length;
  const ins = [
    g.op('Transpose', [c.inputs[0] as string], { perm: { ints: [1, 0, 2] } }, `${where}/time_major`),
    g.floats(`${where}/W`, W, [nd, n, inDim]),
    g.floats(`${where}/R`, R, [nd, n, units]),
    g.floats(`${where}/B`, B, [nd, 2 * n]),
  ];
  const outs = g.node(kind, ins, attrs, `${where}/${kind.toLowerCase()}`, kind === 'LSTM' ? 3 : 2);
  return { y: outs[0] as string, yh: outs[1] as string, units };
}

/**
 * Emits a one-direction recurrent layer; `goBackwards` becomes direction 'reverse'.
 * @example const y = emitRecurrent(call, 'LSTM', [call.layer], rnnActivation);
 */
export function emitRecurrent(c: LayerCall, kind: Kind, dirs: Layer[], rnnActivation: RnnAct): string {
  const { g, config } = c;
  const where = c.layer.name;
  const returnSequences = config.returnSequences === true;
  if (config.goBackwards === true && returnSequences) {
    throw new ValueError(`exportOnnx: ${kind} '${where}' combines goBackwards with returnSequences, whose time order ONNX cannot reproduce.`);
  }
  const { y, yh } = emitNode(c, kind, dirs, rnnActivation);
  if (!returnSequences) return g.op('Squeeze', [yh, g.ints64(`${where}/axes0`, [0])], {}, `${where}/last_h`);
  const seq = g.op('Squeeze', [y, g.ints64(`${where}/axes1`, [1])], {}, `${where}/seq`);
  return g.op('Transpose', [seq], { perm: { ints: [1, 0, 2] } }, `${where}/batch_major`);
}

/**
 * Emits a Bidirectional wrapper as one ONNX node with direction 'bidirectional' (merge modes concat, sum, ave, mul).
 * @example const y = emitBidirectional(call, rnnActivation);
 */
export function emitBidirectional(c: LayerCall, rnnActivation: RnnAct): string {
  const { g, config, layer } = c;
  const where = layer.name;
  const pair = layer as Layer & { forwardLayer?: Layer; backwardLayer?: Layer };
  const fwd = pair.forwardLayer;
  const bwd = pair.backwardLayer;
  const kind = fwd === undefined ? undefined : KIND_OF[fwd.getClassName()];
  if (fwd === undefined || bwd === undefined || kind === undefined) {
    throw new ValueError(`exportOnnx: Bidirectional '${where}' must wrap a SimpleRNN, LSTM or GRU layer.`);
  }
  const inner = fwd.getConfig();
  const mode = config.mergeMode ?? 'concat';
  const { y, yh, units } = emitNode(c, kind, [fwd, bwd], rnnActivation);
  const returnSequences = inner.returnSequences === true;
  // Directions end up on axis -2: [batch, seq, 2, u] or [batch, 2, u] -> merged on that axis.
  const t = returnSequences
    ? g.op('Transpose', [y], { perm: { ints: [2, 0, 1, 3] } }, `${where}/batch_major`)
    : g.op('Transpose', [yh], { perm: { ints: [1, 0, 2] } }, `${where}/batch_major`);
  const axis = returnSequences ? 2 : 1;
  switch (mode) {
    case 'concat':
      return g.op('Reshape', [t, g.ints64(`${where}/shape`, returnSequences ? [0, 0, 2 * units] : [0, 2 * units])], {}, `${where}/concat`);
    case 'sum':
      return g.reduce('ReduceSum', t, [axis], false, `${where}/sum`);
    case 'ave':
      return g.reduce('ReduceMean', t, [axis], false, `${where}/ave`);
    case 'mul':
      return g.reduce('ReduceProd', t, [axis], false, `${where}/mul`);
    default:
      throw new ValueError(`exportOnnx: Bidirectional '${where}' uses mergeMode ${JSON.stringify(mode)}; export supports concat, sum, ave and mul.`);
  }
}
