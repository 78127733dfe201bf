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
const splits = tf.splitTokens(data, 0.1);
console.log(`${data.length} characters, vocabulary ${tokenizer.vocabSize}; train ${splits.train.length}, val ${splits.val.length}`);

const model = new tf.GPTModel({ vocabSize: tokenizer.vocabSize, contextLength: blockSize, numLayers: 4, numHeads: 4, hiddenDim: 128, dropout: 0, seed, ...(nanoArch ? { useBias: false, activation: 'gelu' as const } : {}) });
console.log(`${(model.countParams() / 1e6).toFixed(2)}M parameters`);

const result = tf.trainGPT(model, splits, {
  iters: maxIters, batchSize, evalInterval, evalIters, seed, decayEmbeddings: process.argv.includes('--decay-embeddings'),
  onEval: (iter, l) => console.log(`step ${iter}: train loss ${l.train.toFixed(4)}, val loss ${l.val.toFixed(4)}`),
});
console.log(`${result.msPerIter.toFixed(1)} ms/iter`);

// nanoGPT's figure is the 20-batch estimate above; a 200-batch one (its GPU config's eval_iters) is steadier. Its
// batches come from a fresh sampler, so training is unchanged by it.
const finalEvalIters = arg('final-eval-iters', 200);
if (finalEvalIters > 0) {
  const l = tf.estimateGPTLoss(model, splits, { batchSize, batches: finalEvalIters, rng: new Random(seed + 1) });
  console.log(`final estimate on ${finalEvalIters} batches: train loss ${l.train.toFixed(4)}, val loss ${l.val.toFixed(4)}`);
}

const start = tokenizer.encode('\n');
const sample = model.generate(start, { maxNewTokens: 500, temperature: 0.8, topK: 200, seed });
console.log(`--- sample (temperature 0.8, top-k 200) ---\n${tokenizer.decode(sample)}\n---`);

if (outDir) {
  await tf.io.saveBundle(outDir, { model, extras: { tokenizer } });
  console.log(`saved to ${outDir}`);
}
