// Einstein summation for one or two operands (TF.js `tf.einsum`), composed from transpose, reshape, mul and sum,
// so its gradient comes from those ops. Each operand is laid out over every label (output labels first, then the
// contracted ones) with size-1 axes for labels it lacks; the product broadcasts and the contracted axes are summed.
import { ShapeError, ValueError } from '../core/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { mul } from './arithmetic.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { sum } from './reduction.js';
import { reshape } from './reshape.js';
import { transpose } from './shape-ops.js';

function parse(equation: string, numTensors: number): { inputs: string[]; output: string } {
  const eq = equation.replace(/\s/g, '');
  const arrows = eq.split('->').length - 1;
  if (arrows === 0) throw new ValueError('Equations without an arrow are not supported; write the output, as in "ij,jk->ik".');
  if (arrows > 1) throw new ValueError(`Equation must contain exactly one arrow ("->"), received '${equation}'.`);
  const [lhs = '', output = ''] = eq.split('->');
  const inputs = lhs.split(',');
  if (inputs.length !== numTensors) throw new ValueError(`Expected ${inputs.length} input tensors, received ${numTensors}`);
  if (inputs.length > 2) throw new ValueError('Support for more than 2 input tensors is not implemented yet.');
  for (const label of output) {
    if (!inputs.some((s) => s.includes(label))) {
      throw new ValueError(`Output subscripts contain the label ${label} not present in the input subscripts.`);
    }
  }
  for (const s of [...inputs, output]) {
    if (new Set(s).size !== s.length) {
      throw new ValueError(`Found duplicate axes in input component ${s}. Support for duplicate axes in input is not implemented yet.`);
    }
  }
  return { inputs, output };
}

/**
 * Einstein summation: `equation` names each operand's axes and the output's ('ij,jk->ik' is matMul, 'ij->ji' a
 * transpose, 'i,i->' a dot product). One or two operands; labels repeated within one operand are not supported.
 * @example einsum('ij,jk->ik', tensor2d([[1, 2]]), tensor2d([[3], [4]])); // [[11]]
 */
export function einsum(equation: string, ...tensors: TensorLike[]): Tensor {
  const ts = tensors.map((t, i) => convertToTensor(t, `tensors[${i}]`, 'einsum'));
  const { inputs, output } = parse(equation, ts.length);
  const all = [...output];
  for (const s of inputs) for (const label of s) if (!all.includes(label)) all.push(label);
  const sizes = new Map<string, number>();
  const laidOut = ts.map((t, k) => {
    const labels = inputs[k] ?? '';
    if (labels.length !== t.rank) {
      throw new ShapeError(`einsum: operand ${k} has rank ${t.rank} but its subscripts '${labels}' name ${labels.length} axes.`);
    }
    [...labels].forEach((label, axis) => {
      const d = t.shape[axis] ?? 0;
      const known = sizes.get(label);
      if (known !== undefined && known !== d) {
        throw new ShapeError(`Expected dimension ${known} at axis ${axis} of input shaped ${JSON.stringify(t.shape)}, but got dimension ${d}`);
      }
      sizes.set(label, d);
    });
    const present = all.filter((l) => labels.includes(l));
    const moved = transpose(t, present.map((l) => labels.indexOf(l)));
    return reshape(moved, all.map((l) => (labels.includes(l) ? (sizes.get(l) ?? 0) : 1)));
  });
  let product = laidOut[0] as Tensor;
  for (const t of laidOut.slice(1)) product = mul(product, t);
  const contracted = all.map((_, i) => i).slice(output.length);
  const reduced = contracted.length > 0 ? sum(product, contracted) : product;
  return reshape(reduced, [...output].map((l) => sizes.get(l) ?? 0));
}
