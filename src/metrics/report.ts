// Confusion matrix and a scikit-learn style classification report for class-id predictions.
import { ValueError } from '../core/errors.js';
import type { Tensor } from '../tensor/tensor.js';

/** Class ids as numbers, or a tensor of ids (a [n, C] tensor of scores or one-hot rows is reduced by argmax). */
export type ClassIds = number[] | Tensor;

function ids(x: ClassIds, where: string): number[] {
  if (Array.isArray(x)) return x.map(Number);
  const v = x.dataSync();
  const c = x.rank >= 2 ? (x.shape[x.rank - 1] as number) : 1;
  if (c <= 1) return Array.from(v, Number);
  const out: number[] = [];
  for (let i = 0; i < v.length / c; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if ((v[i * c + j] as number) > (v[i * c + best] as number)) best = j;
    out.push(best);
  }
  if (out.length === 0 && v.length > 0) throw new ValueError(`${where}: could not read class ids.`);
  return out;
}

/**
 * counts[i][j] = number of samples of true class i predicted as class j.
 * @example confusionMatrix([0, 1, 1], [0, 0, 1]); // [[1, 0], [1, 1]]
 */
export function confusionMatrix(labels: ClassIds, predictions: ClassIds, numClasses?: number): number[][] {
  const t = ids(labels, 'confusionMatrix');
  const p = ids(predictions, 'confusionMatrix');
  if (t.length !== p.length) throw new ValueError(`confusionMatrix: labels and predictions must have the same length, received ${t.length} and ${p.length}.`);
  const n = numClasses ?? Math.max(-1, ...t, ...p) + 1;
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  t.forEach((a, i) => {
    const b = p[i] as number;
    if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b >= 0 && a < n && b < n)) {
      throw new ValueError(`confusionMatrix: class ids must be integers in [0, ${n - 1}], received label ${a} and prediction ${b}. Pass numClasses.`);
    }
    (m[a] as number[])[b] = ((m[a] as number[])[b] as number) + 1;
  });
  return m;
}

/** Precision, recall, F1 and support of one class or average. */
export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** The result of classificationReport. */
export interface ClassificationReport {
  /** The report formatted like scikit-learn's `classification_report`. */
  text: string;
  perClass: (ClassScores & { label: number; name: string })[];
  accuracy: number;
  macroAvg: ClassScores;
  weightedAvg: ClassScores;
}

/** Options of classificationReport. */
export interface ClassificationReportOptions {
  /** Class ids to report (default: every id in yTrue or yPred, sorted). */
  labels?: number[];
  /** Display names, one per label. */
  targetNames?: string[];
  /** Decimal places (default 2). */
  digits?: number;
}

/**
 * Per-class precision, recall, F1 and support with accuracy, macro and weighted averages (zero division gives 0).
 * @example console.log(classificationReport([0, 1, 2, 2], [0, 2, 2, 1]).text);
 */
export function classificationReport(yTrue: ClassIds, yPred: ClassIds, options: ClassificationReportOptions = {}): ClassificationReport {
  const t = ids(yTrue, 'classificationReport');
  const p = ids(yPred, 'classificationReport');
  if (t.length !== p.length) throw new ValueError(`classificationReport: yTrue and yPred must have the same length, received ${t.length} and ${p.length}.`);
  const present = [...new Set([...t, ...p])].sort((a, b) => a - b);
  const labels = options.labels ?? present;
  const names = options.targetNames ?? labels.map(String);
  if (names.length !== labels.length) {
    throw new ValueError(`classificationReport: targetNames has ${names.length} entries but there are ${labels.length} labels; pass one name per label.`);
  }
  const safe = (a: number, b: number): number => (b === 0 ? 0 : a / b);
  const perClass = labels.map((label, k) => {
    let tp = 0, fp = 0, fn = 0;
    t.forEach((a, i) => {
      const b = p[i];
      if (a === label && b === label) tp++;
      else if (b === label) fp++;
      else if (a === label) fn++;
    });
    const precision = safe(tp, tp + fp);
    const recall = safe(tp, tp + fn);
    return { label, name: names[k] as string, precision, recall, f1: safe(2 * precision * recall, precision + recall), support: tp + fn };
  });
  const total = perClass.reduce((s, c) => s + c.support, 0);
  const avg = (weight: (c: ClassScores) => number, denom: number): ClassScores => ({
    precision: safe(perClass.reduce((s, c) => s + weight(c) * c.precision, 0), denom),
    recall: safe(perClass.reduce((s, c) => s + weight(c) * c.recall, 0), denom),
    f1: safe(perClass.reduce((s, c) => s + weight(c) * c.f1, 0), denom),
    support: total,
  });
  const macroAvg = avg(() => 1, perClass.length);
  const weightedAvg = avg((c) => c.support, total);
  const accuracy = safe(t.filter((a, i) => a === p[i]).length, t.length);
  // scikit-learn prints an 'accuracy' row when the labels cover every class seen; otherwise a 'micro avg' row.
  const microIsAccuracy = present.every((c) => labels.includes(c));
  return { text: formatReport(perClass, accuracy, microIsAccuracy, t, p, labels, macroAvg, weightedAvg, options.digits ?? 2), perClass, accuracy, macroAvg, weightedAvg };
}

function formatReport(
  perClass: ClassificationReport['perClass'],
  accuracy: number,
  microIsAccuracy: boolean,
  t: number[],
  p: number[],
  labels: number[],
  macroAvg: ClassScores,
  weightedAvg: ClassScores,
  digits: number,
): string {
  const width = Math.max(...perClass.map((c) => c.name.length), 'weighted avg'.length, digits);
  const pad = (s: string, w: number): string => s.padStart(w);
  const f = (x: number): string => pad(x.toFixed(digits), 9);
  const row = (name: string, s: ClassScores): string => `${pad(name, width)}  ${f(s.precision)} ${f(s.recall)} ${f(s.f1)} ${pad(String(s.support), 9)}\n`;
  let text = `${pad('', width)}  ${['precision', 'recall', 'f1-score', 'support'].map((h) => pad(h, 9)).join(' ')}\n\n`;
  for (const c of perClass) text += row(c.name, c);
  text += '\n';
  const total = macroAvg.support;
  if (microIsAccuracy) {
    text += `${pad('accuracy', width)}  ${pad('', 9)} ${pad('', 9)} ${f(accuracy)} ${pad(String(total), 9)}\n`;
  } else {
    let tp = 0, predicted = 0;
    t.forEach((a, i) => {
      if (labels.includes(p[i] as number)) predicted++;
      if (a === p[i] && labels.includes(a)) tp++;
    });
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = total === 0 ? 0 : tp / total;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    text += row('micro avg', { precision, recall, f1, support: total });
  }
  text += row('macro avg', macroAvg);
  text += row('weighted avg', weightedAvg);
  return text;
}
