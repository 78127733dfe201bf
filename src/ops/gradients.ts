import { isFloat } from '../core/dtype.js';
import { DTypeError, ValueError } from '../core/errors.js';
import { broadcastedAxes, fmtShape, shapesEqual } from '../core/shape.js';
import { type OpDef, Tape, withTape } from '../tensor/engine.js';
import { type Tensor, Variable } from '../tensor/tensor.js';
import { add } from './arithmetic.js';
import { cast } from './cast.js';
import { type TensorLike, convertToTensor } from './convert.js';
import { ones, onesLike, zerosLike } from './creation.js';
import { reshape } from './reshape.js';
import { sum } from './reduction.js';

/** Sums a gradient over the axes its input was broadcast along, back to the input's shape. */
export function reduceToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const axes = broadcastedAxes(shape, g.shape);
  return reshape(sum(g, axes, true), shape);
}

/**
 * The upstream gradient of every output of a node, zeros where an output was unused. The zeros are made only when
 * a gradient rule reads them: an LSTM sequence op's saved gates and cell states (outputs nothing downstream uses)
 * would otherwise cost two large zero-filled tensors per training step.
 */
function upstreamGrads(upstream: (Tensor | undefined)[], outputs: readonly Tensor[]): Tensor[] {
  const dys = new Array<Tensor>(upstream.length);
  upstream.forEach((g, i) => {
    if (g) {
      dys[i] = g;
      return;
    }
    Object.defineProperty(dys, i, {
      configurable: true,
      enumerable: true,
      get: () => {
        const zeros = zerosLike(outputs[i] as Tensor);
        Object.defineProperty(dys, i, { value: zeros, writable: false, enumerable: true });
        return zeros;
      },
    });
  });
  return dys;
}

/** Runs reverse-mode accumulation over `tape` from `y` (seeded with `dy`) and returns gradients keyed by tensor id. */
export function backprop(tape: Tape, y: Tensor, dy: Tensor): Map<number, Tensor> {
  const grads = new Map<number, Tensor>([[y.id, dy]]);
  for (let n = tape.nodes.length - 1; n >= 0; n--) {
    const node = tape.nodes[n];
    if (!node) continue;
    const upstream = node.outputs.map((o) => grads.get(o.id));
    if (upstream.every((g) => g === undefined)) continue;
    const op = node.op as OpDef<string, unknown>;
    if (!op.grad) throw new ValueError(`gradient: op '${op.name}' has no gradient rule, so gradients cannot flow through it.`);
    const dys = upstreamGrads(upstream, node.outputs);
    const first = dys[0] as Tensor;
    const result = op.grad(first, node.inputs, node.attrs, { output: node.outputs[0] as Tensor, outputs: node.outputs, dys });
    for (const name of op.inputs) {
      const x = node.inputs[name];
      // Only inputs on the tape need a gradient; rules may return lazy getters (MatMul, Conv2D), so skipping the
      // others here means e.g. the gradient of a first layer's input batch is never computed. Like TF.js, the
      // gradient of an int32 or bool tensor is float32.
      if (!x || !tape.watched.has(x.id)) continue;
      let g = result[name];
      if (!g) continue;
      g = reduceToShape(g, x.shape);
      if (isFloat(x.dtype)) {
        if (g.dtype !== x.dtype) g = cast(g, x.dtype);
      } else if (x.dtype === 'bfloat16') {
        // Gradients of bfloat16 tensors stay float32 (the mixed ops return them so): bf16 is a storage type here.
      } else if (g.dtype !== 'float32') {
        // As in TF.js: an int32, bool or string input receives a float32 gradient, or none.
        throw new DTypeError(
          `gradient of ${op.name}: input '${name}' is ${x.dtype}, so its gradient must be float32, but it is ${g.dtype}. Pass a float32 dy.`,
        );
      }
      const prev = grads.get(x.id);
      grads.set(x.id, prev ? add(prev, g) : g);
    }
  }
  return grads;
}

/** Ids of every tensor on the tape that `y`, or an op without a gradient, depends on. */
function reachingIds(tape: Tape, y: Tensor): Set<number> {
  const reach = new Set<number>([y.id, ...tape.consumed]);
  for (let n = tape.nodes.length - 1; n >= 0; n--) {
    const node = tape.nodes[n];
    if (!node || !node.outputs.some((o) => reach.has(o.id))) continue;
    for (const t of Object.values(node.inputs)) reach.add(t.id);
  }
  return reach;
}

