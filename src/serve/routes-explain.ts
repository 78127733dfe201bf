import { integratedGradients, saliency, smoothGrad } from '../explain/gradients.js';
import { kernelShap } from '../explain/shap.js';
import { Tensor } from '../tensor/tensor.js';
import { RequestError, decodeV1, encodeTextInstances, toRows } from './codec.js';
import type { LoadedVersion } from './model-host.js';

/** Methods of the `:explain` verb. */
export const EXPLAIN_METHODS = ['integrated_gradients', 'saliency', 'smoothgrad', 'kernel_shap'] as const;
type Method = (typeof EXPLAIN_METHODS)[number];

function intField(b: Record<string, unknown>, field: string, lo: number, hi: number, where: string): number | undefined {
  const v = b[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) throw new RequestError(`${where}: '${field}' must be an integer in [${lo}, ${hi}], received ${JSON.stringify(v)}.`);
  return v;
}

/**
 * `POST /v1/models/{m}:explain`: attributions for one example, `{"instances": [x], "method": ..., "target": k}`.
 * Gradient methods answer an attribution per input value in the input's shape; `kernel_shap` (tabular models)
 * needs `background` rows and answers one Shapley value per feature.
 */
export function explain(v: LoadedVersion, body: unknown, where: string): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RequestError(`${where}: the body must be a JSON object with 'instances': [example].`);
  const b = body as Record<string, unknown>;
  const method = (b.method ?? 'integrated_gradients') as Method;
  if (!EXPLAIN_METHODS.includes(method)) throw new RequestError(`${where}: 'method' must be one of ${EXPLAIN_METHODS.join(', ')}, received ${JSON.stringify(b.method)}.`);
  if (v.text !== null || v.servable.input.dtype === 'int32') throw new RequestError(`${where}: token-id inputs have no gradient; explanations need a model with float inputs.`, 422);
  const decoded = decodeV1(encodeTextInstances({ instances: b.instances }, v.text), v.servable.input, { maxRows: 1 });
  const spec = v.servable.input;
  const dims = spec.shape.slice(1);
  const x = new Tensor(decoded.values, [1, ...dims], 'float32');
  const f = (t: Tensor) => (v.servable.forward ? v.servable.forward(t) : v.servable.predict(t));
  const classes = v.servable.output.shape[1] ?? 0;
  const target = intField(b, 'target', 0, Math.max(0, classes - 1), where);
  const opt = target === undefined ? {} : { target };
  const base = { method, model_version: String(v.version) };
  if (method === 'kernel_shap') {
    const bg = b.background;
    if (!Array.isArray(bg) || bg.length === 0 || bg.length > 100) throw new RequestError(`${where}: kernel_shap needs 'background': 1 to 100 rows like the example (e.g. a sample of training data).`);
    const rows = decodeV1({ instances: bg }, spec, { maxRows: 100 });
    const size = decoded.values.length;
    const background = Array.from({ length: rows.rows }, (_, i) => Array.from(rows.values.subarray(i * size, (i + 1) * size)));
    const samples = intField(b, 'samples', 16, 4096, where) ?? 1024;
    const r = kernelShap(f, Array.from(decoded.values), background, { ...opt, samples, seed: 1 });
    return { ...base, explanations: [{ target: r.target, attributions: r.values, base_value: r.baseValue, output: r.output }] };
  }
  if (method === 'integrated_gradients') {
    const steps = intField(b, 'steps', 4, 1024, where) ?? 128;
    const r = integratedGradients(f, x, { ...opt, steps });
    return {
      ...base,
      explanations: [{ target: r.target, attributions: toRows(r.attributions.values, r.attributions.shape)[0], output: r.output, baseline_output: r.baselineOutput, completeness_gap: r.completenessGap }],
    };
  }
  const samples = intField(b, 'samples', 1, 256, where);
  const t = method === 'saliency' ? saliency(f, x, opt) : smoothGrad(f, x, { ...opt, ...(samples === undefined ? {} : { samples }) });
  const out = Array.from(f(x).values as Float32Array);
  return { ...base, explanations: [{ target: target ?? out.indexOf(Math.max(...out)), attributions: toRows(t.values, t.shape)[0] }] };
}
