// GPT workloads (issue #16) for Tensorforge's engines; bench/torch_gpt.py mirrors each one for PyTorch.
//   gpt-char-train   nanoGPT's CPU char config (4 layers, 4 heads, 128 wide, block 64, batch 12, vocab 65): one
//                    AdamW step with global-norm clipping, ms per iteration (lower is better)
//   gpt2-prompt      GPT-2 124M with random weights, forward over a 128-token prompt: tokens/s
//   gpt2-decode-b1   128 new tokens (32 with --quick) greedily with the KV cache after a 16-token prompt, batch 1:
//                    generated tokens/s (the prompt pass included)
//   gpt2-decode-b8   the same with batch 8
import type { Measurement } from './workloads.js';

/** Names of the GPT workloads, in run order. */
export const GPT_WORKLOADS = ['gpt-char-train', 'gpt2-prompt', 'gpt2-decode-b1', 'gpt2-decode-b8'];

/** The Tensorforge namespace (src/ or the compiled dist/, which have the same shape). */
export type Tforge = typeof import('../src/index.js');

function randIds(tf: Tforge, b: number, t: number, v: number, seed: number): InstanceType<Tforge['Tensor']> {
  let s = seed >>> 0;
  // A small LCG keeps the worker free of library internals; the ids only need to be spread over the vocabulary.
  const next = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) % v);
  return new tf.Tensor(Int32Array.from({ length: b * t }, next), [b, t], 'int32');
}

function charTrain(tf: Tforge, quick: boolean): Measurement {
  const model = new tf.GPTModel({ vocabSize: 65, contextLength: 64, numLayers: 4, numHeads: 4, hiddenDim: 128, seed: 0 });
  const opt = tf.train.adamw(1e-3, 0.1, 0.9, 0.99, 1e-8, { globalClipnorm: 1 });
  const x = randIds(tf, 12, 64, 65, 1), y = randIds(tf, 12, 64, 65, 2);
  const vars = model.trainableWeights;
  const step = (): void => {
    opt.minimize(() => tf.mean(tf.sparseSoftmaxCrossEntropyWithLogits(y, model.forward(x, { training: true }).logits)), false, vars);
  };
  for (let i = 0; i < 3; i++) step();
  const n = quick ? 10 : 30;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) step();
  return { status: 'ok', value: (performance.now() - t0) / n, unit: 'ms/iter', lowerIsBetter: true, detail: { iterations: n } };
}

function gpt2(tf: Tforge, workload: string, quick: boolean): Measurement {
  const model = new tf.GPTModel('gpt2', { seed: 0 });
  if (workload === 'gpt2-prompt') {
    const ids = randIds(tf, 1, 128, 50257, 3);
    model.forward(ids);
    const reps = quick ? 2 : 3;
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) model.forward(ids);
    return { status: 'ok', value: (128 * reps) / ((performance.now() - t0) / 1000), unit: 'tokens/s', detail: { promptTokens: 128, reps } };
  }
  const b = workload === 'gpt2-decode-b1' ? 1 : 8;
  const n = quick ? 32 : 128;
  const prompts = Array.from({ length: b }, (_, i) => Array.from(randIds(tf, 1, 16, 50257, 10 + i).values));
  const t0 = performance.now();
  model.generate(prompts, { maxNewTokens: n });
  return { status: 'ok', value: (b * n) / ((performance.now() - t0) / 1000), unit: 'tokens/s', detail: { batch: b, newTokens: n, promptTokens: 16 } };
}

/**
 * Runs one GPT workload on the given library (its backend already selected).
 * @example gptWorkload(await import('../src/index.js'), 'gpt2-prompt', true);
 */
export function gptWorkload(tf: Tforge, workload: string, quick: boolean): Measurement {
  return workload === 'gpt-char-train' ? charTrain(tf, quick) : gpt2(tf, workload, quick);
}
