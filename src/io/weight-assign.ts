// Matches saved weights to a model's variables and assigns them all-or-nothing: every weight is matched and
// checked first, and variables are written only when the whole set is valid.
import { FormatError, ShapeError } from '../core/errors.js';
import { fmtShape, shapesEqual } from '../core/shape.js';
import type { Layer } from '../layers/layer.js';
import { cast } from '../ops/index.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import type { NamedWeight } from './types.js';

/** What weight assignment needs from a model. */
export interface WeightTarget {
  readonly name: string;
  readonly layers: Layer[];
  readonly weights: Variable[];
}

function lastToken(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1).replace(/:\d+$/, '');
}

/**
 * Resolves each saved weight to a model variable. Tried in order: the exact variable name (our files and TF.js
 * files); `<layer>/<index>` (Keras imports, by the layer's weight order); TF.js's rule of dropping the second-to-last
 * path token (`lstm/lstm_cell/kernel` -> `lstm/kernel`); and the layer's weight with the same last token.
 * @example const pairs = matchWeights(model, decoded, 'model.json');
 */
export function matchWeights(model: WeightTarget, saved: NamedWeight<Tensor>[], where: string, strict = true): [Variable, Tensor][] {
  const byName = new Map(model.weights.map((v) => [v.name, v]));
  const layerByName = new Map(model.layers.map((l) => [l.name, l]));
  const assigned = new Map<Variable, string>();
  const pairs: [Variable, Tensor][] = [];
  const unmatched: string[] = [];
  for (const { name, tensor } of saved) {
    let target = byName.get(name);
    const slash = name.indexOf('/');
    const layer = slash > 0 ? layerByName.get(name.slice(0, slash)) : undefined;
    if (target === undefined && layer !== undefined && /^\d+$/.test(name.slice(slash + 1))) target = layer.weights[Number(name.slice(slash + 1))];
    if (target === undefined) {
      const tokens = name.split('/');
      if (tokens.length > 2) target = byName.get([...tokens.slice(0, -2), tokens[tokens.length - 1]].join('/'));
    }
    if (target === undefined && layer !== undefined) {
      const candidates = layer.weights.filter((v) => lastToken(v.name) === lastToken(name) && !assigned.has(v));
      if (candidates.length === 1) target = candidates[0];
    }
    if (target === undefined) {
      unmatched.push(name);
      continue;
    }
    const prev = assigned.get(target);
    if (prev !== undefined) throw new FormatError(`${where}: weights '${prev}' and '${name}' both map to model variable '${target.name}'.`);
    if (!shapesEqual(target.shape, tensor.shape)) {
      throw new ShapeError(
        `${where}: weight '${name}' has shape ${fmtShape(tensor.shape)} but model variable '${target.name}' has shape ` +
          `${fmtShape(target.shape)}. The file was saved from a different architecture.`,
      );
    }
    assigned.set(target, name);
    pairs.push([target, tensor]);
  }
  if (strict && unmatched.length > 0) {
    throw new FormatError(
      `${where}: ${unmatched.length} saved weight(s) have no matching variable in model '${model.name}': ${unmatched.slice(0, 5).join(', ')}` +
        `${unmatched.length > 5 ? ', ...' : ''}. Model variables: ${model.weights.map((v) => v.name).slice(0, 10).join(', ')}.`,
    );
  }
  const missing = model.weights.filter((v) => !assigned.has(v));
  if (strict && missing.length > 0) {
    throw new FormatError(
      `${where}: the file has ${saved.length} weights but model '${model.name}' needs ${model.weights.length}; missing ` +
        `${missing.slice(0, 5).map((v) => `'${v.name}'`).join(', ')}${missing.length > 5 ? ', ...' : ''}.`,
    );
  }
  return pairs;
}

/** Writes matched pairs into the variables (casting dtypes); call only after `matchWeights` succeeded. @example assignAll(matchWeights(model, saved, 'w.safetensors')); */
export function assignAll(pairs: [Variable, Tensor][]): void {
  for (const [v, t] of pairs) v.assign(t.dtype === v.dtype ? t : cast(t, v.dtype));
}
