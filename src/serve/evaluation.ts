import { Tensor } from '../tensor/tensor.js';
import { argMaxRow, gatherRows, labelAt } from './linear-softmax.js';
import type { ModelMetrics } from './model-dir.js';
import type { Servable, Trainable } from './servable.js';

/** Inputs and labels (class indices or one-hot rows). */
export interface LabelledData {
  x: Tensor;
  y: Tensor;
}

/**
 * Predicts `x` in chunks and counts `confusion[true][predicted]`.
 * @example const m = confusionMatrix(model, x, y, 10); m[3][5]; // 3s predicted as 5
 */
export function confusionMatrix(model: Servable, x: Tensor, y: Tensor, classes: number, chunk = 1000): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const n = x.shape[0] ?? 0;
  const row = x.size / Math.max(n, 1);
  for (let start = 0; start < n; start += chunk) {
    const idx = Array.from({ length: Math.min(chunk, n - start) }, (_, i) => start + i);
    const probs = model.predict(gatherRows(x, idx, row));
    idx.forEach((r, i) => {
      const t = labelAt(y, r, classes);
      const p = argMaxRow(probs.values, i * classes, classes);
      const line = m[t];
      if (line) line[p] = (line[p] ?? 0) + 1;
    });
  }
  return m;
}

/** Accuracy from a confusion matrix (the diagonal over the total). */
export function accuracyOf(confusion: number[][]): number {
  let right = 0;
  let total = 0;
  confusion.forEach((r, i) => r.forEach((n, j) => {
    total += n;
    if (i === j) right += n;
  }));
  return total === 0 ? 0 : right / total;
}

/**
 * Test-set metrics of a classifier: the model's own `evaluate` values plus the confusion matrix.
 * @example const metrics = await evaluateClassifier(model, test); metrics.accuracy;
 */
export async function evaluateClassifier(model: Trainable, data: LabelledData): Promise<ModelMetrics> {
  const classes = model.output.shape[1] ?? 2;
  const confusion = confusionMatrix(model, data.x, data.y, classes);
  const evaluated = await model.evaluate(data.x, data.y);
  return { ...evaluated, accuracy: accuracyOf(confusion), confusion };
}
