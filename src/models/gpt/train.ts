// Language-model training for a GPT on one token stream, with nanoGPT's recipe: random windows of `contextLength`
// tokens, AdamW with linear warmup then cosine decay to `minLearningRate`, weight decay on the blocks' matrices only
// (biases, LayerNorm gains and the wte/wpe tables are not decayed, as in nanoGPT when it reported 1.88 on
// tinyshakespeare), gradient clipping at a global norm, and loss estimates on `evalIters` random batches of each split.
import { ConfigError } from '../../core/errors.js';
import { Random } from '../../core/random.js';
import { mean, mul, sparseSoftmaxCrossEntropyWithLogits, variableGrads } from '../../ops/index.js';
import { adam, adamw } from '../../optimizers/index.js';
import type { LearningRateSchedule } from '../../optimizers/schedules.js';
import { Tensor, type Variable } from '../../tensor/tensor.js';
import type { GPTModel } from './gpt-model.js';

/** Options of `trainGPT`; the defaults are nanoGPT's shakespeare_char recipe. */
export interface GPTTrainOptions {
  iters: number;
  batchSize: number;
  /** Peak learning rate (default 1e-3). */
  learningRate?: number;
  /** Where the cosine ends (default learningRate / 10). */
  minLearningRate?: number;
  /** Linear warmup steps from 0 (default 100; a shorter run never reaches the peak, as in nanoGPT). */
  warmupIters?: number;
  /** Decoupled weight decay of the blocks' matrices (default 0.1). */
  weightDecay?: number;
  /** Also decay the token and position tables (nanoGPT since mid-2023); default false. */
  decayEmbeddings?: boolean;
  beta1?: number;
  /** Default 0.99 (nanoGPT's choice for few tokens per step). */
  beta2?: number;
  /** Global-norm gradient clipping; 0 turns it off (default 1). */
  gradClip?: number;
  /** Estimate both losses every this many steps and after the last one (default 250). */
  evalInterval?: number;
  /** Batches per estimate (default 20, nanoGPT's CPU setting). */
  evalIters?: number;
  /** Seed of the batch sampler (default 1337). */
  seed?: number;
  /** After each step, with that step's training loss. */
  onStep?: (iter: number, loss: number) => void;
  /** After each estimate (iter = number of steps done). */
  onEval?: (iter: number, losses: { train: number; val: number }) => void;
}

/** What `trainGPT` measured. */
export interface GPTTrainResult {
  /** Steps at which the losses were estimated, and the estimates. */
  history: { step: number[]; loss: number[]; val_loss: number[] };
  /** Milliseconds per training step (estimates excluded). */
  msPerIter: number;
}

/** Token streams of the two splits. */
export interface TokenSplits {
  train: Int32Array;
  val: Int32Array;
}

/**
 * Trains `model` on the train split (next-token cross-entropy) and estimates train and validation loss.
 * @example const { history } = trainGPT(model, { train, val }, { iters: 2000, batchSize: 12 });
 */
export function trainGPT(model: GPTModel, splits: TokenSplits, options: GPTTrainOptions): GPTTrainResult {
  const blockSize = model.gptConfig.contextLength;
  const { iters, batchSize } = options;
  for (const [name, s] of Object.entries(splits)) {
    if (s.length <= blockSize + 1) throw new ConfigError(`trainGPT: the ${name} split has ${s.length} tokens; it needs more than contextLength + 1 = ${blockSize + 1}. Use more text or a shorter contextLength.`);
  }
  if (!Number.isInteger(iters) || iters < 0 || !Number.isInteger(batchSize) || batchSize < 1) {
    throw new ConfigError(`trainGPT: iters must be an integer >= 0 and batchSize >= 1, received ${iters} and ${batchSize}.`);
  }
  const lr = options.learningRate ?? 1e-3;
  const alpha = options.minLearningRate === undefined ? 0.1 : options.minLearningRate / lr;
  const warmup = options.warmupIters ?? 100;
  const evalInterval = options.evalInterval ?? 250, evalIters = options.evalIters ?? 20, clip = options.gradClip ?? 1;
  const rng = new Random(options.seed ?? 1337);

  const estimate = (): { train: number; val: number } => estimateGPTLoss(model, splits, { batchSize, batches: evalIters, rng });
  const isDecayed = (v: Variable): boolean => v.rank >= 2 && (options.decayEmbeddings === true || !v.name.includes('embeddings/'));
  const decayed = model.trainableWeights.filter(isDecayed);
  const plain = model.trainableWeights.filter((v) => !isDecayed(v));
  const schedule = nanoGPTSchedule(lr, lr * alpha, warmup, iters);
  const beta1 = options.beta1 ?? 0.9, beta2 = options.beta2 ?? 0.99;
  const optDecay = adamw(schedule, options.weightDecay ?? 0.1, beta1, beta2, 1e-8);
  const optPlain = adam(schedule, beta1, beta2, 1e-8);
  const all = [...decayed, ...plain];

  const history: GPTTrainResult['history'] = { step: [], loss: [], val_loss: [] };
  let trainMs = 0;
  for (let iter = 0; iter <= iters; iter++) {
    if (evalIters > 0 && (iter % evalInterval === 0 || iter === iters)) {
      const l = estimate();
      history.step.push(iter);
      history.loss.push(l.train);
      history.val_loss.push(l.val);
      options.onEval?.(iter, l);
    }
    if (iter === iters) break;
    const t0 = performance.now();
    const { x, y } = sampleBatch(splits.train, batchSize, blockSize, rng);
    const { value, grads } = variableGrads(() => lmLoss(model, x, y, true), all);
    const clipped = clip > 0 ? clipGlobalNorm(grads, clip) : grads;
    const pick = (vars: Variable[]): Record<string, Tensor> => Object.fromEntries(vars.map((v) => [v.name, clipped[v.name] as Tensor]));
    optDecay.applyGradients(pick(decayed), decayed);
    optPlain.applyGradients(pick(plain), plain);
    trainMs += performance.now() - t0;
    options.onStep?.(iter, value.values[0] as number);
  }
  return { history, msPerIter: iters > 0 ? trainMs / iters : 0 };
}

