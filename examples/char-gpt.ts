// A character-level GPT trained from scratch on tinyshakespeare, with nanoGPT's CPU recipe (README, "I only have a
// macbook"): 4 layers, 4 heads, 128 wide, block 64, batch 12, dropout 0, AdamW lr 1e-3 (warmup 100, cosine to 1e-4
// at 2000), beta2 0.99, weight decay 0.1 on the blocks' matrices only, gradient clipping at global norm 1, 2000 iterations,
// first 90 % of the text for training and the last 10 % for validation, loss estimated on 20 batches.
// nanoGPT reports a validation loss of about 1.88 for this run.
//
//   npx tsx examples/char-gpt.ts [--iters 2000] [--eval-interval 250] [--eval-iters 20] [--seed 1337] [--nanogpt-arch] [--decay-embeddings] [--out models/char-gpt]
//
// Prints train/val loss at each evaluation, ms per iteration, and a 500-character sample. With --out it saves the
// model (TF.js layers format) with the tokenizer beside it; `tforge generate models/char-gpt "ROMEO:"` continues it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '../src/index.js';
import { Random } from '../src/core/random.js';
import { datasetsDir } from '../test/helpers/paths.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const outIdx = process.argv.indexOf('--out');
const outDir = outIdx > 0 ? process.argv[outIdx + 1] : undefined;
const maxIters = arg('iters', 2000), evalInterval = arg('eval-interval', 250), evalIters = arg('eval-iters', 20);
const blockSize = 64, batchSize = 12, seed = arg('seed', 1337);
// --nanogpt-arch: nanoGPT's exact model (no biases, exact-erf GELU) instead of GPT-2's (biases, tanh GELU).
const nanoArch = process.argv.includes('--nanogpt-arch');
tf.setSeed(seed);

const text = readFileSync(join(datasetsDir, 'text/tinyshakespeare/input.txt'), 'utf8');
const tokenizer = tf.preprocessing.CharTokenizer.fromText(text);
const data = Int32Array.from(tokenizer.encode(text));
const n = Math.floor(0.9 * data.length);
const splits = { train: data.subarray(0, n), val: data.subarray(n) };
console.log(`${data.length} characters, vocabulary ${tokenizer.vocabSize}; train ${n}, val ${data.length - n}`);

const model = new tf.GPTModel({ vocabSize: tokenizer.vocabSize, contextLength: blockSize, numLayers: 4, numHeads: 4, hiddenDim: 128, dropout: 0, seed, ...(nanoArch ? { useBias: false, activation: 'gelu' as const } : {}) });
console.log(`${(model.countParams() / 1e6).toFixed(2)}M parameters`);

const rng = new Random(seed);
function batch(split: Int32Array): { x: tf.Tensor; y: tf.Tensor } {
  const x = new Int32Array(batchSize * blockSize), y = new Int32Array(batchSize * blockSize);
  for (let b = 0; b < batchSize; b++) {
    const start = rng.int(split.length - blockSize - 1);
    x.set(split.subarray(start, start + blockSize), b * blockSize);
    y.set(split.subarray(start + 1, start + blockSize + 1), b * blockSize);
  }
  return { x: new tf.Tensor(x, [batchSize, blockSize], 'int32'), y: new tf.Tensor(y, [batchSize, blockSize], 'int32') };
}

const lossOf = (x: tf.Tensor, y: tf.Tensor, training: boolean): tf.Tensor =>
  tf.mean(tf.sparseSoftmaxCrossEntropyWithLogits(y, model.forward(x, { training }).logits));

function estimateLoss(batches = evalIters): { train: number; val: number } {
  const out = { train: 0, val: 0 };
  for (const split of ['train', 'val'] as const) {
    for (let i = 0; i < batches; i++) {
      const { x, y } = batch(splits[split]);
      out[split] += (lossOf(x, y, false).values[0] as number) / batches;
    }
  }
  return out;
}

// Weight decay goes to the blocks' matmul kernels only, as in nanoGPT when its README reported 1.88 (2023-02-05:
// Linear weights decayed; biases, LayerNorm and the wte/wpe embeddings not, the tied head counted as wte). Since
// mid-2023 nanoGPT decays every 2-D tensor, embeddings included: --decay-embeddings selects that grouping.
const decayEmbeddings = process.argv.includes('--decay-embeddings');
const isDecayed = (v: tf.Variable): boolean => v.rank >= 2 && (decayEmbeddings || !v.name.includes('embeddings/'));
const schedule = tf.train.cosineDecay({ initialLearningRate: 0, warmupTarget: 1e-3, warmupSteps: 100, decaySteps: 1900, alpha: 0.1 });
const decayed = model.trainableWeights.filter(isDecayed);
const plain = model.trainableWeights.filter((v) => !isDecayed(v));
const optDecay = tf.train.adamw(schedule, 0.1, 0.9, 0.99, 1e-8);
const optPlain = tf.train.adam(schedule, 0.9, 0.99, 1e-8);
const all = [...decayed, ...plain];

function clipGlobalNorm(grads: Record<string, tf.Tensor>, maxNorm: number): Record<string, tf.Tensor> {
  let sq = 0;
  for (const g of Object.values(grads)) for (const v of g.values) sq += v * v;
  const norm = Math.sqrt(sq);
  if (norm <= maxNorm) return grads;
  return Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.mul(g, maxNorm / norm)]));
}

let trainMs = 0;
for (let iter = 0; iter <= maxIters; iter++) {
  if (iter % evalInterval === 0 || iter === maxIters) {
    const l = estimateLoss();
    const msPerIter = iter > 0 ? trainMs / iter : 0;
    console.log(`step ${iter}: train loss ${l.train.toFixed(4)}, val loss ${l.val.toFixed(4)}${iter > 0 ? `, ${msPerIter.toFixed(1)} ms/iter` : ''}`);
  }
  if (iter === maxIters) break;
  const t0 = performance.now();
  const { x, y } = batch(splits.train);
  const { grads } = tf.variableGrads(() => lossOf(x, y, true), all);
  const clipped = clipGlobalNorm(grads, 1.0);
  const pick = (vars: tf.Variable[]): Record<string, tf.Tensor> => Object.fromEntries(vars.map((v) => [v.name, clipped[v.name] as tf.Tensor]));
  optDecay.applyGradients(pick(decayed), decayed);
  optPlain.applyGradients(pick(plain), plain);
  trainMs += performance.now() - t0;
}

// nanoGPT's figure is the 20-batch estimate above; a 200-batch one (its GPU config's eval_iters) is steadier.
const finalEvalIters = arg('final-eval-iters', 200);
if (finalEvalIters > 0) {
  const l = estimateLoss(finalEvalIters);
  console.log(`final estimate on ${finalEvalIters} batches: train loss ${l.train.toFixed(4)}, val loss ${l.val.toFixed(4)}`);
}

const start = tokenizer.encode('\n');
const sample = model.generate(start, { maxNewTokens: 500, temperature: 0.8, topK: 200, seed });
console.log(`--- sample (temperature 0.8, top-k 200) ---\n${tokenizer.decode(sample)}\n---`);

if (outDir) {
  await tf.io.saveBundle(outDir, { model, extras: { tokenizer } });
  console.log(`saved to ${outDir}`);
}