function checkDy(y: Tensor, dy: Tensor | undefined, where: string): Tensor {
  // TF.js seeds with float32 ones whatever y's dtype (a float64 y keeps float64).
  if (!dy) return isFloat(y.dtype) ? onesLike(y) : ones(y.shape);
  if (!shapesEqual(dy.shape, y.shape)) {
    throw new ValueError(`${where}: dy must have the shape of f's result ${fmtShape(y.shape)}, received ${fmtShape(dy.shape)}.`);
  }
  return dy;
}

function gradsOf(f: (...xs: Tensor[]) => Tensor, xsIn: TensorLike[], dyIn: TensorLike | undefined, where: string): { value: Tensor; grads: Tensor[] } {
  // Numbers and arrays are accepted as TF.js does (numbers become float32 scalars).
  const xs = xsIn.map((x, i) => convertToTensor(x, `xs[${i}]`, where));
  const dy = dyIn === undefined ? undefined : convertToTensor(dyIn, 'dy', where);
  const tape = new Tape();
  for (const x of xs) tape.watch(x);
  const value = withTape(tape, () => f(...xs));
  const grads = backprop(tape, value, checkDy(value, dy, where));
  // As in TF.js, an input the result does not depend on (e.g. one whose use was computed before calling f) is an
  // error; one that reaches it only through ops with zero gradients (isNaN, comparisons) gets zeros.
  const reach = reachingIds(tape, value);
  const missing = xs.findIndex((x) => !grads.has(x.id) && !reach.has(x.id));
  if (missing >= 0) {
    throw new ValueError(
      `${where}: Cannot compute gradient of y=f(x) with respect to x (input ${missing}): the result does not depend on it. ` +
        'Make sure that the f you passed encloses all operations that lead from x to y.',
    );
  }
  return { value, grads: xs.map((x) => grads.get(x.id) ?? zerosLike(isFloat(x.dtype) ? x : cast(x, 'float32'))) };
}

/**
 * Returns a function computing the gradient of `f` (scalar or seeded by `dy`) with respect to its single input.
 * @example const g = grad((x) => x.square().sum()); g(tensor([1, 2])); // [2, 4]
 */
export function grad(f: (x: Tensor) => Tensor): (x: TensorLike, dy?: TensorLike) => Tensor {
  return (x, dy) => gradsOf(f, [x], dy, 'grad').grads[0] as Tensor;
}

/**
 * Returns a function computing the gradients of `f` with respect to each of its inputs.
 * @example const g = grads((a, b) => a.mul(b).sum()); g([a, b]);
 */
export function grads(f: (...xs: Tensor[]) => Tensor): (xs: TensorLike[], dy?: TensorLike) => Tensor[] {
  return (xs, dy) => gradsOf(f, xs, dy, 'grads').grads;
}

/**
 * Like `grad`, also returning f's value.
 * @example valueAndGrad((x) => x.square().sum())(tensor([3])); // {value: 9, grad: [6]}
 */
export function valueAndGrad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => { value: Tensor; grad: Tensor } {
  return (x, dy) => {
    const r = gradsOf(f, [x], dy, 'valueAndGrad');
    return { value: r.value, grad: r.grads[0] as Tensor };
  };
}

/**
 * Like `grads`, also returning f's value.
 * @example valueAndGrads((a, b) => a.mul(b).sum())([a, b]);
 */
export function valueAndGrads(f: (...xs: Tensor[]) => Tensor): (xs: Tensor[], dy?: Tensor) => { value: Tensor; grads: Tensor[] } {
  return (xs, dy) => gradsOf(f, xs, dy, 'valueAndGrads');
}

/**
 * Gradients of scalar `f()` with respect to trainable variables (those in `varList`, or every one f reads).
 * @example const { value, grads } = variableGrads(() => w.square().sum());
 */
export function variableGrads(f: () => Tensor, varList?: Variable[]): { value: Tensor; grads: Record<string, Tensor> } {
  const tape = new Tape(varList === undefined);
  if (varList) for (const v of varList) tape.watch(v);
  const value = withTape(tape, f);
  if (value.rank !== 0) {
    throw new ValueError(`variableGrads: f must return a scalar loss, received shape ${fmtShape(value.shape)}. Reduce it with sum() or mean().`);
  }
  const all = backprop(tape, value, onesLike(value));
  const out: Record<string, Tensor> = {};
  const vars = varList ?? tape.nodes.flatMap((n) => Object.values(n.inputs)).filter((t): t is Variable => t instanceof Variable && t.trainable);
  for (const v of vars) {
    if (v.trainable) out[v.name] = all.get(v.id) ?? zerosLike(v);
  }
  return { value, grads: out };
}
