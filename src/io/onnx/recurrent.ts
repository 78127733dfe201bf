// LSTM and GRU export. Keras stores one kernel (in, G*u), one recurrent kernel (u, G*u) and a bias; ONNX wants
// W [1, G*u, in], R [1, G*u, u] and B [1, 2*G*u] = Wb ‖ Rb, sequences as [seq, batch, feat].
// Gate orders: Keras LSTM i,f,c,o -> ONNX LSTM i,o,f,c; GRU z,r,h is the same in both. Keras GRU
// reset_after=True (bias [2, 3u]: input bias, recurrent bias) is ONNX linear_before_reset=1.
import { ValueError } from '../../core/errors.js';
import type { Layer } from '../../layers/layer.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { LayerCall } from './layers.js';

/** ONNX LSTM gate block -> Keras gate block (ONNX i,o,f,c; Keras i,f,c,o). */
const LSTM_GATES = [0, 3, 1, 2];
const GRU_GATES = [0, 1, 2];

/** Transposes a Keras (rows, G*u) matrix into ONNX (G*u, rows) with the gate blocks reordered. */
function gateMatrix(m: Tensor, units: number, gates: number[]): Float32Array {
  const rows = m.shape[0] as number;
  const cols = m.shape[1] as number;
  const out = new Float32Array(rows * cols);
  gates.forEach((kerasGate, onnxGate) => {
    for (let j = 0; j < units; j++) {
      const src = kerasGate * units + j;
      const dst = onnxGate * units + j;
      for (let r = 0; r < rows; r++) out[dst * rows + r] = m.values[r * cols + src] as number;
    }
  });
  return out;
}

function gateVector(v: ArrayLike<number>, offset: number, units: number, gates: number[], out: Float32Array, outOffset: number): void {
  gates.forEach((kerasGate, onnxGate) => {
    for (let j = 0; j < units; j++) out[outOffset + onnxGate * units + j] = v[offset + kerasGate * units + j] as number;
  });
}

type Need = (layer: Layer, suffix: string) => Tensor;
type RnnAct = (id: string, where: string) => { name: string; alpha?: number; beta?: number };

/**
 * Emits an ONNX LSTM or GRU node (with the layout transposes) for a Keras-style recurrent layer.
 * @example const y = emitRecurrent(call, 'LSTM', need, rnnActivation);
 */
export function emitRecurrent(c: LayerCall, kind: 'LSTM' | 'GRU', need: Need, rnnActivation: RnnAct): string {
  const { g, layer, config } = c;
  const where = layer.name;
  if (config.returnState === true) throw new ValueError(`exportOnnx: ${kind} '${where}' has returnState: true; only single-output recurrent layers can be exported.`);
  if (config.stateful === true) throw new ValueError(`exportOnnx: ${kind} '${where}' is stateful; stateful RNNs cannot be exported.`);
  const returnSequences = config.returnSequences === true;
  const backwards = config.goBackwards === true;
  if (backwards && returnSequences) throw new ValueError(`exportOnnx: ${kind} '${where}' combines goBackwards with returnSequences, whose time order ONNX cannot reproduce.`);
  const units = Number(config.units);
  const nGates = kind === 'LSTM' ? 4 : 3;
  const gates = kind === 'LSTM' ? LSTM_GATES : GRU_GATES;
  const kernel = need(layer, 'kernel');
  const recurrent = need(layer, 'recurrent_kernel');
  const inDim = kernel.shape[0] as number;
  const W = g.floats(`${where}/W`, gateMatrix(kernel, units, gates), [1, nGates * units, inDim]);
  const R = g.floats(`${where}/R`, gateMatrix(recurrent, units, gates), [1, nGates * units, units]);
  const b = new Float32Array(2 * nGates * units);
  const bias = layer.weights.find((w) => w.name.endsWith('/bias'));
  let linearBeforeReset = 0;
  if (bias !== undefined) {
    if (bias.rank === 2) {
      // GRU reset_after: row 0 is the input bias, row 1 the recurrent bias.
      gateVector(bias.values, 0, units, gates, b, 0);
      gateVector(bias.values, nGates * units, units, gates, b, nGates * units);
    } else {
      gateVector(bias.values, 0, units, gates, b, 0);
    }
  }
  if (kind === 'GRU') linearBeforeReset = config.resetAfter === true || bias?.rank === 2 ? 1 : 0;
  const B = g.floats(`${where}/B`, b, [1, 2 * nGates * units]);
  const rec = rnnActivation(String(config.recurrentActivation ?? 'sigmoid'), where);
  const act = rnnActivation(String(config.activation ?? 'tanh'), where);
  const acts = kind === 'LSTM' ? [rec, act, act] : [rec, act];
  const attrs: Parameters<typeof g.node>[2] = {
    hidden_size: { i: units },
    direction: { s: backwards ? 'reverse' : 'forward' },
    activations: { strings: acts.map((a) => a.name) },
  };
  const alphas = acts.filter((a) => a.alpha !== undefined).map((a) => a.alpha as number);
  const betas = acts.filter((a) => a.beta !== undefined).map((a) => a.beta as number);
  if (alphas.length > 0) attrs.activation_alpha = { floats: alphas };
  if (betas.length > 0) attrs.activation_beta = { floats: betas };
  if (kind === 'GRU') attrs.linear_before_reset = { i: linearBeforeReset };
  const x = g.op('Transpose', [c.inputs[0] as string], { perm: { ints: [1, 0, 2] } }, `${where}/time_major`);
  const outs = g.node(kind, [x, W, R, B], attrs, `${where}/${kind.toLowerCase()}`, kind === 'LSTM' ? 3 : 2);
  if (!returnSequences) return g.op('Squeeze', [outs[1] as string, g.ints64(`${where}/axes0`, [0])], {}, `${where}/last_h`);
  const seq = g.op('Squeeze', [outs[0] as string, g.ints64(`${where}/axes1`, [1])], {}, `${where}/seq`);
  return g.op('Transpose', [seq], { perm: { ints: [1, 0, 2] } }, `${where}/batch_major`);
}