/**
 * nanoGPT's get_lr, where `step` is the 0-based iteration whose update it sets: lr·(step+1)/(warmup+1) for
 * step < warmup, then a cosine from lr to minLr between warmup and decayIters, minLr after.
 * @example nanoGPTSchedule(1e-3, 1e-4, 100, 2000).valueAt(0); // 1e-3 / 101
 */
export function nanoGPTSchedule(lr: number, minLr: number, warmup: number, decayIters: number): LearningRateSchedule {
  return {
    className: 'NanoGPTCosine',
    valueAt(step) {
      if (step < warmup) return (lr * (step + 1)) / (warmup + 1);
      if (step > decayIters || decayIters <= warmup) return minLr;
      const ratio = (step - warmup) / (decayIters - warmup);
      return minLr + 0.5 * (1 + Math.cos(Math.PI * ratio)) * (lr - minLr);
    },
    getConfig: () => ({ learningRate: lr, minLearningRate: minLr, warmupIters: warmup, decayIters }),
  };
}

/**
 * `batchSize` random windows of `blockSize` tokens from `split` (x) and the same windows shifted by one (y).
 * @example const { x, y } = sampleBatch(train, 12, 64, new Random(1));
 */
export function sampleBatch(split: Int32Array, batchSize: number, blockSize: number, rng: Random): { x: Tensor; y: Tensor } {
  const x = new Int32Array(batchSize * blockSize), y = new Int32Array(batchSize * blockSize);
  for (let b = 0; b < batchSize; b++) {
    const start = rng.int(split.length - blockSize - 1);
    x.set(split.subarray(start, start + blockSize), b * blockSize);
    y.set(split.subarray(start + 1, start + blockSize + 1), b * blockSize);
  }
  return { x: new Tensor(x, [batchSize, blockSize], 'int32'), y: new Tensor(y, [batchSize, blockSize], 'int32') };
}

/** Mean next-token cross-entropy of the model on ids x against targets y. */
function lmLoss(model: GPTModel, x: Tensor, y: Tensor, training: boolean): Tensor {
  return mean(sparseSoftmaxCrossEntropyWithLogits(y, model.forward(x, { training }).logits));
}

/**
 * Mean loss over `batches` random batches of each split (nanoGPT's estimate_loss), no dropout.
 * @example estimateGPTLoss(model, splits, { batchSize: 12, batches: 200, rng: new Random(1) }).val;
 */
export function estimateGPTLoss(model: GPTModel, splits: TokenSplits, options: { batchSize: number; batches: number; rng: Random }): { train: number; val: number } {
  const out = { train: 0, val: 0 };
  const blockSize = model.gptConfig.contextLength;
  for (const split of ['train', 'val'] as const) {
    for (let i = 0; i < options.batches; i++) {
      const { x, y } = sampleBatch(splits[split], options.batchSize, blockSize, options.rng);
      out[split] += (lmLoss(model, x, y, false).values[0] as number) / options.batches;
    }
  }
  return out;
}

/** Scales every gradient by maxNorm / ‖all gradients‖ when that norm exceeds maxNorm (PyTorch's clip_grad_norm_). */
function clipGlobalNorm(grads: Record<string, Tensor>, maxNorm: number): Record<string, Tensor> {
  let sq = 0;
  for (const g of Object.values(grads)) for (const v of g.values) sq += v * v;
  const norm = Math.sqrt(sq);
  if (norm <= maxNorm) return grads;
  return Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, mul(g, maxNorm / norm)]));
}

/**
 * Splits a token stream nanoGPT's way: the first `1 - valFraction` for training, the rest for validation.
 * @example const { train, val } = splitTokens(Int32Array.from(tok.encode(text)), 0.1);
 */
export function splitTokens(ids: Int32Array, valFraction = 0.1): TokenSplits {
  if (!(valFraction > 0 && valFraction < 1)) throw new ConfigError(`splitTokens: valFraction must be in (0, 1), received ${valFraction}.`);
  const n = Math.floor((1 - valFraction) * ids.length);
  return { train: ids.subarray(0, n), val: ids.subarray(n) };
}
