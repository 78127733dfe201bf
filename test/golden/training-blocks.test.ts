// Losses (values and gradients) and optimizer trajectories agree with PyTorch. The expected numbers come from
// test/golden/make-training-golden.py; each case below mirrors the Python one of the same name.
import { describe, expect, test } from 'vitest';
import * as tf from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { expectClose } from '../helpers/grad-check.js';
import { type Stored, readGolden } from './golden-file.js';

interface LossCase {
  name: string;
  yTrue: Stored;
  yPred: Stored;
  loss: Stored;
  grad: Stored;
}
interface Golden {
  losses: LossCase[];
  optimizers: { w0: number[]; grads: number[][]; cases: { name: string; steps: number[][] }[] };
}

const golden = readGolden<Golden>('training-blocks.json');
const f64 = (s: Stored): Tensor => tf.tensor(s.values, s.shape, 'float64');

const losses: Record<string, (t: Tensor, p: Tensor) => Tensor> = {
  mse: tf.losses.meanSquaredErrorPerSample,
  mae: tf.losses.meanAbsoluteError,
  huber: (t, p) => tf.losses.huber(t, p),
  log_cosh: tf.losses.logCosh,
  binary_crossentropy: (t, p) => tf.losses.binaryCrossentropy(t, p),
  binary_crossentropy_logits: (t, p) => tf.losses.binaryCrossentropy(t, p, { fromLogits: true }),
  categorical_crossentropy: (t, p) => tf.losses.categoricalCrossentropy(t, p),
  categorical_crossentropy_logits: (t, p) => tf.losses.categoricalCrossentropy(t, p, { fromLogits: true }),
  kl_divergence: tf.losses.kullbackLeiblerDivergence,
  poisson: tf.losses.poisson,
  cosine_similarity: tf.losses.cosineSimilarity,
  sparse_categorical_crossentropy_logits: (t, p) => tf.losses.sparseCategoricalCrossentropy(t, p, { fromLogits: true }),
};

describe('losses match PyTorch (values and gradients)', () => {
  for (const c of golden.losses) {
    test(c.name, () => {
      const fn = losses[c.name];
      if (!fn) throw new Error(`no Tensorforge expression for golden loss '${c.name}'`);
      const yTrue = f64(c.yTrue);
      const yPred = f64(c.yPred);
      expectClose(fn(yTrue, yPred), f64(c.loss), 1e-9);
      const w = tf.tensor(c.loss.values.map((_, i) => Math.sin(1 + i)), c.loss.shape, 'float64');
      expectClose(tf.grad((p) => fn(yTrue, p).mul(w).sum())(yPred), f64(c.grad), 1e-8);
    });
  }
});

const EPS = 1e-12;
const optimizers: Record<string, () => tf.train.Optimizer> = {
  sgd_nesterov: () => new tf.train.SGDOptimizer({ learningRate: 0.1, momentum: 0.9, nesterov: true }),
  adagrad: () => new tf.train.AdagradOptimizer({ learningRate: 0.1, initialAccumulatorValue: 0.1, epsilon: EPS }),
  rmsprop_centered_momentum: () => tf.train.rmsprop(0.01, 0.9, 0.5, EPS, true),
  adam: () => tf.train.adam(0.05, 0.9, 0.999, EPS),
  adamw: () => tf.train.adamw(0.05, 0.1, 0.9, 0.999, EPS),
  adamax: () => tf.train.adamax(0.02, 0.9, 0.999, EPS),
};

describe('optimizer trajectories match PyTorch (5 steps)', () => {
  const { w0, grads, cases } = golden.optimizers;
  for (const c of cases) {
    test(c.name, () => {
      const make = optimizers[c.name];
      if (!make) throw new Error(`no Tensorforge optimizer for golden case '${c.name}'`);
      const opt = make();
      const w = tf.variable(tf.tensor(w0, [w0.length], 'float64'), true, `golden_${c.name}`);
      grads.forEach((g, k) => {
        opt.applyGradients({ [w.name]: tf.tensor(g, [g.length], 'float64') }, [w]);
        expectClose(w, c.steps[k] as number[], 1e-9);
      });
      expect(opt.iterations).toBe(grads.length);
    });
  }
});
