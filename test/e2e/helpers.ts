import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/index.js';
import { LinearSoftmax } from '../../src/serve/linear-softmax.js';
import { FILES, writeSideFile } from '../../src/serve/model-dir.js';

/** A fresh temporary directory. */
export function tempDir(prefix = 'tforge-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A 4-feature, 3-class LinearSoftmax with W = [I3; 0] and b = 0, so for x = e_i (i < 3) the logits are e_i and
 * the probabilities are [e, 1, 1] / (e + 2) rotated to class i: 0.5761169 for class i, 0.2119416 for the others.
 */
export function identityModel(): LinearSoftmax {
  const w = new Float32Array(12);
  w[0] = 1;
  w[4] = 1;
  w[8] = 1;
  return new LinearSoftmax({ inputShape: [4], classes: 3 }, { w, b: new Float32Array(3) });
}

/** Probability of the hot class for the identity model on a one-hot input. */
export const HOT = Math.E / (Math.E + 2);
/** Probability of each other class. */
export const COLD = 1 / (Math.E + 2);

/** Saves the identity model with a card and metrics into a fresh directory named `name`. */
export async function identityModelDir(name = 'toy'): Promise<string> {
  const dir = join(tempDir(), name);
  await identityModel().save(dir);
  await writeSideFile(dir, FILES.card, { name, kind: 'tabular', classNames: ['a', 'b', 'c'] });
  await writeSideFile(dir, FILES.metrics, { loss: 0.9, accuracy: 0.75, confusion: [[1, 0, 0], [0, 1, 0], [1, 0, 1]] });
  await writeSideFile(dir, FILES.history, { loss: [1.1, 0.9], accuracy: [0.5, 0.75] });
  return dir;
}
