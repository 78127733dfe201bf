// Keras/TF.js activation ids -> ONNX nodes (opset >= 13).
import { ValueError } from '../../core/errors.js';
import type { GraphBuilder } from './graph-builder.js';

/** Activation ids the exporter supports. */
export const ONNX_ACTIVATIONS = ['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'softmax', 'logSoftmax', 'elu', 'selu', 'softplus', 'softsign', 'leakyRelu', 'gelu', 'geluApproximate', 'hardSigmoid', 'swish', 'silu', 'mish', 'exponential'];

/**
 * Emits `activation(x)` and returns the output name; `where` names the layer in errors.
 * @example const y = emitActivation(g, 'relu', x, 'dense');
 */
export function emitActivation(g: GraphBuilder, id: string, x: string, where: string, alpha?: number): string {
  switch (id) {
    case 'linear': return x;
    case 'relu': return g.op('Relu', [x], {}, `${where}/relu`);
    case 'relu6': return g.op('Clip', [x, g.scalar('zero', 0), g.scalar('six', 6)], {}, `${where}/relu6`);
    case 'sigmoid': return g.op('Sigmoid', [x], {}, `${where}/sigmoid`);
    case 'tanh': return g.op('Tanh', [x], {}, `${where}/tanh`);
    case 'softmax': return g.op('Softmax', [x], { axis: { i: -1 } }, `${where}/softmax`);
    case 'logSoftmax': return g.op('LogSoftmax', [x], { axis: { i: -1 } }, `${where}/log_softmax`);
    case 'elu': return g.op('Elu', [x], { alpha: { f: alpha ?? 1 } }, `${where}/elu`);
    case 'selu': return g.op('Selu', [x], {}, `${where}/selu`);
    case 'softplus': return g.op('Softplus', [x], {}, `${where}/softplus`);
    case 'softsign': return g.op('Softsign', [x], {}, `${where}/softsign`);
    case 'leakyRelu': return g.op('LeakyRelu', [x], { alpha: { f: alpha ?? 0.2 } }, `${where}/leaky_relu`);
    case 'hardSigmoid': return g.op('HardSigmoid', [x], { alpha: { f: 0.2 }, beta: { f: 0.5 } }, `${where}/hard_sigmoid`);
    case 'exponential': return g.op('Exp', [x], {}, `${where}/exp`);
    case 'swish':
    case 'silu': return g.op('Mul', [x, g.op('Sigmoid', [x], {}, `${where}/sig`)], {}, `${where}/swish`);
    case 'mish': return g.op('Mul', [x, g.op('Tanh', [g.op('Softplus', [x])])], {}, `${where}/mish`);
    case 'gelu': {
      // Opset 17 has no Gelu: 0.5 x (1 + erf(x / sqrt 2)).
      const erf = g.op('Erf', [g.op('Mul', [x, g.scalar('inv_sqrt2', Math.SQRT1_2)])]);
      return g.op('Mul', [g.op('Mul', [x, g.scalar('half', 0.5)]), g.op('Add', [erf, g.scalar('one', 1)])], {}, `${where}/gelu`);
    }
    case 'geluApproximate': {
      const cube = g.op('Mul', [g.op('Mul', [x, x]), x]);
      const inner = g.op('Mul', [g.op('Add', [x, g.op('Mul', [cube, g.scalar('c', 0.044715)])]), g.scalar('k', Math.sqrt(2 / Math.PI))]);
      return g.op('Mul', [g.op('Mul', [x, g.scalar('half', 0.5)]), g.op('Add', [g.op('Tanh', [inner]), g.scalar('one', 1)])], {}, `${where}/gelu`);
    }
    default:
      throw new ValueError(`exportOnnx: layer '${where}' uses activation '${id}', which has no ONNX export; supported: ${ONNX_ACTIVATIONS.join(', ')}.`);
  }
}

/** The ONNX RNN activation name (and alpha/beta) for a recurrent activation id. @example rnnActivation('hardSigmoid', 'lstm'); */
export function rnnActivation(id: string, where: string): { name: string; alpha?: number; beta?: number } {
  switch (id) {
    case 'sigmoid': return { name: 'Sigmoid' };
    case 'tanh': return { name: 'Tanh' };
    case 'relu': return { name: 'Relu' };
    case 'hardSigmoid': return { name: 'HardSigmoid', alpha: 0.2, beta: 0.5 };
    case 'linear': return { name: 'Affine', alpha: 1, beta: 0 };
    default: throw new ValueError(`exportOnnx: recurrent layer '${where}' uses activation '${id}', which ONNX RNN ops cannot express; use sigmoid, tanh, relu or hardSigmoid.`);
  }
}
